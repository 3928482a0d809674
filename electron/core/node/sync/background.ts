// Background sync for a shell that keeps a library open (Electron main, the browser host, `sync
// --watch`): a round a few seconds after each local change, and one every minute while a shared
// folder is set, so other devices' edits arrive without anyone pressing "Sync now".
//
// Never two rounds at once: rounds go through runSync, which runs one round per library at a time
// and lets "Sync now" join a background round in flight. A change made while a round runs may or
// may not have been captured by it (and the round's own writes look like changes too), so after
// such a round the next one runs only if the library still has changes waiting.
import type { PirdEvent } from '../../contract.ts';
import { toApiError } from '../../errors.ts';
import type { SyncReport } from '../../sync/sync-types.ts';
import type { Library } from '../library.ts';
import { configuredSharedFolder, hasChangesWaiting, onSyncRound, syncRoundInFlight } from './service.ts';

/** A round this long after the last local change: typing a paragraph becomes one round, not ten. */
export const DEFAULT_SYNC_DEBOUNCE_MS = 3_000;
/** A round this long after the last one, to receive other devices' changes. */
export const DEFAULT_SYNC_INTERVAL_MS = 60_000;

export interface SyncTiming {
  debounceMs: number;
  intervalMs: number;
}

export interface BackgroundSyncOptions extends Partial<SyncTiming> {
  library: Library;
  /**
   * Runs one plain round. Shells pass the handler table's sync.run, so a background round is
   * exactly what "Sync now" runs (the device name, the configured folder).
   */
  runRound: () => Promise<SyncReport>;
  /** Where rounds are reported (started, progress, finished): the shell's event fan-out. */
  emit: (event: PirdEvent) => void;
}

/**
 * 'known': this process changed an article (Library.onArticleChange). 'possible': something in the
 * library's folders changed (a file watcher), maybe a round's own write: a round runs only if the
 * library then has changes waiting.
 */
export type LocalChange = 'known' | 'possible';

