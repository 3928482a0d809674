// Hybrid logical clock (Kulkarni et al.): a wall-clock time in ms plus a counter. A device's stamps
// only grow, and after it has seen a stamp it only makes larger ones, so a laptop whose clock is a
// day behind still stamps its next edit after everything it has synced. The stamp is a fixed-width
// string that sorts as it compares and that a person can read: `20261125T093012345Z-0003`.
import { PirdError } from '../errors.ts';

declare const hlcBrand: unique symbol;
/** A stamp of the hybrid logical clock; compare with `<`, `>` (fixed width, so string order is time order). */
export type Hlc = string & { readonly [hlcBrand]: true };

export const HLC_PATTERN = /^\d{8}T\d{9}Z-\d{4}$/;
const MAX_COUNTER = 9999;
// Stamps are written with four-digit years; a clock outside them is a broken clock, not a date.
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isHlc(value: unknown): value is Hlc {
  return typeof value === 'string' && HLC_PATTERN.test(value);
}

export function asHlc(value: string): Hlc {
  if (!isHlc(value)) throw new PirdError('invalid-input', `"${value}" is not a clock stamp.`);
  return value;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatHlc(ms: number, counter: number): Hlc {
  const d = new Date(ms);
  const day = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
  const time = `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}${pad(d.getUTCMilliseconds(), 3)}`;
  return `${day}T${time}Z-${pad(counter, 4)}` as Hlc;
}

export function parseHlc(hlc: Hlc): { ms: number; counter: number } {
  const ms = Date.UTC(
    Number(hlc.slice(0, 4)),
    Number(hlc.slice(4, 6)) - 1,
    Number(hlc.slice(6, 8)),
    Number(hlc.slice(9, 11)),
    Number(hlc.slice(11, 13)),
    Number(hlc.slice(13, 15)),
    Number(hlc.slice(15, 18)),
  );
  return { ms, counter: Number(hlc.slice(20)) };
}

/** The larger of two stamps (null is smaller than any stamp). */
export function maxHlc(a: Hlc | null, b: Hlc | null): Hlc | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/**
 * The next stamp after `last` at wall time `nowMs`: the wall time when it has moved past the last
 * stamp, else the last stamp's time with the counter advanced. Strictly greater than `last`.
 */
export function tickHlc(last: Hlc | null, nowMs: number): Hlc {
  const wall = Math.min(Math.max(Math.floor(nowMs), MIN_MS), MAX_MS);
  if (last === null) return formatHlc(wall, 0);
  const { ms, counter } = parseHlc(last);
  if (wall > ms) return formatHlc(wall, 0);
  if (counter < MAX_COUNTER) return formatHlc(ms, counter + 1);
  // The counter is full: borrow the next millisecond (still strictly after `last`).
  return formatHlc(ms + 1, 0);
}
