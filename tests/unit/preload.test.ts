import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../electron/core/contract.ts';

type Forward = (event: unknown, ...args: unknown[]) => void;
interface Exposed {
  name: string;
  api: Record<string, unknown>;
  invoked: unknown[][];
  listeners: Map<string, Set<Forward>>;
}
const exposed = vi.hoisted((): Exposed => ({
  name: '',
  api: {},
  invoked: [],
  listeners: new Map<string, Set<Forward>>(),
}));
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, unknown>) => Object.assign(exposed, { name, api }),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => (exposed.invoked.push(args), Promise.resolve({ ok: true })),
    on: (channel: string, listener: Forward) => {
      const set = exposed.listeners.get(channel) ?? new Set<Forward>();
      set.add(listener);
      exposed.listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: Forward) => exposed.listeners.get(channel)?.delete(listener),
  },
}));

/** What main's webContents.send(channel, ...args) does on the renderer side. */
function sendFromMain(channel: string, ...args: unknown[]): void {
  const sender = { sender: 'the IpcRendererEvent, which must not reach the page' };
  for (const listener of exposed.listeners.get(channel) ?? []) listener(sender, ...args);
}

describe('preload', () => {
  it('exposes exactly window.pird.invoke and window.pird.onEvent', async () => {
    await import('../../electron/preload/preload.ts');
    expect(exposed.name).toBe('pird');
    expect(Object.keys(exposed.api)).toEqual(['invoke', 'onEvent']);
  });

  it('forwards invoke to the one contract channel', async () => {
    await import('../../electron/preload/preload.ts');
    await (exposed.api.invoke as (c: string, r: object) => Promise<unknown>)('articles.list', {});
    expect(exposed.invoked).toEqual([[IPC_INVOKE, 'articles.list', {}]]);
  });

  it('passes main events to the page as (name, payload) only, until unsubscribed', async () => {
    await import('../../electron/preload/preload.ts');
    const onEvent = exposed.api.onEvent as (l: (...args: unknown[]) => void) => () => void;
    const received: unknown[][] = [];
    const unsubscribe = onEvent((...args) => received.push(args));
    sendFromMain(IPC_EVENT, 'export.progress', { done: 1, total: 3 });
    sendFromMain('some-other-channel', 'export.progress', { done: 2, total: 3 });
    sendFromMain(IPC_EVENT, 42, { done: 2, total: 3 }); // not a name: dropped
    expect(received).toEqual([['export.progress', { done: 1, total: 3 }]]);
    unsubscribe();
    expect(exposed.listeners.get(IPC_EVENT)?.size).toBe(0);
    sendFromMain(IPC_EVENT, 'export.progress', { done: 3, total: 3 });
    expect(received).toHaveLength(1);
  });
});
