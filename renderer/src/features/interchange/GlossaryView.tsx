// The library's "Glossary & memory" page: the newsroom's glossary (listed, edited entry by entry,
// imported from CSV or TBX, exported as either) and the translation memory as TMX 1.4b for CAT
// tools. Imports merge: an entry that shares a term with one already there updates it, and an
// import deletes nothing; only the delete button on a row does, after asking.
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../electron/core/contract';
import type {
  ApiError,
  GlossaryEntry,
  GlossaryImportResult,
  ImportedTmCleared,
  ImportedTmSummary,
  Lang,
  TmxImportResult,
} from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Icon } from '../../components/Icon.tsx';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { isolate, useFormat } from '../../i18n/useFormat.ts';
import { downloadText } from './download.ts';
import { GlossaryEntryForm } from './GlossaryEntryForm.tsx';
import {
  FileButton,
  ImportedFile,
  InlineConfirm,
  InterchangeError,
  RefusedFile,
  Section,
  SummaryList,
  takeTextFile,
} from './InterchangeParts.tsx';

const GLOSSARY_ACCEPT = '.csv,.tbx,.xml,text/csv,application/x-tbx+xml,application/xml,text/xml';
const TMX_ACCEPT = '.tmx,.xml,application/x-tmx+xml,application/xml,text/xml';

/** The glossary format, from the file's extension: CSV and TBX cannot be told apart reliably otherwise. */
function glossaryFormatOf(fileName: string): 'csv' | 'tbx' | null {
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (/\.(tbx|xml)$/i.test(fileName)) return 'tbx';
  return null;
}

type Outcome<T> =
  | { kind: 'done'; fileName: string; result: T }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'badExtension'; fileName: string };

