// Export: from the editor (this article) or the library (selected articles, or a whole edition).
// QA runs first; errors stop here with the report and "Export anyway" (bundle.export with force,
// which each manifest records); warnings inform. Then a progress bar fed by export.progress events
// and a summary of what was written where.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../electron/core/contract';
import type {
  ApiError,
  ArticleSummary,
  ExportResult,
  Lang,
  QaFinding,
  QaRunResult,
} from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Icon } from '../../components/Icon.tsx';
import { ChooseFolderButton } from '../desktop/ChooseFolderButton.tsx';
import { ShowInFolderButton } from '../desktop/ShowInFolderButton.tsx';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { QaFindingList, QaSummaryText } from '../qa/QaFindingList.tsx';
import { useSegmentLabels } from '../qa/useSegmentLabels.ts';
import { editionArticles, editionDesks, loadExportPrefs, looksAbsolute, saveExportPrefs } from './prefs.ts';

export type ExportScope =
  | { kind: 'articles'; ids: readonly string[] }
  | { kind: 'edition'; articles: readonly ArticleSummary[]; initialDate: string };

export interface ExportDialogProps {
  title: string;
  scope: ExportScope;
  /** What the articles scope is, in words ("This article, with its translations"); default: "N selected". */
  what?: string;
  headlineOf: (articleId: string) => { text: string; lang: Lang } | null;
  /** Stores what is still being typed (the editor's autosave) before QA reads the articles. */
  beforeRun?: () => Promise<unknown>;
  /** A click on a finding: go to its segment in the editor. */
  onFinding: (finding: QaFinding) => void;
  onClose: () => void;
}

type Phase =
  | { step: 'form' }
  | { step: 'checking' }
  | { step: 'report'; qa: QaRunResult; ids: string[] }
  | { step: 'exporting'; ids: string[] }
  | { step: 'done'; result: ExportResult; ids: string[]; forced: boolean };

