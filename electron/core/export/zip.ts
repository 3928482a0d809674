// `--zip`: the bundle's files in one .zip, byte-identical for the same bundle.
// fflate: small, dependency-free, maintained, pure JS (runs in Node, Electron and a browser alike,
// so the core stays pure), with per-entry mtime and attributes — which is what determinism needs.
// (yazl is Node-streams-only; archiver and JSZip are far larger.) Its streaming Zip takes entries
// compressed elsewhere, which lets the Node exporter compress the pages' shared font prefix once
// (see export-deflate.ts) instead of once per page.
import { Zip, deflateSync, unzipSync } from 'fflate';
import type { ZipInputFile } from 'fflate';
import type { BundleFile } from './bundle.ts';
import { MANIFEST_FILE, fileBytes } from './bundle.ts';

/** A file's content as a raw DEFLATE stream, with the CRC-32 of the uncompressed bytes. */
export interface DeflatedFile {
  data: Uint8Array;
  crc: number;
}

export type RawDeflate = (file: BundleFile) => DeflatedFile;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (the ZIP one), continuing from `crc`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** The portable compressor: fflate, level 6. */
export const fflateDeflate: RawDeflate = (file) => {
  const bytes = fileBytes(file);
  return { data: deflateSync(bytes, { level: 6 }), crc: crc32(bytes) };
};

/**
 * The timestamp stored for every entry. ZIP stores local wall-clock time and fflate reads the
 * Date's local fields, so the Date is built from local fields: the same day in every time zone.
 * Noon, because no time zone skips noon for daylight saving.
 */
function zipTime(isoDate: string): Date {
  const d = new Date(isoDate);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12, 0, 0);
}

/** manifest.json first (a reader finds it at once), then the files in path order. */
function zipOrder(files: readonly BundleFile[]): BundleFile[] {
  return [...files].sort((a, b) =>
    a.path === MANIFEST_FILE ? -1 : b.path === MANIFEST_FILE ? 1 : a.path < b.path ? -1 : 1,
  );
}

export function zipBundle(
  files: readonly BundleFile[],
  isoDate: string,
  deflate: RawDeflate = fflateDeflate,
): Uint8Array {
  const mtime = zipTime(isoDate);
  const parts: Uint8Array[] = [];
  const failures: Error[] = [];
  // Every callback below runs synchronously, inside add() and end().
  const zip = new Zip((error, chunk) => {
    if (error) failures.push(error);
    else parts.push(chunk);
  });
  for (const file of zipOrder(files)) {
    const { data, crc } = deflate(file);
    const entry: ZipInputFile = {
      filename: file.path,
      size: file.size,
      crc,
      compression: 8,
      mtime,
      // Unix, rw-r--r--: without it unzip tools pick permissions from the archive's defaults.
      os: 3,
      attrs: 0o100644 << 16,
    };
    zip.add(entry);
    entry.ondata!(null, data as Uint8Array<ArrayBuffer>, true);
  }
  zip.end();
  if (failures[0] !== undefined) throw failures[0];
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
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
