// The Electron shell: one hardened window, the renderer from pird://app/, one IPC handler that
// forwards to the same handler table as the browser host and the CLI. Each concern (window, window
// state, menu, log and crash handling, import) lives in its own module that takes Electron's pieces
// as parameters; this file only wires them together.
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import type { ApiResult, ImportResult, Lang, PirdEvent } from '../core/contract.ts';
import { IPC_EVENT, IPC_INVOKE, isLang } from '../core/contract.ts';
import { toApiError } from '../core/errors.ts';
import type { HandlerTable } from '../core/handlers.ts';
import { createHandlers, dispatch, eventCallbacks } from '../core/handlers.ts';
import { loadDeviceSettings } from '../core/node/device-settings.ts';
import { Library } from '../core/node/library.ts';
import { BackgroundSync, syncTimingFromEnv } from '../core/node/sync/background.ts';
import { aboutBoxOptions } from './about.ts';
import { installCrashHandling } from './crash.ts';
import { nativeDialogs } from './dialogs.ts';
import { importArticlesFromDialog } from './import-command.ts';
import { MainLog, mainLogPath } from './main-log.ts';
import { installMenu } from './menu.ts';
import { filesFromArgv, isOpenableFile, openFilesInPird } from './open-files.ts';
import { APP_SCHEME_PRIVILEGES, isAppUrl, registerAppProtocol } from './protocol.ts';
import { libraryFolderState, RecentLibraries } from './recent-libraries.ts';
import { errorText, fill, shellStrings } from './strings.ts';
import { createMainWindow } from './window.ts';
import { loadWindowState, saveWindowState, WindowStateTracker } from './window-state.ts';

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

// PIRD_HOME moves settings and the default library, as it does for the CLI and the browser host
// (tests and portable installs use it).
if (process.env.PIRD_HOME) app.setPath('userData', path.resolve(process.env.PIRD_HOME));

const userDataDir = app.getPath('userData');
const defaultLibraryDir = path.join(userDataDir, 'library');
const log = new MainLog(mainLogPath(userDataDir));
let uiLanguage: Lang = 'en';
const strings = () => shellStrings(uiLanguage);
const crashes = installCrashHandling({ process, app, dialog, log, strings });

// A second launch focuses the first window instead of opening the library twice; the files it
// was asked to open arrive with its argv in 'second-instance'.
const isFirstInstance = app.requestSingleInstanceLock();
if (!isFirstInstance) {
  app.quit();
}

// Files the OS asked Pird to open before there was a window to show them in: the launch's own
// arguments (Windows, Linux) and macOS's open-file events, which can come before 'ready'.
const filesToOpen: string[] = filesFromArgv(process.argv, process.cwd(), app.isPackaged);
let openFiles: ((files: string[]) => void) | undefined;
app.on('open-file', (event, file) => {
  event.preventDefault();
  if (!isOpenableFile(file)) return;
  if (openFiles) openFiles([file]);
  else filesToOpen.push(file);
});

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

const recentLibraries = new RecentLibraries(userDataDir, {
  onSaveError: (error) => log.warn('could not save the list of recent libraries', error),
});

/** The library the app opens at start: the last one opened when it is still there, else the default. */
async function startLibraryDir(): Promise<string> {
  const [last] = await recentLibraries.load();
  if (last !== undefined && (await libraryFolderState(last.path)) === 'library') return last.path;
  return defaultLibraryDir;
}

