// The library's search index, in memory: one MiniSearch index per language, one document per
// article and language (all its segments). Pure: the articles come in through setArticle, and the
// texts of the best matches through `load` (the node part reads them from the library).
//
// Why MiniSearch: small, no dependencies, actively maintained, prefix search on a radix tree, and
// the tokenizer and term processing are ours to give. It does no Arabic-script folding itself, so
// every term goes through normalize.ts/tokenize.ts, the same code that maps matches back to offsets
// in the stored text (highlights). Fuzzy matching is off: a search never "corrects" a name.
//
// One document per article and language rather than per segment: the index is a third the size
// (postings per article, not per paragraph) and a query touches fewer documents; the matching
// segments of the best articles are found afterwards by tokenizing only those articles again.
import MiniSearch from 'minisearch';
import type { AsPlainObject, Options } from 'minisearch';
import type { Article, Lang, Segment } from '../model.ts';
import { LANGUAGES } from '../model.ts';
import { isTrustedPair } from '../tm/trust.ts';
import { foldForSearch } from './normalize.ts';
import { addIndexTerms, findWords, indexTerms, isNumericTerm, queryTerms } from './tokenize.ts';
import type { SearchGroup, SearchHit, SearchResult, TextRange } from './types.ts';

export type LoadArticle = (id: string) => Promise<Article | null>;

export interface SearchRequest {
  query: string;
  lang?: Lang | undefined;
  limit?: number | undefined;
}

interface IndexDoc {
  id: string;
  text: string;
}

interface IndexedArticle {
  headline: Record<Lang, string>;
  /** Languages with a document (some text) in their index. */
  langs: Lang[];
  /** Language pairs ('en>ar') with at least one trusted translation pair (translation memory). */
  pairs: Set<string>;
}

export const DEFAULT_LIMIT = 20;
/** Segments shown per article; the rest are counted. */
export const HITS_PER_ARTICLE = 3;
/** Query terms shorter than this match exactly: a one-letter prefix would expand to most of the index. */
const MIN_PREFIX_LENGTH = 2;
const THOUSANDS = /,(?=[0-9]{3}(?![0-9]))/g;

export function pairKey(sourceLang: Lang, targetLang: Lang): string {
  return `${sourceLang}>${targetLang}`;
}

/** Whether a query term matches words it begins (else only the same word): not numbers, not one letter. */
export function usesPrefix(term: string): boolean {
  return !isNumericTerm(term) && [...term].length >= MIN_PREFIX_LENGTH;
}

/** Whether an indexed (folded) word matches a query term, exactly as the index matches it. */
export function termMatches(indexed: string, term: string): boolean {
  return usesPrefix(term) ? indexed.startsWith(term) : indexed === term;
}

function engineOptions(lang: Lang): Options<IndexDoc> {
  return {
    fields: ['text'],
    storeFields: [],
    // Each term once per document: building is a third faster, and ranking by "which words an
    // article has" suits a newsroom search better than by how often it repeats them.
    tokenize: (text) => [...addIndexTerms(text, lang, new Set())],
    processTerm: (term) => term,
    searchOptions: {
      tokenize: queryTerms,
      processTerm: (term) => term,
      prefix: usesPrefix,
      fuzzy: false,
      combineWith: 'AND',
    },
  };
}

function makeEngine(lang: Lang): MiniSearch<IndexDoc> {
  return new MiniSearch<IndexDoc>(engineOptions(lang));
}

/** What the index knows of an article besides its words: the headline, languages and trusted pairs. */
function describeArticle(article: Article): IndexedArticle {
  const headlineSegment = article.segments.find((s) => s.kind === 'headline');
  const pairs = new Set<string>();
  for (const source of LANGUAGES) {
    for (const target of LANGUAGES) {
      if (source !== target && article.segments.some((s) => isTrustedPair(article, s, source, target)))
        pairs.add(pairKey(source, target));
    }
  }
  return {
    headline: {
      en: headlineSegment?.versions.en.text ?? '',
      ar: headlineSegment?.versions.ar.text ?? '',
      ckb: headlineSegment?.versions.ckb.text ?? '',
    },
    langs: [],
    pairs,
  };
}

