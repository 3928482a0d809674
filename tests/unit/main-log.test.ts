import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, MainLog, mainLogPath } from '../../electron/main/main-log.ts';
import { tempDir } from './helpers/paths.ts';

const fixedClock = () => new Date('2026-11-25T14:30:00.000Z');

describe('main log', () => {
  it('writes <userData>/logs/main.log, one timestamped entry per event, stacks indented', () => {
    const userData = tempDir('pird-log-');
    const log = new MainLog(mainLogPath(userData), { now: fixedClock });
    log.info('Pird starting');
    log.error('uncaught exception', new Error('boom'));
    const text = readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8');
    expect(
      text.startsWith(
        '2026-11-25T14:30:00.000Z INFO Pird starting\n2026-11-25T14:30:00.000Z ERROR uncaught exception\n    Error: boom\n    ',
      ),
    ).toBe(true);
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^(2026-11-25T| {4})/);
  });

  it('rotates at the size limit and keeps three old logs, dropping the oldest', () => {
    const dir = tempDir('pird-log-rotate-');
    const file = path.join(dir, 'main.log');
    const log = new MainLog(file, { maxBytes: 1000, keep: 3, now: fixedClock });
    for (let entry = 0; entry < 200; entry++)
      log.info(`entry ${String(entry).padStart(3, '0')} ${'x'.repeat(60)}`);
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2', 'main.log.3']);
    for (const name of readdirSync(dir))
      expect(readFileSync(path.join(dir, name)).length).toBeLessThanOrEqual(1000);
    // Newest in main.log, then .1, .2, .3: entries run in order across the files, and the first ones are gone.
    const entries = ['main.log.3', 'main.log.2', 'main.log.1', 'main.log']
      .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').trimEnd().split('\n'))
      .map((line) => Number(/entry (\d+)/.exec(line)![1]));
    expect(entries).toEqual([...entries].sort((a, b) => a - b));
    expect(entries.at(-1)).toBe(199);
    expect(entries[0]).toBeGreaterThan(0);
  });

  it('never throws, even when the disk refuses every write', () => {
    const failing = () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    const log = new MainLog('/nowhere/main.log', {
      fs: {
        appendFileSync: failing,
        statSync: failing,
        renameSync: failing,
        rmSync: failing,
        mkdirSync: failing,
      },
    });
    expect(() => log.error('still alive', new Error('x'))).not.toThrow();
    expect(existsSync('/nowhere/main.log')).toBe(false);
  });

  it('describes whatever was thrown', () => {
    expect(describeError(new TypeError('bad'))).toMatch(/^TypeError: bad\n/);
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError({ code: 42 })).toBe('{"code":42}');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeError(circular)).toBe('[object Object]');
  });
});
