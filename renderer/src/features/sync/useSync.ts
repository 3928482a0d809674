import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, PirdClient, SyncReport, SyncStatus } from '../../../../electron/core/contract';

/** Background sync runs this often while a shared folder is set; the status is refreshed as often. */
export const SYNC_INTERVAL_MS = 60_000;

export interface SyncState {
  status: SyncStatus | null;
  syncing: boolean;
  /** Bumped when a round rewrote local articles: open views reload what they show. */
  dataVersion: number;
  /** Sets the shared folder (null: sync off) when given, then runs one round if a folder is set. */
  syncNow: (sharedFolder?: string | null) => Promise<SyncReport | null>;
  refresh: () => Promise<void>;
}

export function useSync(client: PirdClient, reportError: (error: ApiError) => void): SyncState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [dataVersion, setDataVersion] = useState(0);
  const running = useRef(false);

  const refresh = useCallback(async () => {
    const [result, open] = await Promise.all([
      client.invoke('sync.status', {}),
      client.invoke('conflicts.list', {}),
    ]);
    if (!result.ok) return;
    // sync.status counts conflicts as of the last round; the list also drops those resolved since.
    setStatus(open.ok ? { ...result.value, conflicts: open.value.conflicts.length } : result.value);
  }, [client]);

  const syncNow = useCallback(
    async (sharedFolder?: string | null): Promise<SyncReport | null> => {
      if (running.current) return null;
      running.current = true;
      setSyncing(true);
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
          reportError(result.error);
          return null;
        }
        if (result.value.updated.length > 0) setDataVersion((n) => n + 1);
        return result.value;
      } finally {
        await refresh();
        running.current = false;
        setSyncing(false);
      }
    },
    [client, refresh, reportError, status?.sharedFolder],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Every minute: a round in the background while a folder is set, else just the status.
  const tick = useRef(syncNow);
  useEffect(() => {
    tick.current = syncNow;
  }, [syncNow]);
  useEffect(() => {
    const timer = window.setInterval(() => void tick.current(), SYNC_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, []);

  return useMemo(
    () => ({ status, syncing, dataVersion, syncNow, refresh }),
    [status, syncing, dataVersion, syncNow, refresh],
  );
}
