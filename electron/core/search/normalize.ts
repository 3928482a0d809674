// Search normalisation for English, Arabic and Sorani: what a query and a text are compared as.
// The stored text is never changed: every function here works on a copy and keeps, for each
// character of that copy, where it came from, so matches are reported in the original's offsets.
//
// Folding (only spelling variants a reader treats as the same letter, never transliteration):
// - Arabic script: tashkeel and tanwin (U+064B–0652), superscript alef (U+0670) and every other
//   combining mark, tatweel (U+0640); alef forms أ إ آ ٱ → ا; ة → ه; ى ی ي → ي; ک ڪ ك → ك;
//   ە ھ ۀ ه → ه (Sorani's ە is typed as ه, often with a ZWNJ, on Arabic keyboards).
//   ئ and ؤ stay (a Sorani word-initial ئ is a letter), and so do the Sorani letters ڕ ڵ ێ ۆ ڤ.
// - Invisible characters are removed for matching: ZWNJ/ZWJ (پێش‌بینی = پێشبینی, corpus trap T3),
//   the bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates), soft hyphen, BOM, word joiner.
// - Digits: ٠–٩ and ۰–۹ → 0–9; ٪ → %, ٫ (decimal) → '.', ٬ (thousands) → ','.
// - Latin and other scripts: NFKD, combining marks dropped, lower case (dengbêj = dengbej = DENGBEJ).

/** A folded copy of a text and, per UTF-16 unit of the copy, where it came from in the original. */
export interface Folded {
  text: string;
  /** Original start (UTF-16 index) of the character each unit of `text` came from. */
  starts: number[];
  /** Original end of that character, extended over the marks that follow it (a highlight keeps them). */
  ends: number[];
}

const DROPPED = new Set([
  0x00ad, // soft hyphen
  0x061c, // ARABIC LETTER MARK
  0x0640, // tatweel
  0x200b, // zero width space
  0x200c, // ZWNJ
  0x200d, // ZWJ
  0x200e, // LRM
  0x200f, // RLM
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2060, // word joiner
  0x2066,
  0x2067,
  0x2068,
  0x2069,
  0xfeff, // BOM / ZWNBSP
]);

const ARABIC_MAP: Record<number, string> = {
  0x0622: '\u0627', // آ
  0x0623: '\u0627', // أ
  0x0625: '\u0627', // إ
  0x0671: '\u0627', // ٱ
  0x0672: '\u0627',
  0x0673: '\u0627',
  0x0629: '\u0647', // ة
  0x06d5: '\u0647', // ە (Sorani)
  0x06be: '\u0647', // ھ
  0x06c0: '\u0647', // ۀ
  0x0649: '\u064a', // ى
  0x06cc: '\u064a', // ی (Persian/Sorani yeh)
  0x06a9: '\u0643', // ک (keheh)
  0x06aa: '\u0643', // ڪ
  0x066a: '%', // ٪
  0x066b: '.', // ٫ decimal separator
  0x066c: ',', // ٬ thousands separator
};

function isArabicBlock(cp: number): boolean {
  return (cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x08a0 && cp <= 0x08ff);
}

function isPresentationForm(cp: number): boolean {
  return (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);
}

const MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;

function foldUncached(ch: string, cp: number): string {
  if (DROPPED.has(cp)) return '';
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : ch;
  if (cp >= 0x0660 && cp <= 0x0669) return String.fromCharCode(0x30 + cp - 0x0660);
  if (cp >= 0x06f0 && cp <= 0x06f9) return String.fromCharCode(0x30 + cp - 0x06f0);
  if (MARK.test(ch)) return '';
  if (isArabicBlock(cp)) return ARABIC_MAP[cp] ?? ch;
  if (isPresentationForm(cp)) {
    // Compatibility forms (ligatures like ﻻ, isolated/final glyph codes) fold as their letters.
    const letters = ch.normalize('NFKC');
    if (letters === ch) return ch;
    let out = '';
    for (const part of letters) out += foldChar(part);
    return out;
  }
  return ch.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

const foldCache = new Map<number, string>();

/** The folded form of one character (a code point): '' when it is ignored for matching. */
export function foldChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  let folded = foldCache.get(cp);
  if (folded === undefined) {
    folded = foldUncached(ch, cp);
    foldCache.set(cp, folded);
  }
  return folded;
}

// A table over the Basic Multilingual Plane, filled on first use: per UTF-16 unit, the unit it
// folds to (itself when unchanged), DROP or DROP_ATTACHED when it folds away, or COMPLEX
// (surrogates, expansions such as ligatures), which go through foldChar. Folding a whole library is
// then one pass over its text.
const DROP = -1;
const COMPLEX = -2;
/** Folds away and belongs to the letter before it (a mark, tatweel): a highlight keeps it. */
const DROP_ATTACHED = -3;
let table: Int32Array | null = null;

function foldTable(): Int32Array {
  if (table !== null) return table;
  table = new Int32Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) {
      table[unit] = COMPLEX;
      continue;
    }
    const ch = String.fromCharCode(unit);
    const folded = foldChar(ch);
    if (folded === '') table[unit] = ch === '\u0640' || MARK.test(ch) ? DROP_ATTACHED : DROP;
    else table[unit] = folded.length === 1 ? folded.charCodeAt(0) : COMPLEX;
  }
  return table;
}

/** Folds a text, keeping for every unit of the result the original range it came from. */
export function foldText(original: string): Folded {
  const fold = foldTable();
  const units: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const attach = (from: number, to: number) => {
    // A mark extends the highlight of the letter it sits on, so a match never splits a glyph.
    for (let k = ends.length - 1; k >= 0 && ends[k] === from; k--) ends[k] = to;
  };
  for (let i = 0; i < original.length; i++) {
    const to = fold[original.charCodeAt(i)]!;
    if (to >= 0) {
      units.push(to);
      starts.push(i);
      ends.push(i + 1);
    } else if (to === DROP_ATTACHED) attach(i, i + 1);
    else if (to === COMPLEX) {
      const cp = original.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      const ch = original.slice(i, i + width);
      const folded = foldChar(ch);
      if (folded === '' && MARK.test(ch)) attach(i, i + width);
      for (let k = 0; k < folded.length; k++) {
        units.push(folded.charCodeAt(k));
        starts.push(i);
        ends.push(i + width);
      }
      i += width - 1;
    }
  }
  let text = '';
  for (let k = 0; k < units.length; k += 4096) text += String.fromCharCode(...units.slice(k, k + 4096));
  return { text, starts, ends };
}

/** The folded text alone, without the offsets (indexing, queries). */
export function foldForSearch(text: string): string {
  const fold = foldTable();
  let out = '';
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const to = fold[unit]!;
    if (to === unit) continue;
    out += text.slice(copiedUpTo, i);
    if (to >= 0) out += String.fromCharCode(to);
    else if (to === COMPLEX) {
      const cp = text.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      out += foldChar(text.slice(i, i + width));
      i += width - 1;
    }
    copiedUpTo = i + 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}
