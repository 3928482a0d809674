// Numbers in running copy, compared by value across digit systems: a translator writes ٢١٪ or
// ۲۱٪ or 21% for the same figure, ١٬٢٣٤٫٥ for 1,234.5, and Sorani glues suffixes onto numbers
// (٣٨٪ی, ٢٠٢٥ی, ٧:٣٠ی). Every number becomes a canonical decimal string; a segment's numbers
// are a multiset (a date or a time is just its parts: 7:30 is {7, 30}).

// Arabic-Indic (U+0660–0669) and Extended Arabic-Indic (U+06F0–06F9, Persian/Urdu keyboards).
const ARABIC_INDIC_ZERO = 0x0660;
const EXTENDED_ARABIC_INDIC_ZERO = 0x06f0;
const ARABIC_DECIMAL_SEPARATOR = '\u066b'; // ٫
const ARABIC_THOUSANDS_SEPARATOR = '\u066c'; // ٬

const NON_ASCII_NUMERIC = /[\u0660-\u0669\u06f0-\u06f9\u066b\u066c]/g;
const HAS_NON_ASCII_NUMERIC = /[\u0660-\u0669\u06f0-\u06f9\u066b\u066c]/;

/** What each of those characters becomes. */
const ASCII_OF: Record<string, string> = {
  [ARABIC_DECIMAL_SEPARATOR]: '.',
  [ARABIC_THOUSANDS_SEPARATOR]: ',',
};
for (let digit = 0; digit <= 9; digit++) {
  ASCII_OF[String.fromCharCode(ARABIC_INDIC_ZERO + digit)] = String(digit);
  ASCII_OF[String.fromCharCode(EXTENDED_ARABIC_INDIC_ZERO + digit)] = String(digit);
}

/**
 * Maps Arabic-Indic and Extended Arabic-Indic digits to ASCII, ٫ to '.' and ٬ to ','.
 * One UTF-16 unit in, one out: offsets in the result are offsets in the input.
 */
export function toAsciiDigits(text: string): string {
  // Looking first costs one scan and spares the replacement (its copy, a call per digit) for the
  // many texts without such digits: English copy, and Arabic or Sorani copy written with 0–9.
  if (!HAS_NON_ASCII_NUMERIC.test(text)) return text;
  return text.replace(NON_ASCII_NUMERIC, (ch) => ASCII_OF[ch]!);
}

// A grouped number (1,046,000 / ١٬٠٤٦٬٠٠٠) first: a comma counts as a thousands separator only
// between a group of 1–3 digits and exactly three more, so "12, 13" and "12,5" stay two numbers.
// Then a plain number with an optional decimal part; a full stop not followed by a digit ends a
// sentence. Letters glued on either side (ی, %ی, iPhone 15, COVID-19) do not hide the number.
const NUMBER = /\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?/g;

export interface FoundNumber {
  /** Canonical value: no grouping, no leading zeros, no trailing fractional zeros ("08.50" -> "8.5"). */
  value: string;
  /** As written in the text. */
  text: string;
  /** UTF-16 offset in the original text. */
  offset: number;
}

export function canonicalNumber(ascii: string): string {
  // Most numbers in copy are plain integers without a leading zero: already canonical.
  if (!ascii.includes(',') && !ascii.includes('.') && (ascii.length === 1 || ascii[0] !== '0')) return ascii;
  const [whole = '', fraction = ''] = ascii.replace(/,/g, '').split('.');
  const int = whole.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  return frac === '' ? int : `${int}.${frac}`;
}

/** Every number in `text`, in order of appearance. */
export function extractNumbers(text: string): FoundNumber[] {
  const ascii = toAsciiDigits(text);
  const found: FoundNumber[] = [];
  // exec on the one global pattern rather than matchAll, which copies the pattern at every call.
  NUMBER.lastIndex = 0;
  for (let match = NUMBER.exec(ascii); match !== null; match = NUMBER.exec(ascii)) {
    const offset = match.index;
    found.push({
      value: canonicalNumber(match[0]),
      text: text.slice(offset, offset + match[0].length),
      offset,
    });
  }
  return found;
}

export interface NumberComparison {
  /** Values of the source missing from the translation (with multiplicity). */
  missing: string[];
  /** Values in the translation that the source does not have (with multiplicity). */
  extra: string[];
}

function sortValues(values: string[]): string[] {
  return values.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The values of a text's numbers, each with how often it occurs: what compareNumbers compares. */
export function numberCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of extractNumbers(text)) counts.set(n.value, (counts.get(n.value) ?? 0) + 1);
  return counts;
}

/** Compares the numbers of two texts as multisets of values. Equal when both lists are empty. */
export function compareNumbers(source: string, translation: string): NumberComparison {
  return compareWithCounts(numberCounts(source), translation);
}

/** compareNumbers with the source's numberCounts, worked out once for every translation. */
export function compareWithCounts(
  source: ReadonlyMap<string, number>,
  translation: string,
): NumberComparison {
  const remaining = new Map(source);
  const extra: string[] = [];
  for (const n of extractNumbers(translation)) {
    const count = remaining.get(n.value) ?? 0;
    if (count > 0) remaining.set(n.value, count - 1);
    else extra.push(n.value);
  }
  const missing: string[] = [];
  for (const [value, count] of remaining) for (let i = 0; i < count; i++) missing.push(value);
  return { missing: sortValues(missing), extra: sortValues(extra) };
}

/** The multiset of values, sorted: what the QA report shows ("en {21, 60} vs ar {12, 60}"). */
export function numberValues(text: string): string[] {
  // A loop rather than map: see buildNinjs in export/ninjs.ts.
  const values: string[] = [];
  for (const n of extractNumbers(text)) values.push(n.value);
  return sortValues(values);
}
