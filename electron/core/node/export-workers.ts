// Worker threads for large exports. Reading, checking, rendering, hashing and writing thousands of
// files is CPU work; spread over the machine's cores it finishes sooner (on two cores, measured: a
// fifth to a quarter sooner, zips a third), and the export's own thread stays free to report
// progress and answer the UI.
//
// The same workers build the search index of a large library in parallel (library-search.ts): each
// reads and indexes a run of the articles, and the parts are merged.
//
// Each article goes to one worker (by its position), which reads it and runs its QA and keeps it;
// once the export decides to go on, the same worker builds and writes its bundle. The pool is an
// optimisation only: when no worker can start (no worker entry beside this module, a platform
// without threads), the export does the same work on its own thread.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';
import { PirdError } from '../errors.ts';
import type { ErrorCode } from '../contract.ts';
import type { LibrarySettings } from '../library-settings.ts';
import type { Lang } from '../model.ts';
import type {
  ArticleToLoad,
  BundleJob,
  LoadedArticle,
  WorkerError,
  WorkerReply,
  WorkerRequest,
  WorkerSetup,
} from './export-worker-protocol.ts';
import { WORKER_READY } from './export-worker-protocol.ts';

/** Below this many bundles a worker's start-up costs more than it saves. */
export const WORKER_MIN_BUNDLES = 12;

/**
 * Below this many bundles, workers started for the export (none kept warm from the last one) cost
 * more than they save: a new worker starts, then runs its code cold, and its first bundles take
 * about twice as long. Measured for one export in a fresh process (RAM disk, 2 cores): 40
 * articles took 180–191 ms on the export's own thread, 206–229 ms with new built workers and
 * 366–409 ms with workers bundled from source (the CLI and the browser host); 100 articles took
 * 377–395 ms, 326–331 ms and 454–479 ms.
 */
export const COLD_WORKER_MIN_BUNDLES = 64;

/**
 * One worker per core, up to four. The export's own thread mostly waits (reads, renames), so on
 * two cores two workers beat one: as fast for folders, a third faster for zips (measured).
 */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

// Names, not literals in `new URL(...)`: bundlers would try to resolve a literal at build time.
const BUILT_ENTRY = 'export-worker.cjs';
const SOURCE_ENTRY = 'export-worker.ts';

export interface WorkerEntry {
  /** A file, or (eval) a script: the bundled worker, or a loader of its TypeScript source. */
  script: string;
  eval: boolean;
}

/**
 * The worker's entry: built beside the bundled main process (`export-worker.cjs`, see
 * vite.config.electron.ts); when running from source (tsx, vitest), the TypeScript source bundled
 * once per process with esbuild (a dev dependency, as the build does), or else loaded through tsx's
 * API (on Node 20 a worker does not inherit the `--import` hooks). Bundling costs ~0.1 s once;
 * tsx compiles and links some forty modules in every worker, half a second each under load.
 */
async function workerEntry(): Promise<WorkerEntry | null> {
  const built = fileURLToPath(new URL(BUILT_ENTRY, import.meta.url));
  if (existsSync(built)) return { script: built, eval: false };
  const source = fileURLToPath(new URL(SOURCE_ENTRY, import.meta.url));
  if (!existsSync(source)) return null;
  sourceBundle ??= bundleSource(source);
  const bundled = await sourceBundle;
  return bundled !== null ? { script: bundled, eval: true } : tsxWorkerEntry();
}

/** The worker's TypeScript source loaded through tsx's API; null where tsx is not installed. */
export function tsxWorkerEntry(): WorkerEntry | null {
  const source = fileURLToPath(new URL(SOURCE_ENTRY, import.meta.url));
  let tsxApi: string;
  try {
    tsxApi = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs');
  } catch {
    return null;
  }
  const load = (file: string): string => JSON.stringify(pathToFileURL(file).href);
  return {
    script: `import(${load(tsxApi)}).then(({ register }) => { register(); return import(${load(source)}); });`,
    eval: true,
  };
}

let sourceBundle: Promise<string | null> | null = null;

