import { useTranslation } from 'react-i18next';
import type { TmPairOrigin } from '../../../../electron/core/contract';
import { isolate, useFormat } from '../../i18n/useFormat.ts';

export interface PairMetaProps {
  pair: TmPairOrigin & { changedBy: string | null; changedAt: string | null };
  testId?: string;
}

/**
 * Where a memory pair comes from, under it: the library translation's status (an imported pair
 * has none: that it was imported stands in its place), then who changed it and when, if known.
 */
export function PairMeta({ pair, testId }: PairMetaProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const statusName = pair.from === 'imported' ? t('toolkit.tm.imported') : t(`status.${pair.status}`);
  const when = pair.changedAt ? format.dateTime(pair.changedAt) : null;
  let text = statusName;
  if (when !== null)
    text = pair.changedBy
      ? t('toolkit.tm.checkedBy', { status: statusName, name: isolate(pair.changedBy), time: when })
      : t('toolkit.tm.checkedAt', { status: statusName, time: when });
  return (
    <p className="muted toolkit-meta" data-testid={testId}>
      {text}
    </p>
  );
}
