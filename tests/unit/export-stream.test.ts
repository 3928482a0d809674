// Worker threads write folder bundles file by file through one reused buffer, the manifest last
// (electron/core/node/export-worker-folder.ts). They must write exactly the bundle the core builds:
// the same files, bytes, checksums and manifest, for a long Arabic-script article with its fonts.
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, buildBundle } from '../../electron/core/export/bundle.ts';
import type { ExportOptions } from '../../electron/core/export/document.ts';
import { loadExportFonts } from '../../electron/core/node/export-fonts.ts';
import { cachedSha256 } from '../../electron/core/node/export-hash.ts';
import type { PieceWriter } from '../../electron/core/node/export-worker-folder.ts';
import { streamedBundleFiles, writeAll } from '../../electron/core/node/export-worker-folder.ts';
import { qaArticle, summarizeFindings } from '../../electron/core/qa/qa.ts';
import type { Article } from '../../electron/core/model.ts';
import { Library } from '../../electron/core/node/library.ts';
import { makeTempDir, readCorpusText, removeTempDirs } from './fixtures/library-fixtures.ts';

const options: ExportOptions = {
  langs: ['en', 'ar', 'ckb'],
  date: '2026-11-25T10:00:00Z',
  baseUrl: null,
  slug: 'budget',
  generatorVersion: 't',
};

afterAll(removeTempDirs);

/** The corpus's budget story, imported into a library. */
async function corpusArticle(): Promise<Article> {
  const library = await Library.open(await makeTempDir('pird-export-stream-'));
  const name = 'article-001-sulaymaniyah-budget.json';
  await library.importFiles([{ name, content: await readCorpusText(name) }], 'test');
  return library.get((await library.list()).articles[0]!.id);
}

describe('streamed folder bundles', () => {
  it('write the same files, bytes and manifest as the core builds', async () => {
    const article = await corpusArticle();
    const findings = qaArticle(article, { langs: options.langs });
    const input = {
      article,
      options,
      fonts: await loadExportFonts(),
      qa: { summary: summarizeFindings(findings), findings },
    };
    const built = await buildBundle(input);
    const streamed = streamedBundleFiles(input, cachedSha256());
    // Each file's pieces are read before the next is asked for (the buffer is reused): copy them.
    const written = streamed.map((file) => ({ path: file.path, bytes: Buffer.concat(file.pieces()) }));
    expect(written.map((f) => f.path)).toEqual([...built.files.slice(1).map((f) => f.path), MANIFEST_FILE]);
    for (const file of built.files) {
      const bytes = written.find((w) => w.path === file.path)!.bytes;
      expect(bytes.equals(Buffer.concat(file.chunks)), file.path).toBe(true);
    }
  });

  it('refuses to write the manifest before the files it lists', async () => {
    const article = await corpusArticle();
    const streamed = streamedBundleFiles(
      { article, options, fonts: [], qa: { summary: summarizeFindings([]), findings: [] } },
      cachedSha256(),
    );
    expect(() => streamed.at(-1)!.pieces()).toThrow(/after every other file/);
  });
});

describe('writeAll', () => {
  const pieces = [Buffer.from('<style>@font-face{…}</style>'), Buffer.from(''), Buffer.from('<p>سڵاو</p>')];
  const whole = Buffer.concat(pieces);

  /** A file descriptor stand-in that takes at most `limit` bytes per call, as a signal may cut a write. */
  function shortWriter(limit: number): PieceWriter & { out: number[]; calls: number } {
    const out: number[] = [];
    const sink = {
      out,
      calls: 0,
      writev(_fd: number, given: readonly Uint8Array[]) {
        sink.calls++;
        const bytes = Buffer.concat(given).subarray(0, limit);
        out.push(...bytes);
        return bytes.length;
      },
      write(_fd: number, piece: Uint8Array, offset: number) {
        sink.calls++;
        const bytes = piece.subarray(offset, offset + limit);
        out.push(...bytes);
        return bytes.length;
      },
    };
    return sink;
  }

  it('writes all of a page in one call when the system takes it', () => {
    const sink = shortWriter(Number.MAX_SAFE_INTEGER);
    expect(writeAll(3, pieces, sink)).toBe(whole.length);
    expect(Buffer.from(sink.out).equals(whole)).toBe(true);
    expect(sink.calls).toBe(1);
  });

  it('finishes writes cut short anywhere, every byte once and in order', () => {
    for (const limit of [1, 3, 7, 28, 29, 30, whole.length - 1]) {
      const sink = shortWriter(limit);
      expect(writeAll(3, pieces, sink)).toBe(whole.length);
      expect(Buffer.from(sink.out).equals(whole), `at most ${limit} bytes a call`).toBe(true);
    }
  });
});
