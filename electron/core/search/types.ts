// What search, the translation memory and concordance return (contract result types).
import type { Lang, SegmentKind, Status } from '../model.ts';

/** A range of a stored text: UTF-16 offsets into the original (unnormalised) text, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

/** One segment of an article that matches a query, in one language. */
export interface SearchHit {
  segmentId: string;
  kind: SegmentKind;
  lang: Lang;
  /** The segment's text exactly as stored. */
  text: string;
  status: Status;
  /** Where the query's words are in `text`, in order, not overlapping. */
  highlights: TextRange[];
  /** How many of the query's words this segment holds (segments holding all of them come first). */
  matchedTerms: number;
}

/** The matches of one article: results are grouped by article, best first. */
export interface SearchGroup {
  articleId: string;
  headline: Record<Lang, string>;
  score: number;
  /** The best matching segments (at most a few per article). */
  hits: SearchHit[];
  /** All matching segments of the article, of which `hits` are the first. */
  hitCount: number;
}

export interface SearchResult {
  query: string;
  /** The query's words as compared (folded); empty when the query has none. */
  terms: string[];
  /** Articles matching in all (of which `groups` are the first `limit`). */
  total: number;
  groups: SearchGroup[];
}

/**
 * Where a memory pair is: a segment of an article of the library (with the status of its
 * translation), or a pair imported from another tool's TMX file (`tmx import`), which has neither.
 */
export type TmPairOrigin =
  | { from: 'library'; articleId: string; segmentId: string; status: Status }
  | { from: 'imported'; articleId: null; segmentId: null; status: null };

/** A translation-memory suggestion: a trusted translation of a similar source segment. */
export type TmSuggestion = TmPairOrigin & {
  /** Similarity of the two source texts, 0–100 (100: identical text). */
  match: number;
  /** The earlier source text and its translation, exactly as stored. */
  source: string;
  target: string;
  changedBy: string | null;
  changedAt: string | null;
  /** Words that differ: in the segment being translated (`query`) and in the suggestion's `source`. */
  diff: { query: TextRange[]; source: TextRange[] };
};

export interface TmSuggestResult {
  sourceLang: Lang;
  targetLang: Lang;
  /** The source text of the segment being translated. */
  source: string;
  suggestions: TmSuggestion[];
}

/** A concordance line: a trusted translation pair whose source holds the phrase. */
export type ConcordanceEntry = TmPairOrigin & {
  sourceLang: Lang;
  targetLang: Lang;
  source: string;
  target: string;
  /** Who last changed the translation and when (an imported pair: as its TMX file says), if known. */
  changedBy: string | null;
  changedAt: string | null;
  /** Where the phrase is in `source`. */
  highlights: TextRange[];
};

export interface ConcordanceResult {
  phrase: string;
  entries: ConcordanceEntry[];
}
