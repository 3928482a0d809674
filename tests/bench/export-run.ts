// The export benchmark alone: `node electron/cli/run.cjs tests/bench/export-run.ts`
// (PIRD_BENCH_ARTICLES=N, default 1,000; TMPDIR=/dev/shm for a RAM disk).
// Generates a library of N articles and runs the same measurements as `npm run bench`.
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchExport } from './export-bench.ts';
import { generateLibrary } from './generate.ts';
import { reportLine } from './report.ts';

const count = Number(process.env.PIRD_BENCH_ARTICLES ?? 1000);
const work = path.join(os.tmpdir(), `pird-export-bench-${process.pid}`);
rmSync(work, { recursive: true, force: true });
const libraryDir = path.join(work, 'library');
generateLibrary(libraryDir, count);
try {
  await benchExport(libraryDir, work, count, (name, value, unit, target) => {
    console.log(reportLine(name, value, unit, target));
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
