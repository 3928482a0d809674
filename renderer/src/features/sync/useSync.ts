import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ApiError,
  EventPayload,
  PirdClient,
  SyncReport,
  SyncStatus,
} from '../../../../electron/core/contract';

/** How far the running round is (sync.progress): files from the shared folder merged, of those found. */
export type SyncProgress = EventPayload<'sync.progress'>;

/**
 * A round that reported nothing for this long is taken as over: its sync.finished was lost (the
 * event stream dropped), and the page must not show "syncing" or keep Sync now disabled forever.
 */
const SILENT_ROUND_MS = 90_000;

export interface SyncState {
  status: SyncStatus | null;
  /** True while a round runs: this page's Sync now, or a background round the shell reports. */
  syncing: boolean;
  /** How far the running round is, once the shell has said. */
  progress: SyncProgress | null;
  /** Why the last round failed; null once one succeeds. */
  lastError: ApiError | null;
  /** Bumped when a round rewrote local articles: open views reload what they show. */
  dataVersion: number;
  /** Sets the shared folder (null: sync off) when given, then runs one round if a folder is set. */
  syncNow: (sharedFolder?: string | null) => Promise<SyncReport | null>;
  refresh: () => Promise<void>;
}

/**
 * The sync state of the page. The shell syncs in the background (a round shortly after each change
 * and every minute) and reports each round as sync.* events; the page follows them and runs a
 * round itself only for Sync now (which joins a background round already running).
 */
export function useSync(client: PirdClient, reportError: (error: ApiError) => void): SyncState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [syncingHere, setSyncingHere] = useState(false);
  const [roundRunning, setRoundRunning] = useState(false);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [lastError, setLastError] = useState<ApiError | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const running = useRef(false);
  /** The last rounds applied: Sync now's answer and the round's event report the same round. */
  const appliedRounds = useRef<string[]>([]);

  const refresh = useCallback(async () => {
    const [result, open] = await Promise.all([
      client.invoke('sync.status', {}),
      client.invoke('conflicts.list', {}),
    ]);
    if (!result.ok) return;
    // sync.status counts conflicts as of the last round; the list also drops those resolved since.
    setStatus(open.ok ? { ...result.value, conflicts: open.value.conflicts.length } : result.value);
  }, [client]);

  const applyReport = useCallback((report: SyncReport) => {
    setLastError(null);
    const key = `${report.device} ${report.startedAt}`;
    if (appliedRounds.current.includes(key)) return;
    appliedRounds.current = [key, ...appliedRounds.current.slice(0, 7)];
    if (report.updated.length > 0) setDataVersion((n) => n + 1);
  }, []);

  const syncNow = useCallback(
    async (sharedFolder?: string | null): Promise<SyncReport | null> => {
      if (running.current) return null;
      running.current = true;
      setSyncingHere(true);
      try {
        let folder = status?.sharedFolder ?? null;
        if (sharedFolder !== undefined) {
          const set = await client.invoke('sync.setFolder', { sharedFolder });
          if (!set.ok) {
            reportError(set.error);
            return null;
          }
          setStatus(set.value);
          folder = set.value.sharedFolder;
        }
        if (!folder) return null;
        const result = await client.invoke('sync.run', {});
        if (!result.ok) {
          setLastError(result.error);
          reportError(result.error);
          return null;
        }
        applyReport(result.value);
        return result.value;
      } finally {
        await refresh();
        running.current = false;
        setSyncingHere(false);
      }
    },
    [client, refresh, reportError, applyReport, status?.sharedFolder],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // The shell's rounds (background ones and Sync now, from this page or another window).
  useEffect(() => {
    let silence: number | undefined;
    const roundOver = () => {
      window.clearTimeout(silence);
      setRoundRunning(false);
      setProgress(null);
    };
    const stillRunning = () => {
      window.clearTimeout(silence);
      silence = window.setTimeout(() => {
        roundOver();
        void refresh();
      }, SILENT_ROUND_MS);
    };
    const unsubscribe = client.subscribe((event) => {
      switch (event.name) {
        case 'sync.started':
          setRoundRunning(true);
          setProgress(null);
          stillRunning();
          break;
        case 'sync.progress':
          setRoundRunning(true);
          setProgress(event.payload);
          stillRunning();
          break;
        case 'sync.finished':
          roundOver();
          if (event.payload.ok) applyReport(event.payload.report);
          else setLastError(event.payload.error);
          void refresh();
          break;
        default:
          break;
      }
    });
    return () => {
      window.clearTimeout(silence);
      unsubscribe();
    };
  }, [client, refresh, applyReport]);

  const syncing = syncingHere || roundRunning;
  return useMemo(
    () => ({ status, syncing, progress, lastError, dataVersion, syncNow, refresh }),
    [status, syncing, progress, lastError, dataVersion, syncNow, refresh],
  );
}
