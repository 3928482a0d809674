// How similar two source texts are, word by word, and which words differ: the translation
// memory's match percentage and the differences it highlights. Words are compared folded
// (search/normalize.ts): tashkeel, ZWNJ, digit systems and Latin case do not count as changes,
// a different number or name does.
import type { TextRange } from '../search/types.ts';

export interface Word {
  term: string;
  start: number;
  end: number;
}

export interface WordDiff {
  /** Word-level edit distance (insertions, deletions, substitutions). */
  distance: number;
  /** Indexes of the words of each side that the alignment does not pair with an equal word. */
  a: number[];
  b: number[];
}

/** The alignment table, reused: a lookup aligns hundreds of candidates (a new one each was garbage). */
let table = new Uint32Array(4096);

/** Levenshtein distance on words (folded terms), with the alignment traced back to the differing words. */
export function diffWords(a: readonly string[], b: readonly string[]): WordDiff {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  if (table.length < (n + 1) * width) table = new Uint32Array((n + 1) * width);
  const dp = table;
  for (let j = 0; j <= m; j++) dp[j] = j;
  for (let i = 1; i <= n; i++) {
    dp[i * width] = i;
    const term = a[i - 1];
    for (let j = 1; j <= m; j++) {
      const cost = term === b[j - 1] ? 0 : 1;
      dp[i * width + j] = Math.min(
        dp[(i - 1) * width + j]! + 1,
        dp[i * width + j - 1]! + 1,
        dp[(i - 1) * width + j - 1]! + cost,
      );
    }
  }
  const aChanged: number[] = [];
  const bChanged: number[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = dp[i * width + j]!;
    if (i > 0 && j > 0 && a[i - 1] === b[j - 1] && here === dp[(i - 1) * width + j - 1]!) {
      i--;
      j--;
    } else if (i > 0 && j > 0 && here === dp[(i - 1) * width + j - 1]! + 1) {
      aChanged.push(--i);
      bChanged.push(--j);
    } else if (i > 0 && here === dp[(i - 1) * width + j]! + 1) {
      aChanged.push(--i);
    } else {
      bChanged.push(--j);
    }
  }
  return { distance: dp[n * width + m]!, a: aChanged.reverse(), b: bChanged.reverse() };
}

/**
 * An upper bound of matchPercent from the words alone (shared words, counted with repeats): no
 * alignment can pair more words than the two texts share. Lets a lookup skip most candidates
 * without the quadratic alignment.
 */
export function matchBound(a: readonly string[], b: readonly string[]): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 100;
  const counts = new Map<string, number>();
  for (const term of a) counts.set(term, (counts.get(term) ?? 0) + 1);
  let shared = 0;
  for (const term of b) {
    const left = counts.get(term) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(term, left - 1);
    }
  }
  return Math.floor((100 * shared) / longest);
}

/** Ranges of some words, joined where only white space separates them (a changed phrase reads as one). */
export function joinRanges(text: string, words: readonly Word[], indexes: readonly number[]): TextRange[] {
  const out: TextRange[] = [];
  for (const index of indexes) {
    const word = words[index]!;
    const last = out[out.length - 1];
    if (last !== undefined && /^\s*$/u.test(text.slice(last.end, word.start))) last.end = word.end;
    else out.push({ start: word.start, end: word.end });
  }
  return out;
}

/**
 * Match percentage of two source texts: 100 when identical, 99 when only spelling variants,
 * punctuation or spacing differ (the same folded words), else the share of words that need no
 * edit, at most 98.
 */
export function matchPercent(
  aText: string,
  bText: string,
  a: readonly unknown[],
  b: readonly unknown[],
  distance: number,
): number {
  if (aText === bText) return 100;
  if (distance === 0) return 99;
  const longest = Math.max(a.length, b.length);
  return Math.min(98, Math.floor((100 * (longest - distance)) / longest));
}
