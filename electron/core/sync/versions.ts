// Versions of one field (a register) and the one deterministic rule that merges them.
//
// Every change to a field is a version: who made it (device), when (HLC stamp), its value, and
// what its maker had seen of that field (`seen`: for each device, the newest stamp of that
// device's versions it knew, directly or through others). A version *supersedes* another when it
// had seen it. The field keeps every version that nothing supersedes (its frontier): one in the
// normal case, two or more when devices changed it without seeing each other's change, which is a
// conflict. The frontier depends only on the set of versions, never on the order they arrive in or
// on how often: that is what makes every device end up with the same library.
//
// `seen` stays causally closed (if it names a version it includes everything that version had
// seen) because every new version's `seen` is the join of its device's whole knowledge of the
// field, and a device's versions of one field each see the one before.
import type { Hlc } from './hlc.ts';

declare const deviceBrand: unique symbol;
/** A device's id in the shared folder: made once per library, `d-` and 12 base-32 letters. */
export type DeviceId = string & { readonly [deviceBrand]: true };
export const DEVICE_ID_PATTERN = /^d-[a-z2-7]{12}$/;

/** For each device, the newest of its versions (of one field) that is known. */
export type Context = Readonly<Record<string, Hlc>>;

export interface Version<V = unknown> {
  device: DeviceId;
  hlc: Hlc;
  seen: Context;
  value: V;
  /**
   * Deletions only: what the deleting device had seen of the fields the deletion takes with it
   * (an article's fields, a segment's texts). A change it had not seen brings the thing back.
   */
  covers?: Readonly<Record<string, Context>>;
}

/** The frontier of one field: versions nothing supersedes, newest first. */
export type Frontier = readonly Version[];

export function versionId(v: Pick<Version, 'device' | 'hlc'>): string {
  return `${v.device}@${v.hlc}`;
}

export function contextCovers(context: Context | undefined, v: Pick<Version, 'device' | 'hlc'>): boolean {
  const known = context?.[v.device];
  return known !== undefined && known >= v.hlc;
}

/** True when `w` was made by a device that had seen `v`. */
export function supersedes(w: Version, v: Version): boolean {
  return contextCovers(w.seen, v);
}

/** The join of contexts: for each device the newer stamp. */
export function joinContexts(...contexts: (Context | undefined)[]): Context {
  const out: Record<string, Hlc> = {};
  for (const context of contexts) {
    if (context === undefined) continue;
    for (const [device, hlc] of Object.entries(context)) {
      const known = out[device];
      if (known === undefined || hlc > known) out[device] = hlc;
    }
  }
  return sortedContext(out);
}

/** Everything known of a field: what its frontier versions had seen, and the versions themselves. */
export function knowledgeOf(frontier: Frontier | undefined): Context {
  if (frontier === undefined || frontier.length === 0) return {};
  return joinContexts(...frontier.map((v) => ({ ...v.seen, [v.device]: v.hlc })));
}

function sortedContext(context: Record<string, Hlc>): Context {
  const keys = Object.keys(context).sort();
  const out: Record<string, Hlc> = {};
  for (const key of keys) out[key] = context[key]!;
  return out;
}

/** Newest first; between equal stamps (two devices in the same millisecond) the larger device id. */
export function compareVersions(a: Version, b: Version): number {
  if (a.hlc !== b.hlc) return a.hlc > b.hlc ? -1 : 1;
  if (a.device !== b.device) return a.device > b.device ? -1 : 1;
  return 0;
}

/** Key order fixed, so that equal versions give equal JSON (and equal files). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}

/** Structural equality of JSON values (key order does not matter). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (
      !Object.hasOwn(b, k) ||
      !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    )
      return false;
  }
  return true;
}

/**
 * Adds a version to a field's frontier. Returns the same array when the version is already known
 * or superseded, so callers can tell "nothing new" by identity.
 */
export function addVersion(frontier: Frontier, v: Version): Frontier {
  for (const w of frontier) {
    if (w.device === v.device && w.hlc === v.hlc) {
      // One device makes one version per field per stamp; two different ones can only come from a
      // damaged or cloned device. Keep one of them, chosen by content, so every device keeps the same.
      if (canonicalJson(w) <= canonicalJson(v)) return frontier;
      return [...frontier.filter((x) => x !== w), v].sort(compareVersions);
    }
    if (supersedes(w, v)) return frontier;
  }
  return [...frontier.filter((w) => !supersedes(v, w)), v].sort(compareVersions);
}

export function addVersions(frontier: Frontier, versions: readonly Version[]): Frontier {
  let out = frontier;
  for (const v of versions) out = addVersion(out, v);
  return out;
}

/**
 * The version a field shows: the newest, after those `preferred` picks (e.g. "not a deletion":
 * an edit beats a deletion it had not seen). Deterministic: it depends only on the frontier.
 */
export function winnerOf<V>(
  frontier: readonly Version<V>[],
  preferred?: (v: Version<V>) => boolean,
): Version<V> | undefined {
  let best: Version<V> | undefined;
  for (const v of frontier) {
    if (best === undefined) {
      best = v;
      continue;
    }
    if (preferred !== undefined) {
      const a = preferred(v);
      const b = preferred(best);
      if (a !== b) {
        if (a) best = v;
        continue;
      }
    }
    if (compareVersions(v, best) < 0) best = v;
  }
  return best;
}
