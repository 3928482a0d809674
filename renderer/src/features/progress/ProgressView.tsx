import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Lang,
  LanguageTotals,
  ProgressGroup,
  ProgressGroupBy,
  ProgressReport,
  Status,
} from '../../../../electron/core/contract';
import { LANGUAGES, STATUSES } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { isolate, useFormat } from '../../i18n/useFormat.ts';

const GROUP_BY: ProgressGroupBy[] = ['desk', 'edition'];

function doneWords(totals: LanguageTotals): number {
  const { byStatus } = totals.words;
  return byStatus.translated + byStatus.reviewed + byStatus.approved;
}

/**
 * Words and segments per language and status, per desk or per edition (progress.report). Every
 * count is written out in words ("1,234 words, 12 segments"), so nothing depends on colour.
 */
export function ProgressView() {
  const { t } = useTranslation();
  const format = useFormat();
  const { client, reportError, sync } = useApp();
  const [groupBy, setGroupBy] = useState<ProgressGroupBy>('desk');
  const [report, setReport] = useState<ProgressReport | null>(null);
  const dataVersion = sync.dataVersion;

  const load = useCallback(async () => {
    const result = await client.invoke('progress.report', { groupBy });
    if (result.ok) setReport(result.value);
    else reportError(result.error);
  }, [client, reportError, groupBy]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  function groupName(group: ProgressGroup): string {
    if (report?.groupBy === 'edition')
      return group.key === null ? t('progress.noEdition') : format.date(group.key);
    // A desk name may be Latin inside RTL chrome: isolated so it cannot reorder the heading.
    return group.key ? isolate(group.key) : t('progress.noDesk');
  }

  /** "1,234 words, 12 segments"; a dash when there are none, with the words for screen readers. */
  function cell(totals: LanguageTotals, status: Status) {
    const words = totals.words.byStatus[status];
    const segments = totals.segments.byStatus[status];
    const text = t('progress.cell', {
      words: t('progress.wordCount', { count: words }),
      segments: t('stats.segmentCount', { count: segments }),
    });
    if (words > 0 || segments > 0) return text;
    return (
      <>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{text}</span>
      </>
    );
  }

  function table(group: ProgressGroup, titleId: string) {
    return (
      <table className="simple-table progress-table" aria-labelledby={titleId} data-testid="progress-table">
        <thead>
          <tr>
            <th scope="col">{t('progress.language')}</th>
            <th scope="col">{t('progress.done')}</th>
            {STATUSES.map((status) => (
              <th scope="col" key={status}>
                {t(`status.${status}`)}
              </th>
            ))}
            <th scope="col">{t('status.needsUpdate')}</th>
          </tr>
        </thead>
        <tbody>
          {LANGUAGES.map((lang: Lang) => {
            const totals = group.languages[lang];
            // The share of segments done: words alone would call a half-empty translation finished.
            const { byStatus, total } = totals.segments;
            const doneSegments = byStatus.translated + byStatus.reviewed + byStatus.approved;
            const share = total === 0 ? 0 : doneSegments / total;
            return (
              <tr key={lang} data-lang={lang}>
                <th scope="row">{t(`languages.${lang}`)}</th>
                <td data-testid="progress-done">
                  {t('progress.doneSegments', {
                    done: doneSegments,
                    total: totals.segments.total,
                    percent: format.number(share, { style: 'percent', maximumFractionDigits: 0 }),
                    words: t('progress.wordCount', { count: doneWords(totals) }),
                  })}
                </td>
                {STATUSES.map((status) => (
                  <td key={status} data-status={status}>
                    {cell(totals, status)}
                  </td>
                ))}
                <td data-status="needsUpdate">{t('stats.segmentCount', { count: totals.needsUpdate })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );
  }

  const sections: { id: string; name: string; group: ProgressGroup }[] = report
    ? [
        ...report.groups.map((group, i) => ({ id: `progress-group-${i}`, name: groupName(group), group })),
        { id: 'progress-group-all', name: t('progress.all'), group: report.total },
      ]
    : [];

  return (
    <section
      className="trash-view progress-view"
      aria-labelledby="progress-title"
      data-testid="progress-view"
    >
      <h1 id="progress-title">{t('progress.title')}</h1>
      <p className="muted">{t('progress.intro')}</p>
      <fieldset className="progress-group-by">
        <legend>{t('progress.groupBy')}</legend>
        {GROUP_BY.map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="progress-group-by"
              value={option}
              checked={groupBy === option}
              onChange={() => setGroupBy(option)}
              data-testid={`progress-by-${option}`}
            />{' '}
            {option === 'desk' ? t('library.desk') : t('library.edition')}
          </label>
        ))}
      </fieldset>
      {report === null ? (
        <p className="muted">{t('progress.loading')}</p>
      ) : report.total.articles === 0 ? (
        <p className="muted">{t('progress.empty')}</p>
      ) : (
        sections.map(({ id, name, group }) => (
          <section
            key={id}
            className="progress-group"
            data-testid="progress-group"
            data-key={group.key ?? ''}
          >
            <h2 id={id}>{name}</h2>
            <p className="muted" data-testid="progress-group-count">
              {t('library.articleCount', { count: group.articles })}
            </p>
            {table(group, id)}
          </section>
        ))
      )}
    </section>
  );
}
