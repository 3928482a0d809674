// The browser host's event fan-out: the handler table's progress callbacks emit here (cli/common.ts),
// and every open page's Server-Sent Events stream (server.ts) listens.
import type { PirdEvent } from '../core/contract.ts';

export class EventHub {
  private readonly listeners = new Set<(event: PirdEvent) => void>();

  emit(event: PirdEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One broken stream must not stop the others, nor the export that reports progress.
      }
    }
  }

  subscribe(listener: (event: PirdEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get size(): number {
    return this.listeners.size;
  }
}
