// Writing one folder bundle from a worker thread, with plain synchronous calls (a worker may block;
// the export's own thread stays free): the files go into a new temporary folder in the chosen
// folder, which is then renamed into place, here or by the export (export-folder-writer.ts), so a
// bundle appears whole or not at all. Like the export's own writes, nothing is forced to disk (see
// there why). On any failure the temporary folder is removed and the error rethrown.
import fs from 'node:fs';
import path from 'node:path';
import type { BundleFile } from '../export/bundle.ts';
import { injectedFault } from './durable-write.ts';
import { assertInside, bundleSubfolders, tempBundleName } from './export-folder-writer.ts';

/**
 * Writes the bundle into a temporary folder and, when `moveIntoPlace`, renames it to `target` (a
 * new bundle; null is returned); else gives the temporary folder, for the export to swap in. The
 * test-only fault seam matches on `target`.
 */
export async function writeFolderBundle(
  outDir: string,
  target: string,
  files: readonly BundleFile[],
  moveIntoPlace: boolean,
): Promise<string | null> {
  const temp = assertInside(outDir, path.join(outDir, tempBundleName()));
  fs.mkdirSync(temp);
  try {
    for (const dir of bundleSubfolders(outDir, temp, files)) fs.mkdirSync(dir, { recursive: true });
    const faults = process.env.PIRD_TEST_WRITE_FAULTS !== undefined;
    for (const file of files) {
      const full = assertInside(outDir, path.join(temp, file.path));
      const fault = faults ? await injectedFault(path.join(target, file.path)) : null;
      if (fault?.at === 'open') throw fault.error;
      const fd = fs.openSync(full, 'wx', 0o644);
      try {
        if (fault !== null) throw fault.error;
        for (const chunk of file.chunks) {
          // A write may be partial (a signal); regular files rarely do it, but loop anyway.
          for (let at = 0; at < chunk.length;) at += fs.writeSync(fd, chunk, at);
        }
      } catch (error) {
        closeQuietly(fd);
        throw error;
      }
      // A network share may report a failed write only here: close's error is the bundle's.
      fs.closeSync(fd);
    }
    if (!moveIntoPlace) return temp;
    fs.renameSync(temp, target);
    return null;
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // The write's error is the one to report; the folder is removed next.
  }
}