/** The worker's source as one CommonJS script, or null where esbuild is not installed. */
async function bundleSource(source: string): Promise<string | null> {
  // A name, not a literal: the app's bundler must not pull esbuild into main.cjs.
  const esbuildName = 'esbuild';
  try {
    const { build } = (await import(esbuildName)) as typeof Esbuild;
    const result = await build({
      entryPoints: [source],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? null;
  } catch {
    return null;
  }
}

function rebuildError(error: WorkerError): Error {
  if (error.kind === 'pird') return new PirdError(error.code as ErrorCode, error.message);
  if (error.kind === 'errno') return Object.assign(new Error(error.message), { code: error.code });
  return new Error(error.message);
}

type Settle = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void };

class ExportWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Settle>();
  #failure: Error | null = null;
  readonly ready: Promise<boolean>;

  constructor(entry: WorkerEntry, setup: WorkerSetup) {
    // SHARE_ENV: a worker kept between exports sees the environment as it is now, not as it was.
    this.#worker = new Worker(entry.script, { eval: entry.eval, workerData: setup, env: SHARE_ENV });
    this.ready = new Promise<boolean>((resolve) => {
      this.#worker.once('message', (message: unknown) => resolve(message === WORKER_READY));
      this.#worker.once('error', () => resolve(false));
      this.#worker.once('exit', () => resolve(false));
    });
    this.#worker.on('message', (replies: WorkerReply[] | string) => {
      if (typeof replies === 'string') return;
      for (const reply of replies) {
        const settle = this.#pending.get(reply.job);
        this.#pending.delete(reply.job);
        if (reply.ok) settle?.resolve(reply);
        else settle?.reject(rebuildError(reply.error));
      }
    });
    const fail = (error: Error): void => {
      this.#failure ??= error;
      for (const settle of this.#pending.values()) settle.reject(this.#failure);
      this.#pending.clear();
    };
    this.#worker.on('error', (error) =>
      fail(new PirdError('internal', `An export worker failed: ${error.message}`, { cause: error })),
    );
    this.#worker.on('exit', (code) =>
      fail(new PirdError('internal', `An export worker stopped (exit code ${code}).`)),
    );
  }

  request(request: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#pending.set(request.job, { resolve, reject });
      this.#worker.postMessage(request, transfer);
    });
  }

  /** Whether the worker keeps the process alive: not while it waits, warm, for another export. */
  keepAlive(keep: boolean): void {
    if (keep) this.#worker.ref();
    else this.#worker.unref();
  }

  async terminate(): Promise<void> {
    this.#failure ??= new PirdError('internal', 'The export is over.');
    await this.#worker.terminate();
  }
}

/**
 * How long a finished export's workers wait for the next one. A new worker runs its code cold
 * (V8 has not compiled it yet) and its first few hundred articles cost about twice as much; the
 * desk's usual round (export, read the QA, fix, export again) gets warm workers.
 */
const IDLE_MS = 30_000;

/** The workers of the last finished export, if they are still waiting. */
let idle: { pool: ExportWorkerPool; timer: NodeJS.Timeout } | null = null;

/** Ends the workers kept for the next export, if any (tests; the app when it quits). */
export async function endIdleExportWorkers(): Promise<void> {
  const kept = idle;
  idle = null;
  if (kept === null) return;
  clearTimeout(kept.timer);
  await kept.pool.close();
}

/** The bundle a worker wrote: in place, or (temp) in a temporary folder for the export to put there. */
export interface WorkerFolderBundle {
  /** The temporary folder, or null when the worker renamed the bundle into place. */
  temp: string | null;
  files: number;
  bytes: number;
  qa: Extract<WorkerReply, { kind: 'folder' }>['qa'];
}

export class ExportWorkerPool {
  /** Pools started in this process (tests tell a kept pool from a new one). */
  static started = 0;
  readonly #workers: ExportWorker[];
  readonly #setup: WorkerSetup;
  /** The worker that holds each position's article (read and checked there). */
  readonly #holders = new Map<number, ExportWorker>();
  #nextJob = 1;

  private constructor(workers: ExportWorker[], setup: WorkerSetup) {
    this.#workers = workers;
    this.#setup = setup;
    ExportWorkerPool.started++;
  }

