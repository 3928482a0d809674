// Export benchmark (issue 3): 1,000 articles × en/ar/ckb as folders and as zips, the time against
// `cp -r` of what was produced, and the longest wait between two progress events.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportBundles } from '../../electron/core/node/export.ts';
import { Library } from '../../electron/core/node/library.ts';

type Record = (name: string, value: number, unit: string, target: string) => void;

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
    const out = path.join(work, `export-${kind}`);
    const copy = path.join(work, `export-${kind}-copy`);
    rmSync(out, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
    let last = performance.now();
    let longestGap = 0;
    const start = performance.now();
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
    const ms = performance.now() - start;
    longestGap = Math.max(longestGap, performance.now() - last);
    const copyStart = performance.now();
    const cp = spawnSync('cp', ['-r', out, copy]);
    const copyMs = performance.now() - copyStart;
    if (cp.status !== 0) throw new Error(`cp -r failed: ${cp.stderr.toString()}`);
    record(`export: ${ids.length} articles × 3 languages as ${kind}`, ms, 'ms', 'informative');
    record(`export: ${kind}, time / cp -r of the result`, ms / copyMs, '×', zip ? 'informative' : '< 3');
    record(`export: ${kind}, longest wait between progress events`, longestGap, 'ms', '< 250');
    rmSync(out, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
}
