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
import type { Options } from 'minisearch';
import type { Article, Lang, Segment } from '../model.ts';
import { LANGUAGES } from '../model.ts';
import { isTrustedPair } from '../tm/trust.ts';
import type { EngineSnapshot, Postings } from './engine-store.ts';
import { engineFromSnapshot, loadEngine, snapshotEngine } from './engine-store.ts';
import { foldForSearch } from './normalize.ts';
import type { TermSink } from './tokenize.ts';
import {
  TermSet,
  addFoldedIndexTerms,
  addIndexTerms,
  findWords,
  isNumericTerm,
  queryTerms,
} from './tokenize.ts';
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
    tokenize: (text) => [...addIndexTerms(text, lang, new TermSet())],
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
  engines: Record<Lang, EngineSnapshot>;
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
 * A cheap necessary test on a folded text: a word can only match where it holds the term (numbers
 * lose their thousands separators in tokens, so they are also looked for without them).
 */
function mayHoldAny(folded: string, terms: string[]): boolean {
  let withoutSeparators: string | null = null;
  return terms.some((term) => {
    if (folded.includes(term)) return true;
    if (!/[0-9]/.test(term)) return false;
    withoutSeparators ??= folded.replace(THOUSANDS, '');
    return withoutSeparators.includes(term);
  });
}

/**
 * Counts which query terms the index terms of a text match (termMatches), as addFoldedIndexTerms
 * hands them over: on the ranges of the folded text, without copying the words out of it.
 */
class TermMatchCounter implements TermSink {
  readonly #terms: string[];
  readonly #prefix: boolean[];
  readonly #found: boolean[];
  matched = 0;

  constructor(terms: string[]) {
    this.#terms = terms;
    this.#prefix = terms.map(usesPrefix);
    this.#found = terms.map(() => false);
  }

  reset(): void {
    this.#found.fill(false);
    this.matched = 0;
  }

  add(term: string): void {
    this.addSlice(term, 0, term.length);
  }

