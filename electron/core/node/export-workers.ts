// Worker threads for large exports. Reading, checking, rendering, hashing and writing thousands of
// files is CPU work; spread over the machine's cores it finishes sooner (on two cores, measured: a
// fifth to a quarter sooner, zips a third), and the export's own thread stays free to report
// progress and answer the UI.
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
import { Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';
import { PirdError } from '../errors.ts';
import type { ErrorCode } from '../contract.ts';
import type { LibrarySettings } from '../library-settings.ts';
import type { Article, Lang } from '../model.ts';
import type { QaFinding } from '../qa/qa.ts';
import type {
  BundleJob,
  WorkerError,
  WorkerReply,
  WorkerRequest,
  WorkerSetup,
} from './export-worker-protocol.ts';
import { WORKER_READY } from './export-worker-protocol.ts';

/** Below this many bundles a worker's start-up costs more than it saves. */
export const WORKER_MIN_BUNDLES = 12;

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
    this.#worker = new Worker(entry.script, { eval: entry.eval, workerData: setup });
    this.ready = new Promise<boolean>((resolve) => {
      this.#worker.once('message', (message: unknown) => resolve(message === WORKER_READY));
      this.#worker.once('error', () => resolve(false));
      this.#worker.once('exit', () => resolve(false));
    });
    this.#worker.on('message', (reply: WorkerReply | string) => {
      if (typeof reply === 'string') return;
      const settle = this.#pending.get(reply.job);
      this.#pending.delete(reply.job);
      if (reply.ok) settle?.resolve(reply);
      else settle?.reject(rebuildError(reply.error));
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

  async terminate(): Promise<void> {
    this.#failure ??= new PirdError('internal', 'The export is over.');
    await this.#worker.terminate();
  }
}

/** The bundle a worker wrote: a flushed temporary folder, ready to be renamed into place. */
export interface WorkerFolderBundle {
  temp: string;
  files: number;
  bytes: number;
  qa: Extract<WorkerReply, { kind: 'folder' }>['qa'];
}

export class ExportWorkerPool {
  readonly #workers: ExportWorker[];
  /** The positions whose article a worker holds (from its QA there). */
  readonly #held = new Set<number>();
  #nextJob = 1;

  private constructor(workers: ExportWorker[]) {
    this.#workers = workers;
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
    if (ready.every(Boolean)) return new ExportWorkerPool(workers);
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }

  get size(): number {
    return this.#workers.length;
  }

  #worker(index: number): ExportWorker {
    return this.#workers[index % this.#workers.length]!;
  }

  /**
   * Reads the article at `index` from its file and runs its QA, in its worker, which keeps it for
   * its bundle; gives the QA and the slug the article asks for.
   */
  async load(
    index: number,
    id: string,
    file: string,
    langs: Lang[],
    settings: LibrarySettings,
  ): Promise<{ findings: QaFinding[]; slug: string }> {
    const reply = await this.#worker(index).request({
      job: this.#nextJob++,
      kind: 'load',
      id,
      file,
      langs,
      settings,
    });
    this.#held.add(index);
    if (reply.ok && reply.kind === 'load') return { findings: reply.findings, slug: reply.slug };
    throw new PirdError('internal', 'An export worker answered out of turn.');
  }

  /** The QA of the article at `index`, read by the export; its worker keeps the article for its bundle. */
  async qa(index: number, article: Article, langs: Lang[], settings: LibrarySettings): Promise<QaFinding[]> {
    const reply = await this.#worker(index).request({
      job: this.#nextJob++,
      kind: 'qa',
      article,
      langs,
      settings,
    });
    this.#held.add(index);
    if (reply.ok && reply.kind === 'qa') return reply.findings;
    throw new PirdError('internal', 'An export worker answered out of turn.');
  }

  /** The job, with the article when its worker does not hold it. */
  #withArticle(index: number, job: BundleJob, article: Article | null): BundleJob {
    if (this.#held.delete(index)) return job;
    if (article === null) throw new PirdError('internal', `No export worker holds article ${job.articleId}.`);
    return { ...job, article };
  }

  /** Builds the bundle of the article at `index` and writes it, flushed, into a temporary folder in outDir. */
  async folder(
    index: number,
    article: Article | null,
    outDir: string,
    target: string,
    job: BundleJob,
  ): Promise<WorkerFolderBundle> {
    const request = {
      job: this.#nextJob++,
      kind: 'folder' as const,
      outDir,
      target,
      ...this.#withArticle(index, job, article),
    };
    const reply = await this.#worker(index).request(request);
    if (reply.ok && reply.kind === 'folder') return reply;
    throw new PirdError('internal', 'An export worker answered out of turn.');
  }

  /** Builds the bundle of the article at `index` as zip bytes. */
  async zip(
    index: number,
    article: Article | null,
    date: string,
    job: BundleJob,
  ): Promise<{ data: Uint8Array; files: number; qa: WorkerFolderBundle['qa'] }> {
    const request = {
      job: this.#nextJob++,
      kind: 'zip' as const,
      date,
      ...this.#withArticle(index, job, article),
    };
    const reply = await this.#worker(index).request(request);
    if (reply.ok && reply.kind === 'zip') return reply;
    throw new PirdError('internal', 'An export worker answered out of turn.');
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
