import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Lang,
  SearchGroup,
  SearchHit,
  SearchResult,
  TextRange,
} from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { currentUiLanguage } from '../../i18n/i18n.ts';
import { contentFontFamily, directionOf } from '../../i18n/languages.ts';

/** Typing pauses this long before a query is sent. */
const DEBOUNCE_MS = 200;
const RESULT_LIMIT = 50;

/**
 * The stored text with the given ranges wrapped in <mark>. Ranges are UTF-16 offsets into the original
 * text (ZWNJ and all), so slicing never re-normalises what the translator typed.
 */
export function highlight(text: string, ranges: readonly TextRange[]): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, Math.min(range.start, text.length));
    const end = Math.max(start, Math.min(range.end, text.length));
    if (start > at) parts.push(text.slice(at, start));
    if (end > start) parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

function groupHeadline(group: SearchGroup, uiLang: Lang): { text: string; lang: Lang } | null {
  for (const lang of [uiLang, 'en', 'ar', 'ckb'] as const) {
    const text = group.headline[lang]?.trim();
    if (text) return { text, lang };
  }
  return null;
}

export function SearchView({ query }: { query: string }) {
  const { t } = useTranslation();
  const { client, reportError, navigate } = useApp();
  const uiLang = currentUiLanguage();
  const [result, setResult] = useState<SearchResult | null>(null);
  const [pending, setPending] = useState(false);
  const requests = useRef(0);

  useEffect(() => {
    // Every change of the query makes older answers stale, even those already on their way.
    const request = ++requests.current;
    const trimmed = query.trim();
    if (!trimmed) {
      setResult(null);
      setPending(false);
      return;
    }
    setPending(true);
    const timer = window.setTimeout(() => {
      void client.invoke('search.query', { query: trimmed, limit: RESULT_LIMIT }).then((answer) => {
        if (request !== requests.current) return;
        setPending(false);
        if (answer.ok) setResult(answer.value);
        else reportError(answer.error);
      });
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [client, query, reportError]);

  const open = (group: SearchGroup, hit: SearchHit) =>
    navigate({
      view: 'editor',
      articleId: group.articleId,
      focus: { segmentId: hit.segmentId, lang: hit.lang },
    });

  return (
    <section className="search-view" aria-labelledby="search-title" data-testid="search-view">
      <h1 id="search-title">{t('search.title')}</h1>
      <p className="status-line" role="status" data-testid="search-status">
        {!query.trim()
          ? t('search.hint')
          : pending
            ? t('search.searching')
            : result
              ? t('search.resultCount', { count: result.total })
              : ''}
      </p>
      {result && !pending && query.trim() && result.groups.length === 0 ? (
        <p className="muted">{t('search.noResults')}</p>
      ) : null}
      {result && query.trim() ? (
        <ol className="search-results" aria-label={t('search.results')} data-testid="search-results">
          {result.groups.map((group) => {
            const headline = groupHeadline(group, uiLang);
            return (
              <li key={group.articleId} className="search-group" data-article-id={group.articleId}>
                <h2 className="search-headline">
                  {headline ? (
                    <span
                      lang={headline.lang}
                      dir={directionOf(headline.lang)}
                      style={{ fontFamily: contentFontFamily(headline.lang) }}
                    >
                      {headline.text}
                    </span>
                  ) : (
                    t('library.untitled')
                  )}
                </h2>
                <ul className="search-hits">
                  {group.hits.map((hit) => (
                    <li key={`${hit.segmentId}-${hit.lang}`}>
                      <button
                        type="button"
                        className="search-hit"
                        title={t('search.openHit')}
                        onClick={() => open(group, hit)}
                        data-testid="search-hit"
                        data-segment-id={hit.segmentId}
                        data-lang={hit.lang}
                      >
                        <span className="search-hit-meta">
                          <span className="chip">{t(`languages.${hit.lang}`)}</span>{' '}
                          <span className="muted">{t(`article.${hit.kind}`)}</span>
                        </span>
                        <span
                          className="search-snippet"
                          lang={hit.lang}
                          dir={directionOf(hit.lang)}
                          style={{ fontFamily: contentFontFamily(hit.lang) }}
                          data-testid="search-snippet"
                        >
                          {highlight(hit.text, hit.highlights)}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
                {group.hitCount > group.hits.length ? (
                  <p className="muted search-more">
                    {t('search.moreHits', { count: group.hitCount - group.hits.length })}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
