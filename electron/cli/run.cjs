// Runs a TypeScript entry (the CLI, the benchmarks) under tsx, after sizing libuv's thread pool.
//
// Export flushes every file it writes (fsync) before it renames a bundle into place. Node runs
// those flushes on libuv's thread pool, four threads by default for the whole process (worker
// threads included), so the disk sees four at a time; with sixteen it serves more of them per
// journal commit (measured here: the 14,000 flushes of 1,000 bundles in 0.8 s instead of 1.6 s).
// libuv reads the size once, when the pool first starts, and an ES module entry is itself read
// through the pool: hence this small CommonJS file, which sets the size before anything else.
'use strict';
process.env.UV_THREADPOOL_SIZE ??= '16';

const path = require('node:path');
const { pathToFileURL } = require('node:url');

// `node run.cjs entry.ts args…`: the entry sees `node entry.ts args…`, as under tsx.
const entry = process.argv[2];
if (entry === undefined) {
  process.stderr.write('usage: node electron/cli/run.cjs <entry.ts> [args…]\n');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(entry));
import('tsx/esm/api')
  .then(({ register }) => {
    register();
    return import(pathToFileURL(path.resolve(entry)).href);
  })
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
