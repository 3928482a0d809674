// The translation memory is the library itself: every trusted translation pair (trust.ts) of every
// article. Suggestions for a segment come from pairs whose source text is similar (word-level
// Levenshtein on folded words, similarity.ts); concordance finds pairs whose source holds a phrase.
// Candidates are found through the search index, so a lookup reads a few articles, not the library.
// Pairs imported from other tools' TMX files (imported-memory.ts) are offered beside them: a pair
// both in an article and imported is offered once, as the article's.
import { PirdError } from '../errors.ts';
import type { Article, Lang, Status } from '../model.ts';
import { LANGUAGES, STATUSES } from '../model.ts';
import type { LoadArticle, SearchIndex } from '../search/search-index.ts';
import { pairKey, termMatches } from '../search/search-index.ts';
import { plainTerms, queryTerms, tokenize } from '../search/tokenize.ts';
import type { ConcordanceEntry, ConcordanceResult, TmSuggestion, TmSuggestResult } from '../search/types.ts';
import { ImportedMemory } from './imported-memory.ts';
import type { Word } from './similarity.ts';
import { diffWords, joinRanges, matchBound, matchPercent } from './similarity.ts';
import { isTrustedPair } from './trust.ts';

export const DEFAULT_MIN_MATCH = 50;
export const DEFAULT_SUGGESTIONS = 5;
export const DEFAULT_CONCORDANCE = 20;
/** Articles examined per lookup: the best by the index's ranking of the source's rarest words. */
const CANDIDATE_ARTICLES = 40;
/** Words used to find candidates: the longest (a cheap stand-in for the rarest) of the source. */
const CANDIDATE_TERMS = 12;

export interface SuggestOptions {
  limit?: number | undefined;
  minMatch?: number | undefined;
  /** The imported translation memory (none by default). */
  imported?: ImportedMemory | undefined;
}

function words(text: string): Word[] {
  return tokenize(text).map(({ term, start, end }) => ({ term, start, end }));
}

/** An imported pair (no status) ranks below every checked translation of the library. */
function statusRank(status: Status | null): number {
  return status === null ? -1 : STATUSES.indexOf(status);
}

