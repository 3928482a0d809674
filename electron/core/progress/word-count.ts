// Pird's one word counter (progress, the editor's and the library's word counts): words as a
// reader of English, Arabic or Sorani counts them, on the same folded text search uses
// (search/normalize.ts), so the rules are the tokenizer's:
// - words are split by white space and by punctuation, Latin and Arabic (، ؛ ؟ « » …);
// - a zero-width non-joiner inside a word does not split it (پێش‌بینی is one word), and tatweel
//   and tashkeel neither split a word nor count as one (الـــعراق, مُحَمَّد: one word each);
// - a number is one word with its separators and a glued suffix: 1,046,000, ١٬٠٤٦٬٠٠٠, 47.5%,
//   ٣٨٪ی and ٧:٣٠ each count once;
// - an apostrophe or a hyphen between two letters joins them (Iraq's, al-Sudani, co-operate),
//   as English word counts do; between numbers it separates them (2020-2025 is two);
// - single letters joined by full stops are one abbreviation (U.S., U.N.).
import { foldForSearch } from '../search/normalize.ts';
import { forEachSpan } from '../search/tokenize.ts';

/** Apostrophes and hyphens that join two letters into one word. */
const JOINERS = new Set([0x27, 0x2019, 0x2d, 0x2010, 0x2011]);
const LETTER = /\p{L}/u;

function isLetterAt(text: string, index: number): boolean {
  const cp = text.codePointAt(index);
  return cp !== undefined && LETTER.test(String.fromCodePoint(cp));
}

/** The letter before `index` (a low surrogate's pair included). */
function isLetterBefore(text: string, index: number): boolean {
  const unit = text.charCodeAt(index - 1);
  return unit >= 0xdc00 && unit <= 0xdfff ? isLetterAt(text, index - 2) : isLetterAt(text, index - 1);
}

export function countWords(text: string): number {
  if (text === '') return 0;
  const folded = foldForSearch(text);
  let count = 0;
  let previousStart = -3;
  let previousEnd = -2;
  forEachSpan(folded, (start, end) => {
    const between = start === previousEnd + 1 ? folded.charCodeAt(previousEnd) : -1;
    const joined =
      (JOINERS.has(between) && isLetterBefore(folded, previousEnd) && isLetterAt(folded, start)) ||
      (between === 0x2e /* . */ &&
        previousEnd - previousStart === 1 &&
        end - start === 1 &&
        isLetterAt(folded, previousStart) &&
        isLetterAt(folded, start));
    if (!joined) count += 1;
    previousStart = start;
    previousEnd = end;
  });
  return count;
}
