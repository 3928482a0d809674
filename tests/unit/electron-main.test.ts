// The Electron shell cannot run here (no binary), so main.ts runs against a recording stand-in of
// the electron module: what it asks Electron for is what these tests check.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers/paths.ts';

const userData = tempDir('pird-electron-main-');
const recorded = vi.hoisted(() => ({
  windows: [] as {
    options: Record<string, unknown>;
    url?: string;
    handlers: Map<string, (() => void)[]>;
    inputEvents: unknown[];
    apiReady: boolean;
    menuReady: boolean;
  }[],
  appHandlers: new Map<string, ((...args: unknown[]) => void)[]>(),
  ipcHandler: undefined as
    undefined | ((event: unknown, channel: unknown, payload: unknown) => Promise<unknown>),
  schemes: [] as unknown[],
  permissionHandler: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  opened: [] as string[],
  menus: [] as MenuItemConstructorOptions[][],
  sandboxEnabled: false,
  messageBoxes: [] as Record<string, unknown>[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => recorded.windows;
    readonly record: (typeof recorded.windows)[number];
    readonly webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.record = {
        options,
        handlers: new Map(),
        inputEvents: [],
        apiReady: recorded.ipcHandler !== undefined,
        menuReady: recorded.menus.length > 0,
      };
      recorded.windows.push(this.record);
      this.webContents = {
        sendInputEvent: (input: unknown) => this.record.inputEvents.push(input),
        getURL: () => this.record.url ?? '',
        reload: () => {},
      };
    }
    once() {}
    on(name: string, handler: () => void) {
      this.record.handlers.set(name, [...(this.record.handlers.get(name) ?? []), handler]);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
    isMaximized = () => false;
    isMinimized = () => false;
    isFullScreen = () => false;
  }
  return {
    app: {
      enableSandbox: () => (recorded.sandboxEnabled = true),
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      isReady: () => true,
      isPackaged: false,
      getPath: () => userData,
      setPath: () => {},
      getVersion: () => '0.0.0-test',
      on: (name: string, handler: (...args: unknown[]) => void) =>
        recorded.appHandlers.set(name, [...(recorded.appHandlers.get(name) ?? []), handler]),
      quit: () => {},
      exit: () => {},
      relaunch: () => {},
    },
    BrowserWindow,
    dialog: {
      showMessageBox: (_window: unknown, options: Record<string, unknown>) => {
        recorded.messageBoxes.push(options);
        return Promise.resolve({ response: 0, checkboxChecked: false });
      },
      showMessageBoxSync: () => 0,
      showErrorBox: () => {},
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    },
    ipcMain: {
      handle: (_channel: string, handler: typeof recorded.ipcHandler) => (recorded.ipcHandler = handler),
    },
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
      setApplicationMenu: (menu: MenuItemConstructorOptions[]) => recorded.menus.push(menu),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => recorded.schemes.push(...s),
      handle: () => {},
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof recorded.permissionHandler) =>
          (recorded.permissionHandler = h),
        setPermissionCheckHandler: () => {},
      },
    },
    shell: {
      openExternal: (url: string) => (recorded.opened.push(url), Promise.resolve()),
      openPath: () => Promise.resolve(''),
      showItemInFolder: () => {},
    },
  };
});

function emitApp(name: string, ...args: unknown[]): void {
  for (const handler of recorded.appHandlers.get(name) ?? []) handler(...args);
}

/** Top-level menu labels and every role in the last menu installed. */
function lastMenu(): { labels: string[]; roles: string[]; item: (id: string) => MenuItemConstructorOptions } {
  const menu = recorded.menus.at(-1) ?? [];
  const items = menu.flatMap((top) => (Array.isArray(top.submenu) ? top.submenu : []));
  return {
    labels: menu.map((top) => top.label ?? ''),
    roles: items.flatMap((item) => (item.role ? [item.role] : [])),
    item: (id) => items.find((item) => item.id === id)!,
  };
}

// main.ts installs its crash handlers on the real process; the test worker must keep its own.
const processEvents = ['uncaughtException', 'unhandledRejection'] as const;
type Listener = (...args: unknown[]) => void;
const listenersOf = (name: (typeof processEvents)[number]) =>
  process.listeners(name as 'uncaughtException') as Listener[];
const listenersBefore = new Map(processEvents.map((name) => [name, listenersOf(name)]));
const addedByMain = new Map<string, Listener[]>();

beforeAll(async () => {
  delete process.env.PIRD_HOME;
  await import('../../electron/main/main.ts');
  for (const name of processEvents) {
    const added = listenersOf(name).filter((l) => !listenersBefore.get(name)!.includes(l));
    addedByMain.set(name, added);
    for (const listener of added) process.off(name as 'uncaughtException', listener);
  }
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
  await vi.waitFor(() => expect(recorded.ipcHandler).toBeDefined());
});

