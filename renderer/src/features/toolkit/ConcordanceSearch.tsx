import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, ConcordanceResult, Lang } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';
import { highlight } from '../search/SearchView.tsx';
import { PairMeta } from './PairMeta.tsx';
import type { ConcordanceRequest } from './useToolkitPanel.ts';

/** Typing pauses this long before the memory is searched. */
const DEBOUNCE_MS = 250;
const ENTRY_LIMIT = 20;

export interface ConcordanceSearchProps {
  /** Past translations into this language are searched (the phrase may be in either other language). */
  targetLang: Lang;
  /** F3 in the editor: search for the selected text and put the cursor in the field. */
  request: ConcordanceRequest | null;
}

/** Searches the translation memory for a phrase: trusted pairs whose source holds it, phrase marked. */
export function ConcordanceSearch({ targetLang, request }: ConcordanceSearchProps) {
  const { t } = useTranslation();
  const { client } = useApp();
  const titleId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [phrase, setPhrase] = useState('');
  const [result, setResult] = useState<ConcordanceResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  const requests = useRef(0);

  // F3: the selection becomes the phrase (an empty selection keeps the phrase already there).
  const handledRequest = useRef(0);
  useEffect(() => {
    if (!request || request.serial === handledRequest.current) return;
    handledRequest.current = request.serial;
    if (request.phrase) setPhrase(request.phrase);
    input.current?.focus();
    input.current?.select();
  }, [request]);

  useEffect(() => {
    // Every change makes the answers already on their way stale.
    const run = ++requests.current;
    const trimmed = phrase.trim();
    if (!trimmed) {
      setResult(null);
      setError(null);
      setPending(false);
      return;
    }
    setPending(true);
    const timer = window.setTimeout(() => {
      void client
        .invoke('tm.concordance', { phrase: trimmed, targetLang, limit: ENTRY_LIMIT })
        .then((answer) => {
          if (run !== requests.current) return;
          setPending(false);
          setResult(answer.ok ? answer.value : null);
          setError(answer.ok ? null : answer.error);
        });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [client, phrase, targetLang]);

  const status = !phrase.trim()
    ? ''
    : pending
      ? t('toolkit.concordance.searching')
      : error
        ? t('toolkit.error', { reason: t(`errors.${error.code}`) })
        : result
          ? t('toolkit.concordance.count', { count: result.entries.length })
          : '';

  return (
    <section className="toolkit-section" aria-labelledby={titleId} data-testid="concordance">
      <h3 id={titleId}>{t('toolkit.concordance.title')}</h3>
      <form
        role="search"
        className="concordance-form"
        onSubmit={(event) => {
          event.preventDefault();
          setPhrase((current) => current.trim());
        }}
      >
        <label className="field">
          <span className="field-label">{t('toolkit.concordance.label')}</span>
          <input
            ref={input}
            type="search"
            value={phrase}
            dir="auto"
            maxLength={1000}
            aria-keyshortcuts="F3"
            placeholder={t('toolkit.concordance.placeholder')}
            onChange={(event) => setPhrase(event.target.value)}
            data-testid="concordance-input"
          />
        </label>
      </form>
      <p className="toolkit-status" role="status" data-testid="concordance-status">
        {status}
      </p>
      {result && !pending && result.entries.length > 0 ? (
        <ol className="toolkit-list concordance-entries">
          {result.entries.map((entry) => (
            <li
              key={
                entry.from === 'imported'
                  ? `imported\u0000${entry.sourceLang}\u0000${entry.source}\u0000${entry.target}`
                  : `${entry.articleId}\u0000${entry.segmentId}\u0000${entry.sourceLang}`
              }
              className="toolkit-card"
              data-testid="concordance-entry"
              data-source-lang={entry.sourceLang}
              data-from={entry.from}
            >
              <span className="chip">{t(`languages.${entry.sourceLang}`)}</span>
              <p
                className="toolkit-text"
                lang={entry.sourceLang}
                dir={directionOf(entry.sourceLang)}
                style={{ fontFamily: contentFontFamily(entry.sourceLang) }}
                data-testid="concordance-source"
              >
                {highlight(entry.source, entry.highlights)}
              </p>
              <p
                className="toolkit-text toolkit-target"
                lang={entry.targetLang}
                dir={directionOf(entry.targetLang)}
                style={{ fontFamily: contentFontFamily(entry.targetLang) }}
                data-testid="concordance-target"
              >
                {entry.target}
              </p>
              <PairMeta pair={entry} testId="concordance-meta" />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
