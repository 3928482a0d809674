// Runs a TypeScript entry (the CLI, the benchmarks) under tsx: `node run.cjs entry.ts args…`.
// The entry runs in this process (the `tsx` command starts a second Node process for it, which
// slows every CLI call), with tsx registered before the entry or anything it imports is read.
'use strict';

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
