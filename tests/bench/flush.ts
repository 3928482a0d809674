// Benchmarks time one step at a time, but the steps before (generating 10,000 articles, exporting
// gigabytes, four devices joining) leave the system writing back their dirty pages for a while,
// and that write-back competes for the disk (each fsync waits behind it) and for the two cores.
// A timed step starts after `sync`, so it pays for its own writes, not for the setup's.
import { spawnSync } from 'node:child_process';

/** Writes every dirty page back to disk (the `sync` command), so the next timed step starts clean. */
export function flushWriteBack(): void {
  const child = spawnSync('sync', []);
  if (child.status !== 0) throw new Error(`sync failed: ${child.stderr.toString()}`);
}
