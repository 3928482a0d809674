// Export benchmark (issue 3): 1,000 articles × en/ar/ckb as folders and as zips, the time against
// `cp -r` of what was produced, and the longest wait between two progress events.
//
// Disk timings swing with the write-back of earlier steps, so every timed step starts after a
// `sync` (neither the export nor the copy pays for the other's dirty pages), writes into a fresh
// folder, and each figure is the median of three runs. The first export in a process starts its
// worker threads cold (later ones take the workers the last export kept warm): it runs before the
// three, and its time is reported on its own line. Like `cp -r`, the export leaves its bytes to the system's write-back
// (see export-folder-writer.ts): both are timed to the same point.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportBundles } from '../../electron/core/node/export.ts';
import { Library } from '../../electron/core/node/library.ts';
import { flushWriteBack } from './flush.ts';

type Record = (name: string, value: number, unit: string, target: string) => void;

const RUNS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function run(command: string, args: string[]): void {
  const child = spawnSync(command, args);
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${child.stderr.toString()}`);
}

/** Milliseconds of `fn`, started after a sync. */
async function timed(fn: () => unknown): Promise<number> {
  flushWriteBack();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function benchExport(
  libraryDir: string,
  work: string,
  count: number,
  record: Record,
): Promise<void> {
  const library = await Library.open(libraryDir);
  const ids = (await library.list()).articles.map((a) => a.id).slice(0, count);
  for (const zip of [false, true]) {
    const kind = zip ? 'zips' : 'folders';
    const exportTimes: number[] = [];
    const copyTimes: number[] = [];
    let longestGap = 0;
    // Fresh folders for every step, removed only at the end: removing thousands of files makes the
    // file system busy for a while afterwards, which would land on whatever is timed next.
    const dir = (name: string) => path.join(work, `export-${kind}-${name}`);
    const exportOnce = (out: string) =>
      timed(async () => {
        let last = performance.now();
        // The generated library is not QA-clean (some texts are left untranslated): export anyway.
        await exportBundles(
          library,
          { ids, outDir: out, zip, force: true, date: '2026-11-25' },
          {
            generatorVersion: 'bench',
            onProgress: () => {
              const now = performance.now();
              longestGap = Math.max(longestGap, now - last);
              last = now;
            },
          },
        );
        longestGap = Math.max(longestGap, performance.now() - last);
      });
    // The first export in the process starts its workers (the zips find them warm): reported on its
    // own, and not one of the timed runs.
    const first = zip ? null : await exportOnce(dir('cold'));
    for (let i = 0; i < RUNS; i++) {
      const out = dir(`out-${i}`);
      exportTimes.push(await exportOnce(out));
      copyTimes.push(await timed(() => run('cp', ['-r', out, dir(`copy-${i}`)])));
    }
    rmSync(dir('cold'), { recursive: true, force: true });
    for (const name of ['out', 'copy'])
      for (let i = 0; i < RUNS; i++) rmSync(dir(`${name}-${i}`), { recursive: true, force: true });
    const ms = median(exportTimes);
    record(`export: ${ids.length} articles × 3 languages as ${kind}`, ms, 'ms', 'informative');
    if (first !== null)
      record(`export: ${kind}, the first in the process (workers cold)`, first, 'ms', 'informative');
    // The copy's own times, so that a ratio can be read against them (they swing from run to run).
    record(`export: ${kind}, cp -r of the result`, median(copyTimes), 'ms', 'informative');
    record(
      `export: ${kind}, time / cp -r of the result`,
      ms / median(copyTimes),
      '×',
      zip ? 'informative' : '< 3',
    );
    record(`export: ${kind}, longest wait between progress events`, longestGap, 'ms', '< 250');
  }
}
