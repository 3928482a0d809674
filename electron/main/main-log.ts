// The main process's own log: `<userData>/logs/main.log`, rotated at about 1 MB into main.log.1 …
// main.log.3 (oldest dropped). It stays on this machine: Pird sends no crash reports anywhere.
// Writes are synchronous because the last lines matter most when the process is about to die, and
// logging must never throw: a failing disk must not turn one error into a crash loop.
import nodeFs from 'node:fs';
import path from 'node:path';

export const LOG_FILE_NAME = 'main.log';
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_KEEP = 3;

/** The synchronous file calls the log needs; tests pass failing or recording stand-ins. */
export type LogFs = Pick<
  typeof nodeFs,
  'appendFileSync' | 'statSync' | 'renameSync' | 'rmSync' | 'mkdirSync'
>;

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

export interface MainLogOptions {
  maxBytes?: number;
  keep?: number;
  fs?: LogFs;
  now?: () => Date;
}

/** `<userData>/logs/main.log`. */
export function mainLogPath(userDataDir: string): string {
  return path.join(userDataDir, 'logs', LOG_FILE_NAME);
}

/** An error's stack (which starts with its message), or what was thrown, on one or more lines. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

export class MainLog {
  readonly file: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  readonly #fs: LogFs;
  readonly #now: () => Date;

  constructor(file: string, options: MainLogOptions = {}) {
    this.file = file;
    this.#maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
    this.#keep = options.keep ?? LOG_KEEP;
    this.#fs = options.fs ?? nodeFs;
    this.#now = options.now ?? (() => new Date());
  }

  info(message: string): void {
    this.write('INFO', message);
  }

  warn(message: string, error?: unknown): void {
    this.write('WARN', message, error);
  }

  error(message: string, error?: unknown): void {
    this.write('ERROR', message, error);
  }

  write(level: LogLevel, message: string, error?: unknown): void {
    const detail = error === undefined ? '' : `\n${describeError(error)}`;
    // Continuation lines are indented so each entry starts with its timestamp.
    const entry = `${this.#now().toISOString()} ${level} ${message}${detail}`.replace(/\r?\n/g, '\n    ');
    try {
      this.#fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.#rotateIfNeeded(Buffer.byteLength(entry) + 1);
      this.#fs.appendFileSync(this.file, `${entry}\n`, 'utf8');
    } catch {
      // Nowhere left to report it: the log is the last resort.
    }
  }

  /** main.log → main.log.1 → … → main.log.<keep>; the oldest is dropped. */
  #rotateIfNeeded(incoming: number): void {
    let size: number;
    try {
      size = this.#fs.statSync(this.file).size;
    } catch {
      return; // no log yet
    }
    if (size === 0 || size + incoming <= this.#maxBytes) return;
    this.#fs.rmSync(`${this.file}.${this.#keep}`, { force: true });
    for (let n = this.#keep - 1; n >= 1; n--) {
      try {
        this.#fs.renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    this.#fs.renameSync(this.file, `${this.file}.1`);
  }
}
