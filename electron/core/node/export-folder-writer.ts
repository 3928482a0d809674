// Writing folder bundles with group commit. Each bundle is assembled in a hidden temporary folder
// inside the chosen folder, its files written but not yet flushed; a committer then takes every
// bundle assembled so far as one group: it flushes all their files at once (fsync), then their
// folders, renames each bundle into place (same file system, so each rename is atomic: a bundle
// appears whole or not at all) and flushes the chosen folder once for the group.
//
// Why a group: flushing file after file makes the disk (and a journaling file system's commit)
// wait once per file; thousands of flushes in flight together are served by far fewer waits, and
// the next bundles are rendered meanwhile. The guarantee is unchanged: no bundle is renamed into
// place before every byte and folder entry of it is on disk.
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
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

/**
 * Files written but not yet flushed, at most: each holds an open descriptor until its group is
 * flushed, and macOS gives an app 256 by default.
 */
const MAX_UNFLUSHED_FILES = 128;

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

export async function fsyncDir(fs: ExportFs, dir: string): Promise<void> {
  // Windows cannot open a folder for fsync (and NTFS journals the rename itself).
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (network shares, some FUSE mounts) refuse fsync on a folder.
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EBADF', 'EPERM'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/** The first rejection among settled promises, thrown; nothing when all were fulfilled. */
function throwFirstRejection(results: readonly PromiseSettledResult<unknown>[]): void {
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}

/** Flushes and closes every handle (all of them, even after one fails), then throws the first failure. */
async function flushAndClose(handles: readonly FileHandle[]): Promise<void> {
  throwFirstRejection(await Promise.allSettled(handles.map((h) => h.sync().finally(() => h.close()))));
}

/** A bundle written in its temporary folder: not yet flushed, not yet in place. */
export interface AssembledBundle {
  temp: string;
  target: string;
  /** Replace the existing bundle of the same article at `target`. */
  replace: boolean;
  /** Written files, still open: flushed (then closed) with the bundle's group. */
  open: FileHandle[];
  /** The temporary folder and its sub-folders, whose entries are flushed before the rename. */
  dirs: string[];
}

/** Writes the bundle's files into a new temporary folder in `outDir`, without flushing them. */
export async function assembleFolderBundle(
  fs: ExportFs,
  outDir: string,
  target: string,
  files: readonly BundleFile[],
  replace: boolean,
): Promise<AssembledBundle> {
  const temp = assertInside(outDir, path.join(outDir, tempBundleName()));
  await fs.mkdir(temp);
  const bundle: AssembledBundle = { temp, target, replace, open: [], dirs: [temp] };
  try {
    const subdirs = [...new Set(files.map((f) => path.posix.dirname(f.path)).filter((d) => d !== '.'))];
    for (const dir of subdirs) {
      const full = assertInside(outDir, path.join(temp, dir));
      await fs.mkdir(full, { recursive: true });
      bundle.dirs.push(full);
    }
    // Settled, not Promise.all: after one write fails the others must finish opening, so that
    // every handle is in bundle.open when discard closes them.
    const written = await Promise.allSettled(
      files.map(async (file) => {
        const handle = await fs.open(assertInside(outDir, path.join(temp, file.path)), 'wx', 0o644);
        bundle.open.push(handle);
        for (const chunk of file.chunks) {
          // A write may be partial (a signal, a full pipe); regular files rarely do it, but loop anyway.
          for (let at = 0; at < chunk.length;) at += (await handle.write(chunk, at)).bytesWritten;
        }
      }),
    );
    throwFirstRejection(written);
    return bundle;
  } catch (error) {
    await discard(fs, bundle);
    throw error;
  }
}

/** Closes what is still open and removes the temporary folder (after a failure). */
async function discard(fs: ExportFs, bundle: AssembledBundle): Promise<void> {
  const handles = bundle.open.splice(0);
  await Promise.allSettled(handles.map((h) => h.close()));
  await fs.rm(bundle.temp, { recursive: true, force: true }).catch(() => undefined);
}

/** Renames a flushed bundle into place; an existing bundle it replaces is moved aside, then removed. */
async function place(fs: ExportFs, outDir: string, bundle: AssembledBundle): Promise<void> {
  if (!bundle.replace) {
    await fs.rename(bundle.temp, bundle.target);
    return;
  }
  // The name keeps when and what was moved aside, so that a process killed between the two renames
  // leaves a bundle the next export can put back (restoreAsides in export.ts) instead of losing it.
  const aside = assertInside(outDir, path.join(outDir, asideName(path.basename(bundle.target), Date.now())));
  await fs.rename(bundle.target, aside);
  try {
    await fs.rename(bundle.temp, bundle.target);
  } catch (error) {
    await fs.rename(aside, bundle.target).catch(() => undefined);
    throw error;
  }
  await fs.rm(aside, { recursive: true, force: true });
}

/**
 * Takes assembled bundles and moves them into place in groups (see the top of this file). One
 * group is flushed at a time; bundles assembled meanwhile form the next group. After a failure
 * nothing more is placed: `abandon` removes every bundle not yet in place.
 */
export class FolderBundleCommitter {
  readonly #fs: ExportFs;
  readonly #outDir: string;
  readonly #onPlaced: () => void;
  /** Assembled, waiting for the next group. */
  #waiting: AssembledBundle[] = [];
  /** The group being flushed, minus the bundles already placed. */
  #inFlight: AssembledBundle[] = [];
  #unflushedFiles = 0;
  #running: Promise<void> | null = null;
  #failure: { error: unknown } | null = null;
  #roomWaiters: (() => void)[] = [];

  /** `onPlaced` is called after each bundle's rename into place. */
  constructor(fs: ExportFs, outDir: string, onPlaced: () => void) {
    this.#fs = fs;
    this.#outDir = outDir;
    this.#onPlaced = onPlaced;
  }

  /** Waits until there is room for more unflushed files; throws once a group has failed. */
  async waitForRoom(): Promise<void> {
    while (this.#failure === null && this.#unflushedFiles >= MAX_UNFLUSHED_FILES)
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    if (this.#failure !== null) throw this.#failure.error;
  }

  /** Queues an assembled bundle for the next group (after a failure: removes it and throws). */
  async add(bundle: AssembledBundle): Promise<void> {
    if (this.#failure !== null) {
      await discard(this.#fs, bundle);
      throw this.#failure.error;
    }
    this.#waiting.push(bundle);
    this.#unflushedFiles += bundle.open.length;
    this.#running ??= this.#run();
  }

  /** Places everything queued, flushes the chosen folder, and throws if any group failed. */
  async finish(): Promise<void> {
    while (this.#running !== null) await this.#running;
    if (this.#failure !== null) throw this.#failure.error;
  }

  /** After a failure (here or elsewhere): removes every bundle that is not in place yet. */
  async abandon(error: unknown): Promise<void> {
    this.#failure ??= { error };
    this.#wakeRoomWaiters();
    while (this.#running !== null) await this.#running;
    const left = [...this.#inFlight.splice(0), ...this.#waiting.splice(0)];
    await Promise.all(left.map((bundle) => discard(this.#fs, bundle)));
  }

  async #run(): Promise<void> {
    // Let bundles added in the same turn join this group (and keep #running set until after add).
    await Promise.resolve();
    try {
      while (this.#failure === null && this.#waiting.length > 0) {
        this.#inFlight = this.#waiting.splice(0);
        await this.#flushGroup(this.#inFlight);
      }
    } catch (error) {
      this.#failure ??= { error };
    } finally {
      this.#running = null;
      this.#wakeRoomWaiters();
    }
  }

  async #flushGroup(group: AssembledBundle[]): Promise<void> {
    const handles = group.flatMap((bundle) => bundle.open.splice(0));
    try {
      await flushAndClose(handles);
    } finally {
      this.#unflushedFiles -= handles.length;
      this.#wakeRoomWaiters();
    }
    throwFirstRejection(
      await Promise.allSettled(group.flatMap((bundle) => bundle.dirs.map((dir) => fsyncDir(this.#fs, dir)))),
    );
    while (group.length > 0) {
      await place(this.#fs, this.#outDir, group[0]!);
      group.shift();
      this.#onPlaced();
    }
    // The renames of this group reach the disk before the next group (or the export) ends.
    await fsyncDir(this.#fs, this.#outDir);
  }

  #wakeRoomWaiters(): void {
    for (const wake of this.#roomWaiters.splice(0)) wake();
  }
}
