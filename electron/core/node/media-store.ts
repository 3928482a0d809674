// The library's media store: image bytes under `<library>/media/<sha256>.<ext>`, named by their
// content. The same image added twice (to one article or to many, here or on another device) is
// stored once; a name the user gave never becomes a path. Files are written durably (temp file,
// fsync, rename) and, being named by content, never change once written: two processes writing
// one image at once write the same bytes.
import { createHash } from 'node:crypto';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { PirdError } from '../errors.ts';
import type { ImageTextPatch, StoredImageFile } from '../images/images.ts';
import {
  addImage,
  cleanImageName,
  newImageId,
  IMAGE_EXTENSION,
  IMAGE_MAX_BYTES,
  MEDIA_FILE_PATTERN,
  SHA256_PATTERN,
  mediaFileName,
  sniffImage,
} from '../images/images.ts';
import type { Article, ImageMime } from '../model.ts';
import { IMAGE_MIME_TYPES } from '../model.ts';
import { writeFileDurable } from './durable-write.ts';
import type { Library } from './library.ts';

export const MEDIA_DIR = 'media';

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function mediaDir(libraryDir: string): string {
  return path.join(libraryDir, MEDIA_DIR);
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Checks bytes offered as an image: within the size cap, and a JPEG, PNG, WebP or GIF by their
 * signature. Throws invalid-input with a message a user can act on.
 */
export function describeImageBytes(bytes: Uint8Array, what = 'The file'): StoredImageFile {
  if (bytes.length === 0) throw new PirdError('invalid-input', `${what} is empty.`);
  if (bytes.length > IMAGE_MAX_BYTES) {
    throw new PirdError(
      'invalid-input',
      `${what} is ${megabytes(bytes.length)}; images are limited to ${megabytes(IMAGE_MAX_BYTES)}. Save a smaller version and add that.`,
    );
  }
  const sniffed = sniffImage(bytes);
  if (sniffed === null) {
    throw new PirdError(
      'invalid-input',
      `${what} is not a JPEG, PNG, WebP or GIF image (judged by its content, not its name).`,
    );
  }
  return { sha256: sha256Hex(bytes), ...sniffed, bytes: bytes.length };
}

/** Stores image bytes (once per content) and describes them. */
export async function storeImage(
  libraryDir: string,
  bytes: Uint8Array,
  what?: string,
): Promise<StoredImageFile> {
  const file = describeImageBytes(bytes, what);
  const target = path.join(mediaDir(libraryDir), mediaFileName(file.sha256, file.mime));
  const existing = await fsPromises.stat(target).catch(() => null);
  // Same name means same content; a file of another size is a damaged copy and is replaced.
  if (existing?.isFile() && existing.size === file.bytes) return file;
  await fsPromises.mkdir(mediaDir(libraryDir), { recursive: true });
  await writeFileDurable(target, bytes);
  return file;
}

/**
 * Stores bytes that must have a given sha256 (an image arriving through sync): returns false,
 * writing nothing, when they do not (a partial or damaged copy), or are not an image.
 */
export async function storeVerifiedImage(
  libraryDir: string,
  bytes: Uint8Array,
  expectedSha256: string,
): Promise<boolean> {
  if (bytes.length === 0 || bytes.length > IMAGE_MAX_BYTES) return false;
  if (sha256Hex(bytes) !== expectedSha256) return false;
  const sniffed = sniffImage(bytes);
  if (sniffed === null) return false;
  await storeImage(libraryDir, bytes);
  return true;
}

/** The store's files: sha256 -> file name. Temp files and anything not named by content are ignored. */
export async function listMedia(libraryDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = await fsPromises.readdir(mediaDir(libraryDir));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return out;
    throw error;
  }
  for (const name of names) if (MEDIA_FILE_PATTERN.test(name)) out.set(name.slice(0, 64), name);
  return out;
}

export interface MediaFile {
  sha256: string;
  mime: ImageMime;
  bytes: Buffer;
}

const MIME_OF_EXTENSION = new Map<string, ImageMime>(IMAGE_MIME_TYPES.map((m) => [IMAGE_EXTENSION[m], m]));

/**
 * Reads the stored image with this sha256, or null when there is none. Only a 64-hex name is
 * ever looked up, so nothing outside media/ can be reached through it.
 */
export async function readMedia(libraryDir: string, sha256: string): Promise<MediaFile | null> {
  if (!SHA256_PATTERN.test(sha256)) return null;
  for (const [ext, mime] of MIME_OF_EXTENSION) {
    try {
      const bytes = await fsPromises.readFile(path.join(mediaDir(libraryDir), `${sha256}.${ext}`));
      return { sha256, mime, bytes };
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
  return null;
}

/**
 * The files of an article's images for an export, each once, in image order. Throws not-found,
 * naming the image, when a file is not (yet) in this library: an image added on another device
 * whose file has not arrived through sync. Exporting without it would publish a page with a hole.
 */
export async function readArticleMedia(libraryDir: string, article: Article): Promise<MediaFile[]> {
  const out: MediaFile[] = [];
  const seen = new Set<string>();
  for (const image of article.images ?? []) {
    if (seen.has(image.sha256)) continue;
    seen.add(image.sha256);
    const file = await readMedia(libraryDir, image.sha256);
    if (file === null || sha256Hex(file.bytes) !== image.sha256) {
      throw new PirdError(
        'not-found',
        `The file of image "${image.name}" (${image.id}) of article ${article.id} is not in this library yet (it may still be on its way through sync). Sync, then export again.`,
      );
    }
    out.push({ ...file, mime: image.mime });
  }
  return out;
}

export interface AddImageRequest {
  articleId: string;
  name: string;
  dataBase64: string;
  caption?: ImageTextPatch;
  alt?: ImageTextPatch;
}

/**
 * images.add: stores the bytes (checked: size cap, image type by content), then appends the image
 * to the article. The bytes go first, so an article never names a file this library lacks.
 */
export async function addArticleImage(
  library: Library,
  request: AddImageRequest,
  author: string,
): Promise<Article> {
  // A missing article is reported before anything is written.
  await library.get(request.articleId);
  const name = cleanImageName(request.name);
  const bytes = Buffer.from(request.dataBase64, 'base64');
  const file = await storeImage(library.dir, bytes, `"${name}"`);
  return library.update(request.articleId, (article, now) =>
    addImage(
      article,
      {
        id: newImageId(article),
        name,
        file,
        ...(request.caption === undefined ? {} : { caption: request.caption }),
        ...(request.alt === undefined ? {} : { alt: request.alt }),
      },
      author,
      now,
    ),
  );
}
