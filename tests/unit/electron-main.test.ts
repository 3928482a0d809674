// The Electron shell cannot run here (no binary), so main.ts runs against a recording stand-in of
// the electron module: what it asks Electron for is what these tests check.
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from './helpers/paths.ts';

const userData = tempDir('pird-electron-main-');
const recorded = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; url?: string }[],
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  ipcHandler: undefined as
    undefined | ((event: unknown, channel: unknown, payload: unknown) => Promise<unknown>),
  schemes: [] as unknown[],
  permissionHandler: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  opened: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => recorded.windows;
    constructor(options: Record<string, unknown>) {
      recorded.windows.push({ options });
    }
    once() {}
    loadURL(url: string) {
      recorded.windows[recorded.windows.length - 1]!.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => userData,
      setPath: () => {},
      getVersion: () => '0.0.0-test',
      on: (name: string, handler: (...args: unknown[]) => void) => recorded.appHandlers.set(name, handler),
      quit: () => {},
      exit: () => {},
    },
    BrowserWindow,
    ipcMain: {
      handle: (_channel: string, handler: typeof recorded.ipcHandler) => (recorded.ipcHandler = handler),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => recorded.schemes.push(...s),
      handle: () => {},
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof recorded.permissionHandler) =>
          (recorded.permissionHandler = h),
        setPermissionCheckHandler: () => {},
      },
    },
    shell: { openExternal: (url: string) => (recorded.opened.push(url), Promise.resolve()) },
  };
});

beforeAll(async () => {
  delete process.env.PIRD_HOME;
  await import('../../electron/main/main.ts');
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1));
});

describe('Electron main process', () => {
  it('opens one window with context isolation, sandbox, no Node integration and web security', () => {
    const prefs = recorded.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(path.basename(prefs.preload as string)).toBe('preload.cjs');
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
    recorded.appHandlers.get('web-contents-created')!({}, contents);
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
});
