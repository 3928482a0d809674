// File ▸ Import articles…: the native dialog, the same import handler as the page, a clear message.
import { mkdirSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../electron/core/contract.ts';
import { importArticlesFromDialog, showsLibrary } from '../../electron/main/import-command.ts';
import { shellStrings } from '../../electron/main/strings.ts';
import { tempDir } from './helpers/paths.ts';

function setup(picked: string[], url = 'pird://app/index.html#/', result?: ApiResult<unknown>) {
  const reload = vi.fn();
  const window = { webContents: { getURL: () => url, reload } } as unknown as BrowserWindow;
  const boxes: Record<string, unknown>[] = [];
  const opened: Record<string, unknown>[] = [];
  const importFiles = vi.fn(() => Promise.resolve(result ?? { ok: true as const, value: { ids: ['a'] } }));
  const deps = {
    dialog: {
      showOpenDialog: vi.fn((_w: unknown, options: Record<string, unknown>) => {
        opened.push(options);
        return Promise.resolve({ canceled: picked.length === 0, filePaths: picked });
      }),
      showMessageBox: vi.fn((_w: unknown, options: Record<string, unknown>) => {
        boxes.push(options);
        return Promise.resolve({ response: 0, checkboxChecked: false });
      }),
    },
    fs: fsPromises,
    importFiles,
    strings: () => shellStrings('ar'),
  };
  return { run: () => importArticlesFromDialog(deps as never, window), reload, boxes, opened, importFiles };
}

describe('import from the menu', () => {
  it('reads the chosen files and imports them through the handler, then refreshes the library list', async () => {
    const dir = tempDir('pird-import-menu-');
    writeFileSync(path.join(dir, 'story.txt'), 'KICKER\nHeadline\n\nFirst paragraph.');
    writeFileSync(path.join(dir, 'notes.md'), '# Title\n\nText.');
    const { run, reload, importFiles, opened } = setup([
      path.join(dir, 'story.txt'),
      path.join(dir, 'notes.md'),
    ]);
    expect(await run()).toBe('imported');
    expect(importFiles).toHaveBeenCalledWith([
      { name: 'story.txt', content: 'KICKER\nHeadline\n\nFirst paragraph.' },
      { name: 'notes.md', content: '# Title\n\nText.' },
    ]);
    expect(reload).toHaveBeenCalledOnce();
    expect(opened[0]).toMatchObject({
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'مواد (نص، Markdown، JSON)', extensions: ['txt', 'md', 'markdown', 'json'] }],
    });
  });

  it('leaves an open article alone', async () => {
    const dir = tempDir('pird-import-menu-');
    writeFileSync(path.join(dir, 'a.txt'), 'x');
    const { run, reload } = setup([path.join(dir, 'a.txt')], 'pird://app/index.html#/article/abc');
    expect(await run()).toBe('imported');
    expect(reload).not.toHaveBeenCalled();
  });

  it('does nothing when the dialog is cancelled', async () => {
    const { run, importFiles } = setup([]);
    expect(await run()).toBe('cancelled');
    expect(importFiles).not.toHaveBeenCalled();
  });

  it('explains a refused import in the UI language, with the reason', async () => {
    const dir = tempDir('pird-import-menu-');
    writeFileSync(path.join(dir, 'bad.json'), '{');
    const refused = {
      ok: false as const,
      error: { code: 'invalid-input' as const, message: 'bad.json: not JSON' },
    };
    const { run, boxes, reload } = setup([path.join(dir, 'bad.json')], undefined, refused);
    expect(await run()).toBe('failed');
    expect(reload).not.toHaveBeenCalled();
    const ar = shellStrings('ar');
    expect(boxes[0]).toMatchObject({ type: 'error', message: ar.desktop.import.failed });
    expect(String(boxes[0]!.detail)).toContain(ar.errors['invalid-input']);
    expect(String(boxes[0]!.detail)).toContain('bad.json: not JSON');
  });

  it('reports a file that cannot be read, or is far too large, without calling the handler', async () => {
    const dir = tempDir('pird-import-menu-');
    mkdirSync(path.join(dir, 'folder.txt'));
    const big = path.join(dir, 'huge.txt');
    await fsPromises.writeFile(big, '');
    await fsPromises.truncate(big, 25_000_000);
    for (const file of [path.join(dir, 'gone.txt'), path.join(dir, 'folder.txt'), big]) {
      const { run, boxes, importFiles } = setup([file]);
      expect(await run(), file).toBe('failed');
      expect(importFiles).not.toHaveBeenCalled();
      expect(boxes, file).toHaveLength(1);
    }
  });

  it('knows the library route from an article route', () => {
    expect(showsLibrary('pird://app/index.html')).toBe(true);
    expect(showsLibrary('pird://app/index.html#/')).toBe(true);
    expect(showsLibrary('pird://app/index.html#/article/x')).toBe(false);
    expect(showsLibrary('')).toBe(false);
  });
});
