// What sync reports to the shells (the contract's results for sync.*, conflicts.*): plain data.
import type { Lang, SegmentKind, Status } from '../model.ts';

/** A file of the shared folder that was not read this round, and why (it is retried next round). */
export interface SkippedFile {
  /** Relative to the shared folder, e.g. `devices/d-abc…/changes-….json`. */
  file: string;
  reason: string;
}

/** One sync round. */
export interface SyncReport {
  /** 'paused': the shared folder is missing, unmounted or emptied; nothing was changed anywhere. */
  status: 'synced' | 'paused';
  warning: string | null;
  device: string;
  sharedFolder: string;
  startedAt: string;
  durationMs: number;
  sent: { files: number; changes: number };
  received: { files: number; changes: number };
  /** Articles this round rewrote in the local library (merged, deleted to the trash or restored). */
  updated: string[];
  /** Open conflicts after the round, and how many of them are new. */
  conflicts: number;
  newConflicts: number;
  skipped: SkippedFile[];
  /** True when this device compacted its history into a snapshot. */
  compacted: boolean;
}

export interface SyncStatus {
  sharedFolder: string | null;
  device: string | null;
  lastRound: SyncReport | null;
  /** Articles changed here since the last round (waiting to go out). */
  pending: number;
  conflicts: number;
  /** Files the last round could not read. */
  skipped: SkippedFile[];
}

export interface ConflictVersion {
  /** Stable everywhere: `<device>@<clock stamp>`. */
  id: string;
  device: string;
  deviceName: string;
  author: string | null;
  changedAt: string | null;
  hlc: string;
  text: string;
  status: Status;
  /** The version the library shows until the conflict is resolved. */
  shown: boolean;
}

export interface SegmentConflict {
  articleId: string;
  headline: string;
  segmentId: string;
  segmentKind: SegmentKind;
  lang: Lang;
  versions: ConflictVersion[];
}

export interface ConflictList {
  conflicts: SegmentConflict[];
}
