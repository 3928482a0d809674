// Segment order as fractional positions (the scheme of Figma and of the fractional-indexing
// package): each segment carries a key, the order is (key, segment id), and a segment inserted or
// moved between two others gets a key between theirs. Two devices inserting at one spot both keep
// their segments (ordered by id), and a move touches one segment instead of the whole list.
// Keys are base-36 digit strings read as fractions in (0, 1): never empty, never ending in '0'.

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
export const POSITION_PATTERN = /^[0-9a-z]{0,199}[1-9a-z]$/;

function digit(ch: string | undefined): number {
  return ch === undefined ? 0 : DIGITS.indexOf(ch);
}

/** A key strictly between `a` ('' for the start) and `b` (null for the end); requires a < b. */
export function positionBetween(a: string, b: string | null): string {
  if (b !== null && a >= b) throw new Error(`positionBetween: "${a}" is not before "${b}"`);
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? '0') === b[n]) n++;
    if (n > 0) return b.slice(0, n) + positionBetween(a.slice(n), b.slice(n));
  }
  const low = digit(a[0]);
  const high = b === null ? DIGITS.length : digit(b[0]);
  if (high - low > 1) return DIGITS[Math.round((low + high) / 2)]!;
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[low]! + positionBetween(a.slice(1), null);
}

/** `n` keys strictly between `a` and `b`, in order, spread evenly so that they stay short. */
export function positionsBetween(a: string, b: string | null, n: number): string[] {
  if (n <= 0) return [];
  if (n === 1) return [positionBetween(a, b)];
  const half = Math.floor(n / 2);
  const middle = positionBetween(a, b);
  return [...positionsBetween(a, middle, half), middle, ...positionsBetween(middle, b, n - half - 1)];
}

/** Compares two placed segments: by key, then by id (two devices may pick the same key). */
export function comparePlaced(a: { pos: string; id: string }, b: { pos: string; id: string }): number {
  if (a.pos !== b.pos) return a.pos < b.pos ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Keys for a new order of segments, changing as few as possible. `order` is the wanted order of
 * segment ids; `current` gives the keys segments have now (absent for new ones). The segments
 * that already stand in order (a longest increasing subsequence by key, then id) keep their keys;
 * the others get keys between their kept neighbours. Returns only the keys that change.
 */
export function reposition(
  order: readonly string[],
  current: ReadonlyMap<string, string>,
): Map<string, string> {
  // Longest increasing subsequence of (key, id), O(n log n) (patience sorting).
  const items = order.map((id, index) => ({ id, index, pos: current.get(id) }));
  const before = (a: number, b: number): boolean =>
    comparePlaced({ pos: items[a]!.pos!, id: items[a]!.id }, { pos: items[b]!.pos!, id: items[b]!.id }) < 0;
  const tails: number[] = [];
  const previous = new Array<number>(order.length).fill(-1);
  for (const item of items) {
    if (item.pos === undefined) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(tails[mid]!, item.index)) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[item.index] = tails[lo - 1]!;
    tails[lo] = item.index;
  }
  const kept = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) kept.add(i);

  const changed = new Map<string, string>();
  let left = '';
  let run: string[] = [];
  for (const item of items) {
    if (!kept.has(item.index)) {
      run.push(item.id);
      continue;
    }
    if (run.length > 0 && item.pos! <= left) {
      // Equal keys (two devices inserted at one spot) leave no room between them: this one moves too.
      run.push(item.id);
      continue;
    }
    positionsBetween(left, item.pos!, run.length).forEach((key, i) => changed.set(run[i]!, key));
    run = [];
    left = item.pos!;
  }
  positionsBetween(left, null, run.length).forEach((key, i) => changed.set(run[i]!, key));
  return changed;
}
