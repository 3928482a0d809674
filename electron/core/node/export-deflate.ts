// Zip compression for the Node exporter, with Node's zlib: every ar/ckb page starts with the same
// ~100 KB prefix (the embedded fonts, see html.ts), which is compressed once per export and ended
// with a sync flush (byte-aligned, not final), so each page's DEFLATE stream is that prefix
// followed by its own rest compressed on its own. A page costs its own bytes, not the fonts'
// again; the rest cannot refer back into the prefix, which loses a few bytes per page.
import zlib from 'node:zlib';
import type { BundleFile } from '../export/bundle.ts';
import type { DeflatedFile, RawDeflate } from '../export/zip.ts';
import { crc32 } from '../export/zip.ts';

const LEVEL = 6;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** A compressor that remembers the shared first pieces it has seen (see BundleFile.chunks). */
export function cachedDeflate(): RawDeflate {
  // zlib.crc32 came in Node 20.15 (the portable CRC where it is missing). Node 20's gives 0 for an
  // empty array without a backing store, whatever the CRC so far: an empty piece changes nothing.
  const nodeCrc = typeof zlib.crc32 === 'function' ? zlib.crc32 : crc32;
  const crcOf = (bytes: Uint8Array, crc = 0): number => (bytes.length === 0 ? crc : nodeCrc(bytes, crc));
  const prefixes = new WeakMap<Uint8Array, DeflatedFile>();
  return (file: BundleFile): DeflatedFile => {
    const [first, ...rest] = file.chunks;
    if (first === undefined)
      return { data: zlib.deflateRawSync(new Uint8Array(0), { level: LEVEL }), crc: 0 };
    if (rest.length === 0) return { data: zlib.deflateRawSync(first, { level: LEVEL }), crc: crcOf(first) };
    let prefix = prefixes.get(first);
    if (prefix === undefined) {
      prefix = {
        data: zlib.deflateRawSync(first, { level: LEVEL, finishFlush: zlib.constants.Z_SYNC_FLUSH }),
        crc: crcOf(first),
      };
      prefixes.set(first, prefix);
    }
    const tail = concat(rest);
    return {
      data: Buffer.concat([prefix.data, zlib.deflateRawSync(tail, { level: LEVEL })]),
      crc: crcOf(tail, prefix.crc),
    };
  };
}
