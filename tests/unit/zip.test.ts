// Zip bundles: the Node exporter compresses the pages' shared font prefix once and each page's own
// bytes after it (export-deflate.ts). What matters to a desk: every entry inflates to exactly the
// page, with the right CRC-32, however many pages share the prefix and whatever their rest holds.
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BundleFile } from '../../electron/core/export/bundle.ts';
import { MANIFEST_FILE } from '../../electron/core/export/bundle.ts';
import { crc32, fflateDeflate, zipBundle } from '../../electron/core/export/zip.ts';
import { cachedDeflate } from '../../electron/core/node/export-deflate.ts';

const encoder = new TextEncoder();

function file(path: string, ...chunks: Uint8Array[]): BundleFile {
  return { path, chunks, size: chunks.reduce((sum, c) => sum + c.length, 0) };
}

function whole(f: BundleFile): Buffer {
  return Buffer.concat(f.chunks);
}

// Like a page's: a style sheet with a long base64 font (compressible, but not trivially).
const prefix = encoder.encode(
  `<!DOCTYPE html>\n<html lang="ckb" dir="rtl">\n<style>@font-face{src:url(data:font/woff2;base64,${randomBytes(60_000).toString('base64')})}</style>\n`,
);

describe('zip compression', () => {
  it('computes the ZIP CRC-32, also continued from an earlier piece', () => {
    const a = randomBytes(5000);
    const b = randomBytes(777);
    expect(crc32(a)).toBe(zlib.crc32(a));
    expect(crc32(b, crc32(a))).toBe(zlib.crc32(Buffer.concat([a, b])));
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('gives every page sharing a prefix a stream that inflates to exactly that page', () => {
    const deflate = cachedDeflate();
    const rests = [
      '<title>سلێمانی</title>\n<p>٤١٢ ملیار دینار</p>\n</html>\n',
      '',
      '<p>Budget: 412 billion dinars</p>'.repeat(300),
      randomBytes(3000).toString('latin1'),
    ];
    for (const rest of rests) {
      const page = file('ckb/index.html', prefix, encoder.encode(rest));
      const { data, crc } = deflate(page);
      expect(zlib.inflateRawSync(data).equals(whole(page))).toBe(true);
      expect(crc).toBe(zlib.crc32(whole(page)));
      // The prefix is compressed, not stored.
      expect(data.length).toBeLessThan(page.size);
    }
    for (const single of [file('manifest.json', encoder.encode('{"a":1}\n')), file('empty.md')]) {
      const { data, crc } = deflate(single);
      expect(zlib.inflateRawSync(data).equals(whole(single))).toBe(true);
      expect(crc).toBe(zlib.crc32(whole(single)));
    }
  });

  it('writes zips that read back to the same files, with either compressor', () => {
    const files = [
      file('ar/index.html', prefix, encoder.encode('<p>الموازنة</p>\n')),
      file('ckb/index.html', prefix, encoder.encode('<p>بودجە</p>\n')),
      file('en/article.md', encoder.encode('---\ntitle: "Budget"\n---\n')),
      file(MANIFEST_FILE, encoder.encode('{"format":"pird.bundle"}\n')),
    ];
    for (const deflate of [cachedDeflate(), fflateDeflate]) {
      const zip = zipBundle(files, '2026-11-25T10:00:00Z', deflate);
      const unzipped = unzipSync(zip);
      // The manifest first: a reader finds it without reading the rest.
      expect(Object.keys(unzipped)).toEqual([
        MANIFEST_FILE,
        'ar/index.html',
        'ckb/index.html',
        'en/article.md',
      ]);
      for (const f of files) expect(Buffer.from(unzipped[f.path]!).equals(whole(f))).toBe(true);
      // Deterministic: the same files give the same bytes.
      expect(Buffer.from(zipBundle(files, '2026-11-25T10:00:00Z', deflate)).equals(Buffer.from(zip))).toBe(
        true,
      );
    }
  });
});
