import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ApiError,
  Article,
  GlossaryMatch,
  Lang,
  Segment,
  TmSuggestion,
} from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Icon } from '../../components/Icon.tsx';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { isolate, useFormat } from '../../i18n/useFormat.ts';
import { isTextField, shortcutFor, suggestionNumber } from '../../shortcuts.ts';
import { highlight } from '../search/SearchView.tsx';
import { ConcordanceSearch } from './ConcordanceSearch.tsx';
import { PairMeta } from './PairMeta.tsx';
import { insertIntoCell } from './insertText.ts';
import type { InsertMode } from './insertText.ts';
import { useCellLookup } from './useCellLookup.ts';
import type { ConcordanceRequest } from './useToolkitPanel.ts';

export interface ToolkitPanelProps {
  id: string;
  article: Article;
  /** The language columns shown, source first. */
  columns: readonly Lang[];
  /** The cell that last had the focus in the segment grid. */
  focusedCell: { segmentId: string; lang: Lang } | null;
  segmentLabel(segmentId: string): string;
  cellElement(segmentId: string, lang: Lang): HTMLTextAreaElement | undefined;
  /** The editor's own path for typed text (autosave), used where the browser cannot edit the cell. */
  onText(segment: Segment, lang: Lang, text: string): void;
  concordanceRequest: ConcordanceRequest | null;
  onClose(): void;
}

/**
 * The translator's toolkit beside the segment grid: translation-memory suggestions and glossary terms
 * for the cell being translated, and a concordance search. Not a modal: inserting puts the cursor back
 * in the cell. Every text carries its own language and direction; the frame follows the UI's.
 */
export function ToolkitPanel(props: ToolkitPanelProps) {
  const { t } = useTranslation();
  const { client } = useApp();
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);
  const { article, columns, focusedCell } = props;
  const sourceLang = article.sourceLang;

  // With the cursor in the source cell, the panel keeps the language last translated into.
  const [lastTarget, setLastTarget] = useState<Lang | null>(null);
  useEffect(() => {
    if (focusedCell && focusedCell.lang !== sourceLang) setLastTarget(focusedCell.lang);
  }, [focusedCell, sourceLang]);
  const segment = focusedCell ? article.segments.find((s) => s.id === focusedCell.segmentId) : undefined;
  const fallbackTarget =
    lastTarget !== null && lastTarget !== sourceLang && columns.includes(lastTarget)
      ? lastTarget
      : (columns.find((lang) => lang !== sourceLang) ?? null);
  const targetLang = focusedCell && focusedCell.lang !== sourceLang ? focusedCell.lang : fallbackTarget;

  const { lookup, loading } = useCellLookup(
    client,
    segment && targetLang
      ? {
          articleId: article.id,
          segmentId: segment.id,
          lang: targetLang,
          sourceText: segment.versions[sourceLang].text,
        }
      : null,
  );
  const suggestions = lookup?.tm?.suggestions ?? [];

  const insert = (text: string, mode: InsertMode) => {
    if (!segment || !targetLang) return;
    const cell = props.cellElement(segment.id, targetLang);
    if (!cell) return;
    insertIntoCell(cell, text, mode, (next) => props.onText(segment, targetLang, next));
  };

  // Ctrl+1..3 from the segment's cells or from the panel; the latest render's data, one listener.
  const latest = useRef({ insert, suggestions, segmentId: segment?.id });
  latest.current = { insert, suggestions, segmentId: segment?.id };
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const shortcut = shortcutFor(event, isTextField(event.target));
      if (shortcut?.id !== 'insertSuggestion') return;
      const active = document.activeElement;
      const inSegment =
        active instanceof HTMLTextAreaElement && active.dataset.segmentId === latest.current.segmentId;
      if (!inSegment && !panel.current?.contains(active)) return;
      event.preventDefault(); // also keeps the browser from switching tabs
      const suggestion = latest.current.suggestions[(suggestionNumber(event) ?? 0) - 1];
      if (suggestion) latest.current.insert(suggestion.target, 'replace');
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    // Esc in the panel goes back to the cell being translated, not back to the library.
    event.preventDefault();
    if (segment && targetLang) props.cellElement(segment.id, targetLang)?.focus();
  }

  return (
    <aside
      id={props.id}
      ref={panel}
      className="toolkit-panel"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      data-toolkit-panel=""
      data-testid="toolkit-panel"
    >
      <header className="toolkit-header">
        <h2 id={titleId}>{t('toolkit.title')}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={() => props.onClose()}
          aria-label={t('action.close')}
          title={t('action.close')}
          data-testid="toolkit-close"
        >
          <Icon name="close" />
        </button>
      </header>
      {segment && targetLang ? (
        <>
          <p className="toolkit-context" data-testid="toolkit-context" data-lang={targetLang}>
            {t('toolkit.context', {
              segment: isolate(props.segmentLabel(segment.id)),
              language: t(`languages.${targetLang}`),
            })}
          </p>
          <TmSection
            suggestions={suggestions}
            loading={loading}
            lookupFailed={lookup?.error ?? null}
            emptySource={segment.versions[sourceLang].text.trim() === ''}
            sourceLang={sourceLang}
            targetLang={targetLang}
            onInsert={(suggestion) => insert(suggestion.target, 'replace')}
          />
          <GlossarySection
            source={lookup?.glossary?.source ?? null}
            matches={lookup?.glossary?.matches ?? null}
            sourceLang={sourceLang}
            targetLang={targetLang}
            onInsert={(term) => insert(term, 'atCursor')}
          />
        </>
      ) : (
        <p className="muted toolkit-hint" data-testid="toolkit-no-cell">
          {t('toolkit.noCell')}
        </p>
      )}
      {targetLang ? <ConcordanceSearch targetLang={targetLang} request={props.concordanceRequest} /> : null}
    </aside>
  );
}

