// Files the operating system hands to Pird: a double-click on an article or a Pird bundle (the
// file associations in electron-builder.yml), "Open with Pird", a file dropped on the dock icon.
// They arrive as command-line arguments (Windows, Linux), as `open-file` events (macOS), or in the
// argv of a second launch that the single-instance lock turned into a `second-instance` event.
// Articles (.txt, .md, .json) and bundles (.pird, .zip) go through the same articles.import handler
// as the page, and the window then shows what was imported.
import type { BrowserWindow, Dialog } from 'electron';
import path from 'node:path';
import type { ApiResult, ImportResult } from '../core/contract.ts';
import { PirdError, toApiError } from '../core/errors.ts';
import { articleFilesFromBundle, BUNDLE_EXTENSIONS } from './bundle-open.ts';
import type { ImportFileReader } from './dialogs.ts';
import { IMPORT_EXTENSIONS, readImportFiles } from './dialogs.ts';
import { showImportFailure, showsLibrary } from './import-command.ts';
import { APP_ENTRY } from './protocol.ts';
import type { ShellStrings } from './strings.ts';
import { fill } from './strings.ts';

const ARTICLE_EXTENSIONS = new Set<string>(IMPORT_EXTENSIONS.map((ext) => `.${ext}`));
const OPENABLE_EXTENSIONS = new Set<string>([...ARTICLE_EXTENSIONS, ...BUNDLE_EXTENSIONS]);

export function isOpenableFile(file: string): boolean {
  return OPENABLE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/**
 * The files a launch names: the arguments after the executable (and, unpackaged, after the app's
 * folder), without Chromium's and Electron's switches, resolved against the launch's folder.
 * Arguments with another extension are not Pird's to open and are left out.
 */
export function filesFromArgv(
  argv: readonly string[],
  workingDirectory: string,
  isPackaged: boolean,
): string[] {
  return argv
    .slice(isPackaged ? 1 : 2)
    .filter((arg) => arg !== '' && !arg.startsWith('-'))
    .map((arg) => path.resolve(workingDirectory, arg))
    .filter(isOpenableFile);
}

export interface OpenFilesDeps {
  dialog: Pick<Dialog, 'showMessageBox'>;
  fs: ImportFileReader & { readFile(file: string): Promise<Uint8Array> };
  importFiles(files: { name: string; content: string }[]): Promise<ApiResult<ImportResult>>;
  strings: () => ShellStrings;
}

/** Imports the files and shows the result: the article when there is one, else the library. */
export async function openFilesInPird(
  deps: OpenFilesDeps,
  window: BrowserWindow,
  files: readonly string[],
): Promise<'imported' | 'failed'> {
  const strings = deps.strings();
  let outcome: ApiResult<ImportResult>;
  try {
    const articles: { name: string; content: string }[] = [];
    for (const file of files) {
      const ext = path.extname(file).toLowerCase();
      if (ARTICLE_EXTENSIONS.has(ext)) articles.push(...(await readImportFiles(deps.fs, [file], strings)));
      else if (BUNDLE_EXTENSIONS.includes(ext))
        articles.push(articleFilesFromBundle(await deps.fs.readFile(file), path.basename(file), strings));
      else
        throw new PirdError(
          'invalid-input',
          fill(strings.desktop.openFile.notSupported, { name: path.basename(file) }),
        );
    }
    outcome = await deps.importFiles(articles);
  } catch (error) {
    // A file that vanished or cannot be read: the same codes the handlers give.
    outcome = { ok: false, error: toApiError(error) };
  }

  if (!outcome.ok) {
    await showImportFailure(deps.dialog, window, strings, strings.desktop.openFile.failed, outcome.error);
    return 'failed';
  }
  const [only, ...others] = outcome.value.ids;
  if (only !== undefined && others.length === 0) {
    // A change of the hash only: the page routes to the article without reloading.
    void window.webContents.loadURL(`${APP_ENTRY}#/article/${encodeURIComponent(only)}`);
  } else if (showsLibrary(window.webContents.getURL())) {
    window.webContents.reload();
  } else {
    void window.webContents.loadURL(`${APP_ENTRY}#/`);
  }
  if (window.isMinimized()) window.restore();
  window.focus();
  return 'imported';
}
