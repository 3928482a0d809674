// Words as search and the translation memory see them, on the folded text (normalize.ts), each
// with its range in the original text.
//
// A token is a run of letters and digits. Inside a number, '.', ',' and ':' between two digits and a
// '%' after a digit belong to the token, and so does a suffix glued to it: Sorani writes ٣٨٪ی,
// ٢٠٢٥ی, ٧:٣٠ی (corpus README). Splitting "٣٨٪ی" into "38" and "ی" would let the suffix match
// other words on its own. Thousands separators are dropped (1,046,000 = ١٬٠٤٦٬٠٠٠ = 1046000).
//
// Matching is by prefix, never inside a word. Numbers are the exception: a query number matches
// that number only (38 finds ٣٨ and ٣٨٪ی, never 380 or 3.8), so an indexed number with a suffix
// also indexes its bare value. Arabic text also indexes each word without its article: الأمريكية
// is found by امريكي (a prefix of the indexed امريكيه), while a bare letter or two left after
// stripping (التي, الذي) are not indexed.
import { foldForSearch, foldText } from './normalize.ts';

export interface Token {
  /** The folded term, as indexed and compared. */
  term: string;
  /** Original range of the term (UTF-16 offsets into the stored text). */
  start: number;
  end: number;
  /** True for the extra forms (a number without its suffix, an Arabic word without its article). */
  alias: boolean;
  /** Original end of the first `units` UTF-16 units of `term` (to highlight a prefix of the word). */
  endOf(units: number): number;
}

export interface TokenizeOptions {
  /** Add the alias forms (indexing); queries and the translation memory use the words as written. */
  aliases?: boolean;
  /** The text's language: the Arabic article is split off only in Arabic text. */
  lang?: string;
}

const WORD = /^[\p{L}\p{N}]$/u;
const NUMERIC = /^[0-9](?:[0-9.,:]*[0-9])?$/;
const NUMBER_CORE = /^[0-9](?:[0-9.,:]*[0-9])?/;
/** Folded Arabic article forms (with a conjunction or preposition glued on), longest first. */
const ARABIC_ARTICLES = [
  '\u0648\u0627\u0644',
  '\u0628\u0627\u0644',
  '\u0641\u0627\u0644',
  '\u0643\u0627\u0644',
  '\u0644\u0644',
  '\u0627\u0644',
];
const MIN_STEM = 3;
/** First letters of the article forms: و ب ف ك ل ا. */
const ARTICLE_STARTS = new Set([0x0648, 0x0628, 0x0641, 0x0643, 0x0644, 0x0627]);
const THOUSANDS = /,(?=[0-9]{3}(?![0-9]))/g;

// Per UTF-16 unit: 1 for a letter or digit, 2 for a surrogate (decided per code point), else 0.
let wordTable: Uint8Array | null = null;

function words(): Uint8Array {
  if (wordTable !== null) return wordTable;
  wordTable = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) wordTable[unit] = 2;
    else if (WORD.test(String.fromCharCode(unit))) wordTable[unit] = 1;
  }
  return wordTable;
}

function isDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

/** Width (1 or 2 units) of the letter or digit at `i`, or 0 when there is none. */
function wordAt(text: string, i: number, table: Uint8Array): number {
  const kind = table[text.charCodeAt(i)]!;
  if (kind !== 2) return kind;
  const cp = text.codePointAt(i)!;
  return cp > 0xffff && WORD.test(String.fromCodePoint(cp)) ? 2 : 0;
}

/** Calls `visit(start, end)` for every token of a folded text (see the header for what a token is). */
export function forEachSpan(text: string, visit: (start: number, end: number) => void): void {
  const table = words();
  let i = 0;
  while (i < text.length) {
    const width = wordAt(text, i, table);
    if (width === 0) {
      i++;
      continue;
    }
    const start = i;
    i += width;
    for (;;) {
      if (i >= text.length) break;
      const w = wordAt(text, i, table);
      if (w > 0) {
        i += w;
        continue;
      }
      const unit = text.charCodeAt(i);
      const afterDigit = isDigit(text.charCodeAt(i - 1));
      if (afterDigit && unit === 0x25 /* % */) {
        i++;
        continue;
      }
      if (
        afterDigit &&
        (unit === 0x2e || unit === 0x2c || unit === 0x3a) &&
        isDigit(text.charCodeAt(i + 1))
      ) {
        i++;
        continue;
      }
      break;
    }
    visit(start, i);
  }
}