/** An article's text in one language, as one index document: '' when it has none. */
function documentText(article: Article, lang: Lang): string {
  let text = '';
  for (const segment of article.segments) {
    const t = segment.versions[lang].text;
    if (t !== '') text = text === '' ? t : `${text}\n${t}`;
  }
  return text;
}

/** What a persisted index holds (search-index-file.ts wraps it in a versioned envelope). */
export interface SearchIndexSnapshot {
  articles: Record<string, { headline: Record<Lang, string>; langs: Lang[]; pairs: string[] }>;
  engines: Record<Lang, AsPlainObject>;
}

/** Merges touching or overlapping ranges; the input need not be sorted. */
export function mergeRanges(ranges: TextRange[]): TextRange[] {
  const sorted = ranges.slice().sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextRange[] = [];
  for (const range of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else out.push({ ...range });
  }
  return out;
}

/**
 * A cheap necessary test: a word can only match where the folded text holds the term (numbers
 * lose their thousands separators in tokens, so they are also looked for without them).
 */
function mayHoldAny(text: string, terms: string[]): boolean {
  const folded = foldForSearch(text);
  let withoutSeparators: string | null = null;
  return terms.some((term) => {
    if (folded.includes(term)) return true;
    if (!/[0-9]/.test(term)) return false;
    withoutSeparators ??= folded.replace(THOUSANDS, '');
    return withoutSeparators.includes(term);
  });
}

/**
 * Where the query terms are in `text` (original offsets) and how many distinct terms matched.
 * A prefix match highlights the matched part of the word (plus the marks on its last letter).
 */
export function highlightTerms(
  text: string,
  terms: string[],
  lang: Lang,
): { highlights: TextRange[]; matched: number } {
  const ranges: TextRange[] = [];
  const matched = new Set<string>();
  if (!mayHoldAny(text, terms)) return { highlights: [], matched: 0 };
  for (const word of findWords(text, lang, (indexed) => {
    let units = 0;
    for (const term of terms) {
      if (termMatches(indexed, term)) {
        matched.add(term);
        units = Math.max(units, term.length);
      }
    }
    return units;
  })) {
    ranges.push({ start: word.start, end: word.end });
  }
  return { highlights: mergeRanges(ranges), matched: matched.size };
}

/** How many distinct query terms `text` holds (as the index matches them), without offsets. */
export function countMatchedTerms(text: string, terms: string[], lang: Lang): number {
  if (!mayHoldAny(text, terms)) return 0;
  const matched = new Set<string>();
  for (const indexed of new Set(indexTerms(text, lang))) {
    for (const term of terms) if (termMatches(indexed, term)) matched.add(term);
    if (matched.size === terms.length) break;
  }
  return matched.size;
}

export class SearchIndex {
  readonly #engines: Record<Lang, MiniSearch<IndexDoc>>;
  readonly #articles: Map<string, IndexedArticle>;

  constructor(
    engines: Record<Lang, MiniSearch<IndexDoc>> = {
      en: makeEngine('en'),
      ar: makeEngine('ar'),
      ckb: makeEngine('ckb'),
    },
    articles = new Map<string, IndexedArticle>(),
  ) {
    this.#engines = engines;
    this.#articles = articles;
  }

  /** A whole library at once, several times faster than setArticle one by one (see SearchIndexBuilder). */
  static builder(): SearchIndexBuilder {
    return new SearchIndexBuilder();
  }