  addSlice(text: string, from: number, to: number): void {
    const length = to - from;
    for (let t = 0; t < this.#terms.length; t++) {
      if (this.#found[t]) continue;
      const term = this.#terms[t]!;
      // termMatches on text.slice(from, to): a prefix of it, or all of it.
      if ((this.#prefix[t] ? length >= term.length : length === term.length) && text.startsWith(term, from)) {
        this.#found[t] = true;
        this.matched += 1;
      }
    }
  }
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
  if (!mayHoldAny(foldForSearch(text), terms)) return { highlights: [], matched: 0 };
  return highlightHeldTerms(text, terms, lang);
}

/** highlightTerms for a text known to hold some of the terms (countMatchedTerms said so). */
function highlightHeldTerms(
  text: string,
  terms: string[],
  lang: Lang,
): { highlights: TextRange[]; matched: number } {
  const ranges: TextRange[] = [];
  const matched = new Set<string>();
  const prefix = terms.map(usesPrefix);
  for (const word of findWords(text, lang, (indexed) => {
    let units = 0;
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      if (prefix[t] ? indexed.startsWith(term) : indexed === term) {
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
export function countMatchedTerms(
  text: string,
  terms: string[],
  lang: Lang,
  counter: TermMatchCounter = new TermMatchCounter(terms),
): number {
  const folded = foldForSearch(text);
  if (!mayHoldAny(folded, terms)) return 0;
  counter.reset();
  addFoldedIndexTerms(folded, lang, counter);
  return counter.matched;
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
        en: snapshotEngine(this.#engines.en),
        ar: snapshotEngine(this.#engines.ar),
        ckb: snapshotEngine(this.#engines.ckb),
      },
    };
  }

  /**
   * The index a snapshot describes. Throws when the snapshot does not hold together (a document
   * for an article it does not list, or the reverse): a persisted index is then rebuilt.
   */
  static fromSnapshot(snapshot: SearchIndexSnapshot): SearchIndex {
    const engines = {
      en: engineFromSnapshot(engineOptions('en'), snapshot.engines.en),
      ar: engineFromSnapshot(engineOptions('ar'), snapshot.engines.ar),
      ckb: engineFromSnapshot(engineOptions('ckb'), snapshot.engines.ckb),
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
    // One entry per matching article: its best score and the languages it matches in (bits).
    const byArticle = new Map<string, RankedArticle>();
    const matching: RankedArticle[] = [];
    langs.forEach((lang, bit) => {
      for (const { id, score } of this.#engines[lang].search(
        { queries: terms, combineWith: 'AND' },
        { tokenize: (t) => [t], prefix: usesPrefix },
      )) {
        const found = byArticle.get(id as string);
        if (found === undefined) {
          const entry = { id: id as string, score, langs: 1 << bit };
          byArticle.set(entry.id, entry);
          matching.push(entry);
        } else {
          found.score = Math.max(found.score, score);
          found.langs |= 1 << bit;
        }
      }
    });
    const counter = new TermMatchCounter(terms);
    const groups: SearchGroup[] = [];
    // Only the first `limit` articles (and those skipped on the way) are needed in order: a heap
    // gives them without sorting thousands of matches of a common word.
    const ranked = new BestFirst(
      matching,
      (a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    for (let next = ranked.pop(); next !== undefined; next = ranked.pop()) {
      if (groups.length >= limit) break;
      const { id, score } = next;
      const hitLangs = langs.filter((_, bit) => (next.langs & (1 << bit)) !== 0);
      const article = await load(id);
      if (article === null) continue;
      // Which segments match, and how well, from the folded words alone; offsets (the slower
      // part) only for the segments shown.
      const matches: { segment: Segment; lang: Lang; matched: number; order: number }[] = [];
      for (const lang of hitLangs) {
        article.segments.forEach((segment, order) => {
          const text = segment.versions[lang].text;
          if (text === '') return;
          const matched = countMatchedTerms(text, terms, lang, counter);
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
          highlights: highlightHeldTerms(version.text, terms, lang).highlights,
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

interface RankedArticle {
  id: string;
  score: number;
  /** Bit i: matches in the i-th language searched. */
  langs: number;
}

/** Items in the order of `compare`, taken one at a time: a binary heap (O(n) to set up). */
class BestFirst<T> {
  readonly #items: T[];
  readonly #before: (a: T, b: T) => number;

  constructor(items: T[], compare: (a: T, b: T) => number) {
    this.#items = items;
    this.#before = compare;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.#sink(i);
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.#sink(0);
    }
    return top;
  }

  #sink(from: number): void {
    const items = this.#items;
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) return;
      const right = left + 1;
      const child = right < items.length && this.#before(items[right]!, items[left]!) < 0 ? right : left;
      if (this.#before(items[child]!, items[i]!) >= 0) return;
      [items[i], items[child]] = [items[child]!, items[i]!];
      i = child;
    }
  }
}

/** One language's postings as a builder collected them (SearchIndexBuilder.shard). */
export interface CollectedPostings {
  ids: string[];
  lengths: number[];
  terms: string[];
  /** The documents of term n: postings[starts[n]] up to postings[starts[n + 1]]. */
  postings: Int32Array;
  starts: Int32Array;
}

/** A part of a bulk build: articles and their postings, plain data (it crosses threads). */
export interface IndexShard {
  articles: [string, IndexedArticle][];
  docs: Record<Lang, CollectedPostings>;
}

/**
 * Builds an index of many articles in one go. MiniSearch's `add` walks its radix tree once per word
 * of each document; here the postings are gathered per term first and loaded the way MiniSearch
 * loads a saved index (engine-store.ts), inserting each term once. Same index, same scores:
 * document lengths and the average are what `add` computes.
 */
export class SearchIndexBuilder {
  readonly #articles = new Map<string, IndexedArticle>();
  readonly #docs: Record<Lang, PostingsCollector> = {
    en: new PostingsCollector(),
    ar: new PostingsCollector(),
    ckb: new PostingsCollector(),
  };

  get size(): number {
    return this.#articles.size;
  }

  /** Adds an article (each id once; a later add of the same id is ignored). */
  add(article: Article): void {
    if (this.#articles.has(article.id)) return;
    const entry = describeArticle(article);
    for (const lang of LANGUAGES) {
      const text = documentText(article, lang);
      if (text === '') continue;
      const docs = this.#docs[lang];
      docs.startDocument(article.id);
      addIndexTerms(text, lang, docs);
      docs.endDocument();
      entry.langs.push(lang);
    }
    this.#articles.set(article.id, entry);
  }

  /**
   * What this builder has collected, for another builder to take in (addShard): how a build is
   * split between worker threads, each reading and tokenizing a contiguous run of the articles.
   */
  shard(): IndexShard {
    return {
      articles: [...this.#articles],
      docs: { en: this.#docs.en.collected(), ar: this.#docs.ar.collected(), ckb: this.#docs.ckb.collected() },
    };
  }

  /**
   * Takes in a shard's articles after those added so far, as if they had been added here in the
   * same order (the same index, document numbers and scores). Their ids must be new here.
   */
  addShard(shard: IndexShard): void {
    for (const [id] of shard.articles)
      if (this.#articles.has(id)) throw new Error(`Article ${id} is in the index already.`);
    for (const [id, entry] of shard.articles) this.#articles.set(id, entry);
    for (const lang of LANGUAGES) this.#docs[lang].merge(shard.docs[lang]);
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
    const { ids, lengths, terms: words, shortIds: postings } = this.#docs[lang];
    let total = 0;
    for (const length of lengths) total += length;
    function* documents(): Generator<[number, string, number]> {
      for (let shortId = 0; shortId < ids.length; shortId++)
        yield [shortId, ids[shortId]!, lengths[shortId]!];
    }
    function* terms(): Generator<[string, Postings]> {
      for (let number = 0; number < words.length; number++) {
        const frequencies: Postings = new Map();
        for (const shortId of postings[number]!) frequencies.set(shortId, 1);
        postings[number] = [];
        yield [words[number]!, frequencies];
      }
    }
    return loadEngine<IndexDoc>(
      engineOptions(lang),
      {
        documentCount: ids.length,
        nextId: ids.length,
        dirtCount: 0,
        averageFieldLength: ids.length === 0 ? 0 : total / ids.length,
        documents: documents(),
      },
      terms(),
    );
  }
}

/**
 * The postings of one language's documents as they are tokenized: each occurrence of a word looked
 * up once, in a hash table keyed by the word's characters, so a word seen before is never copied
 * out of its text (building spends most of its time here), and a document recorded once per term.
 */
class PostingsCollector {
  readonly ids: string[] = [];
  /** Distinct terms per document (MiniSearch's field length, as `add` counts it). */
  readonly lengths: number[] = [];
  readonly terms: string[] = [];
  readonly shortIds: number[][] = [];
  readonly #hashes: number[] = [];
  /** Last document that recorded each term. */
  readonly #last: number[] = [];
  /** Open addressing: term number + 1, 0 for a free slot. */
  #slots = new Int32Array(1 << 12);
  #current = -1;
  #distinct = 0;

  startDocument(id: string): void {
    this.#current = this.ids.length;
    this.#distinct = 0;
    this.ids.push(id);
  }

  endDocument(): void {
    this.lengths.push(this.#distinct);
  }

  add(term: string): void {
    this.addSlice(term, 0, term.length);
  }

  addSlice(text: string, from: number, to: number): void {
    this.#record(this.#numberOf(text, from, to));
  }

  /** The number of the term `text.slice(from, to)`, added when new. */
  #numberOf(text: string, from: number, to: number): number {
    // FNV-1a over the UTF-16 units.
    let hash = 0x811c9dc5;
    for (let k = from; k < to; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
    const length = to - from;
    const mask = this.#slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.#slots[slot]!;
      if (entry === 0) break;
      const term = this.terms[entry - 1]!;
      if (this.#hashes[entry - 1] === hash && term.length === length && text.startsWith(term, from))
        return entry - 1;
      slot = (slot + 1) & mask;
    }
    const number = this.terms.length;
    this.terms.push(from === 0 && to === text.length ? text : text.slice(from, to));
    this.#hashes.push(hash);
    this.shortIds.push([]);
    this.#last.push(-1);
    this.#slots[slot] = number + 1;
    if (this.terms.length * 2 > this.#slots.length) this.#grow();
    return number;
  }

  collected(): CollectedPostings {
    const starts = new Int32Array(this.terms.length + 1);
    for (let n = 0; n < this.terms.length; n++) starts[n + 1] = starts[n]! + this.shortIds[n]!.length;
    const postings = new Int32Array(starts[this.terms.length]!);
    for (let n = 0; n < this.terms.length; n++) postings.set(this.shortIds[n]!, starts[n]);
    return { ids: this.ids, lengths: this.lengths, terms: this.terms, postings, starts };
  }

  /** Appends another collector's documents (see SearchIndexBuilder.addShard). */
  merge(other: CollectedPostings): void {
    const offset = this.ids.length;
    for (const id of other.ids) this.ids.push(id);
    for (const length of other.lengths) this.lengths.push(length);
    for (let n = 0; n < other.terms.length; n++) {
      const term = other.terms[n]!;
      const number = this.#numberOf(term, 0, term.length);
      const documents = this.shortIds[number]!;
      for (let at = other.starts[n]!; at < other.starts[n + 1]!; at++)
        documents.push(other.postings[at]! + offset);
      if (documents.length > 0) this.#last[number] = documents[documents.length - 1]!;
    }
  }

  #record(number: number): void {
    if (this.#last[number] === this.#current) return;
    this.#last[number] = this.#current;
    this.shortIds[number]!.push(this.#current);
    this.#distinct += 1;
  }

  #grow(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let number = 0; number < this.terms.length; number++) {
      let slot = this.#hashes[number]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = number + 1;
    }
    this.#slots = slots;
  }
}