export class BackgroundSync {
  readonly #library: Library;
  readonly #runRound: () => Promise<SyncReport>;
  readonly #emit: (event: PirdEvent) => void;
  readonly #debounceMs: number;
  readonly #intervalMs: number;
  #debounceTimer: NodeJS.Timeout | null = null;
  #intervalTimer: NodeJS.Timeout | null = null;
  /** Changes not sent yet: none, surely some, or perhaps some (to be checked before a round). */
  #waiting: 'none' | 'known' | 'possible' = 'none';
  #started = false;
  #stopped = false;
  /** This scheduler's own round (or its check before one), so stop() can wait for it. */
  #busy: Promise<void> | null = null;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(options: BackgroundSyncOptions) {
    this.#library = options.library;
    this.#runRound = options.runRound;
    this.#emit = options.emit;
    this.#debounceMs = options.debounceMs ?? DEFAULT_SYNC_DEBOUNCE_MS;
    this.#intervalMs = options.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  }

  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#unsubscribe.push(
      this.#library.onArticleChange(() => this.localChange('known')),
      onSyncRound(this.#library, {
        started: () => {
          // The round may capture what was waiting; what it did not, it leaves waiting (checked after).
          if (this.#waiting === 'known') this.#waiting = 'possible';
          this.#emit({ name: 'sync.started', payload: {} });
        },
        progress: (progress) => this.#emit({ name: 'sync.progress', payload: progress }),
        finished: (outcome) => {
          this.#emit({
            name: 'sync.finished',
            payload: outcome.ok
              ? { ok: true, report: outcome.report }
              : { ok: false, error: toApiError(outcome.error) },
          });
          this.#afterRound();
        },
      }),
    );
    this.#armInterval();
  }

  /** A change to the library: a round `debounceMs` after the last one (later if a round is running). */
  localChange(kind: LocalChange): void {
    if (!this.#started || this.#stopped) return;
    const duringRound = syncRoundInFlight(this.#library) !== null;
    if (kind === 'known' && !duringRound) this.#waiting = 'known';
    else if (this.#waiting === 'none') this.#waiting = 'possible';
    // During a round the timer is armed again when it ends.
    if (!duringRound) this.#armDebounce();
  }

  /** Stops the timers, then listening once this scheduler's round (if any) has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#debounceTimer !== null) clearTimeout(this.#debounceTimer);
    if (this.#intervalTimer !== null) clearTimeout(this.#intervalTimer);
    this.#debounceTimer = null;
    this.#intervalTimer = null;
    // Listening goes on until our round has ended, so its sync.finished still reaches the pages.
    await this.#busy;
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
  }

  #armDebounce(): void {
    if (this.#stopped) return;
    if (this.#debounceTimer !== null) clearTimeout(this.#debounceTimer);
    this.#debounceTimer = setTimeout(() => {
      this.#debounceTimer = null;
      this.#start('change');
    }, this.#debounceMs);
  }

  #armInterval(): void {
    if (this.#stopped) return;
    if (this.#intervalTimer !== null) clearTimeout(this.#intervalTimer);
    this.#intervalTimer = setTimeout(() => {
      this.#intervalTimer = null;
      this.#start('interval');
    }, this.#intervalMs);
  }

  /** Any round on this library ended (ours, or "Sync now"): the next minute counts from now. */
  #afterRound(): void {
    if (this.#stopped) return;
    this.#armInterval();
    if (this.#waiting !== 'none') this.#armDebounce();
  }

  #start(trigger: 'change' | 'interval'): void {
    // A round in flight (ours or "Sync now") ends with #afterRound, which arms the timers again.
    if (this.#stopped || this.#busy !== null || syncRoundInFlight(this.#library) !== null) return;
    const busy = this.#maybeRun(trigger).finally(() => {
      this.#busy = null;
      // A change whose debounce ran out while we were busy is not forgotten until the next minute.
      if (this.#waiting !== 'none' && this.#debounceTimer === null) this.#armDebounce();
    });
    this.#busy = busy;
  }

  async #maybeRun(trigger: 'change' | 'interval'): Promise<void> {
    try {
      // Without a shared folder, sync is off: nothing runs until one is set (the timer keeps looking).
      if ((await configuredSharedFolder(this.#library)) === null) {
        this.#waiting = 'none';
        return;
      }
      if (trigger === 'change') {
        const check = this.#waiting === 'possible';
        if (this.#waiting === 'none') return;
        this.#waiting = 'none';
        if (check && !(await hasChangesWaiting(this.#library))) return;
      }
      if (this.#stopped || syncRoundInFlight(this.#library) !== null) return;
      await this.#runRound();
    } catch {
      // A failed round is reported as sync.finished (runSync's listeners) and retried next time; a
      // failure before a round started (the settings unreadable) is retried the same way.
    } finally {
      // A round that ended armed it already (#afterRound); no round, or none that started, did not.
      if (this.#intervalTimer === null) this.#armInterval();
    }
  }
}

/**
 * The background timing from the environment (PIRD_SYNC_DEBOUNCE_MS, PIRD_SYNC_INTERVAL_MS, in
 * milliseconds; tests shorten them). A value that is not a whole number in range is ignored with a
 * warning the shell prints or logs.
 */
export function syncTimingFromEnv(env: NodeJS.ProcessEnv): SyncTiming & { warnings: string[] } {
  const warnings: string[] = [];
  const read = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min) return value;
    warnings.push(
      `${name}=${raw} is not a whole number of milliseconds (${min} or more); using ${fallback}.`,
    );
    return fallback;
  };
  return {
    debounceMs: read('PIRD_SYNC_DEBOUNCE_MS', DEFAULT_SYNC_DEBOUNCE_MS, 0),
    intervalMs: read('PIRD_SYNC_INTERVAL_MS', DEFAULT_SYNC_INTERVAL_MS, 100),
    warnings,
  };
}