afterAll(() => {
  for (const name of processEvents) expect(addedByMain.get(name)).toHaveLength(1);
});

describe('Electron main process', () => {
  it('opens one window with context isolation, sandbox, no Node integration and web security', () => {
    const prefs = recorded.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(path.basename(prefs.preload as string)).toBe('preload.cjs');
    expect(recorded.sandboxEnabled).toBe(true);
  });

  it('answers the API and shows the menu before the page starts loading', () => {
    expect(recorded.windows[0]).toMatchObject({ apiReady: true, menuReady: true });
  });

  it('loads the renderer from the pird:// app protocol, never file:// or the network', () => {
    expect(recorded.windows[0]!.url).toBe('pird://app/index.html');
    expect(recorded.schemes).toEqual([expect.objectContaining({ scheme: 'pird' })]);
  });

  it('denies every permission request', () => {
    let answer: boolean | undefined;
    recorded.permissionHandler!({}, 'media', (ok) => (answer = ok));
    expect(answer).toBe(false);
  });

  it('answers IPC only from the app page, and validates the input', async () => {
    const fromApp = { senderFrame: { url: 'pird://app/index.html', parent: null } };
    const info = (await recorded.ipcHandler!(fromApp, 'app.info', {})) as {
      ok: boolean;
      value: { shell: string };
    };
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
    const stranger = { senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await recorded.ipcHandler!(stranger, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    const bad = await recorded.ipcHandler!(fromApp, 'segments.setText', { articleId: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses navigation away from the app and new windows; https links go to the system browser', () => {
    const handlers = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, handler: (...args: unknown[]) => void) => handlers.set(name, handler),
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
    };
    emitApp('web-contents-created', {}, contents);
    const navigation = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    handlers.get('will-navigate')!(navigation, 'https://news.example/story');
    expect(navigation.prevented).toBe(true);
    expect(recorded.opened).toEqual(['https://news.example/story']);
    const fileNav = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    handlers.get('will-navigate')!(fileNav, 'file:///etc/passwd');
    expect(fileNav.prevented).toBe(true);
    expect(recorded.opened).toHaveLength(1);
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    const internal = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    handlers.get('will-navigate')!(internal, 'pird://app/index.html');
    expect(internal.prevented).toBe(false);
  });

  it('installs the menu in the UI language and rebuilds it when the user changes language', async () => {
    expect(lastMenu().labels).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const fromApp = { senderFrame: { url: 'pird://app/index.html', parent: null } };
    const result = await recorded.ipcHandler!(fromApp, 'settings.update', { uiLanguage: 'ckb' });
    expect(result).toMatchObject({ ok: true });
    expect(lastMenu().labels).toEqual(['فایل', 'دەستکاری', 'پیشاندان', 'پەنجەرە', 'یارمەتی']);
    await recorded.ipcHandler!(fromApp, 'settings.update', { uiLanguage: 'en' });
    expect(lastMenu().labels[0]).toBe('File');
  });

  it('opens the About box and the keyboard help from the menu', async () => {
    (lastMenu().item('about').click as () => void)();
    await vi.waitFor(() => expect(recorded.messageBoxes).toHaveLength(1));
    expect(recorded.messageBoxes[0]).toMatchObject({ type: 'info', title: 'About Pird' });
    expect(String(recorded.messageBoxes[0]!.detail)).toContain('0.0.0-test');
    (lastMenu().item('keyboard-shortcuts').click as () => void)();
    expect(recorded.windows[0]!.inputEvents).toEqual([
      { type: 'keyDown', keyCode: 'F1' },
      { type: 'keyUp', keyCode: 'F1' },
    ]);
  });

  it('remembers the window position when the window closes, durably, in userData', async () => {
    for (const handler of recorded.windows[0]!.handlers.get('close') ?? []) handler();
    let quitPrevented = false;
    emitApp('will-quit', { preventDefault: () => (quitPrevented = true) });
    expect(quitPrevented).toBe(true); // the save is still in flight: quitting waits for it
    await vi.waitFor(() =>
      expect(JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8'))).toMatchObject({
        format: 'pird.window-state',
        version: 1,
        bounds: { x: 10, y: 20, width: 1000, height: 700 },
        maximized: false,
      }),
    );
  });

  it('logs uncaught errors to <userData>/logs/main.log', () => {
    const [listener] = addedByMain.get('unhandledRejection')!;
    listener!(new Error('a promise nobody awaited'));
    const log = readFileSync(path.join(userData, 'logs', 'main.log'), 'utf8');
    expect(log).toMatch(/INFO Pird 0\.0\.0-test starting/);
    expect(log).toMatch(/ERROR unhandled promise rejection\n {4}Error: a promise nobody awaited/);
  });
});