/** A random id for one export (crypto.randomUUID needs a secure context; this does not). */
function newExportId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function ExportDialog(props: ExportDialogProps) {
  const { t } = useTranslation();
  const { client } = useApp();
  const { scope } = props;
  const [prefs] = useState(loadExportPrefs);
  const [outDir, setOutDir] = useState(prefs.outDir);
  const [zip, setZip] = useState(prefs.zip);
  const [langs, setLangs] = useState<Lang[]>(prefs.langs);
  const [date, setDate] = useState(scope.kind === 'edition' ? scope.initialDate : '');
  const [desk, setDesk] = useState('');
  const [phase, setPhase] = useState<Phase>({ step: 'form' });
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState<'outDir' | 'langs' | 'edition' | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  /** The id of this dialog's running export: progress events of any other export are not ours. */
  const runningExportId = useRef<string | null>(null);
  const phaseRef = useRef<HTMLDivElement>(null);
  const outDirHintId = useId();
  const outDirErrorId = useId();
  const outDirPathId = useId();

  const editionIds = useMemo(
    () => (scope.kind === 'edition' ? editionArticles(scope.articles, date, desk).map((a) => a.id) : []),
    [scope, date, desk],
  );
  const desks = useMemo(
    () => (scope.kind === 'edition' ? editionDesks(scope.articles, date) : []),
    [scope, date],
  );

  // Progress arrives as events while bundle.export runs; the stream is opened with the dialog so it
  // is connected before the first event.
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.name === 'export.progress' && event.payload.exportId === runningExportId.current)
          setProgress(event.payload);
      }),
    [client],
  );

  // Each step replaces the buttons that had the focus: move it to the new step's content.
  useEffect(() => {
    if (phase.step !== 'form') phaseRef.current?.focus();
  }, [phase.step]);

  function validate(): string[] | null {
    if (scope.kind === 'edition' && (date === '' || editionIds.length === 0)) {
      setInvalid('edition');
      return null;
    }
    if (!looksAbsolute(outDir)) {
      setInvalid('outDir');
      return null;
    }
    if (langs.length === 0) {
      setInvalid('langs');
      return null;
    }
    setInvalid(null);
    return scope.kind === 'edition' ? editionIds : [...scope.ids];
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    const ids = validate();
    if (!ids) return;
    setError(null);
    saveExportPrefs({ outDir: outDir.trim(), zip, langs });
    setPhase({ step: 'checking' });
    await props.beforeRun?.();
    const qa = await client.invoke('qa.run', { ids, langs });
    if (!qa.ok) {
      setError(qa.error);
      setPhase({ step: 'form' });
      return;
    }
    if (qa.value.summary.errors > 0) setPhase({ step: 'report', qa: qa.value, ids });
    else await write(ids, false);
  }

  async function write(ids: string[], force: boolean) {
    setProgress(null);
    const exportId = newExportId();
    runningExportId.current = exportId;
    setPhase({ step: 'exporting', ids });
    const result = await client.invoke('bundle.export', {
      exportId,
      ...(scope.kind === 'edition' ? { edition: { date, ...(desk ? { desk } : {}) } } : { ids }),
      outDir: outDir.trim(),
      langs,
      ...(zip ? { zip: true } : {}),
      ...(force ? { force: true } : {}),
    });
    runningExportId.current = null;
    if (!result.ok) {
      setError(result.error);
      setPhase({ step: 'form' });
    } else if (result.value.status === 'blocked') {
      // Errors appeared between the check and the export (another window, the CLI): report them.
      setPhase({ step: 'report', qa: result.value.qa, ids });
    } else {
      setPhase({ step: 'done', result: result.value, ids, forced: force });
    }
  }

  const headline = (articleId: string): ReactNode => {
    const found = props.headlineOf(articleId);
    if (!found) return <bdi>{articleId}</bdi>;
    return (
      <span
        lang={found.lang}
        dir={directionOf(found.lang)}
        style={{ fontFamily: contentFontFamily(found.lang) }}
      >
        {found.text}
      </span>
    );
  };

  let body: ReactNode;
  switch (phase.step) {
    case 'form':
      body = (
        <form className="form" onSubmit={(event) => void check(event)} noValidate data-testid="export-form">
          {scope.kind === 'articles' ? (
            <p className="export-what" data-testid="export-what">
              {props.what ?? t('library.selectedCount', { count: scope.ids.length })}
            </p>
          ) : (
            <div className="export-edition">
              <div className="form-row">
                <label className="field">
                  <span className="field-label">{t('article.editionDate')}</span>
                  <input
                    type="date"
                    value={date}
                    onChange={(event) => {
                      setDate(event.target.value);
                      setDesk('');
                    }}
                    aria-invalid={invalid === 'edition' || undefined}
                    data-testid="export-edition-date"
                  />
                </label>
                <label className="field">
                  <span className="field-label">{t('export.deskOptional')}</span>
                  <select
                    value={desk}
                    onChange={(event) => setDesk(event.target.value)}
                    data-testid="export-edition-desk"
                  >
                    <option value="">{t('library.allDesks')}</option>
                    {desks.map((name) => (
                      <option key={name} value={name}>
                        {name}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <p
                className={invalid === 'edition' ? 'field-error' : 'field-hint'}
                role={invalid === 'edition' ? 'alert' : undefined}
                data-testid="export-edition-count"
              >
                {t('export.editionCount', { count: editionIds.length })}
              </p>
            </div>
          )}

          <label className="field">
            <span className="field-label">{t('export.outDir')}</span>
            <input
              type="text"
              value={outDir}
              dir="ltr"
              spellCheck={false}
              autoComplete="off"
              className="path-input"
              aria-invalid={invalid === 'outDir' || undefined}
              aria-describedby={invalid === 'outDir' ? `${outDirHintId} ${outDirErrorId}` : outDirHintId}
              onChange={(event) => setOutDir(event.target.value)}
              data-testid="export-out-dir"
            />
            <span id={outDirHintId} className="field-hint">
              {t('export.outDirHint')}
            </span>
            {invalid === 'outDir' ? (
              <span id={outDirErrorId} className="field-error" role="alert">
                {t('export.outDirRequired')}
              </span>
            ) : null}
          </label>
          <ChooseFolderButton purpose="export" current={outDir} onChosen={setOutDir} />

          <fieldset className="check-group">
            <legend className="field-label">{t('export.languages')}</legend>
            {LANGUAGES.map((lang) => (
              <label key={lang} className="check">
                <input
                  type="checkbox"
                  checked={langs.includes(lang)}
                  onChange={(event) =>
                    setLangs((previous) =>
                      LANGUAGES.filter((l) => (l === lang ? event.target.checked : previous.includes(l))),
                    )
                  }
                  data-testid={`export-lang-${lang}`}
                />
                {t(`languages.${lang}`)}
              </label>
            ))}
            {invalid === 'langs' ? (
              <span className="field-error" role="alert">
                {t('export.languagesRequired')}
              </span>
            ) : null}
          </fieldset>

          <label className="check">
            <input
              type="checkbox"
              checked={zip}
              onChange={(event) => setZip(event.target.checked)}
              data-testid="export-zip"
            />
            {t('export.zip')}
          </label>

          {error ? (
            <div
              className="inline-error"
              role="alert"
              data-testid="export-error"
              data-error-code={error.code}
            >
              <p>
                <strong>{t('export.failed')}</strong> {t(`errors.${error.code}`)}
              </p>
              {error.message ? (
                <details>
                  <summary>{t('errors.details')}</summary>
                  <bdi className="technical">{error.message}</bdi>
                </details>
              ) : null}
            </div>
          ) : null}

          <div className="form-actions">
            <button type="button" className="button" onClick={props.onClose}>
              {t('action.cancel')}
            </button>
            <button type="submit" className="button primary" data-testid="export-submit">
              <Icon name="export" />
              {t('action.export')}
            </button>
          </div>
        </form>
      );
      break;
    case 'checking':
      body = (
        <p className="export-busy" role="status">
          {t('export.checking')}
        </p>
      );
      break;
    case 'report':
      body = (
        <ExportReport
          qa={phase.qa}
          multiple={new Set(phase.qa.findings.map((f) => f.articleId)).size > 1}
          headline={headline}
          onFinding={props.onFinding}
          actions={
            <div className="form-actions">
              <button type="button" className="button" onClick={props.onClose}>
                {t('action.cancel')}
              </button>
              <button
                type="button"
                className="button danger"
                onClick={() => void write(phase.ids, true)}
                data-testid="export-anyway"
              >
                {t('action.exportAnyway')}
              </button>
            </div>
          }
        />
      );
      break;
    case 'exporting': {
      const total = progress?.total ?? phase.ids.length;
      const done = Math.min(progress?.done ?? 0, total);
      body = (
        <div className="export-progress" data-testid="export-progress">
          <p role="status">{progress ? t('export.progress', { done, total }) : t('export.exporting')}</p>
          <div
            className="bar"
            role="progressbar"
            aria-label={t('export.exporting')}
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={done}
          >
            <div
              className="bar-fill"
              style={{ inlineSize: `${total > 0 ? Math.round((done / total) * 100) : 0}%` }}
            />
          </div>
        </div>
      );
      break;
    }
    case 'done': {
      const { result } = phase;
      const exported = new Set(result.bundles.map((b) => b.articleId));
      const skipped = phase.ids.filter((id) => !exported.has(id)).length;
      const warnings = result.qa.findings.filter((f) => f.severity === 'warning');
      body = (
        <div className="export-summary" data-testid="export-summary">
          <p className="export-done" role="status">
            <Icon name="check" />
            <strong>{t('export.done', { count: result.bundles.length })}</strong>
          </p>
          {phase.forced && result.qa.summary.errors > 0 ? (
            <p className="export-note" data-testid="export-overridden">
              {t('export.overridden')}
            </p>
          ) : null}
          <dl className="export-facts">
            <dt>{t('export.outDir')}</dt>
            <dd>
              <bdi dir="ltr" className="file-name" id={outDirPathId} data-testid="export-out-path">
                {result.outDir}
              </bdi>
              <CopyButton text={result.outDir} describedBy={outDirPathId} />
              <ShowInFolderButton path={result.outDir} name={result.outDir} />
            </dd>
            {result.edition ? (
              <>
                <dt>{t('export.editionFile')}</dt>
                <dd>
                  <bdi dir="ltr" className="file-name" data-testid="export-edition-file">
                    {result.edition}
                  </bdi>
                </dd>
              </>
            ) : null}
          </dl>
          <ul className="export-bundles" data-testid="export-bundles" aria-label={t('export.bundles')}>
            {result.bundles.map((bundle) => {
              const pathId = `${outDirPathId}-${bundle.slug}`;
              return (
                <li
                  key={bundle.path}
                  className="export-bundle"
                  data-testid="export-bundle"
                  data-article-id={bundle.articleId}
                  data-kind={bundle.kind}
                >
                  <div className="export-bundle-head">
                    <span className="export-bundle-title">{headline(bundle.articleId)}</span>
                    <span className="chip">{t(`export.kind.${bundle.kind}`)}</span>
                    {bundle.replaced ? <span className="muted small">{t('export.replaced')}</span> : null}
                  </div>
                  <div className="path-cell">
                    <bdi dir="ltr" className="file-name" id={pathId} data-testid="export-bundle-path">
                      {bundle.path}
                    </bdi>
                    <CopyButton text={bundle.path} describedBy={pathId} />
                    <ShowInFolderButton path={bundle.path} name={bundle.name} />
                  </div>
                </li>
              );
            })}
          </ul>
          <p className="muted" data-testid="export-skipped">
            {t('export.skipped', { count: skipped })}
          </p>
          {warnings.length > 0 ? (
            <details className="export-warnings">
              <summary>
                {t('qa.warningCount', { count: warnings.length })} — {t('export.warningsNote')}
              </summary>
              <WarningList findings={warnings} headline={headline} onFinding={props.onFinding} />
            </details>
          ) : null}
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              onClick={props.onClose}
              data-testid="export-close"
            >
              {t('action.close')}
            </button>
          </div>
        </div>
      );
      break;
    }
  }

  return (
    <Dialog title={props.title} onClose={props.onClose} className="export">
      <div
        ref={phaseRef}
        tabIndex={-1}
        className="export-phase"
        data-step={phase.step}
        data-testid="export-dialog"
      >
        {body}
      </div>
    </Dialog>
  );
}

function ExportReport({
  qa,
  multiple,
  headline,
  onFinding,
  actions,
}: {
  qa: QaRunResult;
  multiple: boolean;
  headline: (articleId: string) => ReactNode;
  onFinding: (finding: QaFinding) => void;
  actions: ReactNode;
}) {
  const { t } = useTranslation();
  const segmentLabel = useSegmentLabels(qa.findings);
  return (
    <div className="export-report" data-testid="export-report">
      <p className="export-blocked" role="alert">
        <strong>{t('export.blocked')}</strong>
      </p>
      <p className="qa-panel-status">
        <QaSummaryText errors={qa.summary.errors} warnings={qa.summary.warnings} />
      </p>
      <p className="field-hint">{t('export.blockedHint')}</p>
      <div className="export-findings">
        <QaFindingList
          findings={qa.findings}
          segmentLabel={segmentLabel}
          articleHeading={multiple ? headline : undefined}
          onSelect={onFinding}
        />
      </div>
      {actions}
    </div>
  );
}

function WarningList({
  findings,
  headline,
  onFinding,
}: {
  findings: readonly QaFinding[];
  headline: (articleId: string) => ReactNode;
  onFinding: (finding: QaFinding) => void;
}) {
  const segmentLabel = useSegmentLabels(findings);
  return (
    <QaFindingList
      findings={findings}
      segmentLabel={segmentLabel}
      articleHeading={new Set(findings.map((f) => f.articleId)).size > 1 ? headline : undefined}
      onSelect={onFinding}
    />
  );
}
