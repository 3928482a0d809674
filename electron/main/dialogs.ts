// The system's file and folder dialogs behind the contract's dialog.* channels (the browser host and
// the CLI have none and answer `unsupported`). Every dialog is parented to Pird's window, so it is
// modal to it and the OS places it over it. What the user picks is read here, in main, with the same
// limits articles.import applies, so the page never receives more than the import would accept.
import type { BrowserWindow, Dialog, OpenDialogOptions, Shell } from 'electron';
import path from 'node:path';
import type { FolderPurpose } from '../core/contract.ts';
import { IMPORT_LIMITS } from '../core/contract.ts';
import { PirdError } from '../core/errors.ts';
import type { NativeDialogs } from '../core/handlers.ts';
import type { ShellStrings } from './strings.ts';
import { fill, numberText } from './strings.ts';

/** No text file within IMPORT_LIMITS.contentChars characters is larger (UTF-8: at most 4 bytes each). */
export const MAX_IMPORT_FILE_BYTES = IMPORT_LIMITS.contentChars * 4;
export const IMPORT_EXTENSIONS = ['txt', 'md', 'markdown', 'json'] as const;

export interface ImportFileReader {
  stat(file: string): Promise<{ size: number }>;
  readFile(file: string, encoding: 'utf8'): Promise<string>;
}

export interface DialogDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  /** showItemInFolder only: it selects the item in the file manager and never opens or runs it. */
  shell: Pick<Shell, 'showItemInFolder'>;
  fs: ImportFileReader;
  /** The window the dialogs belong to; none while it is being (re)created. */
  window: () => BrowserWindow | undefined;
  strings: () => ShellStrings;
}

/**
 * Reads the chosen article files for articles.import. Too many files, a file too large or a name too
 * long stops everything with invalid-input before anything is imported, naming the file.
 */
export async function readImportFiles(
  fs: ImportFileReader,
  files: readonly string[],
  strings: ShellStrings,
): Promise<{ name: string; content: string }[]> {
  if (files.length > IMPORT_LIMITS.files)
    throw new PirdError(
      'invalid-input',
      fill(strings.desktop.import.tooMany, { limit: numberText(strings, IMPORT_LIMITS.files) }),
    );
  const read: { name: string; content: string }[] = [];
  // One at a time: a few hundred files of a few MB each would otherwise sit in memory together twice.
  for (const file of files) {
    const name = path.basename(file).slice(0, IMPORT_LIMITS.nameChars);
    const tooLarge = () => new PirdError('invalid-input', fill(strings.desktop.import.tooLarge, { name }));
    if ((await fs.stat(file)).size > MAX_IMPORT_FILE_BYTES) throw tooLarge();
    const content = await fs.readFile(file, 'utf8');
    if (content.length > IMPORT_LIMITS.contentChars) throw tooLarge();
    read.push({ name, content });
  }
  return read;
}

function folderTitle(strings: ShellStrings, purpose: FolderPurpose): string {
  switch (purpose) {
    case 'shared-folder':
      return strings.desktop.dialog.chooseSharedFolder;
    case 'export':
      return strings.desktop.dialog.chooseExportFolder;
  }
}

/** The open dialog for article files (the menu's Import and dialog.openFiles). */
export function importDialogOptions(strings: ShellStrings): OpenDialogOptions {
  return {
    title: strings.desktop.menu.importArticles.replace(/…$/, ''),
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: strings.desktop.import.fileTypes, extensions: [...IMPORT_EXTENSIONS] }],
  };
}

function requireWindow(deps: DialogDeps): BrowserWindow {
  const window = deps.window();
  // A request always comes from the window; without it a dialog would float unparented.
  if (!window || window.isDestroyed())
    throw new PirdError('unsupported', 'Pird has no window to show a dialog in.');
  return window;
}

export function nativeDialogs(deps: DialogDeps): NativeDialogs {
  return {
    async pickFolder({ purpose, defaultPath }) {
      const window = requireWindow(deps);
      const strings = deps.strings();
      const picked = await deps.dialog.showOpenDialog(window, {
        title: folderTitle(strings, purpose),
        buttonLabel: strings.desktop.dialog.select,
        // A relative path would be resolved against main's working folder, which means nothing to the user.
        ...(defaultPath !== undefined && path.isAbsolute(defaultPath) ? { defaultPath } : {}),
        properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
      });
      const folder = picked.canceled ? undefined : picked.filePaths[0];
      return { path: folder !== undefined && path.isAbsolute(folder) ? folder : null };
    },
    async openFiles() {
      const window = requireWindow(deps);
      const strings = deps.strings();
      const picked = await deps.dialog.showOpenDialog(window, importDialogOptions(strings));
      if (picked.canceled) return { files: [] };
      return { files: await readImportFiles(deps.fs, picked.filePaths, strings) };
    },
    async showInFolder({ path: target }) {
      if (!path.isAbsolute(target)) throw new PirdError('invalid-input', 'Give the full path of the folder.');
      try {
        await deps.fs.stat(target);
      } catch {
        throw new PirdError('not-found', `${target} is not there any more.`);
      }
      deps.shell.showItemInFolder(target);
      return { shown: true };
    },
  };
}
