// Autosave for one open article. Edits are debounced per field (a cell, a meta field), sent one at a
// time in order, and a failed edit stays queued with its text until a retry succeeds: nothing typed is
// dropped because the disk or the host hiccuped. Structural operations (split, merge, move…) wait for
// every pending edit first, so they always act on the text the user sees.
import type { ApiError, ApiResult, Article } from '../../../../electron/core/contract';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

export interface SaveJob {
  /** One pending job per key: a newer edit of the same cell replaces the older one. */
  key: string;
  send: () => Promise<ApiResult<Article>>;
  /** For text edits: the text being saved, so the caller can drop its draft once it is stored. */
  text?: string;
}

export interface SaveQueueEvents {
  onSaved(article: Article, job: SaveJob): void;
  onState(state: SaveState, error: ApiError | null): void;
}

export class SaveQueue {
  private readonly pending = new Map<string, SaveJob>();
  private readonly failed = new Map<string, SaveJob>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private busy = 0;
  private lastError: ApiError | null = null;
  private state: SaveState = 'idle';

  constructor(
    private readonly events: SaveQueueEvents,
    private readonly delayMs = 400,
  ) {}

  schedule(job: SaveJob): void {
    this.pending.set(job.key, job);
    this.failed.delete(job.key);
    this.setState(this.busy > 0 ? 'saving' : 'pending');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  hasUnsaved(): boolean {
    return this.pending.size > 0 || this.failed.size > 0 || this.busy > 0;
  }

  /** Sends every pending (and previously failed) edit now; resolves true when all of them are stored. */
  flush(): Promise<boolean> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.failed.values(), ...this.pending.values()];
    this.failed.clear();
    this.pending.clear();
    if (batch.length === 0) return this.chain.then(() => this.failed.size === 0);
    this.busy += 1;
    this.setState('saving');
    const run = this.chain.then(async () => {
      for (const job of batch) {
        const result = await job.send();
        if (result.ok) {
          this.events.onSaved(result.value, job);
        } else {
          this.lastError = result.error;
          // A newer edit of the same field supersedes the failed one; otherwise keep it for the retry.
          if (!this.pending.has(job.key)) this.failed.set(job.key, job);
        }
      }
    });
    this.chain = run.finally(() => {
      this.busy -= 1;
      this.settle();
    });
    return this.chain.then(() => this.failed.size === 0);
  }

  /**
   * Runs a structural change after all pending edits are stored. If they could not be stored, the
   * change is not attempted (it would act on text the user no longer sees) and the save error is returned.
   */
  async run(operation: () => Promise<ApiResult<Article>>): Promise<ApiResult<Article>> {
    const stored = await this.flush();
    if (!stored) {
      return { ok: false, error: this.lastError ?? { code: 'internal', message: 'unsaved edits' } };
    }
    this.busy += 1;
    this.setState('saving');
    const run = this.chain.then(operation);
    this.chain = run.then(
      (result) => {
        if (result.ok) this.events.onSaved(result.value, { key: 'structure', send: operation });
        else this.lastError = result.error;
      },
      () => undefined,
    );
    this.chain = this.chain.finally(() => {
      this.busy -= 1;
      this.settle();
    });
    const result = await run;
    return result;
  }

  dispose(): void {
    // Unmounting flushes rather than cancels: the requests outlive the view.
    if (this.pending.size > 0) void this.flush();
  }

  private settle(): void {
    if (this.busy > 0) return;
    if (this.failed.size > 0) this.setState('error');
    else if (this.pending.size > 0) this.setState('pending');
    else this.setState('saved');
  }

  private setState(state: SaveState): void {
    this.state = state;
    this.events.onState(state, state === 'error' ? this.lastError : null);
  }

  get current(): SaveState {
    return this.state;
  }
}
