// Background sync (electron/core/node/sync/background.ts) with short timings: a round shortly after a
// local change and every interval while a shared folder is set, never two rounds at once, failures
// reported as events without stopping the schedule, and a clean stop.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { PirdEvent, SyncReport } from '../../electron/core/contract.ts';
import { BackgroundSync, syncTimingFromEnv } from '../../electron/core/node/sync/background.ts';
import { onSyncRound, runSync, setSharedFolder } from '../../electron/core/node/sync/service.ts';
import { createHandlers } from '../../electron/core/handlers.ts';
import { EventHub } from '../../electron/host/events.ts';
import { startHost } from '../../electron/host/server.ts';
import { makeTempDir, readCorpusText, removeTempDirs } from './fixtures/library-fixtures.ts';
import { Device, sharedFolder } from './helpers/sync-devices.ts';

afterAll(removeTempDirs);

const SEED = 'seed-000-817f1db3f74f0db0';

const schedulers: BackgroundSync[] = [];
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two devices on one shared folder, the first holding the seed article, both synced once. */
async function pair(): Promise<[Device, Device]> {
  const shared = await sharedFolder();
  const a = await Device.create('laptop-a', shared);
  const b = await Device.create('laptop-b', shared);
  await a.library.importFiles(
    [{ name: 'seed.json', content: await readCorpusText('seed-article.json') }],
    'setup',
  );
  await a.sync();
  await b.sync();
  return [a, b];
}

interface Watched {
  scheduler: BackgroundSync;
  events: PirdEvent[];
  /** Rounds finished so far (reports or errors). */
  finished(): Extract<PirdEvent, { name: 'sync.finished' }>['payload'][];
  /** Most rounds that ever ran at once through runRound. */
  maxConcurrent(): number;
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<void>;
}

/** A scheduler for `device`, its rounds run as the shells run them (a plain sync.run). */
function watch(device: Device, timing: { debounceMs: number; intervalMs: number }): Watched {
  const events: PirdEvent[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const scheduler = new BackgroundSync({
    library: device.library,
    ...timing,
    emit: (event) => events.push(event),
    runRound: async () => {
      running++;
      maxConcurrent = Math.max(maxConcurrent, running);
      try {
        return await runSync(device.library, {}, { deviceName: device.name });
      } finally {
        running--;
      }
    },
  });
  schedulers.push(scheduler);
  scheduler.start();
  const finished = () => events.flatMap((e) => (e.name === 'sync.finished' ? [e.payload] : []));
  return {
    scheduler,
    events,
    finished,
    maxConcurrent: () => maxConcurrent,
    async waitFor(condition, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > until) throw new Error(`timed out; events: ${events.map((e) => e.name).join(', ')}`);
        await sleep(10);
      }
    },
  };
}

function reportOf(payload: ReturnType<Watched['finished']>[number] | undefined): SyncReport {
  if (!payload?.ok) throw new Error(`expected a report, got ${JSON.stringify(payload)}`);
  return payload.report;
}

