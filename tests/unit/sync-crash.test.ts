// kill -9 during sync rounds: the next round completes, nothing acknowledged is lost, and no change
// is sent twice. The syncing device is a real child process (fixtures/sync-loop.ts), killed at
// random moments while another device keeps sending it changes to merge.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTempFileName } from '../../electron/core/node/durable-write.ts';
import { parseSyncFileName } from '../../electron/core/sync/format.ts';
import { corpusFiles, removeTempDirs } from './fixtures/library-fixtures.ts';
import { Device, filesUnder, sharedFolder } from './helpers/sync-devices.ts';

afterAll(removeTempDirs);

const KILLS = 12;
const repoRoot = path.resolve(import.meta.dirname, '../..');
const syncLoop = path.join(import.meta.dirname, 'fixtures', 'sync-loop.ts');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function runAndKill(
  dir: string,
  shared: string,
  first: number,
): Promise<{ edited: number | null; inRound: boolean }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', syncLoop, dir, shared, String(first)],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let edited: number | null = null;
  let synced = 0;
  let lastSynced: number | null = null;
  let editedAt = 0;
  let roundMs = 50;
  let buffered = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const e = /^EDITED (\d+)$/.exec(line);
      if (e) {
        edited = Number(e[1]);
        editedAt = performance.now();
      }
      const d = /^SYNCED (\d+)$/.exec(line);
      if (d) {
        synced++;
        lastSynced = Number(d[1]);
        roundMs = performance.now() - editedAt;
      }
    }
  });
  // Let it complete a round or two, then kill it somewhere inside the next one: the delay is a
  // random part of how long its last round took, so kills land in rounds however loaded the machine.
  // At most three quarters of it: a round can run quicker than the last, and the SYNCED line reaches
  // us through a pipe, a little after the round ended.
  const deadline = Date.now() + 15_000;
  const rounds = 1 + Math.floor(Math.random() * 2);
  while (synced < rounds && Date.now() < deadline) await sleep(2);
  const before = edited;
  while (edited === before && Date.now() < deadline) await sleep(1);
  await sleep(Math.random() * roundMs * 0.75);
  child.kill('SIGKILL');
  await exited;
  return { edited, inRound: edited !== null && edited !== lastSynced };
}

async function expectAllFilesParse(dir: string): Promise<void> {
  for (const rel of await filesUnder(dir)) {
    const name = path.basename(rel);
    if (isTempFileName(name) || name === '.lock' || name.startsWith('.lock.stale.')) continue;
    const text = await fs.readFile(path.join(dir, rel), 'utf8');
    expect(() => JSON.parse(text) as unknown, rel).not.toThrow();
  }
}

describe('sync crash safety', () => {
  it('completes the next round after kill -9 in a round, losing nothing and sending nothing twice', async () => {
    const shared = await sharedFolder();
    const a = await Device.create('a', shared);
    const b = await Device.create('b', shared);
    await a.library.importFiles(await corpusFiles(), 'setup');
    const ids = (await a.library.list()).articles.map((x) => x.id).sort();
    await a.sync();
    await b.sync();
    let first = 1;
    let inRound = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      // B changes something for A to merge in its next (interrupted) round.
      for (const id of ids) await b.setText(id, 'p2', 'ar', `b ${kill}`);
      await b.sync();
      const run = await runAndKill(a.library.dir, shared, first);
      const edited = run.edited;
      if (run.inRound) inRound++;
      await expectAllFilesParse(a.library.dir);
      await expectAllFilesParse(shared);
      const report = await a.sync();
      expect(report.status).toBe('synced');
      for (const id of ids) {
        const text = await a.text(id, 'p1', 'en');
        const n = text.startsWith('save ') ? Number(text.slice(5)) : 0;
        if (edited !== null) expect(n).toBeGreaterThanOrEqual(edited);
        first = Math.max(first, n + 1);
        expect(await a.text(id, 'p2', 'ar')).toBe(`b ${kill}`);
      }
    }
    // Most kills must land inside a round (after the edits, before the round's end).
    console.log(`kills inside a round: ${inRound} of ${KILLS}`);
    expect(inRound).toBeGreaterThanOrEqual(KILLS / 2);
    await b.sync();
    expect(await b.fingerprint()).toBe(await a.fingerprint());
    expect(await a.conflicts()).toEqual([]);
    // Each of A's edits went out once: no two versions of one field carry the same text.
    const sent = new Map<string, number>();
    const aDevice = (await a.sync()).device;
    const aFolder = (await filesUnder(shared)).filter(
      (f) => f.includes(aDevice) && parseSyncFileName(path.basename(f))?.kind === 'changes',
    );
    for (const rel of aFolder) {
      const lines = (await fs.readFile(path.join(shared, rel), 'utf8'))
        .split('\n')
        .filter((l) => l.startsWith('{"id"'));
      for (const line of lines) {
        const entry = JSON.parse(line.replace(/,$/, '')) as {
          id: string;
          versions: { key: string; value: unknown }[];
        };
        for (const v of entry.versions) {
          const k = `${entry.id} ${v.key} ${JSON.stringify(v.value)}`;
          sent.set(k, (sent.get(k) ?? 0) + 1);
        }
      }
    }
    expect([...sent].filter(([, count]) => count > 1).map(([k, c]) => `${c}x ${k}`)).toEqual([]);
    expect(sent.size).toBeGreaterThan(ids.length * 3);
  }, 60_000);
});
