// Exposes one typed object, window.pird, and never raw ipcRenderer: the page can only invoke
// contract channels, which main validates again, and listen to the events main sends.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { PirdBridge } from '../core/contract.ts';

// Duplicated from the contract on purpose: importing it would bundle zod into the sandboxed preload.
const IPC_INVOKE = 'pird:invoke';
const IPC_EVENT = 'pird:event';

const bridge: PirdBridge = {
  invoke: (channel, request) => ipcRenderer.invoke(IPC_INVOKE, channel, request),
  // Only (name, payload) crosses to the page, never the IpcRendererEvent (it holds the sender).
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(IPC_EVENT, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('pird', bridge);