async function start(): Promise<void> {
  await app.whenReady();
  log.info(
    `Pird ${app.getVersion()} starting (Electron ${process.versions.electron ?? '?'}, ${process.platform} ${process.arch})`,
  );
  // Pird needs no camera, microphone, notifications or geolocation: refuse every permission.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const settings = await loadDeviceSettings(userDataDir);
  uiLanguage = settings.uiLanguage;
  let mainWindow: BrowserWindow | undefined;
  const dialogs = nativeDialogs({ dialog, shell, fs: fsPromises, window: () => mainWindow, strings });

  /** One handler table per open library: the same table the browser host and the CLI build. */
  const handlersFor = (library: Library): HandlerTable =>
    createHandlers({
      library,
      userDataDir,
      shell: 'electron',
      version: app.getVersion(),
      dialogs,
      // Packaged, the export fonts sit beside app.asar (electron-builder.yml: extraResources).
      ...(app.isPackaged ? { fontDir: path.join(process.resourcesPath, 'fonts') } : {}),
      // Export progress and other events reach the page through the preload's onEvent.
      ...eventCallbacks(sendEventToPages),
    });

  let library = await Library.open(await startLibraryDir());
  let table = handlersFor(library);
  // The open library syncs in the background (PIRD_SYNC_DEBOUNCE_MS / PIRD_SYNC_INTERVAL_MS shorten
  // it for tests); rounds go through the table's sync.run, so "Sync now" joins one in flight.
  const syncTiming = syncTimingFromEnv(process.env);
  for (const warning of syncTiming.warnings) log.warn(warning);
  const backgroundSyncFor = (open: Library, openTable: HandlerTable): BackgroundSync => {
    const background = new BackgroundSync({
      library: open,
      debounceMs: syncTiming.debounceMs,
      intervalMs: syncTiming.intervalMs,
      runRound: () => openTable['sync.run']({}),
      emit: sendEventToPages,
    });
    background.start();
    return background;
  };
  let backgroundSync = backgroundSyncFor(library, table);
  registerAppProtocol(protocol, rendererDir, () => library.dir);
  void recentLibraries.remember(library.dir);
  // Read the library's index while the window loads, so the list is ready when the page asks.
  library.list().catch(() => undefined);
  /** A library chosen while the page still showed the previous one: it takes over once the page reloads. */
  let pendingLibrary: { library: Library; table: HandlerTable } | null = null;

  const showMessage = (options: Electron.MessageBoxOptions): void => {
    if (!mainWindow) return;
    dialog
      .showMessageBox(mainWindow, { buttons: [strings().action.close], noLink: true, ...options })
      .catch((error: unknown) => log.error('could not show a message', error));
  };

  /** Rebuilds the menu (UI language, Open recent), marking recent libraries that are gone. */
  const refreshMenu = async (): Promise<void> => {
    const recent = await Promise.all(
      recentLibraries.list.map(async (entry) => ({
        path: entry.path,
        missing: (await libraryFolderState(entry.path)) === 'missing',
      })),
    );
    installMenu(
      Menu,
      {
        platform: process.platform,
        isPackaged: app.isPackaged,
        strings: strings(),
        recentLibraries: recent,
        currentLibrary: library.dir,
      },
      commands,
    );
  };
  const rebuildMenu = () =>
    void refreshMenu().catch((error: unknown) => log.error('could not build the menu', error));

  /**
   * Opens another library: it must be a Pird library or an empty folder (Pird never turns a folder
   * of other files into a library). The page is reloaded onto it; until the reload happens, calls
   * still go to the library the page shows, so a late save never lands in the wrong library.
   */
  const switchLibrary = async (dir: string, from: 'dialog' | 'recent'): Promise<void> => {
    const s = strings().desktop.library;
    const state = await libraryFolderState(dir);
    if (state === 'missing') {
      if (from === 'recent') await recentLibraries.forget(dir);
      rebuildMenu();
      showMessage({ type: 'warning', message: s.missing, detail: fill(s.missingDetail, { path: dir }) });
      return;
    }
    if (state === 'not-library') {
      showMessage({
        type: 'warning',
        message: s.notLibrary,
        detail: fill(s.notLibraryDetail, { path: dir }),
      });
      return;
    }
    if (path.resolve(dir) === library.dir) return;
    let next: Library;
    try {
      next = await Library.open(dir);
    } catch (error) {
      log.warn(`could not open the library ${dir}`, error);
      const apiError = toApiError(error);
      showMessage({
        type: 'error',
        message: s.openFailed,
        detail: `${dir}\n\n${errorText(strings(), apiError)}\n\n${apiError.message}`,
      });
      return;
    }
    pendingLibrary = { library: next, table: handlersFor(next) };
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.reload();
    else adoptPendingLibrary();
  };

  function adoptPendingLibrary(): void {
    if (!pendingLibrary) return;
    ({ library, table } = pendingLibrary);
    pendingLibrary = null;
    void backgroundSync.stop();
    backgroundSync = backgroundSyncFor(library, table);
    log.info(`library: ${library.dir}`);
    library.list().catch(() => undefined);
    void recentLibraries.remember(library.dir).then(rebuildMenu);
  }

  const importFiles = (files: { name: string; content: string }[]) =>
    // dispatch is untyped (it takes untrusted input); this channel's result is an ImportResult.
    dispatch(table, 'articles.import', { files }) as Promise<ApiResult<ImportResult>>;

  // The API and the menu exist before the window does: the page calls settings.get as it loads.
  const commands = {
    importArticles: () => {
      if (!mainWindow) return;
      importArticlesFromDialog({ dialog, fs: fsPromises, importFiles, strings }, mainWindow).catch(
        (error: unknown) => log.error('import from the menu failed', error),
      );
    },
    openLibrary: () => {
      if (!mainWindow) return;
      dialog
        .showOpenDialog(mainWindow, {
          title: strings().desktop.dialog.openLibrary,
          buttonLabel: strings().desktop.dialog.select,
          defaultPath: path.dirname(library.dir),
          properties: ['openDirectory', 'createDirectory'],
        })
        .then((picked) => {
          const [dir] = picked.filePaths;
          return picked.canceled || dir === undefined ? undefined : switchLibrary(dir, 'dialog');
        })
        .catch((error: unknown) => log.error('could not open a library', error));
    },
    openRecentLibrary: (dir: string) => {
      switchLibrary(dir, 'recent').catch((error: unknown) => log.error('could not open a library', error));
    },
    clearRecentLibraries: () => {
      // The open library stays listed: it is the one the app reopens at the next start.
      void recentLibraries
        .clear()
        .then(() => recentLibraries.remember(library.dir))
        .then(rebuildMenu);
    },
    showLibraryFolder: () => void shell.openPath(library.dir),
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
        libraryPath: library.dir,
      });
      dialog
        .showMessageBox(mainWindow, about)
        .catch((error: unknown) => log.error('could not show the About box', error));
    },
  };
  await refreshMenu();

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
      if (isLang(lang) && lang !== uiLanguage) {
        uiLanguage = lang;
        await refreshMenu();
      }
    }
    return result;
  });

  const watchLibrarySwitch = (window: BrowserWindow): void => {
    // The page reloaded (its old document is gone): from now on calls go to the chosen library.
    window.webContents.on('did-navigate', () => adoptPendingLibrary());
    // The editor refuses to unload while edits are unsaved (a failed save waiting for Retry):
    // ask before dropping them, and stay on the current library unless the user says otherwise.
    window.webContents.on('will-prevent-unload', (event) => {
      if (!pendingLibrary) return;
      const s = strings().desktop.library;
      const choice = dialog.showMessageBoxSync(window, {
        type: 'warning',
        message: s.unsaved,
        detail: s.unsavedDetail,
        buttons: [s.stay, s.switchAnyway],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      });
      if (choice === 1) event.preventDefault();
      else pendingLibrary = null;
    });
  };

  const openWindow = async (): Promise<BrowserWindow> => {
    const window = await openMainWindow();
    watchLibrarySwitch(window);
    return window;
  };
  mainWindow = await openWindow();

  openFiles = (files) => {
    if (!mainWindow || mainWindow.isDestroyed() || files.length === 0) return;
    openFilesInPird({ dialog, fs: fsPromises, importFiles, strings }, mainWindow, files).catch(
      (error: unknown) => log.error('could not open the files the system passed', error),
    );
  };
  // After the page has loaded: showing the imported article is a change of its route.
  const launchFiles = filesToOpen.splice(0);
  if (launchFiles.length > 0) mainWindow.webContents.once('did-finish-load', () => openFiles?.(launchFiles));

  app.on('second-instance', (_event, argv: string[], workingDirectory: string) => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    openFiles?.(filesFromArgv(argv, workingDirectory, app.isPackaged));
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length > 0) return;
    openWindow()
      .then((window) => (mainWindow = window))
      .catch((error: unknown) => log.error('could not open the window again', error));
  });
  // A round cut short by quitting is safe (the next one completes it); no new one starts.
  app.on('will-quit', () => void backgroundSync.stop());
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
