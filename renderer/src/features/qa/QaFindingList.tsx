import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { QaFinding } from '../../../../electron/core/contract';
import { useFormat } from '../../i18n/useFormat.ts';
import { byArticle, byLanguage, findingDetail } from './findings.ts';

export interface QaFindingListProps {
  findings: readonly QaFinding[];
  /** "Paragraph 4", "Headline"…; '' when the segment is not known (any more). */
  segmentLabel: (finding: QaFinding) => string;
  /** Several articles: group by article first, under this heading. */
  articleHeading?: (articleId: string) => ReactNode;
  /** A click on a finding: go to its segment and language. */
  onSelect: (finding: QaFinding) => void;
  /** Extra buttons beside a finding (the editor's "Strip characters"). */
  actions?: (finding: QaFinding) => ReactNode;
}

/** Findings per (article,) language and segment, each with its severity in words, not colour alone. */
export function QaFindingList({
  findings,
  segmentLabel,
  articleHeading,
  onSelect,
  actions,
}: QaFindingListProps) {
  const { t } = useTranslation();
  const format = useFormat();

  const languages = (list: readonly QaFinding[], nested: boolean) =>
    byLanguage(list).map(([lang, items]) => {
      const errors = items.filter((f) => f.severity === 'error').length;
      const warnings = items.length - errors;
      const Heading = nested ? 'h4' : 'h3';
      return (
        <section key={lang} className="qa-language" data-lang={lang}>
          <Heading className="qa-language-title">
            <span>{t(`languages.${lang}`)}</span>
            <span className="qa-counts muted">
              {errors > 0 ? t('qa.errorCount', { count: errors }) : null}
              {errors > 0 && warnings > 0 ? ' · ' : null}
              {warnings > 0 ? t('qa.warningCount', { count: warnings }) : null}
            </span>
          </Heading>
          <ul className="qa-findings">
            {items.map((finding, index) => {
              const detail = findingDetail(finding, t, format);
              const label = segmentLabel(finding);
              return (
                <li
                  key={`${finding.segmentId}-${finding.code}-${index}`}
                  className={`qa-finding severity-${finding.severity}`}
                  data-testid="qa-finding"
                  data-code={finding.code}
                  data-severity={finding.severity}
                  data-lang={finding.lang}
                  data-segment-id={finding.segmentId}
                  data-article-id={finding.articleId}
                >
                  <button
                    type="button"
                    className="qa-finding-main"
                    title={t('qa.goTo')}
                    onClick={() => onSelect(finding)}
                  >
                    <span className={`chip severity-chip severity-${finding.severity}`}>
                      {t(`qa.severity.${finding.severity}`)}
                    </span>
                    {label ? <span className="qa-where">{label}</span> : null}
                    <span className="qa-what">{t(`qa.code.${finding.code}`)}</span>
                    {detail ? <span className="qa-detail">{detail}</span> : null}
                  </button>
                  {actions ? actions(finding) : null}
                </li>
              );
            })}
          </ul>
        </section>
      );
    });

  if (!articleHeading) return <div className="qa-list">{languages(findings, false)}</div>;
  return (
    <div className="qa-list">
      {byArticle(findings).map(([articleId, items]) => (
        <section key={articleId} className="qa-article" data-article-id={articleId}>
          <h3 className="qa-article-title">{articleHeading(articleId)}</h3>
          {languages(items, true)}
        </section>
      ))}
    </div>
  );
}

/** "1 error · 2 warnings", or "No problems found". */
export function QaSummaryText({ errors, warnings }: { errors: number; warnings: number }) {
  const { t } = useTranslation();
  if (errors === 0 && warnings === 0) return <span>{t('qa.noFindings')}</span>;
  return (
    <span className="qa-summary-text">
      <span className={errors > 0 ? 'qa-error-count' : undefined}>
        {t('qa.errorCount', { count: errors })}
      </span>
      {' · '}
      <span>{t('qa.warningCount', { count: warnings })}</span>
    </span>
  );
}
