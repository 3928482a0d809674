// File ▸ Import articles…: a native open dialog, then the same `articles.import` handler the page
// uses (so the same schema checks every file). The library list is reloaded when it is on screen;
// an open editor is left alone, and the list is fresh when the user goes back to it.
import type { BrowserWindow, Dialog } from 'electron';
import type { ApiError, ApiResult } from '../core/contract.ts';
import { toApiError } from '../core/errors.ts';
import type { ImportFileReader } from './dialogs.ts';
import { importDialogOptions, readImportFiles } from './dialogs.ts';
import type { ShellStrings } from './strings.ts';
import { errorText } from './strings.ts';

export interface ImportCommandDeps {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showMessageBox'>;
  fs: ImportFileReader;
  importFiles(files: { name: string; content: string }[]): Promise<ApiResult<unknown>>;
  strings: () => ShellStrings;
}

/** True when the window shows the library (its route is `#/` or none), not an article. */
/** Why an import (from the menu or from opened files) failed, in a native error box. */
export async function showImportFailure(
  dialog: Pick<Dialog, 'showMessageBox'>,
  window: BrowserWindow,
  strings: ShellStrings,
  message: string,
  error: ApiError,
): Promise<void> {
  await dialog.showMessageBox(window, {
    type: 'error',
    title: strings.desktop.error.title,
    message,
    detail: `${errorText(strings, error)}\n\n${error.message}`,
    buttons: [strings.action.close],
    noLink: true,
  });
}

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
  const picked = await deps.dialog.showOpenDialog(window, importDialogOptions(strings));
  if (picked.canceled || picked.filePaths.length === 0) return 'cancelled';

  let outcome: ApiResult<unknown>;
  try {
    outcome = await deps.importFiles(await readImportFiles(deps.fs, picked.filePaths, strings));
  } catch (error) {
    // A file that vanished or cannot be read: the same codes the handlers give.
    outcome = { ok: false, error: toApiError(error) };
  }

  if (!outcome.ok) {
    await showImportFailure(deps.dialog, window, strings, strings.desktop.import.failed, outcome.error);
    return 'failed';
  }
  if (showsLibrary(window.webContents.getURL())) window.webContents.reload();
  return 'imported';
}
