// `pird sync`, `conflicts`, `resolve`, `delete`, `trash`, `restore` as a desk's script runs them:
// two libraries (two laptops) and one shared folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleList, ConflictList, SyncReport } from '../../electron/core/contract.ts';
import { corpusDir, repoRoot, tempDir } from './helpers/paths.ts';

const SEED = 'seed-000-817f1db3f74f0db0';
let work: string;

function pird(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'electron/cli/main.ts'), ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, PIRD_HOME: path.join(work, 'home'), INIT_CWD: work },
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T>(...args: string[]): T {
  const result = pird(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeAll(() => {
  work = tempDir('pird-sync-cli-');
});
afterAll(() => fs.rm(work, { recursive: true, force: true }));

describe('pird sync commands', () => {
  it('syncs two libraries, lists and resolves a conflict, and carries the trash to every device', async () => {
    expect(pird('import', '--library', 'a', path.join(corpusDir, 'seed-article.json')).code).toBe(0);
    const first = json<SyncReport>('sync', '--library', 'a', '--shared', 'shared');
    expect(first).toMatchObject({ status: 'synced', sharedFolder: path.join(work, 'shared') });
    expect(first.sent.changes).toBeGreaterThan(30);
    // The shared folder is remembered per library: no --shared needed next time.
    expect(pird('sync', '--library', 'b', '--shared', 'shared').stdout).toMatch(
      /received \d+ changes \(1 file\), 1 article updated/,
    );

    pird('set-text', '--library', 'a', SEED, '--segment', 'p1', '--lang', 'ckb', '--text', 'دەقی A');
    pird('set-text', '--library', 'b', SEED, '--segment', 'p1', '--lang', 'ckb', '--text', 'دەقی B');
    pird('sync', '--library', 'a');
    expect(pird('sync', '--library', 'b').stdout).toMatch(/1 conflict \(1 new\)/);
    pird('sync', '--library', 'a');
    const conflicts = json<ConflictList>('conflicts', '--library', 'a').conflicts;
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.versions.map((v) => v.text).sort()).toEqual(['دەقی A', 'دەقی B']);
    const human = pird('conflicts', '--library', 'b').stdout;
    expect(human).toContain(`${SEED}  segment p1 (paragraph)  ckb`);
    expect(human).toMatch(/ 1\* d-[a-z2-7]{12}@\d{8}T/);

    expect(pird('resolve', '--library', 'b', SEED, '--segment', 'p1', '--lang', 'ckb').code).toBe(2);
    expect(
      pird('resolve', '--library', 'b', SEED, '--segment', 'p1', '--lang', 'ckb', '--keep', '9').code,
    ).toBe(2);
    const chosen = conflicts[0]!.versions.find((v) => v.text === 'دەقی B')!;
    expect(
      pird('resolve', '--library', 'b', SEED, '--segment', 'p1', '--lang', 'ckb', '--keep', chosen.id).code,
    ).toBe(0);
    pird('sync', '--library', 'b');
    pird('sync', '--library', 'a');
    expect(json<ConflictList>('conflicts', '--library', 'a').conflicts).toEqual([]);
    expect(pird('show', '--library', 'a', SEED).stdout).toContain('دەقی B');

    expect(pird('delete', '--library', 'a', SEED).code).toBe(0);
    pird('sync', '--library', 'a');
    pird('sync', '--library', 'b');
    expect(json<ArticleList>('list', '--library', 'b').articles).toEqual([]);
    expect(json<ArticleList>('trash', '--library', 'b').articles.map((a) => a.id)).toEqual([SEED]);
    expect(pird('restore', '--library', 'b', SEED).code).toBe(0);
    pird('sync', '--library', 'b');
    pird('sync', '--library', 'a');
    expect(json<ArticleList>('list', '--library', 'a').articles.map((a) => a.id)).toEqual([SEED]);

    // An emptied shared folder pauses sync (exit 1) and deletes nothing.
    const shared = path.join(work, 'shared');
    for (const entry of await fs.readdir(shared)) await fs.rm(path.join(shared, entry), { recursive: true });
    const paused = pird('sync', '--library', 'a');
    expect(paused.code).toBe(1);
    expect(paused.stdout).toMatch(/^PAUSED: .*nothing was deleted/);
    expect(json<ArticleList>('list', '--library', 'a').articles).toHaveLength(1);
  }, 60_000);
});
