// The libraries this device opened in the app, newest first, for File ▸ Open recent and for the
// library the app opens at start. A device-level file beside the window state:
// `<userData>/recent-libraries.json`, a versioned envelope written durably. A damaged file only
// costs the list, never the start of the app.
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseEnvelope, serializeEnvelope } from '../core/envelope.ts';
import { writeFileDurable } from '../core/node/durable-write.ts';

export const RECENT_LIBRARIES_FILE = 'recent-libraries.json';
const FORMAT = 'pird.recent-libraries';
const FORMAT_VERSION = 1;
export const MAX_RECENT_LIBRARIES = 10;
/** The file that makes a folder a Pird library (electron/core/node/library.ts). */
const LIBRARY_MARKER = 'library.json';

export interface RecentLibrary {
  path: string;
  openedAt: string;
}

const recentSchema = z.object({
  libraries: z.array(z.object({ path: z.string().min(1).max(4096), openedAt: z.string().max(64) })).max(1000),
});

export type LibraryFolderState = 'library' | 'empty' | 'missing' | 'not-library';

/**
 * What a folder offered as a library is: a Pird library, an empty folder (a new library), gone, or
 * something else (a file, a folder with other things in it), which Pird must not turn into a library.
 */
export async function libraryFolderState(dir: string): Promise<LibraryFolderState> {
  let names: string[];
  try {
    names = await fsPromises.readdir(dir);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return code === 'ENOENT' ? 'missing' : 'not-library';
  }
  if (names.includes(LIBRARY_MARKER)) return 'library';
  // Hidden files (.DS_Store, desktop.ini is not hidden but is the OS's own) do not make a folder used.
  const used = names.filter((name) => !name.startsWith('.') && name.toLowerCase() !== 'desktop.ini');
  return used.length === 0 ? 'empty' : 'not-library';
}

function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  // Windows and macOS file systems ignore case by default.
  return platform === 'linux' ? a === b : a.toLowerCase() === b.toLowerCase();
}

export class RecentLibraries {
  #list: RecentLibrary[] = [];
  #writes: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(
    userDataDir: string,
    private readonly options: {
      now?: () => Date;
      platform?: NodeJS.Platform;
      onSaveError?: (error: unknown) => void;
    } = {},
  ) {
    this.file = path.join(userDataDir, RECENT_LIBRARIES_FILE);
  }

  /** Reads the file; a missing or damaged file gives an empty list. */
  async load(): Promise<readonly RecentLibrary[]> {
    let raw: string;
    try {
      raw = await fsPromises.readFile(this.file, 'utf8');
    } catch {
      return (this.#list = []);
    }
    const parsed = parseEnvelope(raw, RECENT_LIBRARIES_FILE, {
      format: FORMAT,
      currentVersion: FORMAT_VERSION,
      migrations: {},
      schema: recentSchema,
      description: 'recent libraries',
    });
    this.#list = parsed.ok
      ? parsed.value.libraries.filter((entry) => path.isAbsolute(entry.path)).slice(0, MAX_RECENT_LIBRARIES)
      : [];
    return this.#list;
  }

  get list(): readonly RecentLibrary[] {
    return this.#list;
  }

  /** Puts `dir` first (once), keeps the newest MAX_RECENT_LIBRARIES, and saves. */
  remember(dir: string): Promise<void> {
    const resolved = path.resolve(dir);
    const openedAt = (this.options.now?.() ?? new Date()).toISOString();
    this.#list = [
      { path: resolved, openedAt },
      ...this.#list.filter((entry) => !this.#same(entry.path, resolved)),
    ].slice(0, MAX_RECENT_LIBRARIES);
    return this.#save();
  }

  forget(dir: string): Promise<void> {
    this.#list = this.#list.filter((entry) => !this.#same(entry.path, dir));
    return this.#save();
  }

  clear(): Promise<void> {
    this.#list = [];
    return this.#save();
  }

  #same(a: string, b: string): boolean {
    return samePath(a, b, this.options.platform ?? process.platform);
  }

  #save(): Promise<void> {
    const text = serializeEnvelope(FORMAT, FORMAT_VERSION, { libraries: this.#list });
    // One write at a time, in order, so the file ends with the latest list.
    this.#writes = this.#writes
      .then(() => writeFileDurable(this.file, text))
      .catch((error: unknown) => this.options.onSaveError?.(error));
    return this.#writes;
  }
}
