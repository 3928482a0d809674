// Exposes one typed object, window.pird, and never raw ipcRenderer: the page can only invoke
// contract channels, which main validates again.
import { contextBridge, ipcRenderer } from 'electron';
import type { PirdClient } from '../core/contract.ts';

// Duplicated from the contract on purpose: importing it would bundle zod into the sandboxed preload.
const IPC_INVOKE = 'pird:invoke';

const client: PirdClient = {
  invoke: (channel, request) => ipcRenderer.invoke(IPC_INVOKE, channel, request),
};

contextBridge.exposeInMainWorld('pird', client);
