// The editor's "Interchange" button and dialog: this article's language pair as XLIFF 2.0 for a CAT
// tool (OmegaT, Trados), and the translated file back. The core checks the alignment and applies
// nothing unless every unit fits; the dialog shows what changed, or the core's reason for refusing.
import { useId, useMemo, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../electron/core/contract';
import type { ApiError, Article, Lang, XliffImportResult } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Icon } from '../../components/Icon.tsx';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { isolate } from '../../i18n/useFormat.ts';
import { segmentLabels } from '../editor/segmentLabels.ts';
import { downloadText, xliffArticleId } from './download.ts';
import {
  FileButton,
  InterchangeError,
  RefusedFile,
  Section,
  SummaryList,
  takeTextFile,
} from './InterchangeParts.tsx';

export interface InterchangeMenuProps {
  article: Article;
  /** Stores what is still being typed, so the export holds it and the import does not overwrite it later. */
  beforeRun: () => Promise<unknown>;
  /** The article as the import left it: the editor shows it at once. */
  onImported: (article: Article) => void;
}

const XLIFF_ACCEPT = '.xlf,.xliff,.xml,application/xliff+xml,application/xml,text/xml';

/** The last target chosen, per device: translators usually work into one language. */
const TARGET_STORAGE_KEY = 'pird.interchange.target';

function loadTarget(sourceLang: Lang): Lang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(TARGET_STORAGE_KEY);
  } catch {
    // storage disabled: fall back to the first other language
  }
  const saved = LANGUAGES.find((lang) => lang === stored);
  if (saved && saved !== sourceLang) return saved;
  return LANGUAGES.find((lang) => lang !== sourceLang) ?? 'ar';
}

function saveTarget(lang: Lang): void {
  try {
    localStorage.setItem(TARGET_STORAGE_KEY, lang);
  } catch {
    // not remembered; nothing else depends on it
  }
}

