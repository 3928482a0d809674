// The Electron shell: one hardened window, the renderer from pird://app/, one IPC handler that
// forwards to the same handler table as the browser host and the CLI.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { IPC_INVOKE } from '../core/contract.ts';
import { createHandlers, dispatch } from '../core/handlers.ts';
import { Library } from '../core/node/library.ts';
import { APP_ENTRY, APP_SCHEME_PRIVILEGES, isAppUrl, registerAppProtocol } from './protocol.ts';

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// PIRD_HOME moves settings and the default library, as it does for the CLI and the browser host
// (tests and portable installs use it).
if (process.env.PIRD_HOME) app.setPath('userData', path.resolve(process.env.PIRD_HOME));

// A second launch focuses the first window instead of opening the library twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
}

const rendererDir = path.join(import.meta.dirname, '../renderer');
const preloadPath = path.join(import.meta.dirname, 'preload.cjs');

function openExternalIfHttps(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') void shell.openExternal(url);
  } catch {
    // not a URL: ignore
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Pird',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  registerAppProtocol(protocol, rendererDir);
  // Pird needs no camera, microphone, notifications or geolocation: refuse every permission.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const library = await Library.open(path.join(app.getPath('userData'), 'library'));
  const table = createHandlers({
    library,
    userDataDir: app.getPath('userData'),
    shell: 'electron',
    version: app.getVersion(),
  });
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, payload: unknown) => {
    // Only Pird's own page may call the API, never a frame or a page it navigated to.
    const senderUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(senderUrl) || event.senderFrame?.parent) {
      return { ok: false, error: { code: 'unauthorized', message: 'IPC from an unexpected sender' } };
    }
    return dispatch(table, channel, payload);
  });

  let mainWindow = createWindow();
  app.on('second-instance', () => {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      openExternalIfHttps(url);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfHttps(url);
    return { action: 'deny' };
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

start().catch((error: unknown) => {
  console.error('Pird failed to start:', error);
  app.exit(1);
});