/** Keeps the caret in the cell when a panel button is clicked with the mouse. */
const keepCellFocus = (event: { preventDefault(): void }) => event.preventDefault();

function TmSection(props: {
  suggestions: readonly TmSuggestion[];
  loading: boolean;
  lookupFailed: ApiError | null;
  emptySource: boolean;
  sourceLang: Lang;
  targetLang: Lang;
  onInsert(suggestion: TmSuggestion): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const titleId = useId();
  const { suggestions, sourceLang, targetLang } = props;
  const status = props.emptySource
    ? t('toolkit.tm.noSource')
    : props.loading && suggestions.length === 0
      ? t('toolkit.tm.loading')
      : props.lookupFailed
        ? t('toolkit.error', { reason: t(`errors.${props.lookupFailed.code}`) })
        : suggestions.length === 0
          ? t('toolkit.tm.none')
          : t('toolkit.tm.differences');
  return (
    <section
      className="toolkit-section"
      aria-labelledby={titleId}
      aria-busy={props.loading}
      data-testid="tm-suggestions"
    >
      <h3 id={titleId}>{t('toolkit.tm.title')}</h3>
      <p className="toolkit-status" role="status">
        {status}
      </p>
      {suggestions.length > 0 ? (
        <ol className="toolkit-list">
          {suggestions.map((suggestion, index) => {
            const number = index + 1;
            const percent = format.number(suggestion.match / 100, { style: 'percent' });
            return (
              <li
                key={suggestionKey(suggestion)}
                className="toolkit-card tm-suggestion"
                data-testid="tm-suggestion"
                data-match={suggestion.match}
                data-from={suggestion.from}
              >
                <div className="tm-suggestion-head">
                  <span
                    className={suggestion.match === 100 ? 'tm-match exact' : 'tm-match'}
                    data-testid="tm-match"
                  >
                    {t('toolkit.tm.match', { percent })}
                  </span>
                  <button
                    type="button"
                    className="button small"
                    onMouseDown={keepCellFocus}
                    onClick={() => props.onInsert(suggestion)}
                    aria-label={t('toolkit.tm.insertNumbered', { number })}
                    aria-keyshortcuts={`Control+${number}`}
                    data-testid="tm-insert"
                  >
                    {t('toolkit.tm.insert')}
                    <kbd dir="ltr">{`Ctrl+${number}`}</kbd>
                  </button>
                </div>
                <p
                  className="toolkit-text tm-source"
                  lang={sourceLang}
                  dir={directionOf(sourceLang)}
                  style={{ fontFamily: contentFontFamily(sourceLang) }}
                  data-testid="tm-source"
                >
                  {highlight(suggestion.source, suggestion.diff.source)}
                </p>
                <p
                  className="toolkit-text toolkit-target"
                  lang={targetLang}
                  dir={directionOf(targetLang)}
                  style={{ fontFamily: contentFontFamily(targetLang) }}
                  data-testid="tm-target"
                >
                  {suggestion.target}
                </p>
                <PairMeta pair={suggestion} testId="tm-meta" />
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}

/** A library pair by its place; an imported one (offered once per text) by its texts. */
function suggestionKey(suggestion: TmSuggestion): string {
  return suggestion.from === 'imported'
    ? `imported\u0000${suggestion.source}\u0000${suggestion.target}`
    : `${suggestion.articleId}\u0000${suggestion.segmentId}`;
}

function GlossarySection(props: {
  /** The stored source text the matches were found in (null until the lookup answers). */
  source: string | null;
  matches: readonly GlossaryMatch[] | null;
  sourceLang: Lang;
  targetLang: Lang;
  onInsert(term: string): void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const { source, matches, sourceLang, targetLang } = props;
  const ranges = (matches ?? []).flatMap((match) => match.ranges);
  return (
    <section className="toolkit-section" aria-labelledby={titleId} data-testid="glossary-matches">
      <h3 id={titleId}>{t('toolkit.glossary.title')}</h3>
      {matches !== null && matches.length === 0 ? (
        <p className="toolkit-status muted">{t('toolkit.glossary.none')}</p>
      ) : null}
      {source !== null && matches !== null && matches.length > 0 ? (
        <>
          {/* A read-only copy of the source with the terms marked: a textarea cannot mark words. */}
          <div className="toolkit-source">
            <span className="field-label">{t('toolkit.source')}</span>
            <p
              className="toolkit-text"
              lang={sourceLang}
              dir={directionOf(sourceLang)}
              style={{ fontFamily: contentFontFamily(sourceLang) }}
              data-testid="glossary-source"
            >
              {highlight(source, mergeRanges(ranges))}
            </p>
          </div>
          <p className="field-hint">{t('toolkit.glossary.hint')}</p>
          <ul className="toolkit-list glossary-terms">
            {matches.map(({ entryId, term, translation, note }) => (
              <li key={entryId} className="glossary-term" data-testid="glossary-match">
                <span
                  className="glossary-source-term"
                  lang={sourceLang}
                  dir={directionOf(sourceLang)}
                  style={{ fontFamily: contentFontFamily(sourceLang) }}
                >
                  {term}
                </span>
                {translation ? (
                  <button
                    type="button"
                    className="button small glossary-insert"
                    onMouseDown={keepCellFocus}
                    onClick={() => props.onInsert(translation)}
                    aria-label={t('toolkit.glossary.insertTerm', { term: isolate(translation) })}
                    data-testid="glossary-insert"
                  >
                    <span
                      lang={targetLang}
                      dir={directionOf(targetLang)}
                      style={{ fontFamily: contentFontFamily(targetLang) }}
                    >
                      {translation}
                    </span>
                  </button>
                ) : (
                  <span className="muted">
                    {t('toolkit.glossary.noTranslation', { language: t(`languages.${targetLang}`) })}
                  </span>
                )}
                {note ? (
                  <span className="muted glossary-note" dir="auto">
                    {note}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Terms may overlap ("Kurdistan" inside "Kurdistan Regional Government"): one mark over both. */
function mergeRanges(ranges: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** The toolbar button's icon: an open book (the memory and the glossary). */
export function ToolkitIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path
        d="M12 6.5C10 5 7 4.5 4 5v13c3-.5 6 0 8 1.5M12 6.5C14 5 17 4.5 20 5v13c-3-.5-6 0-8 1.5M12 6.5v13"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
