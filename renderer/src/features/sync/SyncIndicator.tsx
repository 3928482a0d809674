import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.ts';
import type { SyncState } from './useSync.ts';

/**
 * The header's sync state in words: syncing (with the files merged so far) or the last round,
 * changes waiting, conflicts, skipped files, and a warning when the last round failed.
 */
export function SyncIndicator({ sync }: { sync: SyncState }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { status, syncing, progress, lastError } = sync;
  if (!status?.sharedFolder) return null;
  const last = status.lastRound;
  const paused = last?.status === 'paused';
  const failed = lastError !== null && !syncing;
  const parts: string[] = [];
  if (syncing && progress?.phase === 'merging' && progress.total > 0)
    parts.push(t('sync.syncingFiles', { count: progress.total, done: progress.done }));
  else if (syncing) parts.push(t('sync.syncing'));
  else if (last) parts.push(t('sync.lastSynced', { time: format.dateTime(last.startedAt) }));
  else parts.push(t('sync.neverSynced'));
  if (status.pending > 0) parts.push(t('sync.changesWaitingCount', { count: status.pending }));
  if (status.conflicts > 0) parts.push(t('sync.conflictCount', { count: status.conflicts }));
  if (status.skipped.length > 0) parts.push(t('sync.filesSkippedCount', { count: status.skipped.length }));
  return (
    <p
      className={paused ? 'sync-indicator sync-paused' : 'sync-indicator'}
      role="status"
      title={t('sync.statusLabel')}
      data-testid="sync-indicator"
    >
      {paused ? (
        <span className="sync-warning" data-testid="sync-folder-missing">
          {t('sync.folderMissing')}
        </span>
      ) : null}
      {failed ? (
        <span className="sync-warning" data-testid="sync-failed" title={t(`errors.${lastError.code}`)}>
          {t('sync.roundFailed')}
        </span>
      ) : null}
      {parts.map((part, index) => (
        <span key={index} className="sync-part">
          {part}
        </span>
      ))}
    </p>
  );
}
