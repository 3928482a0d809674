// The Electron shell cannot run here (no binary), so main.ts runs against a recording stand-in of
// the electron module: what it asks Electron for is what these tests check.
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
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
    instance: unknown;
    contentsHandlers: Map<string, ((...args: unknown[]) => void)[]>;
    reloads: number;
    loadedUrls: string[];
  }[],
  appHandlers: new Map<string, ((...args: unknown[]) => void)[]>(),
  ipcHandler: undefined as
    undefined | ((event: unknown, channel: unknown, payload: unknown) => Promise<unknown>),
  schemes: [] as unknown[],
  permissionHandler: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  opened: [] as string[],
  shownInFolder: [] as string[],
  menus: [] as MenuItemConstructorOptions[][],
  sandboxEnabled: false,
  messageBoxes: [] as Record<string, unknown>[],
  openDialogs: [] as { window: unknown; options: Record<string, unknown> }[],
  /** What the next open dialogs answer, in order; a cancel when empty. */
  openDialogAnswers: [] as { canceled: boolean; filePaths: string[] }[],
  /** The page refuses to unload (unsaved edits), and the answer main's question gets (0 stay, 1 go). */
  pageRefusesUnload: false,
  unsavedAnswer: 0,
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
        instance: this,
        contentsHandlers: new Map(),
        reloads: 0,
        loadedUrls: [],
      };
      recorded.windows.push(this.record);
      const record = this.record;
      const emit = (name: string, ...args: unknown[]) => {
        for (const handler of record.contentsHandlers.get(name) ?? []) handler(...args);
      };
      const listen = (name: string, handler: (...args: unknown[]) => void) =>
        record.contentsHandlers.set(name, [...(record.contentsHandlers.get(name) ?? []), handler]);
      this.webContents = {
        sendInputEvent: (input: unknown) => record.inputEvents.push(input),
        getURL: () => record.url ?? '',
        on: listen,
        once: listen,
        loadURL: (url: string) => {
          record.loadedUrls.push(url);
          record.url = url;
          return Promise.resolve();
        },
        // Like Chromium: the page's beforeunload may refuse; Electron then asks main through
        // will-prevent-unload, whose preventDefault lets the reload go on.
        reload: () => {
          let unload = !recorded.pageRefusesUnload;
          if (!unload) emit('will-prevent-unload', { preventDefault: () => (unload = true) });
          if (!unload) return;
          record.reloads++;
          emit('did-navigate');
        },
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
    isDestroyed = () => false;
    focus() {}
    restore() {}
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
      showMessageBoxSync: (_window: unknown, options: Record<string, unknown>) => {
        recorded.messageBoxes.push(options);
        return recorded.unsavedAnswer;
      },
      showErrorBox: () => {},
      showOpenDialog: (window: unknown, options: Record<string, unknown>) => {
        recorded.openDialogs.push({ window, options });
        return Promise.resolve(recorded.openDialogAnswers.shift() ?? { canceled: true, filePaths: [] });
      },
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
      showItemInFolder: (item: string) => recorded.shownInFolder.push(item),
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

const fromApp = { senderFrame: { url: 'pird://app/index.html', parent: null } };
const invoke = (channel: string, payload: unknown = {}) =>
  recorded.ipcHandler!(fromApp, channel, payload) as Promise<{
    ok: boolean;
    value?: Record<string, unknown>;
    error?: { code: string; message: string };
  }>;

/** An item anywhere in the last menu (submenus included). */
function menuItem(id: string): MenuItemConstructorOptions | undefined {
  const search = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions | undefined => {
    for (const item of items) {
      if (item.id === id) return item;
      const found = Array.isArray(item.submenu) ? search(item.submenu) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return search(recorded.menus.at(-1) ?? []);
}
const click = (id: string) => (menuItem(id)!.click as () => void)();
const recentLabels = () =>
  ((menuItem('open-recent')?.submenu ?? []) as MenuItemConstructorOptions[]).flatMap((item) =>
    item.id?.startsWith('recent-library-') ? [String(item.label)] : [],
  );
const libraryPath = async () => String((await invoke('app.info')).value!.libraryPath);

describe('native dialogs', () => {
  it('tells the page that native dialogs exist', async () => {
    expect((await invoke('app.info')).value).toMatchObject({ shell: 'electron', nativeDialogs: true });
  });

  it('opens the folder dialog over the window and gives the chosen folder, or null when cancelled', async () => {
    const window = recorded.windows[0]!.instance;
    recorded.openDialogAnswers.push({ canceled: false, filePaths: ['/srv/shared/pird'] });
    const picked = await invoke('dialog.pickFolder', { purpose: 'shared-folder', defaultPath: '/srv' });
    expect(picked).toEqual({ ok: true, value: { path: '/srv/shared/pird' } });
    const shown = recorded.openDialogs.at(-1)!;
    expect(shown.window).toBe(window);
    expect(shown.options).toMatchObject({
      title: 'Choose the shared folder',
      defaultPath: '/srv',
      properties: expect.arrayContaining(['openDirectory', 'createDirectory']) as unknown,
    });

    const cancelled = await invoke('dialog.pickFolder', { purpose: 'export', defaultPath: 'relative/dir' });
    expect(cancelled).toEqual({ ok: true, value: { path: null } });
    expect(recorded.openDialogs.at(-1)!.options).toMatchObject({ title: 'Choose the export folder' });
    // A relative default means nothing to the dialog: it is left out rather than resolved against main's folder.
    expect(recorded.openDialogs.at(-1)!.options).not.toHaveProperty('defaultPath');
  });

  it('shows an existing folder in the file manager (selected, never opened), and nothing else', async () => {
    const dir = tempDir('pird-show-in-folder-');
    expect(await invoke('dialog.showInFolder', { path: dir })).toEqual({ ok: true, value: { shown: true } });
    expect(recorded.shownInFolder).toEqual([dir]);
    expect(await invoke('dialog.showInFolder', { path: 'relative/bundle' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await invoke('dialog.showInFolder', { path: path.join(dir, 'gone') })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(recorded.shownInFolder).toEqual([dir]);
  });

  it('validates the request before any dialog opens', async () => {
    const before = recorded.openDialogs.length;
    for (const bad of [
      { purpose: 'anything' },
      { purpose: 'export', defaultPath: 7 },
      { purpose: 'export', x: 1 },
    ])
      expect(await invoke('dialog.pickFolder', bad)).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      });
    expect(recorded.openDialogs).toHaveLength(before);
  });

  it('reads the files chosen to import in main, with the import limits', async () => {
    const dir = tempDir('pird-dialog-files-');
    writeFileSync(path.join(dir, 'wire.txt'), 'KICKER\nHeadline\n\nFirst paragraph.');
    recorded.openDialogAnswers.push({ canceled: false, filePaths: [path.join(dir, 'wire.txt')] });
    expect(await invoke('dialog.openFiles', { purpose: 'import' })).toEqual({
      ok: true,
      value: { files: [{ name: 'wire.txt', content: 'KICKER\nHeadline\n\nFirst paragraph.' }] },
    });
    expect(recorded.openDialogs.at(-1)!.window).toBe(recorded.windows[0]!.instance);
    expect(recorded.openDialogs.at(-1)!.options).toMatchObject({
      properties: ['openFile', 'multiSelections'],
    });

    const big = path.join(dir, 'huge.txt');
    writeFileSync(big, '');
    truncateSync(big, 25_000_000);
    recorded.openDialogAnswers.push({ canceled: false, filePaths: [big] });
    expect(await invoke('dialog.openFiles', { purpose: 'import' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'huge.txt is too large to be an article.' },
    });
    const many = Array.from({ length: 501 }, () => path.join(dir, 'wire.txt'));
    recorded.openDialogAnswers.push({ canceled: false, filePaths: many });
    expect(await invoke('dialog.openFiles', { purpose: 'import' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'Choose at most 500 files at once.' },
    });
    expect(await invoke('dialog.openFiles', { purpose: 'import' })).toEqual({
      ok: true,
      value: { files: [] },
    });
  });
});

describe('libraries', () => {
  const defaultLibrary = path.join(userData, 'library');
  const other = path.join(tempDir('pird-other-library-'), 'desk library');

  it('remembers the library it opened, beside the window state', () => {
    const file = JSON.parse(readFileSync(path.join(userData, 'recent-libraries.json'), 'utf8')) as {
      format: string;
      libraries: { path: string }[];
    };
    expect(file).toMatchObject({ format: 'pird.recent-libraries', version: 1 });
    expect(file.libraries.map((l) => l.path)).toEqual([defaultLibrary]);
    expect(recentLabels()).toEqual([defaultLibrary]);
  });

  it('opens another library from File ▸ Open library…, reloads the page onto it and lists it in Open recent', async () => {
    mkdirSync(other, { recursive: true });
    const reloads = recorded.windows[0]!.reloads;
    recorded.openDialogAnswers.push({ canceled: false, filePaths: [other] });
    click('open-library');
    await vi.waitFor(async () => expect(await libraryPath()).toBe(other));
    expect(recorded.openDialogs.at(-1)!.options).toMatchObject({
      properties: ['openDirectory', 'createDirectory'],
    });
    expect(recorded.windows[0]!.reloads).toBe(reloads + 1);
    // An empty folder became a library; the handlers (import, list) work on it.
    expect(existsSync(path.join(other, 'library.json'))).toBe(true);
    const imported = await invoke('articles.import', {
      files: [{ name: 'a.txt', content: 'K\nOther desk\n\nText.' }],
    });
    expect(imported.ok).toBe(true);
    expect(((await invoke('articles.list')).value!.articles as unknown[]).length).toBe(1);
    await vi.waitFor(() => expect(recentLabels()).toEqual([other, defaultLibrary]));
    expect(menuItem('recent-library-0')).toMatchObject({ checked: true });
  });

  it('switches back through Open recent, in the UI language', async () => {
    await invoke('settings.update', { uiLanguage: 'ar' });
    expect(menuItem('open-recent')!.label).toBe('المكتبات المفتوحة مؤخرًا');
    click('recent-library-1');
    await vi.waitFor(async () => expect(await libraryPath()).toBe(defaultLibrary));
    await invoke('settings.update', { uiLanguage: 'en' });
    await vi.waitFor(() => expect(recentLabels()).toEqual([defaultLibrary, other]));
  });

  it('refuses a folder that holds other files, and leaves it untouched', async () => {
    const documents = tempDir('pird-documents-');
    writeFileSync(path.join(documents, 'letter.odt'), 'x');
    const boxes = recorded.messageBoxes.length;
    recorded.openDialogAnswers.push({ canceled: false, filePaths: [documents] });
    click('open-library');
    await vi.waitFor(() => expect(recorded.messageBoxes.length).toBe(boxes + 1));
    expect(recorded.messageBoxes.at(-1)).toMatchObject({ message: 'This folder is not a Pird library' });
    expect(existsSync(path.join(documents, 'library.json'))).toBe(false);
    expect(await libraryPath()).toBe(defaultLibrary);
  });

  it('stays on the library when the page has unsaved edits and the user chooses to stay', async () => {
    recorded.pageRefusesUnload = true;
    recorded.unsavedAnswer = 0;
    const boxes = recorded.messageBoxes.length;
    click('recent-library-1');
    await vi.waitFor(() => expect(recorded.messageBoxes.length).toBe(boxes + 1));
    expect(recorded.messageBoxes.at(-1)).toMatchObject({ message: 'Some edits are not saved yet' });
    expect(await libraryPath()).toBe(defaultLibrary);
    // "Open anyway" lets the page go.
    recorded.unsavedAnswer = 1;
    click('recent-library-1');
    await vi.waitFor(async () => expect(await libraryPath()).toBe(other));
    recorded.pageRefusesUnload = false;
  });

  it('shows a recent library that is gone as missing, and removes it with a message when clicked', async () => {
    await vi.waitFor(() => expect(recentLabels()).toEqual([other, defaultLibrary]));
    const gone = path.dirname(other);
    click('recent-library-1'); // back to the default library first
    await vi.waitFor(async () => expect(await libraryPath()).toBe(defaultLibrary));
    rmSync(gone, { recursive: true, force: true });
    await invoke('settings.update', { uiLanguage: 'en' }); // any menu rebuild notices
    await invoke('settings.update', { uiLanguage: 'ckb' });
    await invoke('settings.update', { uiLanguage: 'en' });
    expect(recentLabels()).toEqual([defaultLibrary, `${other} (missing)`]);
    const boxes = recorded.messageBoxes.length;
    click('recent-library-1');
    await vi.waitFor(() => expect(recorded.messageBoxes.length).toBe(boxes + 1));
    expect(recorded.messageBoxes.at(-1)).toMatchObject({ message: 'This library is no longer there' });
    expect(String(recorded.messageBoxes.at(-1)!.detail)).toContain(other);
    await vi.waitFor(() => expect(recentLabels()).toEqual([defaultLibrary]));
    expect(await libraryPath()).toBe(defaultLibrary);
  });
});

describe('files the system opens with Pird', () => {
  it('imports an article passed by a second launch and shows it', async () => {
    const dir = tempDir('pird-open-with-');
    writeFileSync(
      path.join(dir, 'wire.md'),
      '---\nid: opened-story\n---\n# Opened from the file manager\n\nText.',
    );
    const window = recorded.windows[0]!;
    emitApp(
      'second-instance',
      {},
      ['/usr/bin/electron', '.', '--allow-file-access-from-files', 'wire.md', 'notes.docx'],
      dir,
    );
    await vi.waitFor(() =>
      expect(window.loadedUrls.at(-1)).toBe('pird://app/index.html#/article/opened-story'),
    );
    expect(await invoke('articles.get', { id: 'opened-story' })).toMatchObject({ ok: true });
  });

  it("imports a file from macOS's open-file event", async () => {
    const dir = tempDir('pird-open-file-');
    const file = path.join(dir, 'story.txt');
    writeFileSync(file, 'KICKER\n\nA story from Finder\n\nText.');
    let prevented = false;
    emitApp('open-file', { preventDefault: () => (prevented = true) }, file);
    expect(prevented).toBe(true);
    await vi.waitFor(async () =>
      expect(
        ((await invoke('articles.list')).value!.articles as { headline: { en: string } }[]).map(
          (a) => a.headline.en,
        ),
      ).toContain('A story from Finder'),
    );
  });

  it('explains a file it cannot open, and imports nothing', async () => {
    const dir = tempDir('pird-open-bad-');
    writeFileSync(path.join(dir, 'broken.pird'), 'not a zip');
    const boxes = recorded.messageBoxes.length;
    const before = ((await invoke('articles.list')).value!.articles as unknown[]).length;
    emitApp('second-instance', {}, ['/usr/bin/electron', '.', 'broken.pird'], dir);
    await vi.waitFor(() => expect(recorded.messageBoxes.length).toBe(boxes + 1));
    expect(recorded.messageBoxes.at(-1)).toMatchObject({
      type: 'error',
      message: 'Pird could not open this file.',
    });
    expect(String(recorded.messageBoxes.at(-1)!.detail)).toContain(
      'broken.pird is not a complete Pird bundle',
    );
    expect(((await invoke('articles.list')).value!.articles as unknown[]).length).toBe(before);
  });
});