/** A query term that is a number: it matches equal numbers only, not by prefix. */
export function isNumericTerm(term: string): boolean {
  return NUMERIC.test(term);
}

/** Lengths of the alias forms of a term: [from, to) slices of it (see the header). */
function aliasesOf(term: string, lang: string | undefined, visit: (from: number, to: number) => void): void {
  const first = term.charCodeAt(0);
  if (isDigit(first)) {
    const core = NUMBER_CORE.exec(term);
    if (core !== null && core[0].length < term.length) visit(0, core[0].length);
  } else if (lang === 'ar' && ARTICLE_STARTS.has(first)) {
    const article = ARABIC_ARTICLES.find((a) => term.startsWith(a));
    if (article !== undefined && term.length - article.length >= MIN_STEM) visit(article.length, term.length);
  }
}

/** Folded text units of a token, without its thousands separators ("1,046,000" -> "1046000"). */
function withoutThousands(raw: string, from: number): { term: string; at: number[] | null } {
  if (!raw.includes(',')) return { term: raw, at: null };
  let term = '';
  const at: number[] = [];
  for (let k = 0; k < raw.length; k++) {
    // A ',' followed by exactly three digits is a thousands separator: dropped.
    if (raw[k] === ',' && /^[0-9]{3}(?![0-9])/.test(raw.slice(k + 1))) continue;
    term += raw[k];
    at.push(from + k);
  }
  return { term, at };
}

export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const folded = foldText(text);
  const tokens: Token[] = [];
  forEachSpan(folded.text, (spanFrom, spanTo) => {
    const { term, at } = withoutThousands(folded.text.slice(spanFrom, spanTo), spanFrom);
    // Index into the folded text of unit k of the term.
    const unit = at === null ? (k: number) => spanFrom + k : (k: number) => at[k]!;
    const push = (from: number, to: number, alias: boolean) =>
      tokens.push({
        term: from === 0 && to === term.length ? term : term.slice(from, to),
        start: folded.starts[unit(from)]!,
        end: folded.ends[unit(to - 1)]!,
        alias,
        endOf: (units) => folded.ends[unit(from + Math.min(units, to - from) - 1)]!,
      });
    push(0, term.length, false);
    if (options.aliases) aliasesOf(term, options.lang, (from, to) => push(from, to, true));
  });
  return tokens;
}

/**
 * The original ranges of the words (aliases included) that `match` accepts: `match(term)` returns
 * how many units of the term to cover (its matched prefix), or 0. What highlighting needs, without
 * building a Token per word.
 */
export function findWords(
  text: string,
  lang: string | undefined,
  match: (term: string) => number,
): { term: string; start: number; end: number }[] {
  const folded = foldText(text);
  const found: { term: string; start: number; end: number }[] = [];
  forEachSpan(folded.text, (spanFrom, spanTo) => {
    const { term, at } = withoutThousands(folded.text.slice(spanFrom, spanTo), spanFrom);
    const check = (from: number, to: number) => {
      const word = from === 0 && to === term.length ? term : term.slice(from, to);
      const units = Math.min(match(word), to - from);
      if (units <= 0) return;
      const first = at === null ? spanFrom + from : at[from]!;
      const last = at === null ? spanFrom + from + units - 1 : at[from + units - 1]!;
      found.push({ term: word, start: folded.starts[first]!, end: folded.ends[last]! });
    };
    check(0, term.length);
    aliasesOf(term, lang, check);
  });
  return found;
}

/**
 * The terms to index for a text (aliases included), without the offsets: the same terms as
 * `tokenize(text, {aliases: true, lang})`, several times faster, for building the index.
 */