/** Suggestions for translating one segment of `article` into `targetLang`, best first. */
export async function suggestTranslations(
  index: SearchIndex,
  article: Article,
  segmentId: string,
  targetLang: Lang,
  load: LoadArticle,
  options: SuggestOptions = {},
): Promise<TmSuggestResult> {
  const segment = article.segments.find((s) => s.id === segmentId);
  if (segment === undefined)
    throw new PirdError('not-found', `Article ${article.id} has no segment "${segmentId}".`);
  const sourceLang = article.sourceLang;
  if (targetLang === sourceLang)
    throw new PirdError(
      'invalid-input',
      `${targetLang} is the source language of article ${article.id}: suggestions are for translations.`,
    );
  const source = segment.versions[sourceLang].text;
  const result: TmSuggestResult = { sourceLang, targetLang, source, suggestions: [] };
  const query = words(source);
  if (query.length === 0) return result;
  const minMatch = options.minMatch ?? DEFAULT_MIN_MATCH;
  const limit = options.limit ?? DEFAULT_SUGGESTIONS;

  const picked = [...new Set(query.map((w) => w.term))]
    .sort((x, y) => y.length - x.length || (x < y ? -1 : 1))
    .slice(0, CANDIDATE_TERMS);
  const candidates = index
    .matchArticles(sourceLang, picked, { all: false, pair: pairKey(sourceLang, targetLang), prefix: false })
    .slice(0, CANDIDATE_ARTICLES)
    .map((c) => c.id);
  if (!candidates.includes(article.id)) candidates.unshift(article.id);

  const queryTerms = query.map((w) => w.term);
  const found = new Map<string, TmSuggestion>();
  // The same pair stored in several articles (or imported too) is offered once: its best-checked,
  // latest copy.
  /** The match of a memory source with `source`, or null below minMatch (cheap bound first). */
  const matchOf = (tmSource: string, tmTerms: readonly string[]): number | null => {
    if (matchBound(queryTerms, tmTerms) < minMatch) return null;
    const { distance } = diffWords(queryTerms, tmTerms);
    const match = matchPercent(source, tmSource, queryTerms, tmTerms, distance);
    return match < minMatch ? null : match;
  };
  const offer = (suggestion: TmSuggestion): void => {
    const key = `${suggestion.source}\u0000${suggestion.target}`;
    const seen = found.get(key);
    if (seen === undefined || better(suggestion, seen)) found.set(key, suggestion);
  };
  for (const id of candidates) {
    const other = id === article.id ? article : await load(id);
    if (other === null) continue;
    for (const candidate of other.segments) {
      if (other.id === article.id && candidate.id === segmentId) continue;
      if (!isTrustedPair(other, candidate, sourceLang, targetLang)) continue;
      const tmSource = candidate.versions[sourceLang].text;
      // Folded words only: the alignment is on words, and matchOf bounds it from the shared words.
      const tmTerms = plainTerms(tmSource);
      const match = matchOf(tmSource, tmTerms);
      if (match === null) continue;
      const target = candidate.versions[targetLang];
      const suggestion: TmSuggestion = {
        from: 'library',
        articleId: other.id,
        segmentId: candidate.id,
        match,
        source: tmSource,
        target: target.text,
        status: target.status,
        changedBy: target.changedBy,
        changedAt: target.changedAt,
        diff: { query: [], source: [] },
      };
      offer(suggestion);
    }
  }
  const imported = options.imported ?? ImportedMemory.empty;
  const current = segment.versions[targetLang].text;
  for (const pair of imported.candidates(sourceLang, targetLang, picked)) {
    // The segment's own pair, come back through a TMX exported from here: not a suggestion.
    if (pair.source === source && pair.target === current) continue;
    const match = matchOf(pair.source, pair.terms);
    if (match === null) continue;
    offer({
      from: 'imported',
      articleId: null,
      segmentId: null,
      status: null,
      match,
      source: pair.source,
      target: pair.target,
      changedBy: pair.changedBy,
      changedAt: pair.changedAt,
      diff: { query: [], source: [] },
    });
  }
  result.suggestions = [...found.values()].sort((x, y) => (better(x, y) ? -1 : better(y, x) ? 1 : 0));
  result.suggestions = result.suggestions.slice(0, limit);
  // The differing words' offsets only for the suggestions returned: each candidate above was
  // aligned on its words alone.
  for (const suggestion of result.suggestions) {
    const tmWords = words(suggestion.source);
    const diff = diffWords(
      queryTerms,
      tmWords.map((w) => w.term),
    );
    suggestion.diff.query = joinRanges(source, query, diff.a);
    suggestion.diff.source = joinRanges(suggestion.source, tmWords, diff.b);
  }
  return result;
}
function better(x: TmSuggestion, y: TmSuggestion): boolean {
  if (x.match !== y.match) return x.match > y.match;
  if (x.status !== y.status) return statusRank(x.status) > statusRank(y.status);
  if ((x.changedAt ?? '') !== (y.changedAt ?? '')) return (x.changedAt ?? '') > (y.changedAt ?? '');
  const xPlace = `${x.articleId ?? ''}\u0000${x.segmentId ?? ''}`;
  const yPlace = `${y.articleId ?? ''}\u0000${y.segmentId ?? ''}`;
  if (xPlace !== yPlace) return xPlace < yPlace;
  return x.source !== y.source ? x.source < y.source : x.target < y.target;
}

export interface ConcordanceRequest {
  phrase: string;
  sourceLang?: Lang | undefined;
  targetLang: Lang;
  limit?: number | undefined;
}

