// The application menu and the About box, built from locales/ for each UI language.
import type { MenuItemConstructorOptions } from 'electron';
import type { Mock } from 'vitest';
import { describe, expect, it, vi } from 'vitest';
import { aboutBoxOptions } from '../../electron/main/about.ts';
import type { MenuCommands } from '../../electron/main/menu.ts';
import { installMenu, menuTemplate } from '../../electron/main/menu.ts';
import { shellStrings } from '../../electron/main/strings.ts';

function commands(): { [K in keyof MenuCommands]: Mock<() => void> } {
  return {
    importArticles: vi.fn<() => void>(),
    openLibrary: vi.fn<() => void>(),
    openRecentLibrary: vi.fn<() => void>(),
    clearRecentLibraries: vi.fn<() => void>(),
    showLibraryFolder: vi.fn<() => void>(),
    showLogFiles: vi.fn<() => void>(),
    showKeyboardShortcuts: vi.fn<() => void>(),
    showAbout: vi.fn<() => void>(),
  };
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((top) => (Array.isArray(top.submenu) ? top.submenu : []));
}

const linux = { platform: 'linux' as const, isPackaged: true };

describe('application menu', () => {
  it('has File, Edit, View, Window and Help with the standard roles on Windows and Linux', () => {
    const template = menuTemplate({ ...linux, strings: shellStrings('en') }, commands());
    expect(template.map((top) => top.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(template.find((top) => top.label === 'Window')?.role).toBe('window');
    expect(template.find((top) => top.label === 'Help')?.role).toBe('help');
    const roles = items(template).flatMap((item) => (item.role ? [item.role] : []));
    expect(roles).toEqual([
      'quit',
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
      'minimize',
      'close',
    ]);
  });

  it('puts About, Services, Hide and Quit in the app menu on macOS', () => {
    const template = menuTemplate(
      { platform: 'darwin', isPackaged: true, strings: shellStrings('en') },
      commands(),
    );
    expect(template.map((top) => top.label)).toEqual(['Pird', 'File', 'Edit', 'View', 'Window', 'Help']);
    const appMenu = template[0]!.submenu as MenuItemConstructorOptions[];
    expect(appMenu.flatMap((item) => (item.role ? [item.role] : []))).toEqual([
      'services',
      'hide',
      'hideOthers',
      'unhide',
      'quit',
    ]);
    expect(appMenu[0]).toMatchObject({ id: 'about', label: 'About Pird' });
    expect(items(template.slice(1)).map((item) => item.role)).not.toContain('quit');
    expect(items(template).map((item) => item.role)).toEqual(expect.arrayContaining(['zoom', 'front']));
  });

  it('speaks the UI language: every label in Arabic or Sorani, from locales/', () => {
    for (const lang of ['ar', 'ckb'] as const) {
      const strings = shellStrings(lang);
      const template = menuTemplate({ ...linux, strings }, commands());
      expect(template.map((top) => top.label)).toEqual([
        strings.desktop.menu.file,
        strings.desktop.menu.edit,
        strings.desktop.menu.view,
        strings.desktop.menu.window,
        strings.nav.help,
      ]);
      for (const item of items(template)) {
        if (item.type === 'separator') continue;
        expect(item.label, `${lang}: ${item.role ?? item.id}`).toMatch(/[\u0600-\u06FF]/);
      }
    }
    expect(shellStrings('ckb').desktop.menu.importArticles).toBe('هاوردەکردنی بابەت…');
    expect(shellStrings('ar').desktop.menu.importArticles).toBe('استيراد مواد…');
  });

  it("runs Pird's commands, with shortcuts that do not take keys from the editor", () => {
    const run = commands();
    const all = items(menuTemplate({ ...linux, strings: shellStrings('en') }, run));
    const byId = (id: string) => all.find((item) => item.id === id)!;
    for (const [id, command] of [
      ['import-articles', run.importArticles],
      ['open-library', run.openLibrary],
      ['show-library-folder', run.showLibraryFolder],
      ['show-log-files', run.showLogFiles],
      ['keyboard-shortcuts', run.showKeyboardShortcuts],
      ['about', run.showAbout],
    ] as const) {
      (byId(id).click as () => void)();
      expect(command, id).toHaveBeenCalledOnce();
    }
    expect(byId('import-articles').accelerator).toBe('CmdOrCtrl+O');
    // F1 belongs to the page (renderer/src/shortcuts.ts): shown in the menu, never grabbed by it.
    expect(byId('keyboard-shortcuts')).toMatchObject({ accelerator: 'F1', registerAccelerator: false });
    const grabbed = all.filter((item) => item.accelerator && item.registerAccelerator !== false);
    expect(grabbed.map((item) => item.accelerator)).toEqual(['CmdOrCtrl+O', 'CmdOrCtrl+Shift+O']);
  });

  it('lists recent libraries in File ▸ Open recent: the open one ticked, a missing one marked', () => {
    const run = commands();
    const recentLibraries = [
      { path: '/news/desk & wire', missing: false },
      { path: '/mnt/usb/old', missing: true },
    ];
    for (const lang of ['en', 'ckb'] as const) {
      const strings = shellStrings(lang);
      const template = menuTemplate(
        { ...linux, strings, recentLibraries, currentLibrary: '/news/desk & wire' },
        run,
      );
      const openRecent = items(template).find((item) => item.id === 'open-recent')!;
      expect(openRecent.label).toBe(strings.desktop.menu.openRecent);
      const submenu = openRecent.submenu as MenuItemConstructorOptions[];
      // `&` is doubled: Windows would otherwise read it as a mnemonic and hide it.
      expect(submenu.map((item) => item.label)).toEqual([
        '/news/desk && wire',
        strings.desktop.menu.missingLibrary.replace('{{name}}', '/mnt/usb/old'),
        undefined,
        strings.desktop.menu.clearRecent,
      ]);
      expect(submenu.map((item) => item.checked)).toEqual([true, false, undefined, undefined]);
      (submenu[1]!.click as () => void)();
      expect(run.openRecentLibrary).toHaveBeenLastCalledWith('/mnt/usb/old');
      (submenu[3]!.click as () => void)();
    }
    expect(run.clearRecentLibraries).toHaveBeenCalledTimes(2);
    const none = menuTemplate({ ...linux, strings: shellStrings('ar') }, run);
    const empty = items(none).find((item) => item.id === 'open-recent')!
      .submenu as MenuItemConstructorOptions[];
    expect(empty).toEqual([
      { id: 'no-recent-libraries', label: 'لا توجد مكتبات مفتوحة مؤخرًا', enabled: false },
    ]);
  });

  it('offers developer tools only in a development build', () => {
    const roles = (isPackaged: boolean) =>
      items(menuTemplate({ platform: 'win32', isPackaged, strings: shellStrings('en') }, commands())).map(
        (item) => item.role,
      );
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('installs the built menu as the application menu', () => {
    const setApplicationMenu = vi.fn();
    const built = { built: true };
    const buildFromTemplate = vi.fn(() => built);
    installMenu(
      { buildFromTemplate, setApplicationMenu } as never,
      { ...linux, strings: shellStrings('en') },
      commands(),
    );
    expect(setApplicationMenu).toHaveBeenCalledWith(built);
  });
});

describe('About box', () => {
  it('gives the version, the runtime and the library folder in the UI language', () => {
    const facts = {
      version: '1.2.3',
      versions: { node: '22.20.0', electron: '45.5.0', chrome: '142.0.0.0' },
      libraryPath: '/home/desk/.config/Pird/library',
    };
    const en = aboutBoxOptions(shellStrings('en'), facts);
    expect(en).toMatchObject({ type: 'info', title: 'About Pird', buttons: ['Close'] });
    expect(en.detail).toContain('Version 1.2.3');
    expect(en.detail).toContain('Electron 45.5.0 · Chromium 142.0.0.0 · Node.js 22.20.0');
    expect(en.detail).toContain('/home/desk/.config/Pird/library');
    const ckb = aboutBoxOptions(shellStrings('ckb'), facts);
    expect(ckb).toMatchObject({ title: 'دەربارەی پرد', buttons: ['داخستن'] });
    expect(ckb.message).toContain('پرد');
    expect(ckb.detail).toContain('وەشان 1.2.3');
  });
});
