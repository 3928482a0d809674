// An article's images (pure): what kind of file an image is (from its bytes, never its name), its
// size in pixels from the file's header, and the operations the editor, the CLI and sync apply to
// `article.images`. The bytes themselves live in the library's media store (node/media-store.ts).
import { z } from 'zod';
import { PirdError } from '../errors.ts';
import type { Article, ArticleImage, ImageMime, Lang } from '../model.ts';
import { IMAGE_MIME_TYPES, LANGUAGES } from '../model.ts';

/** The largest image Pird takes: a news photo at full resolution is well under it. */
export const IMAGE_MAX_BYTES = 25 * 1024 * 1024;
/** Bounds of the texts of one image, per language. */
export const CAPTION_MAX_CHARS = 5_000;
export const ALT_MAX_CHARS = 2_000;
/** The name of the file that was added, as stored (display only). */
export const IMAGE_NAME_MAX_CHARS = 200;

export const IMAGE_EXTENSION: Record<ImageMime, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const IMAGE_ID_PATTERN = /^i-[a-z2-7]{8}$/;
/** A media store file: `<sha256>.<ext>`. Nothing else is ever a path under media/. */
export const MEDIA_FILE_PATTERN = /^[0-9a-f]{64}\.(?:jpg|png|webp|gif)$/;

export function mediaFileName(sha256: string, mime: ImageMime): string {
  return `${sha256}.${IMAGE_EXTENSION[mime]}`;
}

export function articleImages(article: Pick<Article, 'images'>): ArticleImage[] {
  return article.images ?? [];
}

// ---------------------------------------------------------------------------------------------
// What the bytes are

export interface SniffedImage {
  mime: ImageMime;
  width: number | null;
  height: number | null;
}

/** Larger than any real image: a header claiming more is damaged or hostile, and is not believed. */
const MAX_DIMENSION = 100_000;

function dimension(value: number): number | null {
  return Number.isInteger(value) && value > 0 && value <= MAX_DIMENSION ? value : null;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  return startsWith(
    bytes,
    [...text].map((c) => c.charCodeAt(0)),
    at,
  );
}

const u16be = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number): number =>
  ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

function pngSize(b: Uint8Array): [number | null, number | null] {
  if (b.length < 24 || !ascii(b, 12, 'IHDR')) return [null, null];
  return [dimension(u32be(b, 16)), dimension(u32be(b, 20))];
}

function gifSize(b: Uint8Array): [number | null, number | null] {
  if (b.length < 10) return [null, null];
  return [dimension(u16le(b, 6)), dimension(u16le(b, 8))];
}

function jpegSize(b: Uint8Array): [number | null, number | null] {
  // Walk the markers up to the first start-of-frame; every segment but a few carries its length.
  let at = 2;
  while (at + 3 < b.length) {
    if (b[at] !== 0xff) return [null, null];
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2;
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2) return [null, null];
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 9 > b.length) return [null, null];
      return [dimension(u16be(b, at + 7)), dimension(u16be(b, at + 5))];
    }
    at += 2 + length;
  }
  return [null, null];
}

function webpSize(b: Uint8Array): [number | null, number | null] {
  if (b.length < 30) return [null, null];
  if (ascii(b, 12, 'VP8 ') && startsWith(b, [0x9d, 0x01, 0x2a], 23)) {
    return [dimension(u16le(b, 26) & 0x3fff), dimension(u16le(b, 28) & 0x3fff)];
  }
  if (ascii(b, 12, 'VP8L') && b[20] === 0x2f) {
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return [dimension((bits & 0x3fff) + 1), dimension(((bits >>> 14) & 0x3fff) + 1)];
  }
  if (ascii(b, 12, 'VP8X')) return [dimension(u24le(b, 24) + 1), dimension(u24le(b, 27) + 1)];
  return [null, null];
}

/**
 * What kind of image the bytes are, by their signature (magic bytes), with the size in pixels
 * when the header gives it cheaply; null for anything that is not JPEG, PNG, WebP or GIF (an SVG,
 * a PDF, an executable renamed to .jpg …). The file's name plays no part.
 */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  let mime: ImageMime | null = null;
  let size: [number | null, number | null] = [null, null];
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    mime = 'image/png';
    size = pngSize(bytes);
  } else if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    mime = 'image/jpeg';
    size = jpegSize(bytes);
  } else if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) {
    mime = 'image/gif';
    size = gifSize(bytes);
  } else if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) {
    mime = 'image/webp';
    size = webpSize(bytes);
  }
  return mime === null ? null : { mime, width: size[0], height: size[1] };
}

// ---------------------------------------------------------------------------------------------
// Texts and names

/** The user's file name as stored for display: its last part, NFC, no controls, bounded. */
export function cleanImageName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim();
  return [...clean].slice(0, IMAGE_NAME_MAX_CHARS).join('') || 'image';
}

function emptyTexts(): Record<Lang, string> {
  return { en: '', ar: '', ckb: '' };
}

export type ImageTextPatch = Partial<Record<Lang, string>>;

