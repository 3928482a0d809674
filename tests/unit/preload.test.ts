import { describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '../../electron/core/contract.ts';

interface Exposed {
  name: string;
  api: Record<string, unknown>;
  invoked: unknown[][];
}
const exposed = vi.hoisted((): Exposed => ({ name: '', api: {}, invoked: [] }));
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, unknown>) => Object.assign(exposed, { name, api }),
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => (exposed.invoked.push(args), Promise.resolve({ ok: true })),
  },
}));

describe('preload', () => {
  it('exposes exactly window.pird.invoke, forwarding to the one contract channel', async () => {
    await import('../../electron/preload/preload.ts');
    expect(exposed.name).toBe('pird');
    expect(Object.keys(exposed.api)).toEqual(['invoke']);
    await (exposed.api.invoke as (c: string, r: object) => Promise<unknown>)('articles.list', {});
    expect(exposed.invoked).toEqual([[IPC_INVOKE, 'articles.list', {}]]);
  });
});
