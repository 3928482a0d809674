// Writing folder bundles so that each appears whole or not at all: a bundle is assembled in a
// hidden temporary folder inside the chosen folder (same file system), then renamed into place in
// one step. Every write and close is checked, so a full disk or a refused write stops the bundle
// with its error and its temporary folder is removed.
//
// The files are not forced to disk (no fsync), as `cp` does not: the bytes reach the disk with the
// system's normal write-back, within about half a minute. An export is derived from the library,
// which is saved durably, and can be made again; forcing thousands of files out one by one made an
// export several times slower than copying its bytes (README, "Performance"), to guard only against
// a power cut in that half minute. The manifest's checksums show a bundle one spoiled.
import { randomBytes } from 'node:crypto';
import type fsPromises from 'node:fs/promises';
import path from 'node:path';
import { PirdError } from '../errors.ts';
import type { BundleFile } from '../export/bundle.ts';

/** The file-system calls export makes; tests inject failures (ENOSPC, EACCES) through it. */
export type ExportFs = Pick<
  typeof fsPromises,
  'mkdir' | 'open' | 'readdir' | 'readFile' | 'rename' | 'rm' | 'stat' | 'unlink'
>;

export const TEMP_PREFIX = '.pird-export-';

// Random once per thread, then counted: unique across processes and threads writing into the same
// folder (a shared drive), without asking the system for randomness for every bundle.
const THREAD_TAG = randomBytes(6).toString('hex');
let tempCount = 0;

/** A new name for a bundle's temporary folder in the chosen folder. */
export function tempBundleName(): string {
  tempCount++;
  return `${TEMP_PREFIX}${THREAD_TAG}-${tempCount.toString(36)}.tmp`;
}
export const ASIDE_PREFIX = '.pird-replaced-';

/** `.pird-replaced-<ms>-<random>-<bundle name>`: a replaced bundle while its successor moves in. */
export function asideName(bundleName: string, nowMs: number): string {
  return `${ASIDE_PREFIX}${nowMs}-${randomBytes(6).toString('hex')}-${bundleName}`;
}

/** The time and the bundle name an aside was made for; null for other names (older Pirds' asides). */
export function parseAsideName(name: string): { movedAtMs: number; bundleName: string } | null {
  const match = /^\.pird-replaced-(\d{1,15})-[0-9a-f]{12}-(.+)$/.exec(name);
  if (match === null) return null;
  const bundleName = match[2]!;
  if (bundleName.includes('/') || bundleName.includes('\\') || bundleName === '.' || bundleName === '..')
    return null;
  return { movedAtMs: Number(match[1]), bundleName };
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Throws unless `target` is strictly inside `outDir`. */
export function assertInside(outDir: string, target: string): string {
  const relative = path.relative(outDir, target);
  if (
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative)
  )
    throw new PirdError('internal', `Refusing to write outside ${outDir}: ${target}`);
  return target;
}

// A path inside a bundle as renderBundleFiles names them (en/index.html, media/<sha256>.jpg,
// manifest.json): plain names only, none starting with a dot, so no `..`, no drive, no separator of
// another system.
const BUNDLE_PATH = /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Where a bundle's file goes in its temporary folder `temp`, which assertInside has checked: a
 * plain bundle path cannot leave it. One test instead of assertInside's path.relative, which took
 * ~28 ms of an export's 1,000 bundles (14 paths each).
 */
export function pathInBundle(temp: string, bundlePath: string): string {
  if (!BUNDLE_PATH.test(bundlePath))
    throw new PirdError('internal', `Refusing to write "${bundlePath}": not a plain path inside a bundle.`);
  return `${temp}${path.sep}${path.sep === '/' ? bundlePath : bundlePath.replaceAll('/', path.sep)}`;
}

/** The sub-folders (en/, media/, …) a bundle's files need inside `temp` (checked: see pathInBundle). */
export function bundleSubfolders(temp: string, files: readonly { path: string }[]): string[] {
  // A loop rather than map/filter: see buildNinjs in export/ninjs.ts.
  const seen = new Set<string>();
  const dirs: string[] = [];
  for (const file of files) {
    const dir = path.posix.dirname(file.path);
    if (dir === '.' || seen.has(dir)) continue;
    seen.add(dir);
    dirs.push(pathInBundle(temp, dir));
  }
  return dirs;
}

/** A bundle written in its temporary folder, and where it goes. */
export interface AssembledBundle {
  temp: string;
  target: string;
  /** Replace the existing bundle of the same article at `target`. */
  replace: boolean;
}

/**
 * Writes the bundle's files into a new temporary folder in `outDir` and gives its path (on
 * failure: removes it and rethrows).
 */
export async function assembleFolderBundle(
  fs: ExportFs,
  outDir: string,
  files: readonly BundleFile[],
): Promise<string> {
  const temp = assertInside(outDir, path.join(outDir, tempBundleName()));
  await fs.mkdir(temp);
  try {
    for (const dir of bundleSubfolders(temp, files)) await fs.mkdir(dir, { recursive: true });
    for (const file of files) {
      const handle = await fs.open(pathInBundle(temp, file.path), 'wx', 0o644);
      try {
        for (const chunk of file.chunks) {
          // A write may be partial (a signal); regular files rarely do it, but loop anyway.
          for (let at = 0; at < chunk.length;) at += (await handle.write(chunk, at)).bytesWritten;
        }
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw error;
      }
      // A network share may report a failed write only here: close's error is the bundle's.
      await handle.close();
    }
    return temp;
  } catch (error) {
    await removeTemp(fs, temp);
    throw error;
  }
}

async function removeTemp(fs: ExportFs, temp: string): Promise<void> {
  await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Renames an assembled bundle into place; an existing bundle it replaces is moved aside, then
 * removed. On failure the temporary folder is removed (and what was moved aside put back).
 */
export async function placeFolderBundle(
  fs: ExportFs,
  outDir: string,
  bundle: AssembledBundle,
): Promise<void> {
  try {
    if (!bundle.replace) {
      await fs.rename(bundle.temp, bundle.target);
      return;
    }
    // The name keeps when and what was moved aside, so that a process killed between the two
    // renames leaves a bundle the next export can put back (removeLeftovers in export.ts).
    const aside = assertInside(
      outDir,
      path.join(outDir, asideName(path.basename(bundle.target), Date.now())),
    );
    await fs.rename(bundle.target, aside);
    try {
      await fs.rename(bundle.temp, bundle.target);
    } catch (error) {
      await fs.rename(aside, bundle.target).catch(() => undefined);
      throw error;
    }
    // The new bundle is in place; an aside that cannot be removed now goes with the next export.
    await fs.rm(aside, { recursive: true, force: true }).catch(() => undefined);
  } catch (error) {
    await removeTemp(fs, bundle.temp);
    throw error;
  }
}
