// `--zip`: the bundle's files in one .zip, byte-identical for the same bundle.
// fflate: small, dependency-free, maintained, pure JS (runs in Node, Electron and a browser alike,
// so the core stays pure), with a synchronous API that takes per-archive mtime and attributes —
// which is what determinism needs. (yazl is Node-streams-only; archiver and JSZip are far larger.)
import { unzipSync, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import type { BundleFile } from './bundle.ts';
import { MANIFEST_FILE, fileBytes } from './bundle.ts';

/**
 * The timestamp stored for every entry. ZIP stores local wall-clock time and fflate reads the
 * Date's local fields, so the Date is built from local fields: the same day in every time zone.
 * Noon, because no time zone skips noon for daylight saving.
 */
function zipTime(isoDate: string): Date {
  const d = new Date(isoDate);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12, 0, 0);
}

export function zipBundle(files: readonly BundleFile[], isoDate: string): Uint8Array {
  const mtime = zipTime(isoDate);
  const entries: Zippable = {};
  const sorted = [...files].sort((a, b) =>
    a.path === MANIFEST_FILE ? -1 : b.path === MANIFEST_FILE ? 1 : a.path < b.path ? -1 : 1,
  );
  for (const file of sorted) entries[file.path] = [fileBytes(file), { mtime }];
  // Unix, rw-r--r--: without it unzip tools pick permissions from the archive's defaults.
  return zipSync(entries, { level: 6, mtime, os: 3, attrs: 0o100644 << 16 });
}

/** The manifest of a zip on disk, or null when it has none (or is not a zip). */
export function manifestFromZip(data: Uint8Array): string | null {
  try {
    const files = unzipSync(data, { filter: (file) => file.name === MANIFEST_FILE });
    const manifest = files[MANIFEST_FILE];
    return manifest ? new TextDecoder().decode(manifest) : null;
  } catch {
    return null;
  }
}
