import { useId } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QaFinding, QaRunResult } from '../../../../electron/core/contract';
import { Icon } from '../../components/Icon.tsx';
import { QaFindingList, QaSummaryText } from './QaFindingList.tsx';

export interface QaPanelProps {
  id: string;
  result: QaRunResult | null;
  running: boolean;
  /** The article changed since the result was computed. */
  stale: boolean;
  segmentLabel: (finding: QaFinding) => string;
  onRun: () => void;
  onClose: () => void;
  onSelect: (finding: QaFinding) => void;
  onStrip: (finding: QaFinding) => void;
}

/**
 * The editor's quality check: not a modal, so a click on a finding moves the focus into the segment
 * grid while the list stays in view. Esc inside it closes it (instead of leaving the editor).
 */
export function QaPanel(props: QaPanelProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const { result, running, stale } = props;

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.preventDefault(); // the editor's Esc (back to the library) skips prevented events
    props.onClose();
  }

  return (
    <aside
      id={props.id}
      className="qa-panel"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      data-testid="qa-panel"
      aria-busy={running}
    >
      <header className="qa-panel-header">
        <h2 id={titleId}>{t('qa.title')}</h2>
        <div className="qa-panel-tools">
          <button
            type="button"
            className="button small"
            onClick={props.onRun}
            disabled={running}
            data-testid="qa-run"
          >
            <Icon name="retry" />
            {t('qa.checkAgain')}
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={props.onClose}
            aria-label={t('action.close')}
            title={t('action.close')}
          >
            <Icon name="close" />
          </button>
        </div>
      </header>
      <div className="qa-panel-status" role="status" data-testid="qa-summary">
        {running ? (
          <span className="muted">{t('qa.running')}</span>
        ) : result ? (
          <QaSummaryText errors={result.summary.errors} warnings={result.summary.warnings} />
        ) : (
          <span className="muted">{t('qa.notRun')}</span>
        )}
      </div>
      {result && stale && !running ? (
        <p className="qa-stale" data-testid="qa-stale">
          {t('qa.stale')}
        </p>
      ) : null}
      <p className="field-hint">{t('qa.blockHint')}</p>
      {result && result.findings.length > 0 ? (
        <QaFindingList
          findings={result.findings}
          segmentLabel={props.segmentLabel}
          onSelect={props.onSelect}
          actions={(finding) =>
            finding.code === 'bidi-controls' ? (
              <button
                type="button"
                className="button small qa-fix"
                onClick={() => props.onStrip(finding)}
                data-testid="qa-strip"
              >
                {t('qa.stripCharacters')}
              </button>
            ) : null
          }
        />
      ) : null}
    </aside>
  );
}
