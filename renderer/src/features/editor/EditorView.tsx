import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../electron/core/contract';
import type {
  ApiError,
  ApiResult,
  Article,
  Lang,
  MetaPatch,
  QaFinding,
  QaRunResult,
  Segment,
  Status,
} from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Icon } from '../../components/Icon.tsx';
import { currentUiLanguage } from '../../i18n/i18n.ts';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { isolate } from '../../i18n/useFormat.ts';
import { isTextField, shortcutFor } from '../../shortcuts.ts';
import { ExportDialog } from '../export/ExportDialog.tsx';
import { ImagesSection } from '../images/ImagesSection.tsx';
import { InterchangeMenu } from '../interchange/InterchangeMenu.tsx';
import { stripBidiControls } from '../qa/findings.ts';
import { QaPanel } from '../qa/QaPanel.tsx';
import { QaSummaryText } from '../qa/QaFindingList.tsx';
import { ToolkitIcon, ToolkitPanel } from '../toolkit/ToolkitPanel.tsx';
import { useToolkitPanel } from '../toolkit/useToolkitPanel.ts';
import { columnOrder, loadShownLanguages, saveShownLanguages } from './columns.ts';
import { MetaForm } from './MetaForm.tsx';
import { SaveQueue } from './saveQueue.ts';
import type { SaveState } from './saveQueue.ts';
import { segmentLabels } from './segmentLabels.ts';
import { SegmentRow } from './SegmentRow.tsx';

type Drafts = Record<string, Partial<Record<Lang, string>>>;
interface CellRef {
  segmentId: string;
  lang: Lang;
}

function cellKey(segmentId: string, lang: Lang): string {
  return `${segmentId}\u0000${lang}`;
}

interface EditorViewProps {
  articleId: string;
  /** A cell to open with the QA panel (a finding clicked in the library's export report). */
  focus?: CellRef | undefined;
}