describe('background sync', () => {
  it('sends a local edit one debounce after the last change, as one round', async () => {
    const [a, b] = await pair();
    const debounceMs = 400;
    const watched = watch(a, { debounceMs, intervalMs: 60_000 });
    let started = 0;
    const stopListening = onSyncRound(a.library, { started: () => (started = Date.now()) });
    await a.setText(SEED, 'p1', 'ckb', 'یەکەم');
    await sleep(100);
    await a.setText(SEED, 'p1', 'ckb', 'دووەم');
    const lastChange = Date.now();
    await watched.waitFor(() => watched.finished().length === 1);
    stopListening();
    // Not while the user was still typing: one debounce after the last change.
    expect(started - lastChange).toBeGreaterThanOrEqual(debounceMs - 20);
    const report = reportOf(watched.finished()[0]);
    expect(report.sent.changes).toBeGreaterThan(0);
    expect(watched.events.map((e) => e.name)).toEqual([
      'sync.started',
      'sync.progress',
      'sync.progress',
      'sync.finished',
    ]);
    // The round's own writes and the edits it sent do not start another one.
    await sleep(400);
    expect(watched.finished()).toHaveLength(1);
    await b.sync();
    expect(await b.text(SEED, 'p1', 'ckb')).toBe('دووەم');
  });

  it('receives another device’s edits every interval, and reports the articles it rewrote', async () => {
    const [a, b] = await pair();
    const watched = watch(b, { debounceMs: 50, intervalMs: 200 });
    await a.setText(SEED, 'p2', 'ar', 'نص جديد من الحاسوب الأول');
    await a.sync();
    await watched.waitFor(() => watched.finished().some((f) => f.ok && f.report.updated.includes(SEED)));
    expect(await b.text(SEED, 'p2', 'ar')).toBe('نص جديد من الحاسوب الأول');
    const rounds = watched.finished().length;
    await watched.waitFor(() => watched.finished().length >= rounds + 2);
    expect(watched.finished().every((f) => f.ok)).toBe(true);
  });

  it('never runs two rounds at once: "Sync now" joins a background round, a change during it gets one more round', async () => {
    const [a, b] = await pair();
    const watched = watch(a, { debounceMs: 30, intervalMs: 60_000 });
    let joined: Promise<SyncReport>[] = [];
    const editsDuringRound: Promise<unknown>[] = [];
    let progressSeen = 0;
    // As the background round starts, the user presses Sync now twice; once it has captured the
    // local changes (its second progress report), the user edits another segment.
    const stopListening = onSyncRound(a.library, {
      started: () => {
        if (joined.length > 0) return;
        joined = [
          runSync(a.library, {}, { deviceName: a.name }),
          runSync(a.library, {}, { deviceName: a.name }),
        ];
      },
      progress: () => {
        if (++progressSeen === 2) editsDuringRound.push(a.setText(SEED, 'p3', 'ckb', 'لە کاتی هاوکاتکردندا'));
      },
    });
    await a.setText(SEED, 'p1', 'ar', 'قبل الجولة');
    await watched.waitFor(() => joined.length > 0);
    const [first, second] = await Promise.all(joined);
    expect(editsDuringRound).toHaveLength(1);
    await Promise.all(editsDuringRound);
    stopListening();
    expect(second).toBe(first);
    expect(reportOf(watched.finished()[0])).toBe(first);
    // The edit made during the round goes out in a round of its own, shortly after.
    await watched.waitFor(() => watched.finished().length === 2);
    expect(watched.events.filter((e) => e.name === 'sync.started')).toHaveLength(2);
    expect(watched.maxConcurrent()).toBe(1);
    await b.sync();
    expect(await b.text(SEED, 'p1', 'ar')).toBe('قبل الجولة');
    expect(await b.text(SEED, 'p3', 'ckb')).toBe('لە کاتی هاوکاتکردندا');
  });

  it('reports a failed round as an event and still runs the next one', async () => {
    const [a] = await pair();
    const stateFile = path.join(a.library.dir, 'sync', 'state.json');
    const state = await readFile(stateFile, 'utf8');
    // A sync state written by a newer Pird: the round refuses it.
    await writeFile(stateFile, JSON.stringify({ format: 'pird.sync-state', version: 999 }));
    const watched = watch(a, { debounceMs: 50, intervalMs: 150 });
    await watched.waitFor(() => watched.finished().length === 1);
    expect(watched.finished()[0]).toMatchObject({ ok: false, error: { code: 'newer-version' } });
    await writeFile(stateFile, state);
    await watched.waitFor(() => watched.finished().some((f) => f.ok));
    expect(watched.finished().at(-1)).toMatchObject({ ok: true, report: { status: 'synced' } });
  });

  it('runs nothing while no shared folder is set, and starts when one is', async () => {
    const shared = await sharedFolder();
    const a = await Device.create('laptop-a', shared);
    await a.library.importFiles(
      [{ name: 'seed.json', content: await readCorpusText('seed-article.json') }],
      'setup',
    );
    const watched = watch(a, { debounceMs: 30, intervalMs: 100 });
    await a.setText(SEED, 'p1', 'ckb', 'بێ بوخچەی هاوبەش');
    await sleep(400);
    expect(watched.events).toEqual([]);
    await setSharedFolder(a.library, shared);
    await watched.waitFor(() => watched.finished().length >= 1);
    expect(reportOf(watched.finished()[0]).sent.changes).toBeGreaterThan(0);
  });

  it('runs a round for a possible change (a file watcher) only when changes are waiting', async () => {
    const [a] = await pair();
    const watched = watch(a, { debounceMs: 30, intervalMs: 60_000 });
    watched.scheduler.localChange('possible');
    await sleep(300);
    expect(watched.events).toEqual([]);
  });

  it('stops: no round after stop, and stop waits for the round in flight', async () => {
    const [a] = await pair();
    const watched = watch(a, { debounceMs: 20, intervalMs: 100 });
    await a.setText(SEED, 'p1', 'ckb', 'پێش وەستان');
    await watched.waitFor(() => watched.events.some((e) => e.name === 'sync.started'));
    await watched.scheduler.stop();
    // The round that was running has ended and been reported.
    expect(watched.events.at(-1)?.name).toBe('sync.finished');
    const seen = watched.events.length;
    await a.setText(SEED, 'p2', 'ckb', 'دوای وەستان');
    await sleep(400);
    expect(watched.events).toHaveLength(seen);
  });
});

