// The sync state's identity index (sync/index.json) is kept parsed between loads in one process:
// a round, the status and the conflict list each load it. What sync relies on: a load gives
// exactly what the file holds now, never what a failed round changed in memory, and a file
// another process wrote (or damaged) is read as it is.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IndexEntry } from '../../electron/core/node/sync/local-store.ts';
import { LocalSyncStore, SYNC_DIR, emptySyncState } from '../../electron/core/node/sync/local-store.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

afterAll(removeTempDirs);

const entry = (loc: 'articles' | 'trash', n: number): IndexEntry => ({
  loc,
  id: { size: String(1000 + n), mtimeNs: `17640000000000000${n}`, ino: String(42 + n) },
});

describe('the sync index between loads', () => {
  it('loads what the file holds: saved, changed by another process, or damaged', async () => {
    const dir = await makeTempDir('pird-sync-store-');
    const store = new LocalSyncStore(dir);
    await store.ensure();
    const state = emptySyncState();
    state.index = { 'pub-001': entry('articles', 1), 'pub-002': entry('trash', 2) };
    await store.saveState(state);
    const saved = structuredClone(state.index);

    // What the round that saved it changes afterwards, unsaved, is not in the next load…
    state.index['pub-003'] = entry('articles', 3);
    delete state.index['pub-001'];
    const first = await new LocalSyncStore(dir).loadState();
    expect(first.index).toEqual(saved);
    // …nor what one load's holder changes in its copy.
    first.index['pub-004'] = entry('articles', 4);
    delete first.index['pub-002'];
    expect((await new LocalSyncStore(dir).loadState()).index).toEqual(saved);

    // Another process writes a different index: this one is read, not the one known here.
    const file = path.join(dir, SYNC_DIR, 'index.json');
    const theirs = {
      format: 'pird.sync-index',
      version: 1,
      entries: [['pub-009', 'articles', '9', '99', '999']],
    };
    await fs.writeFile(file, `${JSON.stringify(theirs)}\n`);
    expect((await new LocalSyncStore(dir).loadState()).index).toEqual({
      'pub-009': { loc: 'articles', id: { size: '9', mtimeNs: '99', ino: '999' } },
    });

    // A damaged index is empty (every article file is looked at again), whatever was known.
    await fs.writeFile(file, '{"format": "pird.sync-index", "vers');
    expect((await new LocalSyncStore(dir).loadState()).index).toEqual({});
  });
});
