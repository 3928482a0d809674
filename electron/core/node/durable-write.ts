// Atomic and durable file replacement (and atomic only, for files that can be made again), and a
// lowdb adapter built on it.
// lowdb's own adapter (steno) writes a temp file and renames it, which is atomic but not durable:
// after a power cut the rename can survive while the data does not. Here the data is fsync'd
// before the rename and the folder after it, so an acknowledged save survives a crash.
import { randomBytes } from 'node:crypto';
import fsPromises from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { getSystemErrorMap } from 'node:util';
import type { Adapter } from 'lowdb';

/** The file-system calls a durable write needs; tests inject failures through it. */
export type DurableFs = Pick<typeof fsPromises, 'open' | 'rename' | 'unlink'>;

const isWindows = process.platform === 'win32';
// On Windows an antivirus or indexer briefly holding the target makes rename fail.
const WINDOWS_RENAME_RETRY_CODES = new Set(['EPERM', 'EBUSY', 'EACCES']);
const WINDOWS_RENAME_RETRY_MS = 3000;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The name of a temp file beside `target`: hidden, unique per process and call, recognisable as a leftover. */
export function tempFileName(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

/** True for names made by tempFileName (for any target). */
export function isTempFileName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]+\.tmp$/.test(name);
}

async function renameWithRetry(fs: DurableFs, from: string, to: string): Promise<void> {
  const deadline = Date.now() + WINDOWS_RENAME_RETRY_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const retry =
        isWindows && WINDOWS_RENAME_RETRY_CODES.has(errorCode(error) ?? '') && Date.now() < deadline;
      if (!retry) throw error;
      await sleep(delay);
    }
  }
}

async function fsyncFolder(fs: DurableFs, dir: string): Promise<void> {
  // Windows cannot open a folder for fsync (and NTFS journals the rename itself).
  if (isWindows) return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (network shares, some FUSE mounts) refuse fsync on a folder; the data
    // itself is already synced, so this is the best they offer.
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EBADF', 'EPERM'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `target` with `data` so that, whatever happens (crash, kill -9, full disk), the file
 * holds either its previous content or the new one, and once this resolves the new content is on
 * disk. On failure the temp file is removed and the original error (ENOSPC, EACCES, …) is rethrown.
 */
export async function writeFileDurable(
  target: string,
  data: string | Uint8Array,
  fs: DurableFs = fsPromises,
): Promise<void> {
  await replaceFile(target, data, fs, true);
}

/**
 * Replaces `target` with `data` atomically (the old content or the new one, never a mix) without
 * forcing it to disk: for files that can be made again, such as export bundles.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  fs: DurableFs = fsPromises,
): Promise<void> {
  await replaceFile(target, data, fs, false);
}

async function replaceFile(
  target: string,
  data: string | Uint8Array,
  fs: DurableFs,
  durable: boolean,
): Promise<void> {
  const temp = tempFileName(target);
  let created = false;
  try {
    const fault = await injectedFault(target);
    if (fault?.at === 'open') throw fault.error;
    const handle = await fs.open(temp, 'wx', 0o666);
    created = true;
    try {
      if (fault?.at === 'write') throw fault.error;
      await (typeof data === 'string' ? handle.writeFile(data, 'utf8') : handle.writeFile(data));
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(fs, temp, target);
    created = false;
    if (durable) await fsyncFolder(fs, path.dirname(target));
  } catch (error) {
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Test-only fault injection (tests/e2e/save-errors.spec.ts). Tests run as root, where chmod cannot
// make a write fail, and a full disk cannot be made on every CI machine; so a host started with
// PIRD_TEST_WRITE_FAULTS=<control file> reads that file before each durable write. Each line is
// `<ERRNO> <path fragment>` (e.g. `ENOSPC articles/`): a write whose target contains the fragment
// fails with that errno, as the OS would (EACCES and the like when the temp file is created, ENOSPC
// and the rest while writing it), through the same clean-up as a real failure. Emptying or deleting
// the file clears the faults. Without the variable (always, outside tests) nothing is read.
const FAULTS_ENV = 'PIRD_TEST_WRITE_FAULTS';
const FAULTS_AT_OPEN = new Set(['EACCES', 'EPERM', 'EROFS']);

export async function injectedFault(target: string): Promise<{ at: 'open' | 'write'; error: Error } | null> {
  const control = process.env[FAULTS_ENV];
  if (control === undefined || control === '') return null;
  const rules = await fsPromises.readFile(control, 'utf8').catch(() => '');
  const where = target.split(path.sep).join('/');
  for (const line of rules.split('\n')) {
    const [code, fragment] = line.trim().split(/\s+/, 2);
    if (code === undefined || fragment === undefined || !where.includes(fragment)) continue;
    const errno = osConstants.errno[code as keyof typeof osConstants.errno];
    const description = errno === undefined ? undefined : getSystemErrorMap().get(-errno)?.[1];
    const at = FAULTS_AT_OPEN.has(code) ? 'open' : 'write';
    const error = Object.assign(
      new Error(
        `${code}: ${description ?? 'injected failure'}, ${at} '${at === 'open' ? tempFileName(target) : target}'`,
      ),
      { code, errno: errno === undefined ? undefined : -errno, syscall: at },
    );
    return { at, error };
  }
  return null;
}

export interface DurableJsonFileOptions<T> {
  /** Turns the file's text into data; throws (e.g. a PirdError) when the file cannot be used. */
  parse: (raw: string) => T;
  /** Default: pretty JSON with a trailing newline. */
  serialize?: (data: T) => string;
  fs?: DurableFs;
}

/**
 * A lowdb adapter (`new Low(new DurableJsonFile(file, { parse }), defaults)`) that validates what it
 * reads through `parse` and writes durably. read() gives null when the file does not exist.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #file: string;
  readonly #options: DurableJsonFileOptions<T>;

  constructor(file: string, options: DurableJsonFileOptions<T>) {
    this.#file = file;
    this.#options = options;
  }

  async read(): Promise<T | null> {
    let raw: string;
    try {
      raw = await fsPromises.readFile(this.#file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
    return this.#options.parse(raw);
  }

  async write(data: T): Promise<void> {
    const text = this.#options.serialize?.(data) ?? `${JSON.stringify(data, null, 2)}\n`;
    await writeFileDurable(this.#file, text, this.#options.fs);
  }
}

/** fsync of a folder after a rename in it (a no-op where the platform or file system cannot). */
export async function syncFolder(dir: string): Promise<void> {
  await fsyncFolder(fsPromises, dir);
}
