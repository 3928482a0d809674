// An article's images as sync fields (merged by versions.ts like every field; hooked into
// sync/article-sync.ts). The bytes travel apart, as content-addressed files (node/sync/media-blobs.ts).
//
//   img:<image id>              { sha256, mime, width, height, bytes, name, pos, deleted, … }
//                               the file and where the image stands (pos: positions.ts, as segments)
//   imgtext:<lang>:<image id>   { caption, alt, … } one language's texts of one image
//
// Each field keeps the newest version (last writer wins, as meta fields do): the translators of
// different languages edit different fields, so their captions never overwrite each other. A
// removal is an `img:` version with deleted: true; a later re-add or move brings the image back.
import { z } from 'zod';
import type { ArticleImage, ImageMime, Lang } from '../model.ts';
import { IMAGE_MIME_TYPES, LANGUAGES } from '../model.ts';
import type { Hlc } from '../sync/hlc.ts';
import { POSITION_PATTERN, comparePlaced, reposition } from '../sync/positions.ts';
import type { DeviceId, Frontier, Version } from '../sync/versions.ts';
import { addVersions, knowledgeOf, winnerOf } from '../sync/versions.ts';
import {
  ALT_MAX_CHARS,
  CAPTION_MAX_CHARS,
  IMAGE_ID_PATTERN,
  IMAGE_MAX_BYTES,
  IMAGE_NAME_MAX_CHARS,
  SHA256_PATTERN,
  mediaFileName,
} from './images.ts';

export const IMAGE_KEY_PREFIX = 'img:';
export const IMAGE_TEXT_KEY_PREFIX = 'imgtext:';
export const imageKey = (imageId: string): string => `${IMAGE_KEY_PREFIX}${imageId}`;
export const imageTextKey = (lang: Lang, imageId: string): string =>
  `${IMAGE_TEXT_KEY_PREFIX}${lang}:${imageId}`;

export type ImageFieldKey =
  { kind: 'image'; imageId: string } | { kind: 'imageText'; lang: Lang; imageId: string };

export function isImageFieldKey(key: string): boolean {
  return key.startsWith(IMAGE_KEY_PREFIX) || key.startsWith(IMAGE_TEXT_KEY_PREFIX);
}

/** Reads an image field key; null when it is not one (or names no valid image id). */
export function parseImageFieldKey(key: string): ImageFieldKey | null {
  if (key.startsWith(IMAGE_KEY_PREFIX)) {
    const imageId = key.slice(IMAGE_KEY_PREFIX.length);
    return IMAGE_ID_PATTERN.test(imageId) ? { kind: 'image', imageId } : null;
  }
  if (key.startsWith(IMAGE_TEXT_KEY_PREFIX)) {
    const [lang, imageId, ...rest] = key.slice(IMAGE_TEXT_KEY_PREFIX.length).split(':');
    if (rest.length > 0 || imageId === undefined || !IMAGE_ID_PATTERN.test(imageId)) return null;
    return (LANGUAGES as readonly string[]).includes(lang ?? '')
      ? { kind: 'imageText', lang: lang as Lang, imageId }
      : null;
  }
  return null;
}

export interface ImagePlacementValue {
  sha256: string;
  mime: ImageMime;
  width: number | null;
  height: number | null;
  bytes: number;
  name: string;
  pos: string;
  deleted: boolean;
  changedBy: string | null;
  changedAt: string | null;
}

export interface ImageTextValue {
  caption: string;
  alt: string;
  changedBy: string | null;
  changedAt: string | null;
}

const dimension = z.number().int().min(1).max(100_000).nullable();
const who = { changedBy: z.string().max(500).nullable(), changedAt: z.string().min(1).max(64).nullable() };

/** Values found in the shared folder are unknown until these parse them (sync/format.ts). */
export const imagePlacementSchema = z.strictObject({
  sha256: z.string().regex(SHA256_PATTERN),
  mime: z.enum(IMAGE_MIME_TYPES),
  width: dimension,
  height: dimension,
  bytes: z.number().int().min(1).max(IMAGE_MAX_BYTES),
  name: z.string().max(IMAGE_NAME_MAX_CHARS * 2),
  pos: z.string().regex(POSITION_PATTERN),
  deleted: z.boolean(),
  ...who,
}) satisfies z.ZodType<ImagePlacementValue>;

export const imageTextValueSchema = z.strictObject({
  caption: z.string().max(CAPTION_MAX_CHARS),
  alt: z.string().max(ALT_MAX_CHARS),
  ...who,
}) satisfies z.ZodType<ImageTextValue>;

type Fields = Readonly<Record<string, Frontier>>;

function placementOf(frontier: Frontier | undefined): ImagePlacementValue | undefined {
  return frontier === undefined ? undefined : (winnerOf(frontier)?.value as ImagePlacementValue | undefined);
}

function textOf(frontier: Frontier | undefined): ImageTextValue | undefined {
  return frontier === undefined ? undefined : (winnerOf(frontier)?.value as ImageTextValue | undefined);
}

export interface MaterializedImages {
  images: ArticleImage[];
  /** Positions of the shown images. */
  positions: Map<string, string>;
}

