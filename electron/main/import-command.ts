// File ▸ Import articles…: a native open dialog, then the same `articles.import` handler the page
// uses (so the same schema checks every file). The library list is reloaded when it is on screen;
// an open editor is left alone, and the list is fresh when the user goes back to it.
import type { BrowserWindow, Dialog } from 'electron';
import path from 'node:path';
import type { ApiResult } from '../core/contract.ts';
import { PirdError, toApiError } from '../core/errors.ts';
import type { ShellStrings } from './strings.ts';
import { errorText } from './strings.ts';

/** The import schema takes 5,000,000 characters per file; no text file that long exceeds this. */
const MAX_FILE_BYTES = 20_000_000;
export const IMPORT_EXTENSIONS = ['txt', 'md', 'markdown', 'json'] as const;

export interface ImportCommandDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showMessageBox'>;
  fs: {
    stat(file: string): Promise<{ size: number }>;
    readFile(file: string, encoding: 'utf8'): Promise<string>;
  };
  importFiles(files: { name: string; content: string }[]): Promise<ApiResult<unknown>>;
  strings: () => ShellStrings;
}

/** True when the window shows the library (its route is `#/` or none), not an article. */
export function showsLibrary(url: string): boolean {
  try {
    const hash = new URL(url).hash;
    return hash === '' || hash === '#' || hash === '#/';
  } catch {
    return false;
  }
}

export async function importArticlesFromDialog(
  deps: ImportCommandDeps,
  window: BrowserWindow,
): Promise<'cancelled' | 'imported' | 'failed'> {
  const strings = deps.strings();
  const picked = await deps.dialog.showOpenDialog(window, {
    title: strings.desktop.menu.importArticles.replace(/…$/, ''),
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: strings.desktop.import.fileTypes, extensions: [...IMPORT_EXTENSIONS] }],
  });
  if (picked.canceled || picked.filePaths.length === 0) return 'cancelled';

  let outcome: ApiResult<unknown>;
  try {
    const files = await Promise.all(
      picked.filePaths.map(async (file) => {
        if ((await deps.fs.stat(file)).size > MAX_FILE_BYTES)
          throw new PirdError('invalid-input', `${path.basename(file)} is too large to be an article.`);
        return { name: path.basename(file), content: await deps.fs.readFile(file, 'utf8') };
      }),
    );
    outcome = await deps.importFiles(files);
  } catch (error) {
    // A file that vanished or cannot be read: the same codes the handlers give.
    outcome = { ok: false, error: toApiError(error) };
  }

  if (!outcome.ok) {
    await deps.dialog.showMessageBox(window, {
      type: 'error',
      title: strings.desktop.error.title,
      message: strings.desktop.import.failed,
      detail: `${errorText(strings, outcome.error)}\n\n${outcome.error.message}`,
      buttons: [strings.action.close],
      noLink: true,
    });
    return 'failed';
  }
  if (showsLibrary(window.webContents.getURL())) window.webContents.reload();
  return 'imported';
}