export function indexTerms(text: string, lang?: string): string[] {
  const terms: string[] = [];
  const folded = foldForSearch(text);
  forEachSpan(folded, (from, to) => {
    let term = folded.slice(from, to);
    if (term.includes(',')) term = term.replace(THOUSANDS, '');
    terms.push(term);
    aliasesOf(term, lang, (a, b) => terms.push(term.slice(a, b)));
  });
  return terms;
}

/**
 * The distinct terms to index for a text (aliases included), added to `into`: the same set as
 * `new Set(indexTerms(text, lang))`. Building the index spends most of its time here, so the span
 * scan of forEachSpan and the alias rules of aliasesOf are inlined (no closure per word).
 */
export function addIndexTerms<T extends TermSink>(text: string, lang: string | undefined, into: T): T {
  return addFoldedIndexTerms(foldForSearch(text), lang, into);
}

/** Where addIndexTerms puts terms (a sink may be handed the same term more than once). */
export interface TermSink {
  add(term: string): unknown;
  /** Adds `text.slice(from, to)`. */
  addSlice(text: string, from: number, to: number): unknown;
}

/** A set of terms that addIndexTerms can fill. */
export class TermSet extends Set<string> implements TermSink {
  addSlice(text: string, from: number, to: number): void {
    this.add(text.slice(from, to));
  }
}

/** addIndexTerms for a text folded already (foldForSearch). */
export function addFoldedIndexTerms<T extends TermSink>(
  folded: string,
  lang: string | undefined,
  into: T,
): T {
  const table = words();
  const length = folded.length;
  const arabic = lang === 'ar';
  let i = 0;
  while (i < length) {
    let unit = folded.charCodeAt(i);
    let kind = table[unit]!;
    if (kind === 0) {
      i++;
      continue;
    }
    if (kind === 2 && wordAt(folded, i, table) === 0) {
      i++;
      continue;
    }
    const start = i;
    let hasComma = false;
    i += kind === 2 ? 2 : 1;
    while (i < length) {
      unit = folded.charCodeAt(i);
      kind = table[unit]!;
      if (kind === 1) {
        i++;
        continue;
      }
      if (kind === 2) {
        const w = wordAt(folded, i, table);
        if (w > 0) {
          i += w;
          continue;
        }
        break;
      }
      if (!isDigit(folded.charCodeAt(i - 1))) break;
      if (unit === 0x25 /* % */) {
        i++;
        continue;
      }
      if ((unit === 0x2e || unit === 0x2c || unit === 0x3a) && isDigit(folded.charCodeAt(i + 1))) {
        if (unit === 0x2c) hasComma = true;
        i++;
        continue;
      }
      break;
    }
    const first = folded.charCodeAt(start);
    if (!hasComma && !isDigit(first)) {
      // The common case, a word: handed over as a range, so a sink that knows the word need not
      // copy it out of the text.
      into.addSlice(folded, start, i);
      if (arabic && ARTICLE_STARTS.has(first)) {
        for (const article of ARABIC_ARTICLES) {
          if (!folded.startsWith(article, start)) continue;
          if (i - start - article.length >= MIN_STEM) into.addSlice(folded, start + article.length, i);
          break;
        }
      }
      continue;
    }
    let term = folded.slice(start, i);
    if (hasComma) term = term.replace(THOUSANDS, '');
    into.add(term);
    if (isDigit(first)) {
      const core = NUMBER_CORE.exec(term);
      if (core !== null && core[0].length < term.length) into.add(core[0]);
    } else if (arabic && ARTICLE_STARTS.has(first)) {
      for (const article of ARABIC_ARTICLES) {
        if (!term.startsWith(article)) continue;
        if (term.length - article.length >= MIN_STEM) into.add(term.slice(article.length));
        break;
      }
    }
  }
  return into;
}

/** The words of a text as folded terms, without aliases or offsets (fast; the memory compares these). */
export function plainTerms(text: string): string[] {
  const terms: string[] = [];
  const folded = foldForSearch(text);
  forEachSpan(folded, (from, to) => {
    const term = folded.slice(from, to);
    terms.push(term.includes(',') ? term.replace(THOUSANDS, '') : term);
  });
  return terms;
}

/** The terms of a search query, folded, in order (no aliases). */
export function queryTerms(query: string): string[] {
  return tokenize(query).map((t) => t.term);
}