describe('background sync in the browser host', () => {
  it('syncs after a change, streams the round as events, and stops with the host', async () => {
    const [a] = await pair();
    const table = createHandlers({
      library: a.library,
      userDataDir: await makeTempDir('pird-home-'),
      shell: 'browser-host',
      version: 'test',
    });
    const events = new EventHub();
    const seen: PirdEvent[] = [];
    events.subscribe((event) => seen.push(event));
    const host = await startHost({
      table,
      rendererDir: await makeTempDir('pird-renderer-'),
      events,
      backgroundSync: { library: a.library, debounceMs: 50, intervalMs: 60_000 },
    });
    try {
      await a.setText(SEED, 'p4', 'ar', 'تعديل يصل عبر المضيف');
      const until = Date.now() + 5_000;
      while (!seen.some((e) => e.name === 'sync.finished') && Date.now() < until) await sleep(10);
      const finished = seen.find((e) => e.name === 'sync.finished');
      expect(finished?.payload).toMatchObject({ ok: true, report: { status: 'synced' } });
      expect(seen[0]?.name).toBe('sync.started');
    } finally {
      await host.close();
    }
    const count = seen.length;
    await a.setText(SEED, 'p4', 'ar', 'بعد إغلاق المضيف');
    await sleep(300);
    expect(seen).toHaveLength(count);
  });
});

describe('background sync timing from the environment', () => {
  it('reads PIRD_SYNC_DEBOUNCE_MS and PIRD_SYNC_INTERVAL_MS, and ignores bad values with a warning', () => {
    expect(syncTimingFromEnv({})).toEqual({ debounceMs: 3_000, intervalMs: 60_000, warnings: [] });
    expect(syncTimingFromEnv({ PIRD_SYNC_DEBOUNCE_MS: '250', PIRD_SYNC_INTERVAL_MS: '1000' })).toEqual({
      debounceMs: 250,
      intervalMs: 1_000,
      warnings: [],
    });
    const bad = syncTimingFromEnv({ PIRD_SYNC_DEBOUNCE_MS: 'soon', PIRD_SYNC_INTERVAL_MS: '5' });
    expect(bad).toMatchObject({ debounceMs: 3_000, intervalMs: 60_000 });
    expect(bad.warnings).toEqual([
      'PIRD_SYNC_DEBOUNCE_MS=soon is not a whole number of milliseconds (0 or more); using 3000.',
      'PIRD_SYNC_INTERVAL_MS=5 is not a whole number of milliseconds (100 or more); using 60000.',
    ]);
  });
});