export function GlossaryView() {
  const { t } = useTranslation();
  const { client, reportError, sync } = useApp();
  const dataVersion = sync.dataVersion;
  const [entries, setEntries] = useState<GlossaryEntry[] | null>(null);

  const load = useCallback(async () => {
    const result = await client.invoke('glossary.list', {});
    if (result.ok) setEntries(result.value.entries);
    else reportError(result.error);
  }, [client, reportError]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  return (
    <div className="glossary-view" data-testid="glossary-view">
      <h1>{t('interchange.page.title')}</h1>
      <p className="muted">{t('interchange.page.intro')}</p>
      <GlossarySection entries={entries} onChanged={load} />
      <TmxSection />
    </div>
  );
}

function GlossarySection({
  entries,
  onChanged,
}: {
  entries: GlossaryEntry[] | null;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { client } = useApp();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome<GlossaryImportResult> | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const [filter, setFilter] = useState('');
  const tableTitleId = useId();
  /** The entry being edited ('new': one being added), or null. */
  const [editing, setEditing] = useState<GlossaryEntry | 'new' | null>(null);
  /** The entry whose deletion waits for a confirmation. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const [changed, setChanged] = useState<'saved' | 'deleted' | null>(null);
  const [removeError, setRemoveError] = useState<ApiError | null>(null);

  function edit(entry: GlossaryEntry | 'new') {
    setChanged(null);
    setConfirming(null);
    setRemoveError(null);
    setEditing(entry);
  }

  async function saved() {
    setEditing(null);
    setChanged('saved');
    await onChanged();
  }

  async function remove(id: string) {
    setRemoveError(null);
    const result = await client.invoke('glossary.remove', { id });
    setConfirming(null);
    if (!result.ok) {
      setRemoveError(result.error);
      return;
    }
    if (editing !== null && editing !== 'new' && editing.id === id) setEditing(null);
    setChanged('deleted');
    await onChanged();
  }

  async function importGlossary(event: ChangeEvent<HTMLInputElement>) {
    const file = await takeTextFile(event);
    if (!file) return;
    setOutcome(null);
    const fileFormat = glossaryFormatOf(file.name);
    if (fileFormat === null) {
      setOutcome({ kind: 'badExtension', fileName: file.name });
      return;
    }
    setBusy(true);
    const result = await client.invoke('glossary.import', { format: fileFormat, content: file.content });
    setBusy(false);
    if (!result.ok) {
      setOutcome({ kind: 'failed', error: result.error });
      return;
    }
    setOutcome({ kind: 'done', fileName: file.name, result: result.value });
    await onChanged();
  }

  async function exportGlossary(fileFormat: 'csv' | 'tbx') {
    setExported(null);
    setExportError(null);
    const result = await client.invoke('glossary.export', { format: fileFormat });
    if (!result.ok) {
      setExportError(result.error);
      return;
    }
    downloadText(result.value.fileName, result.value.content);
    setExported(result.value.fileName);
  }

  // A plain substring filter over every language's term and the note; the glossary is small.
  const shown = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    if (!entries || needle === '') return entries ?? [];
    return entries.filter((entry) =>
      [...Object.values(entry.terms), entry.note ?? ''].some((text) =>
        text.toLocaleLowerCase().includes(needle),
      ),
    );
  }, [entries, filter]);

  return (
    <Section title={t('interchange.glossary.title')} level={2} testId="glossary-section">
      <p className="muted">{t('interchange.glossary.intro')}</p>
      <div className="interchange-row" role="group" aria-label={t('interchange.glossary.title')}>
        <FileButton
          label={busy ? t('interchange.importing') : t('interchange.glossary.import')}
          hint={t('interchange.glossary.importHint')}
          accept={GLOSSARY_ACCEPT}
          busy={busy}
          onChange={(event) => void importGlossary(event)}
          testId="glossary-import-input"
        />
        <button
          type="button"
          className="button"
          onClick={() => edit('new')}
          disabled={editing === 'new'}
          data-testid="glossary-add"
        >
          <Icon name="plus" />
          {t('interchange.glossary.add')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void exportGlossary('csv')}
          data-testid="glossary-export-csv"
        >
          <Icon name="export" />
          {t('interchange.glossary.exportCsv')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => void exportGlossary('tbx')}
          data-testid="glossary-export-tbx"
        >
          <Icon name="export" />
          {t('interchange.glossary.exportTbx')}
        </button>
      </div>
      <p className="status-line" role="status" data-testid="glossary-export-status">
        {exported ? t('interchange.downloaded', { file: isolate(exported) }) : ''}
      </p>
      {exportError ? (
        <InterchangeError
          title={t('interchange.exportFailed')}
          error={exportError}
          testId="glossary-export-error"
        />
      ) : null}
      <div aria-live="polite">
        {outcome?.kind === 'done' ? (
          <ImportedFile
            fileName={outcome.fileName}
            testId="glossary-import"
            rows={[
              { key: 'entries', label: t('interchange.glossary.inFile'), value: outcome.result.entries },
              { key: 'added', label: t('interchange.glossary.added'), value: outcome.result.added },
              { key: 'updated', label: t('interchange.glossary.updated'), value: outcome.result.updated },
              { key: 'total', label: t('interchange.glossary.total'), value: outcome.result.total },
            ]}
          />
        ) : null}
      </div>
      {outcome?.kind === 'failed' ? (
        <InterchangeError
          title={t('interchange.notImported')}
          error={outcome.error}
          testId="glossary-import-error"
        />
      ) : null}
      {outcome?.kind === 'badExtension' ? (
        <RefusedFile
          title={t('interchange.notImported')}
          message={t('interchange.glossary.badExtension', { file: isolate(outcome.fileName) })}
          code="file-type"
          testId="glossary-import-error"
        />
      ) : null}

      {editing !== null ? (
        <GlossaryEntryForm
          key={editing === 'new' ? 'new' : editing.id}
          entry={editing === 'new' ? null : editing}
          onSaved={() => void saved()}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <p className="status-line" role="status" data-testid="glossary-change-status">
        {changed === 'saved'
          ? t('interchange.glossary.saved')
          : changed === 'deleted'
            ? t('interchange.glossary.deleted')
            : ''}
      </p>
      {removeError ? (
        <InterchangeError
          title={t('interchange.glossary.notDeleted')}
          error={removeError}
          testId="glossary-remove-error"
        />
      ) : null}

      <div className="glossary-table-head">
        <h3 id={tableTitleId}>
          {t('interchange.glossary.entries')}{' '}
          <span className="muted" data-testid="glossary-count">
            ({format.number(entries?.length ?? 0)})
          </span>
        </h3>
        <label className="field inline">
          <span className="field-label">{t('interchange.glossary.filter')}</span>
          <input
            type="search"
            dir="auto"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            data-testid="glossary-filter"
          />
        </label>
      </div>
      {entries === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted" data-testid="glossary-empty">
          {t('interchange.glossary.empty')}
        </p>
      ) : (
        <div className="table-scroll">
          <table
            className="simple-table glossary-table"
            aria-labelledby={tableTitleId}
            data-testid="glossary-table"
          >
            <thead>
              <tr>
                {LANGUAGES.map((lang) => (
                  <th scope="col" key={lang}>
                    {t(`languages.${lang}`)}
                  </th>
                ))}
                <th scope="col">{t('interchange.glossary.note')}</th>
                <th scope="col">{t('interchange.glossary.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => (
                <tr key={entry.id} data-entry-id={entry.id}>
                  {LANGUAGES.map((lang) => (
                    <TermCell key={lang} lang={lang} term={entry.terms[lang]} />
                  ))}
                  {/* A note's language is not recorded: the browser finds its direction from the text. */}
                  <td dir="auto" data-column="note">
                    {entry.note ?? ''}
                  </td>
                  <td className="glossary-actions">
                    {confirming === entry.id ? (
                      <InlineConfirm
                        question={t('interchange.glossary.confirmDelete')}
                        action={t('action.delete')}
                        onConfirm={() => void remove(entry.id)}
                        onCancel={() => setConfirming(null)}
                        small
                        className="glossary-confirm"
                        testId="glossary-confirm-delete"
                      />
                    ) : (
                      <span className="glossary-row-actions">
                        <button
                          type="button"
                          className="button small"
                          onClick={() => edit(entry)}
                          aria-label={t('interchange.glossary.editLabel', {
                            term: isolate(entryLabel(entry)),
                          })}
                          data-testid="glossary-edit"
                        >
                          {t('interchange.glossary.edit')}
                        </button>
                        <button
                          type="button"
                          className="button small"
                          onClick={() => {
                            setChanged(null);
                            setConfirming(entry.id);
                          }}
                          aria-label={t('interchange.glossary.deleteLabel', {
                            term: isolate(entryLabel(entry)),
                          })}
                          data-testid="glossary-delete"
                        >
                          <Icon name="trash" />
                          {t('action.delete')}
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 ? <p className="muted">{t('interchange.glossary.noMatch')}</p> : null}
        </div>
      )}
    </Section>
  );
}

