// One article as a set of fields, each merged by the rule in versions.ts, and the two pure steps
// of a sync round: `captureLocalChanges` (what changed in the local library since the last round)
// and `materializeArticle` (the article the merged fields make, and its conflicts).
//
//   exists                 { deleted }          the article, or its deletion (a tombstone)
//   created / source       createdAt / sourceLang
//   meta.<field>           slug, desk, editionDate, byline, tags, url
//   seg:<segment id>       { kind, pos, deleted } where the segment stands (pos: positions.ts)
//   text:<lang>:<segment>  { text, status, changedBy, changedAt, basis? } one language of one segment
//                          (basis: the source text a translation was made against; needs-update.ts)
//
// A deletion records what it had seen of the fields it removes (`covers`); a change it had not
// seen brings the article or the segment back (edit beats delete). A missing field is never a
// deletion: only an `exists`/`seg` version with deleted: true is.
import { emptyVersion, defaultMeta } from '../article-ops.ts';
import type { ImageFieldKey } from '../images/image-sync.ts';
import {
  captureImageChanges,
  isImageFieldKey,
  materializeImages,
  parseImageFieldKey,
} from '../images/image-sync.ts';
import type { Article, Lang, Segment, SegmentKind, SegmentVersion } from '../model.ts';
import { LANGUAGES } from '../model.ts';
import type { Hlc } from './hlc.ts';
import { comparePlaced, reposition } from './positions.ts';
import type { Context, DeviceId, Frontier, Version } from './versions.ts';
import { addVersions, contextCovers, joinContexts, knowledgeOf, sameValue, winnerOf } from './versions.ts';

export const EXISTS_KEY = 'exists';
export const CREATED_KEY = 'created';
export const SOURCE_KEY = 'source';
export const META_FIELDS = ['slug', 'desk', 'editionDate', 'byline', 'tags', 'url'] as const;
export type MetaField = (typeof META_FIELDS)[number];

export const metaKey = (field: MetaField): string => `meta.${field}`;
export const segmentKey = (segmentId: string): string => `seg:${segmentId}`;
export const textKey = (lang: Lang, segmentId: string): string => `text:${lang}:${segmentId}`;

export type FieldKey =
  | { kind: 'exists' }
  | { kind: 'created' }
  | { kind: 'source' }
  | { kind: 'meta'; field: MetaField }
  | { kind: 'segment'; segmentId: string }
  | { kind: 'text'; lang: Lang; segmentId: string }
  | ImageFieldKey;

/** Reads a field key; null for keys this Pird does not know. */
export function parseFieldKey(key: string): FieldKey | null {
  // img:<id>, imgtext:<lang>:<id>: an article's images (images/image-sync.ts).
  if (isImageFieldKey(key)) return parseImageFieldKey(key);
  if (key === EXISTS_KEY) return { kind: 'exists' };
  if (key === CREATED_KEY) return { kind: 'created' };
  if (key === SOURCE_KEY) return { kind: 'source' };
  if (key.startsWith('meta.')) {
    const field = key.slice(5);
    return (META_FIELDS as readonly string[]).includes(field)
      ? { kind: 'meta', field: field as MetaField }
      : null;
  }
  if (key.startsWith('seg:')) {
    const segmentId = key.slice(4);
    return segmentId.length > 0 && segmentId.length <= 200 ? { kind: 'segment', segmentId } : null;
  }
  if (key.startsWith('text:')) {
    const rest = key.slice(5);
    const colon = rest.indexOf(':');
    const lang = rest.slice(0, colon);
    const segmentId = rest.slice(colon + 1);
    if (colon < 0 || !(LANGUAGES as readonly string[]).includes(lang)) return null;
    return segmentId.length > 0 && segmentId.length <= 200
      ? { kind: 'text', lang: lang as Lang, segmentId }
      : null;
  }
  return null;
}

export interface ExistsValue {
  deleted: boolean;
}
export interface PlacementValue {
  kind: SegmentKind;
  pos: string;
  deleted: boolean;
}

/** The merged fields of one article on one device. */
export interface ArticleSyncState {
  id: string;
  fields: Readonly<Record<string, Frontier>>;
}

export function emptyArticleState(id: string): ArticleSyncState {
  return { id, fields: {} };
}

