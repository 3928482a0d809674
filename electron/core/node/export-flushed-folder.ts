// Writing one folder bundle from a worker thread: the files are written with plain synchronous
// calls (a worker may block; the export's own thread stays free), then every file and folder of
// the bundle is flushed at once (fsync, in parallel on libuv's pool), so the disk serves many
// flushes with few waits. What is returned is a temporary folder whose every byte and entry is on
// disk: the export renames it into place (export-folder-writer.ts), so a bundle appears whole or
// not at all. On any failure the temporary folder is removed and the error rethrown.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BundleFile } from '../export/bundle.ts';
import { injectedFault } from './durable-write.ts';
import { assertInside, errorCode, tempBundleName } from './export-folder-writer.ts';

const fsync = promisify(fs.fsync);
// Some file systems (network shares, some FUSE mounts) refuse fsync on a folder.
const FOLDER_FSYNC_REFUSED = new Set(['EINVAL', 'ENOTSUP', 'EISDIR', 'EBADF', 'EPERM']);

/** `target` is where the bundle will be renamed to (the test-only fault seam matches on it). */
export async function writeFlushedFolderBundle(
  outDir: string,
  target: string,
  files: readonly BundleFile[],
): Promise<string> {
  const temp = assertInside(outDir, path.join(outDir, tempBundleName()));
  fs.mkdirSync(temp);
  const fileFds: number[] = [];
  const folderFds: number[] = [];
  try {
    const folders = [temp];
    for (const dir of new Set(files.map((f) => path.posix.dirname(f.path)).filter((d) => d !== '.'))) {
      const full = assertInside(outDir, path.join(temp, dir));
      fs.mkdirSync(full, { recursive: true });
      folders.push(full);
    }
    const faults = process.env.PIRD_TEST_WRITE_FAULTS !== undefined;
    for (const file of files) {
      const full = assertInside(outDir, path.join(temp, file.path));
      const fault = faults ? await injectedFault(path.join(target, file.path)) : null;
      if (fault?.at === 'open') throw fault.error;
      const fd = fs.openSync(full, 'wx', 0o644);
      fileFds.push(fd);
      if (fault !== null) throw fault.error;
      for (const chunk of file.chunks) {
        // A write may be partial (a signal); regular files rarely do it, but loop anyway.
        for (let at = 0; at < chunk.length;) at += fs.writeSync(fd, chunk, at);
      }
    }
    // Windows cannot open a folder for fsync (and NTFS journals the renames itself).
    if (process.platform !== 'win32') for (const folder of folders) folderFds.push(fs.openSync(folder, 'r'));
    const flushed = await Promise.allSettled([
      ...fileFds.map((fd) => fsync(fd)),
      ...folderFds.map((fd) =>
        fsync(fd).catch((error: unknown) => {
          if (!FOLDER_FSYNC_REFUSED.has(errorCode(error) ?? '')) throw error;
        }),
      ),
    ]);
    for (const result of flushed) if (result.status === 'rejected') throw result.reason;
    return temp;
  } catch (error) {
    closeAll(fileFds, folderFds);
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  } finally {
    closeAll(fileFds, folderFds);
  }
}

function closeAll(...lists: number[][]): void {
  for (const list of lists) {
    for (const fd of list.splice(0)) {
      try {
        fs.closeSync(fd);
      } catch {
        // Closing cannot lose data that fsync already confirmed; after a failure there is nothing to keep.
      }
    }
  }
}