/** An entry's name in labels: its first term, in the order en, ar, ckb. */
function entryLabel(entry: GlossaryEntry): string {
  for (const lang of LANGUAGES) {
    const term = entry.terms[lang];
    if (term !== undefined) return term;
  }
  return entry.id;
}

function TermCell({ lang, term }: { lang: Lang; term: string | undefined }) {
  const { t } = useTranslation();
  if (term === undefined)
    return (
      <td data-lang={lang}>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{t('interchange.glossary.noTerm')}</span>
      </td>
    );
  return (
    <td data-lang={lang} lang={lang} dir={directionOf(lang)} style={{ fontFamily: contentFontFamily(lang) }}>
      {term}
    </td>
  );
}

function TmxSection() {
  const { t } = useTranslation();
  const { client } = useApp();
  const sourceId = useId();
  const targetId = useId();
  const [sourceLang, setSourceLang] = useState<Lang>('en');
  const [targetLang, setTargetLang] = useState<Lang>('ar');
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [exported, setExported] = useState<{ fileName: string; units: number } | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<Outcome<TmxImportResult> | null>(null);
  const samePair = sourceLang === targetLang;
  const [imported, setImported] = useState<ImportedTmSummary | null>(null);
  /** Why the imported memory cannot be read (a damaged file): removing it sets the file aside. */
  const [importedError, setImportedError] = useState<ApiError | null>(null);
  const [confirmingClear, setConfirmingClear] = useState(false);
  const [cleared, setCleared] = useState<ImportedTmCleared | null>(null);
  const [clearError, setClearError] = useState<ApiError | null>(null);

  const loadImported = useCallback(async () => {
    const result = await client.invoke('tmx.imported', {});
    setImported(result.ok ? result.value : null);
    setImportedError(result.ok ? null : result.error);
  }, [client]);

  useEffect(() => {
    void loadImported();
  }, [loadImported]);

  async function clearImported() {
    setConfirmingClear(false);
    setClearError(null);
    const result = await client.invoke('tmx.clearImported', {});
    if (!result.ok) {
      setClearError(result.error);
      return;
    }
    setCleared(result.value);
    setOutcome(null);
    await loadImported();
  }

  async function exportTmx() {
    if (samePair) return;
    setBusy('export');
    setExported(null);
    setExportError(null);
    const result = await client.invoke('tmx.export', { sourceLang, targetLang });
    setBusy(null);
    if (!result.ok) {
      setExportError(result.error);
      return;
    }
    downloadText(result.value.fileName, result.value.content);
    setExported({ fileName: result.value.fileName, units: result.value.units });
  }

  async function importTmx(event: ChangeEvent<HTMLInputElement>) {
    const file = await takeTextFile(event);
    if (!file) return;
    setOutcome(null);
    setBusy('import');
    setCleared(null);
    const result = await client.invoke('tmx.import', { content: file.content });
    setBusy(null);
    setOutcome(
      result.ok
        ? { kind: 'done', fileName: file.name, result: result.value }
        : { kind: 'failed', error: result.error },
    );
    await loadImported();
  }

  const languageSelect = (
    id: string,
    label: string,
    value: Lang,
    onChange: (lang: Lang) => void,
    testId: string,
  ) => (
    <label className="field inline" htmlFor={id}>
      <span className="field-label">{label}</span>
      <select
        id={id}
        value={value}
        aria-invalid={samePair || undefined}
        onChange={(event) => onChange(event.target.value as Lang)}
        data-testid={testId}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang}>
            {t(`languages.${lang}`)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Section title={t('interchange.tmx.title')} level={2} testId="tmx-section">
      <p className="muted">{t('interchange.tmx.intro')}</p>
      <div className="interchange-row">
        {languageSelect(sourceId, t('editor.sourceLanguage'), sourceLang, setSourceLang, 'tmx-source')}
        {languageSelect(targetId, t('interchange.targetLanguage'), targetLang, setTargetLang, 'tmx-target')}
        <button
          type="button"
          className="button primary"
          disabled={samePair || busy !== null}
          onClick={() => void exportTmx()}
          data-testid="tmx-export"
        >
          <Icon name="export" />
          {busy === 'export' ? t('interchange.exporting') : t('interchange.tmx.export')}
        </button>
      </div>
      {samePair ? <p className="field-error">{t('interchange.tmx.samePair')}</p> : null}
      <div role="status" data-testid="tmx-export-status">
        {exported ? (
          <>
            <p className="status-line">{t('interchange.downloaded', { file: isolate(exported.fileName) })}</p>
            <SummaryList
              testId="tmx-export-summary"
              rows={[{ key: 'units', label: t('interchange.tmx.exportedPairs'), value: exported.units }]}
            />
            {exported.units === 0 ? (
              <p className="field-hint">{t('interchange.tmx.nothingTrusted')}</p>
            ) : null}
          </>
        ) : null}
      </div>
      {exportError ? (
        <InterchangeError
          title={t('interchange.exportFailed')}
          error={exportError}
          testId="tmx-export-error"
        />
      ) : null}

      <FileButton
        label={busy === 'import' ? t('interchange.importing') : t('interchange.tmx.import')}
        hint={t('interchange.tmx.importHint')}
        accept={TMX_ACCEPT}
        busy={busy !== null}
        onChange={(event) => void importTmx(event)}
        testId="tmx-import-input"
      />
      <div aria-live="polite">
        {outcome?.kind === 'done' ? (
          <ImportedFile
            fileName={outcome.fileName}
            testId="tmx-import"
            rows={[
              { key: 'units', label: t('interchange.tmx.inFile'), value: outcome.result.units },
              { key: 'added', label: t('interchange.tmx.added'), value: outcome.result.added },
              { key: 'total', label: t('interchange.tmx.total'), value: outcome.result.total },
            ]}
          />
        ) : null}
      </div>
      {outcome?.kind === 'failed' ? (
        <InterchangeError
          title={t('interchange.notImported')}
          error={outcome.error}
          testId="tmx-import-error"
        />
      ) : null}

      <h3 className="tmx-imported-title">{t('interchange.tmx.importedTitle')}</h3>
      <div data-testid="tmx-imported">
        {imported === null ? null : imported.total === 0 ? (
          <p className="muted" data-testid="tmx-imported-none">
            {t('interchange.tmx.importedNone')}
          </p>
        ) : (
          <SummaryList
            testId="tmx-imported-summary"
            rows={[
              { key: 'total', label: t('interchange.tmx.importedTotal'), value: imported.total },
              ...imported.pairs.map((pair) => ({
                key: `${pair.sourceLang}-${pair.targetLang}`,
                label: t('interchange.tmx.direction', {
                  source: t(`languages.${pair.sourceLang}`),
                  target: t(`languages.${pair.targetLang}`),
                }),
                value: pair.units,
              })),
            ]}
          />
        )}
      </div>
      {importedError ? (
        <InterchangeError
          title={t('interchange.tmx.importedUnreadable')}
          error={importedError}
          testId="tmx-imported-error"
        />
      ) : null}
      {(imported !== null && imported.total > 0) || importedError !== null ? (
        confirmingClear ? (
          <InlineConfirm
            question={t('interchange.tmx.confirmClear')}
            action={t('interchange.tmx.clear')}
            onConfirm={() => void clearImported()}
            onCancel={() => setConfirmingClear(false)}
            className="interchange-row"
            testId="tmx-confirm-clear"
          />
        ) : (
          <div className="interchange-row">
            <button
              type="button"
              className="button"
              onClick={() => {
                setCleared(null);
                setConfirmingClear(true);
              }}
              data-testid="tmx-clear"
            >
              <Icon name="trash" />
              {t('interchange.tmx.clear')}
            </button>
          </div>
        )
      ) : null}
      <p className="status-line" role="status" data-testid="tmx-clear-status">
        {cleared === null
          ? ''
          : cleared.setAside !== null
            ? t('interchange.tmx.setAside', { file: isolate(cleared.setAside) })
            : t('interchange.tmx.cleared')}
      </p>
      {clearError ? (
        <InterchangeError
          title={t('interchange.tmx.notCleared')}
          error={clearError}
          testId="tmx-clear-error"
        />
      ) : null}
    </Section>
  );
}