export function EditorView({ articleId, focus }: EditorViewProps) {
  const { t } = useTranslation();
  const { client, reportError, navigate, setLeaveGuard, sync } = useApp();
  const dataVersion = sync.dataVersion;
  const [article, setArticle] = useState<Article | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [shown, setShown] = useState<Lang[]>(loadShownLanguages);
  const [lastCell, setLastCell] = useState<CellRef | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<{ segment: Segment; label: string } | null>(null);
  const [qaOpen, setQaOpen] = useState(false);
  const [qa, setQa] = useState<{ result: QaRunResult; revision: number } | null>(null);
  const [qaRunning, setQaRunning] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [confirmTrash, setConfirmTrash] = useState(false);
  // Segments of this article in a sync conflict, per language (marked in their cells).
  const [conflictLangs, setConflictLangs] = useState<ReadonlyMap<string, Lang[]>>(new Map());
  const openConflicts = sync.status?.conflicts ?? 0;
  useEffect(() => {
    let live = true;
    if (openConflicts === 0) {
      setConflictLangs(new Map());
      return;
    }
    void client.invoke('conflicts.list', {}).then((result) => {
      if (!live || !result.ok) return;
      const byId = new Map<string, Lang[]>();
      for (const conflict of result.value.conflicts) {
        if (conflict.articleId !== articleId) continue;
        byId.set(conflict.segmentId, [...(byId.get(conflict.segmentId) ?? []), conflict.lang]);
      }
      setConflictLangs(byId);
    });
    return () => {
      live = false;
    };
  }, [client, articleId, openConflicts, dataVersion]);
  const qaRun = useRef(0);
  const qaButton = useRef<HTMLButtonElement>(null);
  const qaPanelId = useId();
  const toolkit = useToolkitPanel();
  const toolkitPanelId = useId();
  const cells = useRef(new Map<string, HTMLTextAreaElement>());
  const articleRef = useRef<Article | null>(null);
  useEffect(() => {
    articleRef.current = article;
  }, [article]);

  const queue = useMemo(
    () =>
      new SaveQueue({
        onSaved(saved, job) {
          setArticle(saved);
          if (job.text === undefined) return;
          const [segmentId, lang] = job.key.split('\u0000') as [string, Lang];
          // Drop the draft only if the user has not typed on since this text was sent.
          setDrafts((previous) => {
            const row = previous[segmentId];
            if (!row || row[lang] !== job.text) return previous;
            const rest = { ...row };
            delete rest[lang];
            return { ...previous, [segmentId]: rest };
          });
        },
        onState(state, error) {
          setSaveState(state);
          setSaveError(error);
        },
      }),
    [],
  );

  useEffect(() => {
    let live = true;
    void client.invoke('articles.get', { id: articleId }).then((result) => {
      if (!live) return;
      if (result.ok) setArticle(result.value);
      else {
        setLoadError(result.error);
        reportError(result.error);
      }
    });
    return () => {
      live = false;
    };
    // A sync round that rewrote articles reloads this one; text being typed stays in the drafts.
  }, [client, articleId, reportError, dataVersion]);

  // Leaving the editor (library link, Escape, closing the window) first stores what was typed.
  useEffect(() => {
    setLeaveGuard(async () => {
      await queue.flush();
    });
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!queue.hasUnsaved()) return;
      void queue.flush();
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
      queue.dispose();
    };
  }, [queue, setLeaveGuard]);

  const columns = useMemo(() => (article ? columnOrder(shown, article.sourceLang) : []), [shown, article]);
  const labels = useMemo(() => (article ? segmentLabels(article.segments, t) : []), [article, t]);
  const labelById = useMemo(
    () => new Map((article?.segments ?? []).map((segment, index) => [segment.id, labels[index] ?? ''])),
    [article, labels],
  );

  const registerCell = useCallback((segmentId: string, lang: Lang, element: HTMLTextAreaElement | null) => {
    if (element) cells.current.set(cellKey(segmentId, lang), element);
    else cells.current.delete(cellKey(segmentId, lang));
  }, []);

  const focusCell = useCallback((segmentId: string, lang: Lang, caret?: number) => {
    const element = cells.current.get(cellKey(segmentId, lang));
    if (!element) return;
    element.focus();
    if (caret !== undefined) element.setSelectionRange(caret, caret);
  }, []);

  // After a structural change the cell to focus may not exist until React has rendered the new article.
  const [focusRequest, setFocusRequest] = useState<(CellRef & { caret?: number }) | null>(null);
  useEffect(() => {
    if (!focusRequest || !cells.current.has(cellKey(focusRequest.segmentId, focusRequest.lang))) return;
    focusCell(focusRequest.segmentId, focusRequest.lang, focusRequest.caret);
    setFocusRequest(null);
  }, [article, focusRequest, focusCell]);

  /** Focuses a segment's cell for a language, showing that language's column first if it is hidden. */
  const goToCell = useCallback((segmentId: string, lang: Lang) => {
    setShown((previous) => {
      if (previous.includes(lang)) return previous;
      const next = LANGUAGES.filter((l) => l === lang || previous.includes(l));
      saveShownLanguages(next);
      return next;
    });
    setFocusRequest({ segmentId, lang });
  }, []);

  /** QA of this article as stored, after what is being typed has been saved. */
  const runQa = useCallback(async () => {
    const run = ++qaRun.current;
    setQaRunning(true);
    await queue.flush();
    const result = await client.invoke('qa.run', { ids: [articleId] });
    if (run !== qaRun.current) return; // a newer check is on its way
    setQaRunning(false);
    if (!result.ok) {
      reportError(result.error);
      return;
    }
    setQa({ result: result.value, revision: articleRef.current?.revision ?? 0 });
  }, [client, articleId, queue, reportError]);

  const openQa = useCallback(() => {
    setQaOpen(true);
    void runQa();
  }, [runQa]);

  const closeQa = useCallback(() => {
    setQaOpen(false);
    qaButton.current?.focus();
  }, []);

  const onFinding = useCallback(
    (finding: QaFinding) => {
      if (finding.articleId === articleId) goToCell(finding.segmentId, finding.lang);
    },
    [articleId, goToCell],
  );
  const onText = useCallback(
    (segment: Segment, lang: Lang, text: string) => {
      setDrafts((previous) => ({ ...previous, [segment.id]: { ...previous[segment.id], [lang]: text } }));
      queue.schedule({
        key: cellKey(segment.id, lang),
        text,
        send: () => client.invoke('segments.setText', { articleId, segmentId: segment.id, lang, text }),
      });
    },
    [client, articleId, queue],
  );

  /** "Strip characters": removes only the bidi controls (never ZWNJ) from the text the cell shows. */
  const onStrip = useCallback(
    async (finding: QaFinding) => {
      const segment = articleRef.current?.segments.find((s) => s.id === finding.segmentId);
      if (!segment) return;
      const current = drafts[segment.id]?.[finding.lang] ?? segment.versions[finding.lang].text;
      const stripped = stripBidiControls(current);
      goToCell(segment.id, finding.lang);
      if (stripped !== current) onText(segment, finding.lang, stripped);
      await runQa();
    },
    [drafts, goToCell, onText, runQa],
  );

  // Arriving from a finding in the library's export report: the QA panel and that cell.
  const focusKey = focus ? cellKey(focus.segmentId, focus.lang) : null;
  const handledFocus = useRef<string | null>(null);
  useEffect(() => {
    if (!article || !focus || !focusKey || handledFocus.current === focusKey) return;
    handledFocus.current = focusKey;
    setQaOpen(true);
    void runQa();
    goToCell(focus.segmentId, focus.lang);
  }, [article, focus, focusKey, runQa, goToCell]);

  /** A structural change or status change: after pending text is stored; errors are shown. */
  const runChange = useCallback(
    async (operation: () => Promise<ApiResult<Article>>, retry?: () => void): Promise<Article | null> => {
      const result = await queue.run(operation);
      if (result.ok) return result.value;
      reportError(result.error, retry);
      return null;
    },
    [queue, reportError],
  );

  const onStatus = useCallback(
    (segment: Segment, lang: Lang, status: Status) => {
      void runChange(() =>
        client.invoke('segments.setStatus', { articleId, segmentId: segment.id, lang, status }),
      );
    },
    [client, articleId, runChange],
  );

  const onMeta = useCallback(
    (field: string, meta: MetaPatch, immediate: boolean) => {
      queue.schedule({
        key: `meta\u0000${field}`,
        send: () => client.invoke('articles.updateMeta', { id: articleId, meta }),
      });
      if (immediate) void queue.flush();
    },
    [client, articleId, queue],
  );

  const onFocusCell = useCallback((segment: Segment, lang: Lang) => {
    setLastCell((previous) =>
      previous?.segmentId === segment.id && previous.lang === lang
        ? previous
        : { segmentId: segment.id, lang },
    );
  }, []);

  const onBlurCell = useCallback(() => {
    void queue.flush();
  }, [queue]);

  const onInsertAfter = useCallback(
    async (segment: Segment) => {
      const updated = await runChange(() =>
        client.invoke('segments.insert', { articleId, afterSegmentId: segment.id, kind: 'paragraph' }),
      );
      const index = updated?.segments.findIndex((s) => s.id === segment.id) ?? -1;
      const inserted = updated?.segments[index + 1];
      const lang = lastCell?.lang ?? columns[0];
      if (inserted && lang) setFocusRequest({ segmentId: inserted.id, lang });
    },
    [client, articleId, runChange, columns, lastCell],
  );

  const onSplit = useCallback(
    async (segment: Segment) => {
      const lang = lastCell?.segmentId === segment.id ? lastCell.lang : null;
      const element = lang ? cells.current.get(cellKey(segment.id, lang)) : undefined;
      if (!lang || !element) return;
      const offset = element.selectionStart;
      const updated = await runChange(() =>
        client.invoke('segments.split', { articleId, segmentId: segment.id, offsets: { [lang]: offset } }),
      );
      const index = updated?.segments.findIndex((s) => s.id === segment.id) ?? -1;
      const second = updated?.segments[index + 1];
      if (second) setFocusRequest({ segmentId: second.id, lang, caret: 0 });
    },
    [client, articleId, runChange, lastCell],
  );

  const onMerge = useCallback(
    (segment: Segment) => {
      void runChange(() => client.invoke('segments.mergeWithNext', { articleId, segmentId: segment.id }));
    },
    [client, articleId, runChange],
  );

  const onMove = useCallback(
    async (segment: Segment, toIndex: number) => {
      await runChange(() => client.invoke('segments.move', { articleId, segmentId: segment.id, toIndex }));
      const lang = lastCell?.segmentId === segment.id ? lastCell.lang : undefined;
      if (lang) setFocusRequest({ segmentId: segment.id, lang });
    },
    [client, articleId, runChange, lastCell],
  );

  const deleteSegment = useCallback(
    async (segment: Segment) => {
      setConfirmDelete(null);
      // Its unsaved text is being deleted with it: do not send it first.
      setDrafts((previous) => {
        const rest = { ...previous };
        delete rest[segment.id];
        return rest;
      });
      await runChange(() => client.invoke('segments.delete', { articleId, segmentId: segment.id }));
    },
    [client, articleId, runChange],
  );

  /** After what was typed is stored: the article goes to the trash (on every device), back to the library. */
  const moveToTrash = useCallback(async () => {
    setConfirmTrash(false);
    await queue.flush();
    const result = await client.invoke('articles.delete', { id: articleId });
    if (!result.ok) {
      reportError(result.error);
      return;
    }
    navigate({ view: 'library' });
  }, [client, articleId, queue, reportError, navigate]);

  const setSourceLang = useCallback(
    (sourceLang: Lang) => {
      setShown((previous) => {
        const next = previous.includes(sourceLang)
          ? previous
          : LANGUAGES.filter((l) => l === sourceLang || previous.includes(l));
        saveShownLanguages(next);
        return next;
      });
      void runChange(() => client.invoke('articles.setSourceLang', { id: articleId, sourceLang }));
    },
    [client, articleId, runChange],
  );

  const toggleLanguage = useCallback((lang: Lang, visible: boolean) => {
    setShown((previous) => {
      const next = LANGUAGES.filter((l) => (l === lang ? visible : previous.includes(l)));
      if (next.length < 2) return previous;
      saveShownLanguages(next);
      return next;
    });
  }, []);

  // Keyboard: see shortcuts.ts (the help overlay lists the same table).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const shortcut = shortcutFor(event, isTextField(event.target));
      if (!shortcut || shortcut.id === 'help') return;
      const current = articleRef.current;
      if (!current) return;
      const active = document.activeElement;
      const focused: CellRef | null =
        active instanceof HTMLTextAreaElement && active.dataset.segmentId && active.dataset.lang
          ? { segmentId: active.dataset.segmentId, lang: active.dataset.lang as Lang }
          : null;
      const index = focused ? current.segments.findIndex((s) => s.id === focused.segmentId) : -1;
      const order = columnOrder(shown, current.sourceLang);
      const firstLang = order[0] ?? current.sourceLang;

      const focusSegment = (target: number, lang: Lang) => {
        const segment = current.segments[Math.max(0, Math.min(current.segments.length - 1, target))];
        if (segment) focusCell(segment.id, lang);
      };

      switch (shortcut.id) {
        case 'nextSegment':
        case 'previousSegment': {
          event.preventDefault();
          if (!focused) focusSegment(0, lastCell?.lang ?? firstLang);
          else focusSegment(index + (shortcut.id === 'nextSegment' ? 1 : -1), focused.lang);
          return;
        }
        case 'nextPane':
        case 'previousPane': {
          event.preventDefault();
          if (!focused) {
            focusSegment(0, firstLang);
            return;
          }
          const at = order.indexOf(focused.lang);
          const step = shortcut.id === 'nextPane' ? 1 : -1;
          const lang = order[(at + step + order.length) % order.length] ?? firstLang;
          focusCell(focused.segmentId, lang);
          return;
        }
        case 'markTranslated': {
          if (!focused) return;
          event.preventDefault();
          const { segmentId, lang } = focused;
          void runChange(() =>
            client.invoke('segments.setStatus', { articleId, segmentId, lang, status: 'translated' }),
          );
          focusSegment(index + 1, lang);
          return;
        }
        case 'saveNow':
          event.preventDefault();
          void queue.flush();
          return;
        case 'backToLibrary':
          event.preventDefault();
          navigate({ view: 'library' });
          return;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [shown, lastCell, focusCell, runChange, client, articleId, queue, navigate]);

  if (!article) {
    return (
      <div className="editor-loading">
        {loadError ? (
          <>
            <p>{t('editor.noArticle')}</p>
            <button type="button" className="button" onClick={() => navigate({ view: 'library' })}>
              <Icon name="back" />
              {t('nav.backToLibrary')}
            </button>
          </>
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
      </div>
    );
  }

  // Like the library: the headline in the UI language if it has text, else the source language's.
  const headlineSegment = article.segments.find((s) => s.kind === 'headline');
  const uiLang = currentUiLanguage();
  const titleLang = headlineSegment?.versions[uiLang].text.trim() ? uiLang : article.sourceLang;
  const title = headlineSegment?.versions[titleLang].text.trim() ?? '';

  return (
    <div className="editor" data-testid="editor">
      <div className="editor-top">
        <button
          type="button"
          className="button ghost back-button"
          onClick={() => navigate({ view: 'library' })}
        >
          <Icon name="back" />
          {t('nav.backToLibrary')}
        </button>
        <h1 className="editor-title">
          {title ? (
            <span
              lang={titleLang}
              dir={directionOf(titleLang)}
              style={{ fontFamily: contentFontFamily(titleLang) }}
            >
              {title}
            </span>
          ) : (
            t('editor.untitled')
          )}
        </h1>
        <span className="segment-count muted" data-testid="segment-count">
          {t('stats.segmentCount', { count: article.segments.length })}
        </span>
        <SaveIndicator state={saveState} error={saveError} onRetry={() => void queue.flush()} />
        <div className="editor-actions">
          <button
            type="button"
            ref={qaButton}
            className="button"
            aria-expanded={qaOpen}
            aria-controls={qaOpen ? qaPanelId : undefined}
            onClick={() => (qaOpen ? closeQa() : openQa())}
            data-testid="qa-open"
          >
            <Icon name="check" />
            {t('qa.title')}
          </button>
          <button
            type="button"
            ref={toolkit.toggleButton}
            className="button"
            aria-expanded={toolkit.open}
            aria-controls={toolkit.open ? toolkitPanelId : undefined}
            aria-keyshortcuts="Control+Shift+M"
            onClick={() => toolkit.setOpen(!toolkit.open)}
            data-testid="toolkit-toggle"
          >
            <ToolkitIcon />
            {t('toolkit.title')}
          </button>
          <button
            type="button"
            className="button primary"
            onClick={() => setExportOpen(true)}
            data-testid="export-open"
          >
            <Icon name="export" />
            {t('action.exportBundle')}
          </button>
          <InterchangeMenu article={article} beforeRun={() => queue.flush()} onImported={setArticle} />
          <button
            type="button"
            className="button"
            onClick={() => setConfirmTrash(true)}
            data-testid="move-to-trash"
          >
            <Icon name="trash" />
            {t('action.moveToTrash')}
          </button>
        </div>
      </div>

      <MetaForm article={article} onChange={onMeta} />

      <div className="column-chooser" role="group" aria-label={t('editor.languagesShown')}>
        <fieldset className="languages-shown">
          <legend>{t('editor.languagesShown')}</legend>
          {LANGUAGES.map((lang) => {
            const checked = shown.includes(lang) || lang === article.sourceLang;
            const locked = lang === article.sourceLang || (checked && shown.length <= 2);
            return (
              <label key={lang} className="check">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={locked}
                  onChange={(event) => toggleLanguage(lang, event.target.checked)}
                  data-testid={`show-${lang}`}
                />
                {t(`languages.${lang}`)}
              </label>
            );
          })}
          <span className="field-hint">{t('editor.languagesHint')}</span>
        </fieldset>
        <label className="field inline">
          <span className="field-label">{t('editor.sourceLanguage')}</span>
          <select
            value={article.sourceLang}
            onChange={(event) => setSourceLang(event.target.value as Lang)}
            data-testid="source-language"
          >
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang}>
                {t(`languages.${lang}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <div className={qaOpen || toolkit.open ? 'editor-body with-side' : 'editor-body'}>
        <div className={`segment-grid cols-${columns.length}`} data-testid="segment-grid">
          <div className="segment-row grid-header" aria-hidden="true">
            <div className="segment-label">{t('article.segment')}</div>
            {columns.map((lang) => (
              <div key={lang} className="column-header" data-lang={lang}>
                {t(`languages.${lang}`)}
                {lang === article.sourceLang ? (
                  <span className="chip source-chip">{t('editor.source')}</span>
                ) : null}
              </div>
            ))}
            <div className="segment-actions-header" />
          </div>
          {article.segments.map((segment, index) => (
            <SegmentRow
              key={segment.id}
              segment={segment}
              nextKind={article.segments[index + 1]?.kind ?? null}
              index={index}
              count={article.segments.length}
              label={labels[index] ?? ''}
              columns={columns}
              sourceLang={article.sourceLang}
              drafts={drafts[segment.id] ?? {}}
              conflictLangs={conflictLangs.get(segment.id)}
              onOpenConflicts={() => navigate({ view: 'conflicts' })}
              canSplit={lastCell?.segmentId === segment.id && columns.includes(lastCell.lang)}
              onText={onText}
              onBlurCell={onBlurCell}
              onStatus={onStatus}
              onFocusCell={onFocusCell}
              registerCell={registerCell}
              onInsertAfter={(s) => void onInsertAfter(s)}
              onSplit={(s) => void onSplit(s)}
              onMerge={onMerge}
              onMove={(s, to) => void onMove(s, to)}
              onDelete={(s, label) => setConfirmDelete({ segment: s, label })}
            />
          ))}
        </div>
        {/* The QA panel and the translator's toolkit share one side column (stacked when both are open). */}
        {qaOpen || toolkit.open ? (
          <div className="editor-side">
            {qaOpen ? (
              <QaPanel
                id={qaPanelId}
                result={qa?.result ?? null}
                running={qaRunning}
                stale={qa !== null && article.revision !== qa.revision}
                segmentLabel={(finding) => labelById.get(finding.segmentId) ?? ''}
                onRun={() => void runQa()}
                onClose={closeQa}
                onSelect={onFinding}
                onStrip={(finding) => void onStrip(finding)}
              />
            ) : null}
            {toolkit.open ? (
              <ToolkitPanel
                id={toolkitPanelId}
                article={article}
                columns={columns}
                focusedCell={lastCell}
                segmentLabel={(segmentId) => labelById.get(segmentId) ?? ''}
                cellElement={(segmentId, lang) => cells.current.get(cellKey(segmentId, lang))}
                onText={onText}
                concordanceRequest={toolkit.concordanceRequest}
                onClose={() => toolkit.setOpen(false)}
              />
            ) : null}
          </div>
        ) : null}
      </div>

      <ImagesSection
        article={article}
        columns={columns}
        onSaved={setArticle}
        registerAltField={registerCell}
      />

      <div className="editor-statusbar" role="group" aria-label={t('editor.statusBar')}>
        <button
          type="button"
          className="status-button"
          aria-expanded={qaOpen}
          aria-controls={qaOpen ? qaPanelId : undefined}
          onClick={openQa}
          data-testid="qa-status"
          data-errors={qa?.result.summary.errors}
        >
          <Icon name="check" />
          <span>{t('qa.title')}:</span>{' '}
          {qaRunning ? (
            t('qa.running')
          ) : qa ? (
            <QaSummaryText errors={qa.result.summary.errors} warnings={qa.result.summary.warnings} />
          ) : (
            t('qa.notRun')
          )}
        </button>
      </div>

      {exportOpen ? (
        <ExportDialog
          title={t('action.exportBundle')}
          scope={{ kind: 'articles', ids: [articleId] }}
          what={t('export.thisArticle')}
          headlineOf={() => (title ? { text: title, lang: titleLang } : null)}
          beforeRun={() => queue.flush()}
          onFinding={(finding) => {
            setExportOpen(false);
            setQaOpen(true);
            void runQa();
            onFinding(finding);
          }}
          onClose={() => setExportOpen(false)}
        />
      ) : null}

      {confirmTrash ? (
        <Dialog title={t('trash.confirmTitle')} onClose={() => setConfirmTrash(false)} className="confirm">
          <p>{t('trash.confirmText', { headline: isolate(title || t('editor.untitled')) })}</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setConfirmTrash(false)}>
              {t('action.cancel')}
            </button>
            <button
              type="button"
              className="button danger"
              onClick={() => void moveToTrash()}
              data-testid="confirm-trash"
            >
              {t('action.moveToTrash')}
            </button>
          </div>
        </Dialog>
      ) : null}
      {confirmDelete ? (
        <Dialog
          title={t('editor.confirmDeleteTitle')}
          onClose={() => setConfirmDelete(null)}
          className="confirm"
        >
          <p>{t('editor.confirmDeleteText', { segment: isolate(confirmDelete.label) })}</p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setConfirmDelete(null)}>
              {t('action.cancel')}
            </button>
            <button
              type="button"
              className="button danger"
              onClick={() => void deleteSegment(confirmDelete.segment)}
              data-testid="confirm-delete"
            >
              {t('action.delete')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

function SaveIndicator({
  state,
  error,
  onRetry,
}: {
  state: SaveState;
  error: ApiError | null;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div
      className={`save-indicator save-${state}`}
      role="status"
      aria-label={t('editor.saveState')}
      data-testid="save-state"
      data-state={state}
    >
      {state === 'pending' || state === 'saving' ? <span>{t('action.saving')}</span> : null}
      {state === 'saved' ? <span>{t('action.saved')}</span> : null}
      {state === 'error' ? (
        <>
          <span className="save-failed">{t('msg.saveFailed')}</span>
          {error ? <span className="save-error-detail">{t(`errors.${error.code}`)}</span> : null}
          <button type="button" className="button small" onClick={onRetry}>
            <Icon name="retry" />
            {t('action.retry')}
          </button>
        </>
      ) : null}
    </div>
  );
}
