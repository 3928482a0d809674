// Translation-memory suggestions and glossary terms for the cell being translated. Alt+↓ through a
// column moves the focus faster than lookups answer: each move waits a moment, and an answer for a
// cell the translator has already left is dropped, never shown against another segment.
import { useEffect, useRef, useState } from 'react';
import type {
  ApiError,
  GlossaryMatchResult,
  Lang,
  PirdClient,
  TmSuggestResult,
} from '../../../../electron/core/contract';

/** Pause before looking up a newly focused cell. */
const LOOKUP_DELAY_MS = 120;
/** Suggestions shown: one for each of Ctrl+1, Ctrl+2 and Ctrl+3. */
export const SUGGESTION_LIMIT = 3;

export interface LookupTarget {
  articleId: string;
  segmentId: string;
  lang: Lang;
  /** The stored source text: when it changes, the lookup runs again. */
  sourceText: string;
}

export interface CellLookup {
  /** Which cell this answer is for (article, segment, language). */
  cell: string;
  sourceText: string;
  tm: TmSuggestResult | null;
  glossary: GlossaryMatchResult | null;
  error: ApiError | null;
}

export function lookupCellKey(target: Pick<LookupTarget, 'articleId' | 'segmentId' | 'lang'>): string {
  return `${target.articleId}\u0000${target.segmentId}\u0000${target.lang}`;
}

export function useCellLookup(
  client: PirdClient,
  target: LookupTarget | null,
): { lookup: CellLookup | null; loading: boolean } {
  const [answer, setAnswer] = useState<CellLookup | null>(null);
  const requests = useRef(0);
  const articleId = target?.articleId;
  const segmentId = target?.segmentId;
  const lang = target?.lang;
  const sourceText = target?.sourceText;

  useEffect(() => {
    const request = ++requests.current;
    if (articleId === undefined || segmentId === undefined || lang === undefined || sourceText === undefined)
      return;
    const cell = lookupCellKey({ articleId, segmentId, lang });
    const timer = window.setTimeout(() => {
      const ref = { articleId, segmentId, lang };
      void Promise.all([
        client.invoke('tm.suggest', { ...ref, limit: SUGGESTION_LIMIT }),
        client.invoke('glossary.match', ref),
      ]).then(([tm, glossary]) => {
        if (request !== requests.current) return; // the focus moved on
        setAnswer({
          cell,
          sourceText,
          tm: tm.ok ? tm.value : null,
          glossary: glossary.ok ? glossary.value : null,
          error: !tm.ok ? tm.error : !glossary.ok ? glossary.error : null,
        });
      });
    }, LOOKUP_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [client, articleId, segmentId, lang, sourceText]);

  if (target === null) return { lookup: null, loading: false };
  // An answer for another cell is never shown; one for an older source text is, until the new one comes.
  const lookup = answer?.cell === lookupCellKey(target) ? answer : null;
  return { lookup, loading: lookup === null || lookup.sourceText !== target.sourceText };
}
