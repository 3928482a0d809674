// What an export is asked and what it answers: shared by the Node exporter, the contract (and so
// the renderer) and the CLI. Types only.
import type { Lang } from '../model.ts';
import type { QaFinding, QaSummary } from '../qa/qa.ts';

export interface ExportRequest {
  ids?: string[];
  edition?: { date: string; desk?: string };
  /** Absolute path of the chosen folder (created when missing). */
  outDir: string;
  zip?: boolean;
  /** Export anyway despite QA errors (recorded in each manifest). */
  force?: boolean;
  langs?: Lang[];
  /** Publication date: YYYY-MM-DD or ISO 8601; default now. Fixed, it makes exports reproducible. */
  date?: string;
}

export interface ExportedBundle {
  articleId: string;
  slug: string;
  /** The folder or zip, relative to outDir. */
  name: string;
  path: string;
  kind: 'folder' | 'zip';
  /** True when an earlier bundle of the same article was replaced. */
  replaced: boolean;
  files: number;
  bytes: number;
  qa: QaSummary;
}

export interface ExportResult {
  /** 'blocked': QA found errors and force was not given; nothing was written. */
  status: 'exported' | 'blocked';
  outDir: string;
  date: string;
  languages: Lang[];
  bundles: ExportedBundle[];
  /** Path of edition.json for an edition export. */
  edition: string | null;
  qa: { summary: QaSummary; findings: QaFinding[] };
}