/** Adds versions to an article's fields; returns the same object when nothing was new. */
export function ingestVersions(
  state: ArticleSyncState,
  versions: readonly (Version & { key: string })[],
): ArticleSyncState {
  if (versions.length === 0) return state;
  const byKey = new Map<string, Version[]>();
  for (const v of versions) {
    const list = byKey.get(v.key);
    const plain: Version = {
      device: v.device,
      hlc: v.hlc,
      seen: v.seen,
      value: v.value,
      ...(v.covers === undefined ? {} : { covers: v.covers }),
    };
    if (list) list.push(plain);
    else byKey.set(v.key, [plain]);
  }
  let fields: Record<string, Frontier> | null = null;
  for (const [key, list] of byKey) {
    const before = state.fields[key] ?? [];
    const after = addVersions(before, list);
    if (after !== before) {
      fields ??= { ...state.fields };
      fields[key] = after;
    }
  }
  return fields === null ? state : { id: state.id, fields };
}

// ---------------------------------------------------------------------------------------------
// Materializing

/** An article as the merged fields make it; `updatedAt` and `revision` are the local library's own. */
export type SyncedArticle = Omit<Article, 'updatedAt' | 'revision'>;

export interface MaterializedArticle {
  /** 'unknown': no version of the article's existence has arrived yet (a later change came first). */
  status: 'alive' | 'deleted' | 'unknown';
  /** Null only when status is 'unknown'. A deleted article keeps its content (the trash shows it). */
  article: SyncedArticle | null;
  /** Text fields of shown segments whose frontier holds two or more different texts. */
  conflicts: string[];
  /** Positions of every placed segment (shown or not): captures build on them. */
  positions: Map<string, string>;
}

function winnerValue<V>(frontier: Frontier | undefined, fallback: V): V {
  const winner = frontier === undefined ? undefined : winnerOf(frontier);
  return winner === undefined ? fallback : (winner.value as V);
}

const notDeleted = (v: Version): boolean => !(v.value as { deleted?: unknown }).deleted;

/** True when every version of `frontier` had been seen by one of the deletions in `deletions`. */
function allCovered(deletions: Frontier, key: string, frontier: Frontier | undefined): boolean {
  if (frontier === undefined) return true;
  return frontier.every((v) => deletions.some((d) => contextCovers(d.covers?.[key], v)));
}

export function materializeArticle(state: ArticleSyncState): MaterializedArticle {
  const fields = state.fields;
  const exists = fields[EXISTS_KEY] ?? [];
  const existsWinner = winnerOf(exists, notDeleted);
  const positions = new Map<string, string>();
  if (existsWinner === undefined) return { status: 'unknown', article: null, conflicts: [], positions };

  const placed: { id: string; pos: string; kind: SegmentKind; shown: boolean }[] = [];
  for (const key of Object.keys(fields)) {
    if (!key.startsWith('seg:')) continue;
    const frontier = fields[key]!;
    const winner = winnerOf(frontier, notDeleted);
    if (winner === undefined) continue;
    const placement = winner.value as PlacementValue;
    const id = key.slice(4);
    let shown = !placement.deleted;
    if (!shown) {
      // Deleted, unless a language was changed by someone who had not seen the deletion.
      shown = LANGUAGES.some((lang) => !allCovered(frontier, textKey(lang, id), fields[textKey(lang, id)]));
    }
    positions.set(id, placement.pos);
    placed.push({ id, pos: placement.pos, kind: placement.kind, shown });
  }
  placed.sort(comparePlaced);
  let visible = placed.filter((p) => p.shown);
  // An article cannot be empty; two devices deleting each other's last paragraph should not make one.
  if (visible.length === 0) visible = placed;
  if (visible.length === 0) return { status: 'unknown', article: null, conflicts: [], positions };

  let status: MaterializedArticle['status'] = 'alive';
  if ((existsWinner.value as ExistsValue).deleted) {
    const uncovered = Object.keys(fields).some(
      (key) => key !== EXISTS_KEY && !allCovered(exists, key, fields[key]),
    );
    status = uncovered ? 'alive' : 'deleted';
  }

  const conflicts: string[] = [];
  const segments: Segment[] = visible.map(({ id, kind }) => {
    const versions = {} as Record<Lang, SegmentVersion>;
    for (const lang of LANGUAGES) {
      const key = textKey(lang, id);
      const frontier = fields[key];
      versions[lang] = winnerValue(frontier, emptyVersion());
      if (frontier !== undefined && new Set(frontier.map((v) => (v.value as SegmentVersion).text)).size > 1) {
        conflicts.push(key);
      }
    }
    return { id, kind, versions };
  });
  const meta = defaultMeta();
  for (const field of META_FIELDS) {
    (meta as unknown as Record<string, unknown>)[field] = winnerValue(fields[metaKey(field)], meta[field]);
  }
  const article: SyncedArticle = {
    id: state.id,
    sourceLang: winnerValue<Lang>(fields[SOURCE_KEY], 'en'),
    meta,
    segments,
    images: materializeImages(fields).images,
    createdAt: winnerValue(fields[CREATED_KEY], ''),
  };
  return { status: status, article, conflicts: status === 'alive' ? conflicts : [], positions };
}

