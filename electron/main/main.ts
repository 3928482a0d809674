// The Electron shell: one hardened window, the renderer from pird://app/, one IPC handler that
// forwards to the same handler table as the browser host and the CLI. Each concern (window, window
// state, menu, log and crash handling, import) lives in its own module that takes Electron's pieces
// as parameters; this file only wires them together.
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import type { Lang, PirdEvent } from '../core/contract.ts';
import { IPC_EVENT, IPC_INVOKE, isLang } from '../core/contract.ts';
import { createHandlers, dispatch, eventCallbacks } from '../core/handlers.ts';
import { loadDeviceSettings } from '../core/node/device-settings.ts';
import { Library } from '../core/node/library.ts';
import { aboutBoxOptions } from './about.ts';
import { installCrashHandling } from './crash.ts';
import { importArticlesFromDialog } from './import-command.ts';
import { MainLog, mainLogPath } from './main-log.ts';
import { installMenu } from './menu.ts';
import { APP_SCHEME_PRIVILEGES, isAppUrl, registerAppProtocol } from './protocol.ts';
import { shellStrings } from './strings.ts';
import { createMainWindow } from './window.ts';
import { loadWindowState, saveWindowState, WindowStateTracker } from './window-state.ts';

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

// PIRD_HOME moves settings and the default library, as it does for the CLI and the browser host
// (tests and portable installs use it).
if (process.env.PIRD_HOME) app.setPath('userData', path.resolve(process.env.PIRD_HOME));

const userDataDir = app.getPath('userData');
const libraryDir = path.join(userDataDir, 'library');
const log = new MainLog(mainLogPath(userDataDir));
let uiLanguage: Lang = 'en';
const strings = () => shellStrings(uiLanguage);
const crashes = installCrashHandling({ process, app, dialog, log, strings });

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

/** Events (export progress…) go to every window showing Pird's own page: webContents.send(IPC_EVENT, name, payload). */
function sendEventToPages(event: PirdEvent): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.isDestroyed() && isAppUrl(window.webContents.getURL()))
      window.webContents.send(IPC_EVENT, event.name, event.payload);
  }
}

const windowStates = new WindowStateTracker({
  save: (state) =>
    saveWindowState(userDataDir, state).catch((error: unknown) =>
      log.warn('could not save the window position', error),
    ),
});

async function openMainWindow(): Promise<BrowserWindow> {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const window = createMainWindow(BrowserWindow, {
    preloadPath,
    state: await loadWindowState(userDataDir, workAreas),
    title: strings().app.name,
  });
  windowStates.track(window);
  return window;
}

function setUiLanguage(lang: Lang, commands: Parameters<typeof installMenu>[2]): void {
  uiLanguage = lang;
  installMenu(Menu, { platform: process.platform, isPackaged: app.isPackaged, strings: strings() }, commands);
}

async function start(): Promise<void> {
  await app.whenReady();
  log.info(
    `Pird ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'}, ${process.platform} ${process.arch})`,
  );
  registerAppProtocol(protocol, rendererDir);
  // Pird needs no camera, microphone, notifications or geolocation: refuse every permission.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const settings = await loadDeviceSettings(userDataDir);
  const library = await Library.open(libraryDir);
  // Read the library's index while the window loads, so the list is ready when the page asks.
  library.list().catch(() => undefined);
  const table = createHandlers({
    library,
    userDataDir,
    shell: 'electron',
    version: app.getVersion(),
    // Packaged, the export fonts sit beside app.asar (electron-builder.yml: extraResources).
    ...(app.isPackaged ? { fontDir: path.join(process.resourcesPath, 'fonts') } : {}),
    // Export progress and other events reach the page through the preload's onEvent.
    ...eventCallbacks(sendEventToPages),
  });

  // The API and the menu exist before the window does: the page calls settings.get as it loads.
  let mainWindow: BrowserWindow | undefined;
  const commands = {
    importArticles: () => {
      if (!mainWindow) return;
      importArticlesFromDialog(
        {
          dialog,
          fs: fsPromises,
          importFiles: (files) => dispatch(table, 'articles.import', { files }),
          strings,
        },
        mainWindow,
      ).catch((error: unknown) => log.error('import from the menu failed', error));
    },
    showLibraryFolder: () => void shell.openPath(libraryDir),
    showLogFiles: () => shell.showItemInFolder(log.file),
    // The page opens its keyboard help on F1 (renderer/src/shortcuts.ts).
    showKeyboardShortcuts: () => {
      mainWindow?.webContents.sendInputEvent({ type: 'keyDown', keyCode: 'F1' });
      mainWindow?.webContents.sendInputEvent({ type: 'keyUp', keyCode: 'F1' });
    },
    showAbout: () => {
      if (!mainWindow) return;
      const about = aboutBoxOptions(strings(), {
        version: app.getVersion(),
        versions: process.versions,
        libraryPath: libraryDir,
      });
      dialog
        .showMessageBox(mainWindow, about)
        .catch((error: unknown) => log.error('could not show the About box', error));
    },
  };
  setUiLanguage(settings.uiLanguage, commands);

  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, payload: unknown) => {
    // Only Pird's own page may call the API, never a frame or a page it navigated to.
    const senderUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(senderUrl) || event.senderFrame?.parent) {
      return { ok: false, error: { code: 'unauthorized', message: 'IPC from an unexpected sender' } };
    }
    const result = await dispatch(table, channel, payload);
    // The menu follows the UI language the moment the user changes it.
    if (channel === 'settings.update' && result.ok) {
      const lang = (result.value as { uiLanguage?: unknown }).uiLanguage;
      if (isLang(lang) && lang !== uiLanguage) setUiLanguage(lang, commands);
    }
    return result;
  });

  mainWindow = await openMainWindow();
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length > 0) return;
    openMainWindow()
      .then((window) => (mainWindow = window))
      .catch((error: unknown) => log.error('could not open the window again', error));
  });
  // The last window-position save must reach the disk before the process ends.
  app.on('will-quit', (event) => {
    if (!windowStates.pending) return;
    event.preventDefault();
    void windowStates.flush().finally(() => app.quit());
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
  crashes.startFailed(error);
});