  /** The index as plain data, to persist; `fromSnapshot` gives it back. */
  toSnapshot(): SearchIndexSnapshot {
    const articles: SearchIndexSnapshot['articles'] = {};
    for (const [id, entry] of this.#articles)
      articles[id] = { headline: entry.headline, langs: entry.langs, pairs: [...entry.pairs] };
    return {
      articles,
      engines: {
        en: this.#engines.en.toJSON(),
        ar: this.#engines.ar.toJSON(),
        ckb: this.#engines.ckb.toJSON(),
      },
    };
  }

  /**
   * The index a snapshot describes. Throws when the snapshot does not hold together (a document
   * for an article it does not list, or the reverse): a persisted index is then rebuilt.
   */
  static fromSnapshot(snapshot: SearchIndexSnapshot): SearchIndex {
    const engines = {
      en: MiniSearch.loadJS<IndexDoc>(snapshot.engines.en, engineOptions('en')),
      ar: MiniSearch.loadJS<IndexDoc>(snapshot.engines.ar, engineOptions('ar')),
      ckb: MiniSearch.loadJS<IndexDoc>(snapshot.engines.ckb, engineOptions('ckb')),
    };
    const articles = new Map<string, IndexedArticle>();
    for (const [id, entry] of Object.entries(snapshot.articles)) {
      articles.set(id, { headline: entry.headline, langs: entry.langs, pairs: new Set(entry.pairs) });
      for (const lang of entry.langs)
        if (!engines[lang].has(id)) throw new Error(`the ${lang} index lacks article ${id}`);
    }
    for (const lang of LANGUAGES) {
      const listed = [...articles.values()].filter((a) => a.langs.includes(lang)).length;
      if (engines[lang].documentCount !== listed)
        throw new Error(`the ${lang} index holds ${engines[lang].documentCount} articles, not ${listed}`);
    }
    return new SearchIndex(engines, articles);
  }

  get size(): number {
    return this.#articles.size;
  }

  has(id: string): boolean {
    return this.#articles.has(id);
  }

  ids(): IterableIterator<string> {
    return this.#articles.keys();
  }

  /** Adds or replaces an article: O(article), whatever the size of the library. */
  setArticle(article: Article): void {
    this.removeArticle(article.id);
    const entry = describeArticle(article);
    for (const lang of LANGUAGES) {
      const text = documentText(article, lang);
      if (text === '') continue;
      this.#engines[lang].add({ id: article.id, text });
      entry.langs.push(lang);
    }
    this.#articles.set(article.id, entry);
  }

  removeArticle(id: string): void {
    const entry = this.#articles.get(id);
    if (entry === undefined) return;
    // discard: no need for the old text; MiniSearch cleans the postings up later (auto vacuum).
    for (const lang of entry.langs) this.#engines[lang].discard(id);
    this.#articles.delete(id);
  }

  /**
   * Articles whose `lang` text matches `terms` (folded query terms), best first. `all`: every term
   * must match (search, concordance); otherwise any term (translation-memory candidates).
   */
  matchArticles(
    lang: Lang,
    terms: string[],
    options: { all: boolean; pair?: string; prefix?: boolean },
  ): { id: string; score: number }[] {
    if (terms.length === 0) return [];
    const pair = options.pair;
    const results = this.#engines[lang].search(
      { queries: terms, combineWith: options.all ? 'AND' : 'OR' },
      {
        tokenize: (t) => [t],
        prefix: options.prefix === false ? false : usesPrefix,
        ...(pair === undefined
          ? {}
          : { filter: (r) => this.#articles.get(r.id as string)?.pairs.has(pair) ?? false }),
      },
    );
    return results.map((r) => ({ id: r.id as string, score: r.score }));
  }

  /** Searches every language (or one); results grouped by article, with the matching segments. */
  async search(request: SearchRequest, load: LoadArticle): Promise<SearchResult> {
    const terms = [...new Set(queryTerms(request.query))];
    const limit = request.limit ?? DEFAULT_LIMIT;
    if (terms.length === 0) return { query: request.query, terms, total: 0, groups: [] };
    const langs = request.lang ? [request.lang] : [...LANGUAGES];
    const byArticle = new Map<string, { score: number; langs: Lang[] }>();
    for (const lang of langs) {
      for (const { id, score } of this.matchArticles(lang, terms, { all: true })) {
        const found = byArticle.get(id);
        if (found === undefined) byArticle.set(id, { score, langs: [lang] });
        else {
          found.score = Math.max(found.score, score);
          found.langs.push(lang);
        }
      }
    }
    const ranked = [...byArticle.entries()].sort(
      ([a, x], [b, y]) => y.score - x.score || (a < b ? -1 : a > b ? 1 : 0),
    );
    const groups: SearchGroup[] = [];
    for (const [id, { score, langs: hitLangs }] of ranked) {
      if (groups.length >= limit) break;
      const article = await load(id);
      if (article === null) continue;
      // Which segments match, and how well, from the folded words alone; offsets (the slower
      // part) only for the segments shown.
      const matches: { segment: Segment; lang: Lang; matched: number; order: number }[] = [];
      for (const lang of hitLangs) {
        article.segments.forEach((segment, order) => {
          const text = segment.versions[lang].text;
          if (text === '') return;
          const matched = countMatchedTerms(text, terms, lang);
          if (matched > 0) matches.push({ segment, lang, matched, order });
        });
      }
      // The article changed since it was indexed and no longer matches: leave it out.
      if (matches.length === 0) continue;
      matches.sort(
        (a, b) =>
          b.matched - a.matched || a.order - b.order || LANGUAGES.indexOf(a.lang) - LANGUAGES.indexOf(b.lang),
      );
      const hits: SearchHit[] = matches.slice(0, HITS_PER_ARTICLE).map(({ segment, lang, matched }) => {
        const version = segment.versions[lang];
        return {
          segmentId: segment.id,
          kind: segment.kind,
          lang,
          text: version.text,
          status: version.status,
          highlights: highlightTerms(version.text, terms, lang).highlights,
          matchedTerms: matched,
        };
      });
      groups.push({
        articleId: id,
        headline: this.#articles.get(id)?.headline ?? { en: '', ar: '', ckb: '' },
        score: Math.round(score * 1000) / 1000,
        hits,
        hitCount: matches.length,
      });
    }
    return { query: request.query, terms, total: byArticle.size, groups };
  }
}

/**
 * Builds an index of many articles in one go. MiniSearch's `add` walks its radix tree once per word
 * of each document; here the postings are gathered per term first and handed to MiniSearch's own
 * loader (`loadJS`, the public deserialisation path), which inserts each term once. Same index,
 * same scores: document lengths and the average are what `add` computes.
 */
export class SearchIndexBuilder {
  readonly #articles = new Map<string, IndexedArticle>();
  readonly #docs: Record<Lang, { ids: string[]; lengths: number[]; postings: Map<string, number[]> }> = {
    en: { ids: [], lengths: [], postings: new Map() },
    ar: { ids: [], lengths: [], postings: new Map() },
    ckb: { ids: [], lengths: [], postings: new Map() },
  };

  get size(): number {
    return this.#articles.size;
  }

  /** Adds an article (each id once; a later add of the same id is ignored). */
  add(article: Article): void {
    if (this.#articles.has(article.id)) return;
    const entry = describeArticle(article);
    const terms = new Set<string>();
    for (const lang of LANGUAGES) {
      const text = documentText(article, lang);
      if (text === '') continue;
      terms.clear();
      addIndexTerms(text, lang, terms);
      const docs = this.#docs[lang];
      const shortId = docs.ids.length;
      docs.ids.push(article.id);
      docs.lengths.push(terms.size);
      for (const term of terms) {
        const list = docs.postings.get(term);
        if (list === undefined) docs.postings.set(term, [shortId]);
        else list.push(shortId);
      }
      entry.langs.push(lang);
    }
    this.#articles.set(article.id, entry);
  }

  finish(): SearchIndex {
    const engines = {
      en: this.#engine('en'),
      ar: this.#engine('ar'),
      ckb: this.#engine('ckb'),
    };
    return new SearchIndex(engines, this.#articles);
  }

  #engine(lang: Lang): MiniSearch<IndexDoc> {
    const { ids, lengths, postings } = this.#docs[lang];
    const documentIds: Record<number, string> = {};
    const fieldLength: Record<number, number[]> = {};
    let total = 0;
    for (let shortId = 0; shortId < ids.length; shortId++) {
      documentIds[shortId] = ids[shortId]!;
      fieldLength[shortId] = [lengths[shortId]!];
      total += lengths[shortId]!;
    }
    const index: AsPlainObject['index'] = [];
    for (const [term, shortIds] of postings) {
      const frequencies: Record<number, number> = {};
      for (const shortId of shortIds) frequencies[shortId] = 1;
      index.push([term, { 0: frequencies }]);
    }
    postings.clear();
    return MiniSearch.loadJS<IndexDoc>(
      {
        documentCount: ids.length,
        nextId: ids.length,
        documentIds,
        fieldIds: { text: 0 },
        fieldLength,
        averageFieldLength: [ids.length === 0 ? 0 : total / ids.length],
        storedFields: {},
        dirtCount: 0,
        index,
        serializationVersion: 2,
      },
      engineOptions(lang),
    );
  }
}