// ---------------------------------------------------------------------------------------------
// Capturing local changes

export interface LocalArticle {
  /** Where the library keeps it: the article list, or the trash. */
  location: 'articles' | 'trash';
  article: Article;
}

export interface CaptureInput {
  device: DeviceId;
  /** The stamp every change of this capture gets. */
  hlc: Hlc;
  /** The fields as they were when the library was last synced. */
  state: ArticleSyncState;
  local: LocalArticle;
  /**
   * Versions from shared-folder files not yet recorded as synced (this device's own included). A
   * local value equal to one of them is that version being applied (a round that stopped after
   * writing the article and before recording it), not a new change.
   */
  unrecorded?: readonly (Version & { key: string })[];
  /** Text fields to state again even if unchanged: a conflict resolved by keeping the shown text. */
  forced?: ReadonlySet<string>;
}

type CapturedVersion = Version & { key: string };

/**
 * One language of a segment as a sync value. `basis` is a key only when there is one: values compare
 * by their keys (sameValue), and a version from a device that predates bases has none.
 */
export function textValue(v: SegmentVersion): SegmentVersion {
  return {
    text: v.text,
    status: v.status,
    changedBy: v.changedBy,
    changedAt: v.changedAt,
    ...(v.basis === undefined ? {} : { basis: { lang: v.basis.lang, text: v.basis.text } }),
  };
}

function scalarFields(a: Article): [string, unknown, unknown][] {
  const defaults = defaultMeta();
  return [
    [CREATED_KEY, a.createdAt, ''],
    [SOURCE_KEY, a.sourceLang, 'en'],
    ...META_FIELDS.map((f): [string, unknown, unknown] => [metaKey(f), a.meta[f], defaults[f]]),
  ];
}

/**
 * The changes the local article holds compared with the merged fields: each one a version stamped
 * `hlc` that supersedes everything this device knew of its field. Deterministic.
 */
