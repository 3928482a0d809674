// A large index is built in parts (worker threads each read and tokenize a contiguous run of the
// articles) and merged (SearchIndexBuilder.addShard). Searching must not notice: the merged index
// is the one a single builder makes, term for term, document for document, score for score.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../electron/core/model.ts';
import { ExportWorkerPool, defaultWorkerCount } from '../../electron/core/node/export-workers.ts';
import { Library } from '../../electron/core/node/library.ts';
import { LibrarySearch } from '../../electron/core/node/library-search.ts';
import { SearchIndex } from '../../electron/core/search/search-index.ts';
import { SEARCH_INDEX_FILE } from '../../electron/core/search/search-index-file.ts';
import { generateLibrary } from '../bench/generate.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

let articles: Article[];
let dir: string;

beforeAll(async () => {
  dir = path.join(await makeTempDir('pird-search-shards-'), 'library');
  generateLibrary(dir, 60, 3);
  const library = await Library.open(dir);
  const ids = (await library.list()).articles.map((a) => a.id).sort();
  articles = await Promise.all(ids.map((id) => library.get(id)));
}, 60_000);
afterAll(removeTempDirs);

function buildWhole(list: Article[]): SearchIndex {
  const builder = SearchIndex.builder();
  for (const article of list) builder.add(article);
  return builder.finish();
}

describe('search index built in shards', () => {
  it('is the index one builder makes, after crossing a thread boundary', async () => {
    const whole = buildWhole(articles);
    const cuts = [0, 7, 31, articles.length];
    const merged = SearchIndex.builder();
    for (let s = 0; s + 1 < cuts.length; s++) {
      const part = SearchIndex.builder();
      for (const article of articles.slice(cuts[s], cuts[s + 1])) part.add(article);
      // What a worker posts is structured-cloned.
      merged.addShard(structuredClone(part.shard()));
    }
    const index = merged.finish();
    expect(JSON.stringify(index.toSnapshot())).toBe(JSON.stringify(whole.toSnapshot()));
    const byId = new Map(articles.map((a) => [a.id, a]));
    const load = (id: string) => Promise.resolve(byId.get(id) ?? null);
    for (const query of ['budget', 'موازنة', 'بودجە', '2025', '٢٠٢٥', 'Sulaymaniyah']) {
      const found = await index.search({ query }, load);
      expect(found.total, query).toBeGreaterThan(0);
      expect(found, query).toEqual(await whole.search({ query }, load));
    }
  });

  it('is built by worker threads for a large library, the same as on one thread', async () => {
    const parallelMin = LibrarySearch.parallelMin;
    const poolsBefore = ExportWorkerPool.started;
    try {
      LibrarySearch.parallelMin = 10;
      const inWorkers = LibrarySearch.of(await Library.open(dir));
      await inWorkers.ensureFresh();
      // Only where the machine has two cores: on one, the build stays on its thread.
      if (defaultWorkerCount() > 1) expect(ExportWorkerPool.started).toBe(poolsBefore + 1);
      // The second build reads the articles too, not the index file the first one wrote.
      await inWorkers.flush();
      rmSync(path.join(dir, SEARCH_INDEX_FILE), { force: true });
      LibrarySearch.parallelMin = Number.POSITIVE_INFINITY;
      const here = LibrarySearch.of(await Library.open(dir));
      await here.ensureFresh();
      // Its index file is written after the build: done before the folder is removed.
      await here.flush();
      expect([inWorkers.start?.from, here.start?.from]).toEqual(['articles', 'articles']);
      expect(ExportWorkerPool.started).toBe(poolsBefore + (defaultWorkerCount() > 1 ? 1 : 0));
      expect(inWorkers.index.size).toBe(articles.length);
      expect(JSON.stringify(inWorkers.index.toSnapshot())).toBe(JSON.stringify(here.index.toSnapshot()));
    } finally {
      LibrarySearch.parallelMin = parallelMin;
    }
  });

  it('refuses a shard with an article it has already', () => {
    const builder = SearchIndex.builder();
    builder.add(articles[0]!);
    const again = SearchIndex.builder();
    again.add(articles[0]!);
    expect(() => builder.addShard(again.shard())).toThrow(/in the index already/);
  });
});
