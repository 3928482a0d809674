// Writing one folder bundle from a worker thread, with plain synchronous calls (a worker may block;
// the export's own thread stays free): the files go into a new temporary folder in the chosen
// folder, which is then renamed into place, here or by the export (export-folder-writer.ts), so a
// bundle appears whole or not at all. Like the export's own writes, nothing is forced to disk (see
// there why). On any failure the temporary folder is removed and the error rethrown.
//
// The files are encoded, hashed and written one at a time through one reused buffer, and the
// manifest (which lists their checksums) last: a bundle's bytes are never all in memory at once,
// and encoding costs one pass over each text instead of two plus a new array (measured: the
// encoding of an export's 58 MB of text, 150 ms with TextEncoder.encode, 60 ms into one buffer).
import fs from 'node:fs';
import path from 'node:path';
import type { BundleInput, ManifestFileEntry, RenderedFile } from '../export/bundle.ts';
import { MANIFEST_FILE, manifestText, renderBundleFiles } from '../export/bundle.ts';
import { injectedFault } from './durable-write.ts';
import type { SyncSha256 } from './export-hash.ts';
import { assertInside, bundleSubfolders, pathInBundle, tempBundleName } from './export-folder-writer.ts';

/** A file to write: its path in the bundle, and its bytes, asked for just before they are written. */
export interface FileToWrite {
  path: string;
  /** The bytes in pieces; valid until the next file's pieces are asked for. */
  pieces(): readonly Uint8Array[];
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(1 << 20);

/** `text` as UTF-8 in the reused buffer (at most 3 bytes per UTF-16 unit, so it always fits). */
function encodeIntoScratch(text: string): Uint8Array {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

/**
 * A bundle's files to write, the manifest last: each rendered file is encoded when its turn comes,
 * and its checksum and size recorded for the manifest.
 */
export function streamedBundleFiles(
  input: Pick<BundleInput, 'article' | 'options' | 'fonts' | 'media' | 'qa'>,
  sha256: SyncSha256,
): FileToWrite[] {
  const entries: ManifestFileEntry[] = [];
  const piecesOf = (file: RenderedFile): Uint8Array[] => {
    if ('bytes' in file) return [file.bytes];
    const text = encodeIntoScratch(file.text);
    return file.prefix === undefined ? [text] : [file.prefix, text];
  };
  // A loop rather than map: see buildNinjs in export/ninjs.ts.
  const files: FileToWrite[] = [];
  for (const file of renderBundleFiles(input)) {
    files.push({
      path: file.path,
      pieces: () => {
        const pieces = piecesOf(file);
        let size = 0;
        for (const piece of pieces) size += piece.length;
        entries.push({ path: file.path, sha256: sha256(pieces), size });
        return pieces;
      },
    });
  }
  files.push({
    path: MANIFEST_FILE,
    pieces: () => {
      if (entries.length !== files.length - 1)
        throw new Error('The manifest is written after every other file of its bundle.');
      return [encodeIntoScratch(manifestText(input, entries).text)];
    },
  });
  return files;
}

/**
 * Writes the bundle into a temporary folder and, when `moveIntoPlace`, renames it to `target` (a
 * new bundle; null is returned); else gives the temporary folder, for the export to swap in. The
 * test-only fault seam matches on `target`. Gives the bytes written too.
 */
export async function writeFolderBundle(
  outDir: string,
  target: string,
  files: readonly FileToWrite[],
  moveIntoPlace: boolean,
): Promise<{ temp: string | null; bytes: number }> {
  const temp = assertInside(outDir, path.join(outDir, tempBundleName()));
  fs.mkdirSync(temp);
  let bytes = 0;
  try {
    for (const dir of bundleSubfolders(temp, files)) fs.mkdirSync(dir, { recursive: true });
    const faults = process.env.PIRD_TEST_WRITE_FAULTS !== undefined;
    for (const file of files) {
      const full = pathInBundle(temp, file.path);
      const fault = faults ? await injectedFault(path.join(target, file.path)) : null;
      if (fault?.at === 'open') throw fault.error;
      const fd = fs.openSync(full, 'wx', 0o644);
      try {
        if (fault !== null) throw fault.error;
        bytes += writeAll(fd, file.pieces());
      } catch (error) {
        closeQuietly(fd);
        throw error;
      }
      // A network share may report a failed write only here: close's error is the bundle's.
      fs.closeSync(fd);
    }
    if (!moveIntoPlace) return { temp, bytes };
    fs.renameSync(temp, target);
    return { temp: null, bytes };
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** The two write calls writeAll makes (tests give ones that write less than asked). */
export interface PieceWriter {
  writev(fd: number, pieces: readonly Uint8Array[]): number;
  write(fd: number, piece: Uint8Array, offset: number): number;
}

const FS_WRITER: PieceWriter = {
  writev: (fd, pieces) => fs.writevSync(fd, pieces),
  write: (fd, piece, offset) => fs.writeSync(fd, piece, offset),
};

/**
 * Writes the pieces in order, in one system call when it takes them all (a page's shared font
 * prefix and its own text: one call instead of two for each of an export's 2,000 ar/ckb pages).
 * Gives the bytes written.
 */
export function writeAll(fd: number, pieces: readonly Uint8Array[], writer = FS_WRITER): number {
  let total = 0;
  for (const piece of pieces) total += piece.length;
  let written = pieces.length > 1 ? writer.writev(fd, pieces) : 0;
  if (written === total) return total;
  // A write may be partial (a signal); regular files rarely do it, but finish what is left.
  for (const piece of pieces) {
    if (written >= piece.length) {
      written -= piece.length;
      continue;
    }
    for (let at = written; at < piece.length;) at += writer.write(fd, piece, at);
    written = 0;
  }
  return total;
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // The write's error is the one to report; the folder is removed next.
  }
}