export function captureLocalChanges(input: CaptureInput): CapturedVersion[] {
  const { device, hlc, state, local, forced } = input;
  const a = local.article;
  const base = materializeArticle(state);
  const unrecorded = input.unrecorded ?? [];
  const merged = unrecorded.length > 0 ? materializeArticle(ingestVersions(state, unrecorded)) : base;
  const out: CapturedVersion[] = [];

  const emit = (key: string, value: unknown, covers?: Record<string, Context>): void => {
    out.push({
      key,
      device,
      hlc,
      seen: knowledgeOf(state.fields[key]),
      value,
      ...(covers === undefined ? {} : { covers }),
    });
  };
  const explained = (key: string, value: unknown): boolean =>
    unrecorded.some((u) => u.key === key && sameValue(u.value, value));
  const consider = (key: string, value: unknown, fallback: unknown): void => {
    if (!forced?.has(key)) {
      if (sameValue(value, winnerValue(state.fields[key], fallback))) return;
      if (explained(key, value)) return;
    }
    emit(key, value);
  };

  for (const [key, value, fallback] of scalarFields(a)) consider(key, value, fallback);
  for (const segment of a.segments) {
    for (const lang of LANGUAGES)
      consider(textKey(lang, segment.id), textValue(segment.versions[lang]), emptyVersion());
  }

  // Structure: which segments exist, in which order. When the local order is exactly what merging
  // gives, the local article already shows the merge (or nothing moved) and there is nothing to say.
  const shown = (m: MaterializedArticle): string =>
    JSON.stringify(m.article?.segments.map((s) => [s.id, s.kind]) ?? null);
  const localShape = JSON.stringify(a.segments.map((s) => [s.id, s.kind]));
  const baseShown = new Map((base.article?.segments ?? []).map((s) => [s.id, s]));
  // When the order is the one last synced, nothing moved here: a remote move or insertion (in
  // `merged`) is not a local one, whatever the keys (two devices may have picked the same key).
  if (localShape !== shown(base) && (localShape !== shown(merged) || merged.status === 'unknown')) {
    const basePositions = new Map<string, string>();
    for (const s of base.article?.segments ?? []) basePositions.set(s.id, base.positions.get(s.id)!);
    const moved = reposition(
      a.segments.map((s) => s.id),
      basePositions,
    );
    for (const segment of a.segments) {
      const pos = moved.get(segment.id) ?? basePositions.get(segment.id)!;
      const want: PlacementValue = { kind: segment.kind, pos, deleted: false };
      const key = segmentKey(segment.id);
      const current = winnerOf(state.fields[key] ?? [], notDeleted)?.value;
      if (baseShown.has(segment.id) && current !== undefined && sameValue(current, want)) continue;
      if (explained(key, want)) continue;
      emit(key, want);
    }
    const localIds = new Set(a.segments.map((s) => s.id));
    const mergedShown = new Set((merged.article?.segments ?? []).map((s) => s.id));
    for (const segment of base.article?.segments ?? []) {
      if (localIds.has(segment.id) || (merged !== base && !mergedShown.has(segment.id))) continue;
      const covers: Record<string, Context> = {};
      for (const lang of LANGUAGES) {
        const key = textKey(lang, segment.id);
        covers[key] = knowledgeOf(state.fields[key]);
      }
      emit(
        segmentKey(segment.id),
        { kind: segment.kind, pos: base.positions.get(segment.id)!, deleted: true } satisfies PlacementValue,
        covers,
      );
    }
  }

  // Images: their files, order, captions and alt texts (images/image-sync.ts).
  out.push(...captureImageChanges({ device, hlc, fields: state.fields, images: a.images ?? [], unrecorded }));

  // Existence: an article in the list is alive; one in the trash is deleted.
  const wantDeleted = local.location === 'trash';
  const isNow = (m: MaterializedArticle): boolean => m.status === (wantDeleted ? 'deleted' : 'alive');
  if (!isNow(base) && !(merged !== base && isNow(merged))) {
    if (!wantDeleted) emit(EXISTS_KEY, { deleted: false } satisfies ExistsValue);
    else {
      const touched = new Set(out.map((v) => v.key));
      const covers: Record<string, Context> = {};
      for (const key of new Set([...Object.keys(state.fields), ...touched])) {
        if (key === EXISTS_KEY) continue;
        covers[key] = touched.has(key)
          ? joinContexts(knowledgeOf(state.fields[key]), { [device]: hlc })
          : knowledgeOf(state.fields[key]);
      }
      emit(EXISTS_KEY, { deleted: true } satisfies ExistsValue, covers);
    }
  }
  return out;
}

/** The article as the library stores it: the merged content with the local bookkeeping. */
export function toLibraryArticle(synced: SyncedArticle, local: Article | null, now: string): Article {
  return {
    ...synced,
    createdAt: synced.createdAt || local?.createdAt || now,
    updatedAt: now,
    revision: (local?.revision ?? 0) + 1,
  };
}

/** What sync keeps of a library article: everything but the local bookkeeping (updatedAt, revision). */
export function syncedContent(a: Article): SyncedArticle {
  return {
    id: a.id,
    sourceLang: a.sourceLang,
    meta: a.meta,
    segments: a.segments,
    // Absent (a file from before images) and empty are the same content.
    images: a.images ?? [],
    createdAt: a.createdAt,
  };
}

/** True when the library's article already shows the merged content (bookkeeping aside). */
export function sameContent(synced: SyncedArticle, local: Article): boolean {
  return sameValue({ ...synced, createdAt: synced.createdAt || local.createdAt }, syncedContent(local));
}