export interface ConcordanceOptions {
  /** The imported translation memory (none by default): its pairs follow the library's. */
  imported?: ImportedMemory | undefined;
}

/**
 * Where the words of `terms` occur one after the other in `text` (each by prefix, numbers by
 * value, as search matches them): the ranges of those runs.
 */
export function findPhrase(text: string, terms: string[], lang: Lang): { start: number; end: number }[] {
  // Positions: each word with its alias forms (a number without its suffix, an Arabic word
  // without its article), which stand at the same place in the sentence.
  const positions: { start: number; end: number; forms: string[] }[] = [];
  for (const token of tokenize(text, { aliases: true, lang })) {
    const last = positions[positions.length - 1];
    if (token.alias && last !== undefined) last.forms.push(token.term);
    else positions.push({ start: token.start, end: token.end, forms: [token.term] });
  }
  const ranges: { start: number; end: number }[] = [];
  for (let p = 0; p + terms.length <= positions.length; p++) {
    const run = terms.every((term, j) => positions[p + j]!.forms.some((form) => termMatches(form, term)));
    if (run) ranges.push({ start: positions[p]!.start, end: positions[p + terms.length - 1]!.end });
  }
  return ranges;
}

/**
 * Trusted translation pairs whose source text holds `phrase`, best-ranked articles first, then
 * imported pairs.
 */
export async function concordance(
  index: SearchIndex,
  request: ConcordanceRequest,
  load: LoadArticle,
  options: ConcordanceOptions = {},
): Promise<ConcordanceResult> {
  const terms = queryTerms(request.phrase);
  const result: ConcordanceResult = { phrase: request.phrase, entries: [] };
  if (terms.length === 0) return result;
  const limit = request.limit ?? DEFAULT_CONCORDANCE;
  const targetLang = request.targetLang;
  const sourceLangs = request.sourceLang
    ? [request.sourceLang]
    : LANGUAGES.filter((lang) => lang !== targetLang);
  const ranked: { id: string; lang: Lang; score: number }[] = [];
  for (const lang of sourceLangs) {
    if (lang === targetLang) continue;
    for (const match of index.matchArticles(lang, [...new Set(terms)], {
      all: true,
      pair: pairKey(lang, targetLang),
    }))
      ranked.push({ ...match, lang });
  }
  ranked.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const seen = new Set<string>();
  for (const { id, lang } of ranked) {
    if (result.entries.length >= limit) break;
    const article: Article | null = await load(id);
    if (article === null) continue;
    for (const segment of article.segments) {
      if (result.entries.length >= limit) break;
      if (!isTrustedPair(article, segment, lang, targetLang)) continue;
      const source = segment.versions[lang].text;
      const highlights = findPhrase(source, terms, lang);
      if (highlights.length === 0) continue;
      const target = segment.versions[targetLang];
      const key = `${lang}\u0000${source}\u0000${target.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry: ConcordanceEntry = {
        from: 'library',
        articleId: article.id,
        segmentId: segment.id,
        sourceLang: lang,
        targetLang,
        source,
        target: target.text,
        status: target.status,
        changedBy: target.changedBy,
        changedAt: target.changedAt,
        highlights,
      };
      result.entries.push(entry);
    }
  }
  const imported = options.imported ?? ImportedMemory.empty;
  for (const lang of sourceLangs) {
    if (lang === targetLang) continue;
    for (const pair of imported.holdingAll(lang, targetLang, terms)) {
      if (result.entries.length >= limit) return result;
      const highlights = findPhrase(pair.source, terms, lang);
      if (highlights.length === 0) continue;
      const key = `${lang}\u0000${pair.source}\u0000${pair.target}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.entries.push({
        from: 'imported',
        articleId: null,
        segmentId: null,
        status: null,
        sourceLang: lang,
        targetLang,
        source: pair.source,
        target: pair.target,
        changedBy: pair.changedBy,
        changedAt: pair.changedAt,
        highlights,
      });
    }
  }
  return result;
}