function patched(current: Record<Lang, string>, patch: ImageTextPatch | undefined, max: number) {
  const next = { ...current };
  for (const lang of LANGUAGES) {
    const text = patch?.[lang];
    if (text === undefined) continue;
    const clean = text.normalize('NFC');
    if (clean.length > max)
      throw new PirdError('invalid-input', `A ${lang} text of an image is limited to ${max} characters.`);
    next[lang] = clean;
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// Operations on article.images (each returns a new article; the input is never changed)

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function newImageId(article: Pick<Article, 'images'>): string {
  const taken = new Set(articleImages(article).map((image) => image.id));
  for (;;) {
    const bytes = new Uint8Array(8);
    globalThis.crypto.getRandomValues(bytes);
    let id = 'i-';
    for (const byte of bytes) id += ID_ALPHABET[byte & 31];
    if (!taken.has(id)) return id;
  }
}

/** What the media store reports about stored bytes: enough to describe the image. */
export interface StoredImageFile {
  sha256: string;
  mime: ImageMime;
  width: number | null;
  height: number | null;
  bytes: number;
}

export interface NewImage {
  id: string;
  name: string;
  file: StoredImageFile;
  caption?: ImageTextPatch;
  alt?: ImageTextPatch;
}

/** Appends an image (the same file may appear twice in one article: each has its own texts). */
export function addImage(article: Article, input: NewImage, author: string, now: string): Article {
  if (!IMAGE_ID_PATTERN.test(input.id)) throw new PirdError('internal', `Bad image id "${input.id}".`);
  const image: ArticleImage = {
    id: input.id,
    file: mediaFileName(input.file.sha256, input.file.mime),
    sha256: input.file.sha256,
    mime: input.file.mime,
    width: input.file.width,
    height: input.file.height,
    bytes: input.file.bytes,
    name: cleanImageName(input.name),
    caption: patched(emptyTexts(), input.caption, CAPTION_MAX_CHARS),
    alt: patched(emptyTexts(), input.alt, ALT_MAX_CHARS),
    changedBy: author,
    changedAt: now,
  };
  return { ...article, images: [...articleImages(article), image] };
}

function indexOfImage(article: Article, imageId: string): number {
  const index = articleImages(article).findIndex((image) => image.id === imageId);
  if (index < 0) throw new PirdError('not-found', `Article "${article.id}" has no image "${imageId}".`);
  return index;
}

/** Sets captions and alt texts (only the languages given). Unchanged texts leave the article as it was. */
export function updateImageTexts(
  article: Article,
  imageId: string,
  patch: { caption?: ImageTextPatch; alt?: ImageTextPatch },
  author: string,
  now: string,
): Article {
  const images = articleImages(article);
  const index = indexOfImage(article, imageId);
  const image = images[index]!;
  const caption = patched(image.caption, patch.caption, CAPTION_MAX_CHARS);
  const alt = patched(image.alt, patch.alt, ALT_MAX_CHARS);
  const same = LANGUAGES.every((l) => caption[l] === image.caption[l] && alt[l] === image.alt[l]);
  if (same) return article;
  const next = images.slice();
  next[index] = { ...image, caption, alt, changedBy: author, changedAt: now };
  return { ...article, images: next };
}

export function removeImage(article: Article, imageId: string): Article {
  const index = indexOfImage(article, imageId);
  const next = articleImages(article).filter((_, i) => i !== index);
  return { ...article, images: next };
}

/** Moves an image to `toIndex` (clamped to the list). */
export function moveImage(article: Article, imageId: string, toIndex: number): Article {
  const images = articleImages(article).slice();
  const from = indexOfImage(article, imageId);
  const to = Math.max(0, Math.min(images.length - 1, toIndex));
  if (from === to) return article;
  const [image] = images.splice(from, 1);
  images.splice(to, 0, image!);
  return { ...article, images };
}

// ---------------------------------------------------------------------------------------------
// Schemas: the article file (envelope.ts) and sync read images through these

const textsSchema = (max: number) =>
  z.strictObject({ en: z.string().max(max), ar: z.string().max(max), ckb: z.string().max(max) });

const dimensionSchema = z.number().int().min(1).max(MAX_DIMENSION).nullable();

export const imageSchema = z
  .strictObject({
    id: z.string().regex(IMAGE_ID_PATTERN, 'not an image id'),
    file: z.string().regex(MEDIA_FILE_PATTERN, 'not a media file name'),
    sha256: z.string().regex(SHA256_PATTERN, 'not a sha256'),
    mime: z.enum(IMAGE_MIME_TYPES),
    width: dimensionSchema,
    height: dimensionSchema,
    bytes: z.number().int().min(1).max(IMAGE_MAX_BYTES),
    name: z.string().max(IMAGE_NAME_MAX_CHARS * 2),
    caption: textsSchema(CAPTION_MAX_CHARS),
    alt: textsSchema(ALT_MAX_CHARS),
    changedBy: z.string().nullable(),
    changedAt: z.string().min(1).max(64).nullable(),
  })
  .refine((image) => image.file === mediaFileName(image.sha256, image.mime), {
    message: 'the file name does not match the sha256 and type',
    path: ['file'],
  }) satisfies z.ZodType<ArticleImage>;

export const imagesSchema = z
  .array(imageSchema)
  .max(500)
  .superRefine((images, ctx) => {
    const seen = new Set<string>();
    images.forEach((image, index) => {
      if (seen.has(image.id))
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate image id "${image.id}"` });
      seen.add(image.id);
    });
  });

/** The image with its keys in one fixed order (stable article files). */
export function canonicalImage(image: ArticleImage): ArticleImage {
  const texts = (t: Record<Lang, string>) => ({ en: t.en, ar: t.ar, ckb: t.ckb });
  return {
    id: image.id,
    file: image.file,
    sha256: image.sha256,
    mime: image.mime,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    name: image.name,
    caption: texts(image.caption),
    alt: texts(image.alt),
    changedBy: image.changedBy,
    changedAt: image.changedAt,
  };
}
