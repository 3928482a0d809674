// The application menu, in the UI language: Electron's standard roles (edit, view, window) keep
// their native behaviour and shortcuts, plus Pird's own commands. macOS gets its app menu; Windows
// and Linux get Quit and About in File and Help. The menu's direction is the platform's: Windows
// and macOS mirror menus for a right-to-left system language, and Electron has no per-app switch.
import type { Menu, MenuItemConstructorOptions } from 'electron';
import type { ShellStrings } from './strings.ts';
import { fill } from './strings.ts';

export interface MenuCommands {
  importArticles(): void;
  openLibrary(): void;
  openRecentLibrary(dir: string): void;
  clearRecentLibraries(): void;
  showLibraryFolder(): void;
  showLogFiles(): void;
  showKeyboardShortcuts(): void;
  showAbout(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  /** Developer tools only in development builds. */
  isPackaged: boolean;
  strings: ShellStrings;
  /** File ▸ Open recent, newest first; `missing` ones are labelled so and removed when clicked. */
  recentLibraries?: readonly { path: string; missing: boolean }[];
  /** The library open now (ticked in Open recent). */
  currentLibrary?: string;
}

/** Windows reads `&` in a label as a mnemonic marker: a path with `&` in it must double it. */
function literalLabel(text: string): string {
  return text.replace(/&/g, '&&');
}

function recentSubmenu(context: MenuContext, commands: MenuCommands): MenuItemConstructorOptions[] {
  const m = context.strings.desktop.menu;
  const recent = context.recentLibraries ?? [];
  if (recent.length === 0) return [{ id: 'no-recent-libraries', label: m.noRecent, enabled: false }];
  return [
    ...recent.map((library, index): MenuItemConstructorOptions => ({
      id: `recent-library-${index}`,
      label: literalLabel(library.missing ? fill(m.missingLibrary, { name: library.path }) : library.path),
      type: 'checkbox',
      checked: library.path === context.currentLibrary,
      click: () => commands.openRecentLibrary(library.path),
    })),
    separator,
    { id: 'clear-recent-libraries', label: m.clearRecent, click: () => commands.clearRecentLibraries() },
  ];
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function menuTemplate(context: MenuContext, commands: MenuCommands): MenuItemConstructorOptions[] {
  const { strings } = context;
  const m = strings.desktop.menu;
  const mac = context.platform === 'darwin';

  const appMenu: MenuItemConstructorOptions = {
    label: strings.app.name,
    submenu: [
      { id: 'about', label: strings.help.about, click: () => commands.showAbout() },
      separator,
      { role: 'services', label: m.services },
      separator,
      { role: 'hide', label: m.hide },
      { role: 'hideOthers', label: m.hideOthers },
      { role: 'unhide', label: m.showAll },
      separator,
      { role: 'quit', label: m.quit },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: m.file,
    submenu: [
      {
        id: 'import-articles',
        label: m.importArticles,
        accelerator: 'CmdOrCtrl+O',
        click: () => commands.importArticles(),
      },
      separator,
      {
        id: 'open-library',
        label: m.openLibrary,
        accelerator: 'CmdOrCtrl+Shift+O',
        click: () => commands.openLibrary(),
      },
      { id: 'open-recent', label: m.openRecent, submenu: recentSubmenu(context, commands) },
      { id: 'show-library-folder', label: m.showLibraryFolder, click: () => commands.showLibraryFolder() },
      ...(mac ? [] : [separator, { role: 'quit', label: m.quit } satisfies MenuItemConstructorOptions]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: m.edit,
    submenu: [
      { role: 'undo', label: m.undo },
      { role: 'redo', label: m.redo },
      separator,
      { role: 'cut', label: m.cut },
      { role: 'copy', label: m.copy },
      { role: 'paste', label: m.paste },
      { role: 'selectAll', label: m.selectAll },
    ],
  };

  // No Reload here: Ctrl+R in the middle of typing could drop the last unsaved keystrokes.
  const viewMenu: MenuItemConstructorOptions = {
    label: m.view,
    submenu: [
      { role: 'resetZoom', label: m.actualSize },
      { role: 'zoomIn', label: m.zoomIn },
      { role: 'zoomOut', label: m.zoomOut },
      separator,
      { role: 'togglefullscreen', label: m.fullScreen },
      ...(context.isPackaged
        ? []
        : [
            separator,
            { role: 'toggleDevTools', label: m.developerTools } satisfies MenuItemConstructorOptions,
          ]),
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    label: m.window,
    role: 'window',
    submenu: [
      { role: 'minimize', label: m.minimize },
      ...(mac
        ? ([
            { role: 'zoom', label: m.zoomWindow },
            separator,
            { role: 'front', label: m.bringAllToFront },
          ] satisfies MenuItemConstructorOptions[])
        : []),
      separator,
      { role: 'close', label: m.closeWindow },
    ],
  };

  const helpMenu: MenuItemConstructorOptions = {
    label: strings.nav.help,
    role: 'help',
    submenu: [
      {
        id: 'keyboard-shortcuts',
        label: strings.help.shortcuts,
        // The page handles F1 itself; the menu only shows the key and offers the same help.
        accelerator: 'F1',
        registerAccelerator: false,
        click: () => commands.showKeyboardShortcuts(),
      },
      { id: 'show-log-files', label: m.showLogFiles, click: () => commands.showLogFiles() },
      ...(mac
        ? []
        : [
            separator,
            {
              id: 'about',
              label: strings.help.about,
              click: () => commands.showAbout(),
            } satisfies MenuItemConstructorOptions,
          ]),
    ],
  };

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}

export function installMenu(
  menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>,
  context: MenuContext,
  commands: MenuCommands,
): void {
  menu.setApplicationMenu(menu.buildFromTemplate(menuTemplate(context, commands)));
}
