// The messages between an export and its worker threads (export-workers.ts on the export's side,
// export-worker.ts in each thread). Everything here survives structured cloning: plain data only.
// The export sends one WorkerRequest per message; a worker sends WORKER_READY once, then arrays of
// WorkerReply: the replies to every request it handled since its last message.
import type { ExportOptions } from '../export/document.ts';
import type { EmbeddedFont } from '../export/html.ts';
import type { LibrarySettings } from '../library-settings.ts';
import type { Article, Lang } from '../model.ts';
import type { QaFinding, QaSummary } from '../qa/qa.ts';
import type { IndexShard } from '../search/search-index.ts';
import type { FileIdentity } from './library-index.ts';

export interface WorkerSetup {
  fonts: EmbeddedFont[];
  /** The library: its article files and media/ are read by the workers. */
  libraryDir: string;
}

/** What a bundle job needs; the article and its QA only when the worker does not hold them already. */
export interface BundleJob {
  articleId: string;
  options: ExportOptions;
  given?: { article: Article; findings: QaFinding[] };
}

/** An article for a worker to read: its position in the export, its id and its file. */
export interface ArticleToLoad {
  index: number;
  id: string;
  file: string;
}

export type WorkerRequest =
  /**
   * Read articles' files and run their QA (both kept for their bundles). Many to a message: one
   * message per article costs more than the QA of a short article on a loaded machine.
   */
  | { job: number; kind: 'load'; articles: ArticleToLoad[]; langs: Lang[]; settings: LibrarySettings }
  /**
   * Build the bundle and write it into a new temporary folder in outDir, then rename it to target,
   * unless it replaces a bundle there (the export does that, keeping the old one aside meanwhile).
   */
  | ({ job: number; kind: 'folder'; outDir: string; target: string; replace: boolean } & BundleJob)
  /** Build the bundle as zip bytes (the export writes them). */
  | ({ job: number; kind: 'zip'; date: string } & BundleJob)
  /** The export is over: drop the articles still held (the worker may serve another export). */
  | { job: number; kind: 'forget' }
  /** Read these articles and index them: a part of a search index built in parallel. */
  | { job: number; kind: 'index-shard'; ids: string[] };

/** An article read and checked by a worker: its QA, and the bundle name it asks for (bundleSlug). */
export interface LoadedArticle {
  findings: QaFinding[];
  slug: string;
}

/** An error as it crosses the thread: enough to rebuild the PirdError or the errno error. */
export interface WorkerError {
  message: string;
  /** An errno code (ENOSPC, EACCES, …) or a PirdError code, as `kind` says. */
  code?: string;
  kind: 'errno' | 'pird' | 'other';
}

export type WorkerReply =
  /** Per article, in the order asked; each slug is made unique by the export. */
  | { job: number; ok: true; kind: 'load'; loaded: LoadedArticle[] }
  | {
      job: number;
      ok: true;
      kind: 'folder';
      /** The temporary folder, or null when the bundle is in place already. */
      temp: string | null;
      files: number;
      bytes: number;
      qa: QaSummary;
    }
  | { job: number; ok: true; kind: 'zip'; data: Uint8Array; files: number; qa: QaSummary }
  | { job: number; ok: true; kind: 'forget' }
  /** The part, and the identity of every file read (articles that cannot be used included). */
  | { job: number; ok: true; kind: 'index-shard'; shard: IndexShard; identities: [string, FileIdentity][] }
  | { job: number; ok: false; error: WorkerError };

/** The worker's first message, once its modules are loaded: the pool waits for it before counting on it. */
export const WORKER_READY = 'pird-export-worker-ready';
