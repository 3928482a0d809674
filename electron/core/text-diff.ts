// A word-level diff of two texts, for showing a translator what changed in a source segment since
// the translation was made. Pure and small: a longest-common-subsequence over words, after the
// common start and end are set aside. Words are runs of letters, marks and digits in any script, so
// an Arabic word keeps its harakat, and a Sorani word its zero-width non-joiner (U+200C), whole.

export type DiffPartKind = 'same' | 'removed' | 'added';

/** One run of the diff. The `same` and `removed` parts spell the old text, `same` and `added` the new. */
export interface DiffPart {
  kind: DiffPartKind;
  text: string;
}

// Letters, combining marks (harakat, tanwin), digits of every system, tatweel (a letter), ZWNJ and
// ZWJ (inside Sorani and Persian words), and the bidi controls some editors leave inside words.
// (ZWJ stands outside the class: inside one, a linter reads it as joining its neighbours.)
const TOKEN =
  /(?:[\p{L}\p{M}\p{N}\u200c\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]|\u200d)+|\s+|[^\p{L}\p{M}\p{N}\s]/gu;

/** Splits a text into words, white-space runs and single punctuation characters; joined, they give it back. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

// Beyond this many LCS cells (about two long paragraphs of 1,400 words each after trimming), the
// middle is shown as one replacement: a table that size would cost more memory than the diff is worth.
const MAX_CELLS = 4_000_000;

const isSpace = (token: string): boolean => /^\s+$/u.test(token);

/**
 * The differences between `before` and `after`, word by word. Adjacent runs of one kind are merged,
 * and a short unchanged run between two longer changes is folded into them (as diff-match-patch's
 * semantic clean-up does), so "Sunday presented a draft" -> "Monday approved a final" reads as one
 * replacement rather than two around a shared "a".
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPartKind, text: string): void => {
    if (text === '') return;
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push('same', a.slice(0, start).join(''));
  for (const [kind, token] of middleDiff(a.slice(start, endA), b.slice(start, endB))) push(kind, token);
  push('same', a.slice(endA).join(''));
  return foldShortRunsBetweenChanges(parts);
}

function middleDiff(a: readonly string[], b: readonly string[]): [DiffPartKind, string][] {
  if (a.length === 0) return b.map((t) => ['added', t]);
  if (b.length === 0) return a.map((t) => ['removed', t]);
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((t): [DiffPartKind, string] => ['removed', t]),
      ...b.map((t): [DiffPartKind, string] => ['added', t]),
    ];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const out: [DiffPartKind, string][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(['same', a[i]!]);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      out.push(['removed', a[i]!]);
      i++;
    } else {
      out.push(['added', b[j]!]);
      j++;
    }
  }
  while (i < a.length) out.push(['removed', a[i++]!]);
  while (j < b.length) out.push(['added', b[j++]!]);
  return out;
}

/** The length of the longer side (removed or added) of the changes in `parts`. */
function changeSize(parts: readonly DiffPart[]): number {
  const size = (kind: DiffPartKind) =>
    parts.filter((p) => p.kind === kind).reduce((n, p) => n + p.text.length, 0);
  return Math.max(size('removed'), size('added'));
}

/**
 * A `same` part with changes on both sides joins them when it is only white space, or no longer
 * than the changes on either side: a shared "a" or "the" inside a rewrite is not worth a break.
 */
function foldShortRunsBetweenChanges(parts: DiffPart[]): DiffPart[] {
  let out = parts;
  for (;;) {
    let from = -1;
    let to = -1;
    for (let i = 1; i < out.length - 1 && from < 0; i++) {
      const part = out[i]!;
      if (part.kind !== 'same' || out[i - 1]!.kind === 'same' || out[i + 1]!.kind === 'same') continue;
      let start = i - 1;
      while (start > 0 && out[start - 1]!.kind !== 'same') start--;
      let end = i + 1;
      while (end < out.length - 1 && out[end + 1]!.kind !== 'same') end++;
      const short =
        part.text.length <= changeSize(out.slice(start, i)) &&
        part.text.length <= changeSize(out.slice(i + 1, end + 1));
      if (isSpace(part.text) || short) {
        from = start;
        to = end;
      }
    }
    if (from < 0) return out;
    // Gather the changes on both sides into one removal and one addition.
    const span = out.slice(from, to + 1);
    const removed = span
      .filter((p) => p.kind !== 'added')
      .map((p) => p.text)
      .join('');
    const added = span
      .filter((p) => p.kind !== 'removed')
      .map((p) => p.text)
      .join('');
    const merged: DiffPart[] = [];
    if (removed !== '') merged.push({ kind: 'removed', text: removed });
    if (added !== '') merged.push({ kind: 'added', text: added });
    out = [...out.slice(0, from), ...merged, ...out.slice(to + 1)];
  }
}

/** The old text a diff spells (its `same` and `removed` parts). */
export function diffBefore(parts: readonly DiffPart[]): string {
  return parts
    .filter((p) => p.kind !== 'added')
    .map((p) => p.text)
    .join('');
}

/** The new text a diff spells (its `same` and `added` parts). */
export function diffAfter(parts: readonly DiffPart[]): string {
  return parts
    .filter((p) => p.kind !== 'removed')
    .map((p) => p.text)
    .join('');
}
