// Serves the built renderer from one folder, with path containment re-checked on every request.
import { promises as fs } from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * Resolves a URL path inside `root`; null when it escapes the folder, is not a file, or does not exist.
 * `/` maps to index.html.
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolvedRoot = path.resolve(root);
  const filePath = path.resolve(resolvedRoot, relative);
  if (filePath !== resolvedRoot && !filePath.startsWith(resolvedRoot + path.sep)) return null;
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) return null;
    const body = await fs.readFile(filePath);
    return {
      body,
      contentType: CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream',
    };
  } catch {
    return null;
  }
}

/** The library's images are served under this path (contract's HTTP_MEDIA_PREFIX), by sha256 only. */
const MEDIA_PATH = /^\/media\/([^/]*)$/;

/**
 * For a `/media/…` path: the sha256 it names, or null when the name is not 64 lower-case hex
 * digits (then nothing is looked up). undefined for any other path.
 */
export function mediaShaFromPath(urlPath: string): string | null | undefined {
  const match = MEDIA_PATH.exec(urlPath);
  if (match === null) return urlPath.startsWith('/media/') ? null : undefined;
  return /^[0-9a-f]{64}$/.test(match[1]!) ? match[1]! : null;
}

/**
 * Headers of an image response: never sniffed as another type, never embedded by another site,
 * nothing active even if opened directly, and cacheable (the name is the content's hash).
 */
export const MEDIA_RESPONSE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'private, max-age=31536000, immutable',
} as const;