  /**
   * The workers kept from the last export, when they fit this one (as many, the same library and
   * fonts); null otherwise (then start new ones). Give them back with release().
   */
  static takeIdle(count: number, setup: WorkerSetup): ExportWorkerPool | null {
    const kept = idle;
    if (
      kept === null ||
      kept.pool.size !== count ||
      kept.pool.#setup.libraryDir !== setup.libraryDir ||
      kept.pool.#setup.fonts !== setup.fonts
    )
      return null;
    idle = null;
    clearTimeout(kept.timer);
    for (const worker of kept.pool.#workers) worker.keepAlive(true);
    return kept.pool;
  }

  /**
   * After an export: the workers forget its articles and wait, warm, for the next export for
   * IDLE_MS, without keeping the process alive; a pool with a failed worker ends instead.
   */
  async release(): Promise<void> {
    this.#holders.clear();
    try {
      await Promise.all(this.#workers.map((w) => w.request({ job: this.#nextJob++, kind: 'forget' })));
    } catch {
      await this.close();
      return;
    }
    for (const worker of this.#workers) worker.keepAlive(false);
    const previous = idle;
    const timer = setTimeout(() => {
      if (idle?.pool === this) idle = null;
      void this.close();
    }, IDLE_MS);
    timer.unref();
    idle = { pool: this, timer };
    if (previous !== null) {
      clearTimeout(previous.timer);
      await previous.pool.close();
    }
  }

  /**
   * Starts `count` workers and waits until they are ready; null (and nothing left running) when any
   * cannot start, so that the export does the work itself. `given` replaces the entry found
   * beside this module (tests give a broken one, or the tsx one).
   */
  static async start(
    count: number,
    setup: WorkerSetup,
    given?: WorkerEntry,
  ): Promise<ExportWorkerPool | null> {
    if (count < 1) return null;
    const entry = given ?? (await workerEntry());
    if (entry === null) return null;
    const workers: ExportWorker[] = [];
    try {
      for (let i = 0; i < count; i++) workers.push(new ExportWorker(entry, setup));
    } catch {
      await Promise.all(workers.map((w) => w.terminate()));
      return null;
    }
    const ready = await Promise.all(workers.map((w) => w.ready));
    if (ready.every(Boolean)) return new ExportWorkerPool(workers, setup);
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }

  get size(): number {
    return this.#workers.length;
  }

  /** The worker for a position: the one holding its article, or else one by position. */
  #worker(index: number): ExportWorker {
    return this.#holders.get(index) ?? this.#workers[index % this.#workers.length]!;
  }

  /**
   * Reads the articles from their files and runs their QA in one worker (the first position's),
   * which keeps them for their bundles; gives each one's QA and the slug it asks for, in order.
   */
  async load(articles: ArticleToLoad[], langs: Lang[], settings: LibrarySettings): Promise<LoadedArticle[]> {
    const first = articles[0];
    if (first === undefined) return [];
    const worker = this.#worker(first.index);
    const reply = await worker.request({ job: this.#nextJob++, kind: 'load', articles, langs, settings });
    if (!reply.ok || reply.kind !== 'load' || reply.loaded.length !== articles.length)
      throw new PirdError('internal', 'An export worker answered out of turn.');
    for (const { index } of articles) this.#holders.set(index, worker);
    return reply.loaded;
  }

  /** The job, with the article and its QA when no worker holds them. */
  #withArticle(index: number, job: BundleJob, given: BundleJob['given']): BundleJob {
    if (this.#holders.has(index)) return job;
    if (given === undefined)
      throw new PirdError('internal', `No export worker holds article ${job.articleId}.`);
    return { ...job, given };
  }

  /**
   * Builds the bundle of the article at `index` and writes it into a temporary folder in outDir,
   * which the worker renames to `target` unless the bundle replaces one there.
   */
  async folder(
    index: number,
    given: BundleJob['given'],
    place: { outDir: string; target: string; replace: boolean },
    job: BundleJob,
  ): Promise<WorkerFolderBundle> {
    const request = {
      job: this.#nextJob++,
      kind: 'folder' as const,
      ...place,
      ...this.#withArticle(index, job, given),
    };
    const reply = await this.#worker(index).request(request);
    if (reply.ok && reply.kind === 'folder') return reply;
    throw new PirdError('internal', 'An export worker answered out of turn.');
  }

  /** Builds the bundle of the article at `index` as zip bytes. */
  async zip(
    index: number,
    given: BundleJob['given'],
    date: string,
    job: BundleJob,
  ): Promise<{ data: Uint8Array; files: number; qa: WorkerFolderBundle['qa'] }> {
    const request = {
      job: this.#nextJob++,
      kind: 'zip' as const,
      date,
      ...this.#withArticle(index, job, given),
    };
    const reply = await this.#worker(index).request(request);
    if (reply.ok && reply.kind === 'zip') return reply;
    throw new PirdError('internal', 'An export worker answered out of turn.');
  }

  /** Reads and indexes the articles `ids` in worker `worker` (a part of a parallel index build). */
  async indexShard(worker: number, ids: string[]): Promise<Extract<WorkerReply, { kind: 'index-shard' }>> {
    const reply = await this.#workers[worker]!.request({ job: this.#nextJob++, kind: 'index-shard', ids });
    if (reply.ok && reply.kind === 'index-shard') return reply;
    throw new PirdError('internal', 'An export worker answered out of turn.');
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