export function InterchangeMenu({ article, beforeRun, onImported }: InterchangeMenuProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        data-testid="interchange-open"
      >
        <InterchangeIcon />
        {t('interchange.button')}
      </button>
      {open ? (
        <InterchangeDialog
          article={article}
          beforeRun={beforeRun}
          onImported={onImported}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}

type ImportOutcome =
  | { kind: 'done'; fileName: string; result: XliffImportResult }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'otherArticle'; fileArticleId: string };

function InterchangeDialog({
  article,
  beforeRun,
  onImported,
  onClose,
}: InterchangeMenuProps & { onClose: () => void }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const targetId = useId();
  const sourceLang = article.sourceLang;
  const [target, setTarget] = useState<Lang>(() => loadTarget(sourceLang));
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const targets = LANGUAGES.filter((lang) => lang !== sourceLang);

  async function exportXliff() {
    setBusy('export');
    setExported(null);
    setExportError(null);
    await beforeRun();
    const result = await client.invoke('xliff.export', { id: article.id, sourceLang, targetLang: target });
    setBusy(null);
    if (!result.ok) {
      setExportError(result.error);
      return;
    }
    downloadText(result.value.fileName, result.value.content);
    setExported(result.value.fileName);
  }

  async function importXliff(event: ChangeEvent<HTMLInputElement>) {
    const file = await takeTextFile(event);
    if (!file) return;
    setOutcome(null);
    // The file names its article; an import in this editor must not quietly change another one.
    const fileArticleId = xliffArticleId(file.content);
    if (fileArticleId !== null && fileArticleId !== article.id) {
      setOutcome({ kind: 'otherArticle', fileArticleId });
      return;
    }
    setBusy('import');
    await beforeRun();
    const result = await client.invoke('xliff.import', { content: file.content });
    setBusy(null);
    if (!result.ok) {
      setOutcome({ kind: 'failed', error: result.error });
      return;
    }
    onImported(result.value.article);
    setOutcome({ kind: 'done', fileName: file.name, result: result.value });
  }

  return (
    <Dialog title={t('interchange.title')} onClose={onClose} className="interchange-dialog">
      <p className="muted">{t('interchange.intro')}</p>

      <Section title={t('interchange.exportTitle')} level={3} testId="xliff-export-section">
        <div className="interchange-row">
          <p className="interchange-pair">
            <span className="field-label">{t('editor.sourceLanguage')}</span>{' '}
            <span data-testid="xliff-source">{t(`languages.${sourceLang}`)}</span>
          </p>
          <label className="field inline" htmlFor={targetId}>
            <span className="field-label">{t('interchange.targetLanguage')}</span>
            <select
              id={targetId}
              value={target}
              onChange={(event) => {
                const lang = event.target.value as Lang;
                setTarget(lang);
                saveTarget(lang);
              }}
              data-testid="xliff-target"
            >
              {targets.map((lang) => (
                <option key={lang} value={lang}>
                  {t(`languages.${lang}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button primary"
            disabled={busy !== null}
            onClick={() => void exportXliff()}
            data-testid="xliff-export"
          >
            <Icon name="export" />
            {busy === 'export' ? t('interchange.exporting') : t('interchange.exportXliff')}
          </button>
        </div>
        <p className="status-line" role="status" data-testid="xliff-export-status">
          {exported ? t('interchange.downloaded', { file: isolate(exported) }) : ''}
        </p>
        {exportError ? (
          <InterchangeError
            title={t('interchange.exportFailed')}
            error={exportError}
            testId="xliff-export-error"
          />
        ) : null}
      </Section>

      <Section title={t('interchange.importTitle')} level={3} testId="xliff-import-section">
        <FileButton
          label={busy === 'import' ? t('interchange.importing') : t('interchange.importXliff')}
          hint={t('interchange.importHint')}
          accept={XLIFF_ACCEPT}
          busy={busy !== null}
          onChange={(event) => void importXliff(event)}
          testId="xliff-import-input"
        />
        <div aria-live="polite">
          {outcome?.kind === 'done' ? (
            <ImportSummary outcome={outcome} article={outcome.result.article} />
          ) : null}
        </div>
        {outcome?.kind === 'failed' ? (
          <InterchangeError
            title={t('interchange.notImported')}
            error={outcome.error}
            testId="xliff-import-error"
          />
        ) : null}
        {outcome?.kind === 'otherArticle' ? (
          <RefusedFile
            title={t('interchange.notImported')}
            message={t('interchange.otherArticle', { id: isolate(outcome.fileArticleId) })}
            code="other-article"
            testId="xliff-import-error"
          />
        ) : null}
      </Section>

      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
    </Dialog>
  );
}

/** Segments updated (each with its new status), and the ones the file did not hold (left alone). */
function ImportSummary({
  outcome,
  article,
}: {
  outcome: Extract<ImportOutcome, { kind: 'done' }>;
  article: Article;
}) {
  const { t } = useTranslation();
  const { result, fileName } = outcome;
  const labels = useMemo(() => segmentLabels(article.segments, t), [article, t]);
  const updated = new Set(result.updated);
  const changedRows = article.segments
    .map((segment, index) => ({ segment, label: labels[index] ?? segment.id }))
    .filter(({ segment }) => updated.has(segment.id));
  const targetLang = result.targetLang;
  return (
    <div className="interchange-result" data-testid="xliff-import-result">
      <p className="status-line">
        {t('interchange.imported', {
          file: isolate(fileName),
          source: t(`languages.${result.sourceLang}`),
          target: t(`languages.${targetLang}`),
        })}
      </p>
      <SummaryList
        testId="xliff-import-summary"
        rows={[
          { key: 'units', label: t('interchange.summary.units'), value: result.units },
          { key: 'updated', label: t('interchange.summary.updated'), value: result.updated.length },
          { key: 'missing', label: t('interchange.summary.missing'), value: result.missing.length },
        ]}
      />
      {changedRows.length > 0 ? (
        <ul className="interchange-changes" aria-label={t('interchange.summary.updated')}>
          {changedRows.map(({ segment, label }) => {
            const version = segment.versions[targetLang];
            return (
              <li key={segment.id} data-segment-id={segment.id}>
                <span className="interchange-change-label">{label}</span>
                <span className={`chip status-${version.status}`}>{t(`status.${version.status}`)}</span>
                <span
                  className="interchange-change-text"
                  lang={targetLang}
                  dir={directionOf(targetLang)}
                  style={{ fontFamily: contentFontFamily(targetLang) }}
                >
                  {version.text}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('interchange.nothingChanged')}</p>
      )}
      {result.missing.length > 0 ? <p className="field-hint">{t('interchange.missingHint')}</p> : null}
    </div>
  );
}

/** Two arrows passing each other, out to a CAT tool and back: it points both ways, so it never mirrors. */
function InterchangeIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path
        d="M4 8h13M13 4l4 4-4 4M20 16H7M11 12l-4 4 4 4"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
