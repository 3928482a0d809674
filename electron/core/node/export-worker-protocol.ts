// The messages between an export and its worker threads (export-workers.ts on the export's side,
// export-worker.ts in each thread). Everything here survives structured cloning: plain data only.
import type { ExportOptions } from '../export/document.ts';
import type { EmbeddedFont } from '../export/html.ts';
import type { LibrarySettings } from '../library-settings.ts';
import type { Article, Lang } from '../model.ts';
import type { QaFinding, QaSummary } from '../qa/qa.ts';

export interface WorkerSetup {
  fonts: EmbeddedFont[];
  /** The library: its article files and media/ are read by the workers. */
  libraryDir: string;
}

/** What a bundle job needs; the article itself only when the worker does not hold it already. */
export interface BundleJob {
  articleId: string;
  article?: Article;
  options: ExportOptions;
  findings: QaFinding[];
}

export type WorkerRequest =
  /** Read an article's file (kept for its bundle) and run its QA. */
  | { job: number; kind: 'load'; id: string; file: string; langs: Lang[]; settings: LibrarySettings }
  /** Run the QA of an article the export has read itself (kept for its bundle). */
  | { job: number; kind: 'qa'; article: Article; langs: Lang[]; settings: LibrarySettings }
  /** Build the bundle, write it into a new temporary folder in outDir and flush it to disk. */
  | ({ job: number; kind: 'folder'; outDir: string; target: string } & BundleJob)
  /** Build the bundle as zip bytes (the export writes them). */
  | ({ job: number; kind: 'zip'; date: string } & BundleJob);

/** An error as it crosses the thread: enough to rebuild the PirdError or the errno error. */
export interface WorkerError {
  message: string;
  /** An errno code (ENOSPC, EACCES, …) or a PirdError code, as `kind` says. */
  code?: string;
  kind: 'errno' | 'pird' | 'other';
}

export type WorkerReply =
  | { job: number; ok: true; kind: 'qa'; findings: QaFinding[] }
  /** `slug`: the bundle name the article asks for (bundleSlug), before the export makes it unique. */
  | { job: number; ok: true; kind: 'load'; findings: QaFinding[]; slug: string }
  | { job: number; ok: true; kind: 'folder'; temp: string; files: number; bytes: number; qa: QaSummary }
  | { job: number; ok: true; kind: 'zip'; data: Uint8Array; files: number; qa: QaSummary }
  | { job: number; ok: false; error: WorkerError };

/** The worker's first message, once its modules are loaded: the pool waits for it before counting on it. */
export const WORKER_READY = 'pird-export-worker-ready';
