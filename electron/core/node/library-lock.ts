// The library lock: serialises writers to one library across processes (the app, the CLI, a
// `sync --watch`) and, through a promise chain, within one process.
//
// Across processes: `<dir>/.lock` created with O_EXCL ('wx') is the lock. Its holder is written in
// it ({pid, host, since, token}). A lock whose holder is gone (same host, pid not alive) or that
// has not been refreshed for STALE_MS (a holder on another machine of a shared drive that crashed)
// is taken over. Holders refresh the file's mtime while they hold it, so a long import is not
// mistaken for a crash.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PirdError } from '../errors.ts';

export const LOCK_FILE = '.lock';
const STALE_MS = 60_000;
const OWNERLESS_STALE_MS = 2_000;
const HEARTBEAT_MS = 15_000;
const RETRY_MS = 25;

interface LockOwner {
  pid: number;
  host: string;
  since: string;
  token: string;
}

export interface LibraryLockOptions {
  /** How long to wait for another process to finish; 0 makes one attempt. Default 5000. */
  timeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) !== 'ESRCH';
  }
}

async function readOwner(
  file: string,
): Promise<{ owner: LockOwner | null; mtimeMs: number; ino: bigint } | null> {
  try {
    const stat = await fsPromises.stat(file, { bigint: true });
    const raw = await fsPromises.readFile(file, 'utf8');
    let owner: LockOwner | null = null;
    try {
      const parsed = JSON.parse(raw) as Partial<LockOwner>;
      if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
        owner = {
          pid: parsed.pid,
          host: parsed.host,
          since: String(parsed.since),
          token: String(parsed.token),
        };
      }
    } catch {
      // Just created and not yet written, or damaged: judged by its age alone.
    }
    return { owner, mtimeMs: Number(stat.mtimeMs), ino: stat.ino };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function isStale(info: { owner: LockOwner | null; mtimeMs: number }): boolean {
  const { owner } = info;
  // A holder writes its owner right after creating the file: a lock still without one after a
  // moment belongs to a process killed in between (kill -9), which would otherwise block for STALE_MS.
  if (owner === null && Date.now() - info.mtimeMs > OWNERLESS_STALE_MS) return true;
  if (owner !== null && owner.host === os.hostname()) {
    // Our own pid cannot be a live holder: within this process the promise chain serialises.
    if (owner.pid === process.pid || !isProcessAlive(owner.pid)) return true;
  }
  return Date.now() - info.mtimeMs > STALE_MS;
}

/** Moves a stale lock aside (rename is atomic), unless someone replaced it meanwhile. */
async function takeOverStale(file: string, staleIno: bigint): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await fsPromises.rename(file, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await fsPromises.stat(aside, { bigint: true });
  if (moved.ino !== staleIno) {
    // Another process took the stale lock over between our look and our rename: give it back.
    // link() does not replace an existing file, so a third process's fresh lock stays.
    await fsPromises.link(aside, file).catch(() => undefined);
  }
  await fsPromises.unlink(aside).catch(() => undefined);
}

async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await fsPromises.open(file, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return true;
}

async function acquire(dir: string, timeoutMs: number): Promise<LockOwner> {
  const file = path.join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    since: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const deadline = Date.now() + timeoutMs;
  let holder: LockOwner | null = null;
  for (;;) {
    if (await tryCreate(file, owner)) return owner;
    const info = await readOwner(file);
    if (info !== null && isStale(info)) {
      await takeOverStale(file, info.ino);
      continue;
    }
    holder = info?.owner ?? holder;
    if (Date.now() >= deadline) {
      const who =
        holder === null
          ? 'another Pird process'
          : `another Pird process (pid ${holder.pid}${holder.host === os.hostname() ? '' : ` on ${holder.host}`})`;
      throw new PirdError('locked', `The library is busy: ${who} is writing to it. Try again in a moment.`);
    }
    await sleep(RETRY_MS);
  }
}

async function release(dir: string, owner: LockOwner): Promise<void> {
  const file = path.join(dir, LOCK_FILE);
  const info = await readOwner(file).catch(() => null);
  // Only remove the lock if it is still ours (it may have been taken over as stale).
  if (info?.owner?.token === owner.token) await fsPromises.unlink(file).catch(() => undefined);
}

// Within one process: one chain per library folder, and a marker of the folders the current async
// call already holds, so a nested withLibraryLock (e.g. import calling update) does not deadlock.
// Kept on globalThis so that two copies of this module in one process (a bundle and a test
// loader, say) still share one chain instead of taking each other's lock as stale.
interface InProcessState {
  chains: Map<string, Promise<unknown>>;
  held: AsyncLocalStorage<ReadonlySet<string>>;
}
const globalState = globalThis as unknown as Record<symbol, InProcessState | undefined>;
const stateKey = Symbol.for('pird.libraryLock');
const state: InProcessState = (globalState[stateKey] ??= {
  chains: new Map(),
  held: new AsyncLocalStorage(),
});
const { chains, held } = state;

/** Runs `fn` while holding the library lock of `dir`; throws PirdError('locked') after the timeout. */
export async function withLibraryLock<T>(
  dir: string,
  fn: () => Promise<T>,
  options: LibraryLockOptions = {},
): Promise<T> {
  const key = path.resolve(dir);
  const holding = held.getStore();
  if (holding?.has(key)) return fn();
  const timeoutMs = options.timeoutMs ?? 5000;

  const previous = chains.get(key) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      const owner = await acquire(key, timeoutMs);
      const file = path.join(key, LOCK_FILE);
      const heartbeat = setInterval(() => {
        const now = new Date();
        fsPromises.utimes(file, now, now).catch(() => undefined);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      try {
        return await held.run(new Set([...(holding ?? []), key]), fn);
      } finally {
        clearInterval(heartbeat);
        await release(key, owner);
      }
    });
  chains.set(key, run);
  try {
    return await run;
  } finally {
    // Drop the chain when nothing queued after us, so the map does not grow per folder ever opened.
    if (chains.get(key) === run) chains.delete(key);
  }
}
