// One cold process: open the library and list every article, as the app does at start.
import { performance } from 'node:perf_hooks';
import { Library } from '../../electron/core/node/library.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: cold-list.ts LIBRARY_DIR');
const start = performance.now();
const library = await Library.open(dir);
const list = await library.list();
const ms = performance.now() - start;
process.stdout.write(
  JSON.stringify({ ms, articles: list.articles.length, unreadable: list.unreadable.length }) + '\n',
);
