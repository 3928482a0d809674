// Sync benchmarks (issue 4): on a generated library of N articles (default 10,000):
//   the first sync into an empty shared folder, a second device joining from it, a round with
//   nothing new, and a round with one changed segment among five devices; and the shared
//   folder's size. Run alone with `npx tsx tests/bench/sync.ts`, or from `npm run bench`.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setSegmentText } from '../../electron/core/article-ops.ts';
import { Library } from '../../electron/core/node/library.ts';
import { runSync } from '../../electron/core/node/sync/service.ts';
import { flushWriteBack } from './flush.ts';
import { generateLibrary } from './generate.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: string;
}

function folderBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    files++;
  }
  return { bytes, files };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchSync(count: number, work: string, log: (r: BenchResult) => void): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const shared = path.join(work, 'shared');
  const first = path.join(work, 'device-1');
  generateLibrary(first, count);
  const record = (name: string, value: number, unit: string, target: string) =>
    log({ name, value: Math.round(value * 10) / 10, unit, target });
  const round = (library: Library, name: string) =>
    runSync(library, { sharedFolder: shared }, { deviceName: name });

  const a = await Library.open(first);
  let start = performance.now();
  const initial = await round(a, 'device-1');
  record(
    `sync: first sync of ${count} articles into an empty shared folder`,
    performance.now() - start,
    'ms',
    'informative',
  );
  if (initial.sent.changes === 0) throw new Error('the first sync sent nothing');
  const size = folderBytes(shared);
  record(
    'sync: shared folder after the first sync',
    size.bytes / 1024 / 1024,
    'MB',
    `informative (${size.files} files)`,
  );

  const devices = [a];
  for (let i = 2; i <= 5; i++) {
    const library = await Library.open(path.join(work, `device-${i}`));
    start = performance.now();
    const joined = await round(library, `device-${i}`);
    if (i === 2) {
      record('sync: a second device joins (empty library)', performance.now() - start, 'ms', '< 30000');
      if (joined.updated.length !== count) throw new Error(`joined with ${joined.updated.length} articles`);
    }
    devices.push(library);
  }

  // Settle: every device has seen every other device's (empty) state.
  for (const d of devices) await round(d, 'settle');
  // Each timed round starts after a flush (flush.ts): rounds run minutes apart, by which time the
  // system has written back what came before; here four devices have just written 40,000 files.
  const idle: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (const [k, d] of devices.entries()) {
      flushWriteBack();
      start = performance.now();
      await round(d, `device-${k + 1}`);
      idle.push(performance.now() - start);
    }
  }
  record('sync: a round with nothing new, 5 devices (median)', median(idle), 'ms', '< 100');

  const { articles } = await a.list();
  const sendTimes: number[] = [];
  const receiveTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const id = articles[(i * 997) % articles.length]!.id;
    const writer = devices[i % 5]!;
    await writer.update(id, (x, now) =>
      setSegmentText(x, 'p1', 'ckb', `گۆڕانکاری ${i}`, undefined, 'bench', now),
    );
    flushWriteBack();
    start = performance.now();
    const sent = await round(writer, 'writer');
    sendTimes.push(performance.now() - start);
    if (sent.sent.changes !== 1) throw new Error(`expected one change sent, got ${sent.sent.changes}`);
    const reader = devices[(i + 1) % 5]!;
    flushWriteBack();
    start = performance.now();
    const received = await round(reader, 'reader');
    receiveTimes.push(performance.now() - start);
    if (received.updated.length !== 1)
      throw new Error(`expected one article updated, got ${received.updated.length}`);
    // The others catch up (not measured), so the next measured rounds see exactly one change.
    for (const d of devices) if (d !== writer && d !== reader) await round(d, 'catch-up');
  }
  record('sync: a round sending one changed segment (median)', median(sendTimes), 'ms', '< 100');
  record('sync: a round receiving one changed segment (median)', median(receiveTimes), 'ms', '< 100');
  const after = folderBytes(shared);
  record(
    'sync: shared folder after the rounds',
    after.bytes / 1024 / 1024,
    'MB',
    `informative (${after.files} files)`,
  );
}

if (import.meta.filename === process.argv[1]) {
  const count = Number(process.env.PIRD_BENCH_ARTICLES ?? 10_000);
  const work = path.join(os.tmpdir(), `pird-bench-sync-${process.pid}`);
  await benchSync(count, work, (r) =>
    console.log(
      `${r.name.padEnd(62)} ${String(r.value).padStart(9)} ${r.unit.padEnd(3)} (target ${r.target})`,
    ),
  );
  rmSync(work, { recursive: true, force: true });
}
