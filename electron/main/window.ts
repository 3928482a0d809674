// The one Pird window: hardened web preferences (Electron's security checklist), its remembered
// size and position, shown once the renderer has painted. The options stay a literal in
// `new BrowserWindow({...})` so that Electronegativity's checks can read them.
import type { BrowserWindow as BrowserWindowInstance, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY } from './protocol.ts';
import type { WindowState } from './window-state.ts';
import { MIN_WINDOW_SIZE } from './window-state.ts';

export type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindowInstance;

export interface MainWindowOptions {
  preloadPath: string;
  state: WindowState;
  title: string;
}

export function createMainWindow(
  BrowserWindow: BrowserWindowClass,
  { preloadPath, state, title }: MainWindowOptions,
): BrowserWindowInstance {
  const window = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click would otherwise ask for a new window (refused anyway by the open handler).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(APP_ENTRY);
  return window;
}
