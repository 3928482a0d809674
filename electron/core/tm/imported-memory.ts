// The translation memory imported from other tools (`tmx import`: OmegaT, Trados): pairs that live
// in no article. They are offered beside the library's own pairs (tm.ts), found through a small
// inverted index of their source words, so a memory of a hundred thousand pairs costs a lookup a
// few posting lists, not a scan.
import type { Lang } from '../model.ts';
import { pairKey, termMatches } from '../search/search-index.ts';
import { TermSet, addIndexTerms, plainTerms } from '../search/tokenize.ts';

/** One imported pair, as tmx import stores it. */
export interface ImportedPair {
  sourceLang: Lang;
  targetLang: Lang;
  source: string;
  target: string;
  changedBy?: string | undefined;
  changedAt?: string | undefined;
}

interface IndexedPair {
  source: string;
  target: string;
  /** Who last changed the pair and when, as the TMX said (either may be unknown). */
  changedBy: string | null;
  changedAt: string | null;
  /** The source's folded words, once a lookup has needed them. */
  terms?: string[];
}

/** A pair with its source's folded words, in order (what similarity compares). */
export interface MemoryPair extends IndexedPair {
  terms: string[];
}

interface PairIndex {
  pairs: IndexedPair[];
  /** Every folded word of the sources (with the alias forms concordance matches) → pair numbers. */
  postings: Map<string, number[]>;
}

/** Pairs examined per suggestion lookup: those that share the most of the query's longest words. */
const CANDIDATE_PAIRS = 100;

export class ImportedMemory {
  /** The pairs by direction (pairKey), each indexed the first time a lookup needs it. */
  readonly #pairs = new Map<string, IndexedPair[]>();
  readonly #indexes = new Map<string, PairIndex>();

  constructor(pairs: readonly ImportedPair[]) {
    const stored = new Set<string>();
    const add = (sourceLang: Lang, targetLang: Lang, pair: IndexedPair): void => {
      const key = pairKey(sourceLang, targetLang);
      const identity = `${key}\u0000${pair.source}\u0000${pair.target}`;
      if (stored.has(identity)) return;
      stored.add(identity);
      const list = this.#pairs.get(key);
      if (list === undefined) this.#pairs.set(key, [pair]);
      else list.push(pair);
    };
    for (const pair of pairs) {
      const changedBy = pair.changedBy ?? null;
      const changedAt = pair.changedAt ?? null;
      // A memory serves both directions, as CAT tools use it: an en→ar pair helps translate an
      // Arabic source into English too.
      add(pair.sourceLang, pair.targetLang, {
        source: pair.source,
        target: pair.target,
        changedBy,
        changedAt,
      });
      add(pair.targetLang, pair.sourceLang, {
        source: pair.target,
        target: pair.source,
        changedBy,
        changedAt,
      });
    }
  }

  static readonly empty = new ImportedMemory([]);

  #index(sourceLang: Lang, targetLang: Lang): PairIndex | null {
    const key = pairKey(sourceLang, targetLang);
    const built = this.#indexes.get(key);
    if (built !== undefined) return built;
    const pairs = this.#pairs.get(key);
    if (pairs === undefined) return null;
    const postings = new Map<string, number[]>();
    const terms = new TermSet();
    for (let number = 0; number < pairs.length; number++) {
      terms.clear();
      for (const term of addIndexTerms(pairs[number]!.source, sourceLang, terms)) {
        const list = postings.get(term);
        if (list === undefined) postings.set(term, [number]);
        else list.push(number);
      }
    }
    const index = { pairs, postings };
    this.#indexes.set(key, index);
    return index;
  }

  /**
   * The pairs from `sourceLang` to `targetLang` most likely to resemble a source whose longest
   * folded words are `picked`: those holding the most of them, at most CANDIDATE_PAIRS.
   */
  candidates(sourceLang: Lang, targetLang: Lang, picked: readonly string[]): MemoryPair[] {
    const index = this.#index(sourceLang, targetLang);
    if (index === null) return [];
    // Count each pair's shared words (at most 255 distinct words are counted), then take the pairs
    // by count, highest first, through one bucket per count: linear, however many pairs share a
    // common word.
    const terms = [...new Set(picked)].slice(0, 255);
    const hits = new Uint8Array(index.pairs.length);
    const touched: number[] = [];
    for (const term of terms) {
      for (const number of index.postings.get(term) ?? []) {
        if (hits[number] === 0) touched.push(number);
        hits[number]!++;
      }
    }
    const buckets: number[][] = Array.from({ length: terms.length + 1 }, () => []);
    for (const number of touched) buckets[hits[number]!]!.push(number);
    const chosen: MemoryPair[] = [];
    // Within a count, in the order the posting lists met them: deterministic, and no sort.
    for (let count = terms.length; count > 0 && chosen.length < CANDIDATE_PAIRS; count--) {
      for (const number of buckets[count]!) {
        if (chosen.length >= CANDIDATE_PAIRS) break;
        const pair = index.pairs[number]!;
        pair.terms ??= plainTerms(pair.source);
        chosen.push(pair as MemoryPair);
      }
    }
    return chosen;
  }

  /**
   * The pairs from `sourceLang` to `targetLang` whose source has every query term (by prefix, as
   * search matches them), in the order they were imported: concordance checks the order itself.
   */
  holdingAll(sourceLang: Lang, targetLang: Lang, terms: readonly string[]): IndexedPair[] {
    const index = this.#index(sourceLang, targetLang);
    if (index === null || terms.length === 0) return [];
    let common: Set<number> | null = null;
    for (const term of new Set(terms)) {
      const holding = new Set<number>();
      for (const [indexed, numbers] of index.postings) {
        if (!termMatches(indexed, term)) continue;
        for (const number of numbers) if (common === null || common.has(number)) holding.add(number);
      }
      common = holding;
      if (common.size === 0) return [];
    }
    return [...(common ?? [])].sort((x, y) => x - y).map((number) => index.pairs[number]!);
  }
}