/** The images the merged fields make, in order (by position, then id). */
export function materializeImages(fields: Fields): MaterializedImages {
  const placed: { id: string; pos: string; value: ImagePlacementValue }[] = [];
  for (const key of Object.keys(fields)) {
    if (!key.startsWith(IMAGE_KEY_PREFIX)) continue;
    const value = placementOf(fields[key]);
    if (value === undefined || value.deleted) continue;
    placed.push({ id: key.slice(IMAGE_KEY_PREFIX.length), pos: value.pos, value });
  }
  placed.sort(comparePlaced);
  const positions = new Map<string, string>();
  const images = placed.map(({ id, pos, value }): ArticleImage => {
    positions.set(id, pos);
    const caption = { en: '', ar: '', ckb: '' };
    const alt = { en: '', ar: '', ckb: '' };
    // Who changed the image last: the newest of its file's and its texts' changes.
    let changedBy = value.changedBy;
    let changedAt = value.changedAt;
    for (const lang of LANGUAGES) {
      const text = textOf(fields[imageTextKey(lang, id)]);
      if (text === undefined) continue;
      caption[lang] = text.caption;
      alt[lang] = text.alt;
      if (text.changedAt !== null && (changedAt === null || text.changedAt > changedAt)) {
        changedAt = text.changedAt;
        changedBy = text.changedBy;
      }
    }
    return {
      id,
      file: mediaFileName(value.sha256, value.mime),
      sha256: value.sha256,
      mime: value.mime,
      width: value.width,
      height: value.height,
      bytes: value.bytes,
      name: value.name,
      caption,
      alt,
      changedBy,
      changedAt,
    };
  });
  return { images, positions };
}

// ---------------------------------------------------------------------------------------------
// Capturing local changes

export interface ImageCaptureInput {
  device: DeviceId;
  hlc: Hlc;
  /** The merged fields when the library was last synced. */
  fields: Fields;
  /** The images of the local article. */
  images: readonly ArticleImage[];
  /** Versions of shared-folder files not recorded as merged yet (see article-sync's CaptureInput). */
  unrecorded: readonly (Version & { key: string })[];
}

type KeyedVersion = Version & { key: string };

// Who and when are not what a field says: an edit of a caption must not restate the file's field.
function samePlacement(a: ImagePlacementValue, b: ImagePlacementValue): boolean {
  return (
    a.sha256 === b.sha256 &&
    a.mime === b.mime &&
    a.width === b.width &&
    a.height === b.height &&
    a.bytes === b.bytes &&
    a.name === b.name &&
    a.pos === b.pos &&
    a.deleted === b.deleted
  );
}

function sameText(a: ImageTextValue, b: ImageTextValue): boolean {
  return a.caption === b.caption && a.alt === b.alt;
}

const EMPTY_TEXT: ImageTextValue = { caption: '', alt: '', changedBy: null, changedAt: null };

/** The image changes the local article holds compared with the merged fields. Deterministic. */
export function captureImageChanges(input: ImageCaptureInput): KeyedVersion[] {
  const { device, hlc, fields, images, unrecorded } = input;
  const out: KeyedVersion[] = [];
  const emit = (key: string, value: ImagePlacementValue | ImageTextValue): void => {
    out.push({ key, device, hlc, seen: knowledgeOf(fields[key]), value });
  };
  const imageUnrecorded = unrecorded.filter((v) => isImageFieldKey(v.key));
  // A local value equal to an unrecorded version is that version applied, not a new change.
  const explainedPlacement = (key: string, want: ImagePlacementValue): boolean =>
    imageUnrecorded.some((u) => u.key === key && samePlacement(u.value as ImagePlacementValue, want));
  const explainedText = (key: string, want: ImageTextValue): boolean =>
    imageUnrecorded.some((u) => u.key === key && sameText(u.value as ImageTextValue, want));

  const base = materializeImages(fields);
  let merged = base;
  if (imageUnrecorded.length > 0) {
    const withUnrecorded: Record<string, Frontier> = { ...fields };
    for (const v of imageUnrecorded) withUnrecorded[v.key] = addVersions(withUnrecorded[v.key] ?? [], [v]);
    merged = materializeImages(withUnrecorded);
  }
  const order = (m: MaterializedImages): string => m.images.map((i) => i.id).join(' ');
  const localOrder = images.map((i) => i.id).join(' ');
  // Unchanged order (or exactly the merge being applied): every image keeps its position.
  const reference = localOrder === order(merged) ? merged : base;
  const moved =
    localOrder === order(reference)
      ? new Map<string, string>()
      : reposition(
          images.map((i) => i.id),
          base.positions,
        );

  for (const image of images) {
    const key = imageKey(image.id);
    const pos = moved.get(image.id) ?? reference.positions.get(image.id) ?? base.positions.get(image.id);
    if (pos === undefined) continue; // cannot happen: reposition places every image without a key
    const want: ImagePlacementValue = {
      sha256: image.sha256,
      mime: image.mime,
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      name: image.name,
      pos,
      deleted: false,
      changedBy: image.changedBy,
      changedAt: image.changedAt,
    };
    const current = placementOf(fields[key]);
    if (!(current !== undefined && samePlacement(current, want)) && !explainedPlacement(key, want))
      emit(key, want);
    for (const lang of LANGUAGES) {
      const textKey = imageTextKey(lang, image.id);
      const wantText: ImageTextValue = {
        caption: image.caption[lang],
        alt: image.alt[lang],
        changedBy: image.changedBy,
        changedAt: image.changedAt,
      };
      if (sameText(textOf(fields[textKey]) ?? EMPTY_TEXT, wantText) || explainedText(textKey, wantText))
        continue;
      emit(textKey, wantText);
    }
  }

  // Removed here: images the last sync showed that the local article no longer has (unless the
  // unrecorded versions removed them already: then the local article shows that removal).
  const local = new Set(images.map((i) => i.id));
  const mergedShown = new Set(merged.images.map((i) => i.id));
  for (const image of base.images) {
    if (local.has(image.id) || (merged !== base && !mergedShown.has(image.id))) continue;
    const key = imageKey(image.id);
    const current = placementOf(fields[key]);
    if (current === undefined) continue;
    emit(key, { ...current, deleted: true });
  }
  return out;
}
