// The desktop pieces around native dialogs that run without Electron: what the browser host and the
// CLI answer, the list of recent libraries, the launch arguments Pird opens, and Pird bundles opened
// from the file manager.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { exportBundles } from '../../electron/core/node/export.ts';
import { Library } from '../../electron/core/node/library.ts';
import { articleFilesFromBundle } from '../../electron/main/bundle-open.ts';
import { filesFromArgv } from '../../electron/main/open-files.ts';
import {
  libraryFolderState,
  MAX_RECENT_LIBRARIES,
  RecentLibraries,
} from '../../electron/main/recent-libraries.ts';
import { shellStrings } from '../../electron/main/strings.ts';
import { makeTempDir, readCorpusText, removeTempDirs } from './fixtures/library-fixtures.ts';

afterAll(removeTempDirs);
const en = shellStrings('en');

describe('native dialogs outside Electron', () => {
  it('answers unsupported in the browser host and the CLI, and app.info says there are none', async () => {
    const library = await Library.open(await makeTempDir());
    for (const shell of ['browser-host', 'cli'] as const) {
      const table = createHandlers({ library, userDataDir: await makeTempDir(), shell, version: 'test' });
      expect(await dispatch(table, 'app.info', {})).toMatchObject({
        ok: true,
        value: { nativeDialogs: false },
      });
      expect(await dispatch(table, 'dialog.pickFolder', { purpose: 'export' })).toMatchObject({
        ok: false,
        error: { code: 'unsupported' },
      });
      expect(await dispatch(table, 'dialog.openFiles', { purpose: 'import' })).toMatchObject({
        ok: false,
        error: { code: 'unsupported' },
      });
      expect(await dispatch(table, 'dialog.showInFolder', { path: '/tmp' })).toMatchObject({
        ok: false,
        error: { code: 'unsupported' },
      });
    }
  });
});

describe('recent libraries', () => {
  it('keeps the newest first, once each, at most ten, across restarts', async () => {
    const home = await makeTempDir();
    const recent = new RecentLibraries(home);
    await recent.load();
    for (let n = 0; n < MAX_RECENT_LIBRARIES + 3; n++) await recent.remember(`/news/lib-${n}`);
    await recent.remember('/news/lib-5');
    const again = new RecentLibraries(home);
    const list = (await again.load()).map((entry) => entry.path);
    expect(list).toHaveLength(MAX_RECENT_LIBRARIES);
    expect(list.slice(0, 3)).toEqual(['/news/lib-5', '/news/lib-12', '/news/lib-11']);
    expect(new Set(list).size).toBe(list.length);
    await again.forget('/news/lib-12');
    expect((await new RecentLibraries(home).load()).map((e) => e.path)).not.toContain('/news/lib-12');
  });

  it('starts with an empty list when the file is damaged, and replaces it on the next save', async () => {
    const home = await makeTempDir();
    const recent = new RecentLibraries(home);
    await fs.writeFile(recent.file, '{"format":"pird.recent-libraries","version":1,"libr');
    expect(await recent.load()).toEqual([]);
    await recent.remember('/news/desk');
    expect((await new RecentLibraries(home).load()).map((e) => e.path)).toEqual(['/news/desk']);
  });

  it('tells a library, an empty folder, a missing folder and a folder of other files apart', async () => {
    const library = await makeTempDir();
    await Library.open(library);
    const empty = await makeTempDir();
    await fs.writeFile(path.join(empty, '.DS_Store'), '');
    const documents = await makeTempDir();
    await fs.writeFile(path.join(documents, 'letter.odt'), 'x');
    expect(await libraryFolderState(library)).toBe('library');
    expect(await libraryFolderState(empty)).toBe('empty');
    expect(await libraryFolderState(path.join(empty, 'gone'))).toBe('missing');
    expect(await libraryFolderState(documents)).toBe('not-library');
    expect(await libraryFolderState(path.join(documents, 'letter.odt'))).toBe('not-library');
  });
});

describe('files named at launch', () => {
  it('takes articles and bundles, resolved against the launch folder, and skips switches and other files', () => {
    const argv = ['C:\\Pird\\Pird.exe', '--enable-features=x', 'story.TXT', 'bundle.pird', 'letter.docx', ''];
    expect(filesFromArgv(argv, '/home/layla', true)).toEqual([
      '/home/layla/story.TXT',
      '/home/layla/bundle.pird',
    ]);
    // Unpackaged (electron .), the app folder comes before the files.
    expect(filesFromArgv(['/usr/bin/electron', '.', '/tmp/a.md'], '/x', false)).toEqual(['/tmp/a.md']);
    expect(filesFromArgv(['/usr/bin/electron', '.'], '/x', false)).toEqual([]);
  });
});

describe('a Pird bundle opened from the file manager', () => {
  async function exportedZip(): Promise<{ zip: Uint8Array; id: string; library: Library }> {
    const library = await Library.open(await makeTempDir());
    const { ids } = await library.importFiles(
      [{ name: 'budget.json', content: await readCorpusText('article-001-sulaymaniyah-budget.json') }],
      'test',
    );
    const out = await makeTempDir();
    const result = await exportBundles(
      library,
      { ids, outDir: out, zip: true, force: true, date: '2026-03-21' },
      { generatorVersion: 'test', fonts: () => Promise.resolve([]) },
    );
    return { zip: await fs.readFile(result.bundles[0]!.path), id: ids[0]!, library };
  }

  it('imports the article with its id and its three languages', async () => {
    const { zip, id, library } = await exportedZip();
    const original = await library.get(id);
    const file = articleFilesFromBundle(zip, 'budget.pird', en);
    const target = await Library.open(await makeTempDir());
    expect((await target.importFiles([file], 'desk')).ids).toEqual([id]);
    const opened = await target.get(id);
    const headline = (article: typeof opened) =>
      article.segments.find((s) => s.kind === 'headline')!.versions;
    expect(headline(opened).en.text).toBe(headline(original).en.text);
    expect(headline(opened).ar.text).toBe(headline(original).ar.text);
    expect(headline(opened).ckb.text).toBe(headline(original).ckb.text);
    const paragraphs = (article: typeof opened) =>
      article.segments.filter((s) => s.kind === 'paragraph').map((s) => s.versions.ckb.text);
    expect(paragraphs(opened)).toEqual(paragraphs(original));
  });

  it('refuses a bundle whose files do not match the manifest, or that is not a zip', async () => {
    const { zip } = await exportedZip();
    const files = unzipSync(zip);
    const page = Object.keys(files).find((name) => name.endsWith('ninjs.json'))!;
    files[page] = new TextEncoder().encode('{"headlines":[{"role":"main","value":"Forged"}]}');
    expect(() => articleFilesFromBundle(zipSync(files), 'forged.pird', en)).toThrow(
      `forged.pird is not a complete Pird bundle: ${page} does not match its checksum`,
    );
    const withoutManifest = unzipSync(zip);
    delete withoutManifest['manifest.json'];
    expect(() => articleFilesFromBundle(zipSync(withoutManifest), 'x.zip', en)).toThrow(/manifest\.json/);
    expect(() => articleFilesFromBundle(new TextEncoder().encode('PK nope'), 'y.pird', en)).toThrow(
      /y\.pird is not a complete Pird bundle/,
    );
  });
});
