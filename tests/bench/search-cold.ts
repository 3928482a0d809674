// One cold start of the search index in a fresh process (run by search-bench.ts): opens the
// library, makes the index ready (loading search-index.json when it is usable) and runs one query.
// Prints { ms, queryMs, start, rssMb } as JSON.
import { performance } from 'node:perf_hooks';
import { Library } from '../../electron/core/node/library.ts';
import { LibrarySearch } from '../../electron/core/node/library-search.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: search-cold.ts LIBRARY_DIR');
const started = performance.now();
const search = LibrarySearch.of(await Library.open(dir));
await search.ensureFresh();
const ms = performance.now() - started;
const queryStart = performance.now();
await search.search({ query: 'السوداني' });
const queryMs = performance.now() - queryStart;
await search.flush();
console.log(
  JSON.stringify({ ms, queryMs, start: search.start, rssMb: process.memoryUsage().rss / 1024 / 1024 }),
);
