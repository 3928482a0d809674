// How folder bundles reach the disk (electron/core/node/export-folder-writer.ts): no bundle is
// renamed into place before every file of it is written and closed, and a failed write or close
// (a full disk; a network share reports some failures only on close) leaves only whole bundles.
// And export.progress events name their export.
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../electron/core/contract.ts';
import { PirdError } from '../../electron/core/errors.ts';
import type { BundleManifest } from '../../electron/core/export/bundle.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import type { ExportFs } from '../../electron/core/node/export.ts';
import { exportBundles } from '../../electron/core/node/export.ts';
import { pathInBundle } from '../../electron/core/node/export-folder-writer.ts';
import { Library } from '../../electron/core/node/library.ts';
import {
  CORPUS_JSON_FILES,
  makeTempDir,
  readCorpusText,
  removeTempDirs,
} from './fixtures/library-fixtures.ts';

const DATE = '2026-11-25T10:00:00Z';
const BUDGET = 'pub-001-sulaymaniyah-budget';
const VOTERS = 'pub-002-kirkuk-voter-cards';
const FILM = 'pub-003-duhok-short-film';
const SEED = 'seed-000-817f1db3f74f0db0';
const ALL = [SEED, BUDGET, VOTERS, FILM];

let library: Library;
let root: string;

beforeAll(async () => {
  root = await makeTempDir('pird-export-pipeline-');
  library = await Library.open(path.join(root, 'library'));
  const files = await Promise.all(
    CORPUS_JSON_FILES.map(async (name) => ({ name, content: await readCorpusText(name) })),
  );
  await library.importFiles(files, 'importer');
});

afterAll(removeTempDirs);

/** Every file under `dir`, relative, '/'-separated, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Fails unless the folder is a whole bundle: its manifest lists every other file, checksums matching. */
async function expectWholeBundle(dir: string): Promise<void> {
  const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  expect(manifest.files.map((f) => f.path)).toEqual(
    (await listFiles(dir)).filter((f) => f !== 'manifest.json'),
  );
  for (const file of manifest.files) {
    const bytes = await fs.readFile(path.join(dir, file.path));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
  }
}

type FailingCall = 'write' | 'close';

/** The real file system, with every close and rename recorded in order (and one call failing). */
function recordingFs(log: string[], fail?: { at: FailingCall; of: (file: string) => boolean }): ExportFs {
  const diskFull = (call: string) =>
    Object.assign(new Error(`ENOSPC: no space left on device, ${call}`), { code: 'ENOSPC' });
  return {
    ...fs,
    open: async (file: string, flags?: string, mode?: number) => {
      const handle: FileHandle = await fs.open(file, flags, mode);
      const failing = fail?.of(file) === true;
      const write = handle.write.bind(handle) as (...args: unknown[]) => Promise<unknown>;
      const close = handle.close.bind(handle);
      (handle as { write: unknown }).write = async (...args: unknown[]) => {
        if (failing && fail?.at === 'write') throw diskFull('write');
        return write(...args);
      };
      handle.close = async () => {
        await close();
        if (failing && fail?.at === 'close') throw diskFull('close');
        log.push(`close ${file}`);
      };
      return handle;
    },
    rename: async (from: string, to: string) => {
      await fs.rename(from, to);
      log.push(`rename ${from} -> ${to}`);
    },
  } as unknown as ExportFs;
}

describe('folder bundles on disk', () => {
  it('renames no bundle into place before all its files are written and closed', async () => {
    const outDir = path.join(root, 'ordered');
    const log: string[] = [];
    const result = await exportBundles(
      library,
      { ids: ALL, outDir, date: DATE, force: true },
      { generatorVersion: 'test', fs: recordingFs(log) },
    );
    expect(result.bundles).toHaveLength(4);
    const renames = log.filter((line) => line.startsWith('rename '));
    expect(renames).toHaveLength(4);
    for (const [index, line] of log.entries()) {
      if (!line.startsWith('rename ')) continue;
      const [temp = '', target = ''] = line.slice('rename '.length).split(' -> ');
      expect(path.basename(temp)).toMatch(/^\.pird-export-/);
      const closedBefore = new Set(log.slice(0, index).map((l) => l.slice('close '.length)));
      const bundleFiles = await listFiles(target);
      expect(bundleFiles.length).toBeGreaterThan(6);
      for (const file of bundleFiles) expect(closedBefore).toContain(path.join(temp, file));
    }
    for (const bundle of result.bundles) await expectWholeBundle(bundle.path);
  });

  it.each<FailingCall>(['write', 'close'])(
    'stops with disk-full when a %s fails, leaving only whole bundles and no temporary folder',
    async (at) => {
      const outDir = path.join(root, `${at}-fails`);
      // The third bundle's ckb/ninjs.json fails: by then earlier bundles may be in place.
      let ninjsFiles = 0;
      const failing = recordingFs([], {
        at,
        of: (file) => file.endsWith(path.join('ckb', 'ninjs.json')) && ++ninjsFiles === 3,
      });
      const error = await exportBundles(
        library,
        { ids: ALL, outDir, date: DATE, force: true },
        { generatorVersion: 'test', fs: failing },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PirdError);
      expect((error as PirdError).code).toBe('disk-full');
      expect((error as PirdError).message).toContain('The disk is full');
      const names = await fs.readdir(outDir);
      expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
      expect(names.length).toBeLessThan(4);
      for (const name of names) await expectWholeBundle(path.join(outDir, name));
    },
  );

  it('replaces bundles one at a time, so a kill finds at most one of them missing', async () => {
    const outDir = path.join(root, 'replaced-in-turn');
    await exportBundles(library, { ids: ALL, outDir, date: DATE, force: true }, { generatorVersion: 'test' });
    // A replaced bundle is absent between its move aside and its successor's rename in.
    let absent = 0;
    let mostAbsent = 0;
    const slowRenames = {
      ...fs,
      rename: async (from: string, to: string) => {
        if (path.basename(to).startsWith('.pird-replaced-')) mostAbsent = Math.max(mostAbsent, ++absent);
        // Slow, as on a busy disk: renames of bundles written at the same time would overlap.
        await new Promise((resolve) => setTimeout(resolve, 5));
        await fs.rename(from, to);
        if (path.basename(from).startsWith('.pird-export-')) absent = Math.max(0, absent - 1);
      },
    } as unknown as ExportFs;
    const again = await exportBundles(
      library,
      { ids: ALL, outDir, date: '2026-11-26T10:00:00Z', force: true },
      { generatorVersion: 'test', fs: slowRenames },
    );
    expect(again.bundles.every((b) => b.replaced)).toBe(true);
    expect(mostAbsent).toBe(1);
    for (const bundle of again.bundles) await expectWholeBundle(bundle.path);
  });

  it('exports into a folder left by a failed export, replacing nothing that is not a bundle', async () => {
    const outDir = path.join(root, 'close-fails');
    const result = await exportBundles(
      library,
      { ids: ALL, outDir, date: DATE, force: true },
      { generatorVersion: 'test' },
    );
    expect(result.bundles).toHaveLength(4);
    expect((await fs.readdir(outDir)).sort()).toEqual(result.bundles.map((b) => b.name).sort());
    for (const bundle of result.bundles) await expectWholeBundle(bundle.path);
  });
});

describe('export.progress names its export', () => {
  it('keeps the progress of two exports running at once apart', async () => {
    const events: { exportId: string; done: number; total: number }[] = [];
    const table = createHandlers({
      library,
      userDataDir: await makeTempDir(),
      shell: 'browser-host',
      version: 'test',
      onExportProgress: (done, total, exportId) => events.push({ exportId, done, total }),
    });
    const [one, two] = (await Promise.all([
      dispatch(table, 'bundle.export', {
        ids: [FILM],
        outDir: path.join(root, 'window-1'),
        date: DATE,
        exportId: 'window-1',
      }),
      dispatch(table, 'bundle.export', {
        ids: [FILM, VOTERS, SEED],
        outDir: path.join(root, 'window-2'),
        date: DATE,
        force: true,
        exportId: 'window-2',
      }),
    ])) as { ok: true; value: ExportResult }[];
    expect(one?.ok && two?.ok).toBe(true);
    const of = (id: string) => events.filter((e) => e.exportId === id);
    expect(of('window-1').every((e) => e.total === 1)).toBe(true);
    expect(of('window-2').every((e) => e.total === 3)).toBe(true);
    expect(of('window-1').at(-1)).toEqual({ exportId: 'window-1', done: 1, total: 1 });
    expect(of('window-2').at(-1)).toEqual({ exportId: 'window-2', done: 3, total: 3 });
    expect(events.length).toBe(of('window-1').length + of('window-2').length);
  });

  it('gives an export without an id one of its own, the same in all its events', async () => {
    const ids = new Set<string>();
    const table = createHandlers({
      library,
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: 'test',
      onExportProgress: (_done, _total, exportId) => ids.add(exportId),
    });
    const result = await dispatch(table, 'bundle.export', {
      ids: [FILM],
      outDir: path.join(root, 'no-id'),
      date: DATE,
    });
    expect(result.ok).toBe(true);
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('refuses an export id that is not a short token', async () => {
    const table = createHandlers({
      library,
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: 'test',
    });
    const result = await dispatch(table, 'bundle.export', {
      ids: [FILM],
      outDir: path.join(root, 'bad-id'),
      exportId: '../../etc',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('a bundle moved aside by an export killed mid-replacement', () => {
  it('is put back by the next export, whole, instead of being deleted', async () => {
    const outDir = path.join(root, 'out-aside');
    const first = await exportBundles(
      library,
      { ids: [BUDGET], outDir, date: DATE, force: true },
      { generatorVersion: 'test' },
    );
    const bundleName = path.basename(first.bundles[0]!.path);
    // What a kill between the two renames of a replacement leaves: the old bundle aside, no target.
    const killedAt = Date.now() - 10 * 60_000;
    const aside = path.join(outDir, `.pird-replaced-${killedAt}-0123456789ab-${bundleName}`);
    await fs.rename(path.join(outDir, bundleName), aside);

    await exportBundles(
      library,
      { ids: [FILM], outDir, date: DATE, force: true },
      { generatorVersion: 'test' },
    );

    await expectWholeBundle(path.join(outDir, bundleName));
    expect((await fs.readdir(outDir)).filter((name) => name.startsWith('.pird-'))).toEqual([]);
  });

  it('is left alone while it is recent: another export may be between its two renames', async () => {
    const outDir = path.join(root, 'out-aside-recent');
    const first = await exportBundles(
      library,
      { ids: [VOTERS], outDir, date: DATE, force: true },
      { generatorVersion: 'test' },
    );
    const bundleName = path.basename(first.bundles[0]!.path);
    const asideName = `.pird-replaced-${Date.now()}-0123456789ab-${bundleName}`;
    await fs.rename(path.join(outDir, bundleName), path.join(outDir, asideName));

    await exportBundles(
      library,
      { ids: [FILM], outDir, date: DATE, force: true },
      { generatorVersion: 'test' },
    );

    expect(await fs.readdir(outDir)).toContain(asideName);
    expect(await fs.readdir(outDir)).not.toContain(bundleName);
  });
});

describe('paths inside a bundle', () => {
  const temp = path.join(path.sep, 'out', '.pird-export-1.tmp');

  it('places a bundle’s own files inside its temporary folder', () => {
    for (const file of ['manifest.json', 'ckb/index.html', `media/${'a'.repeat(64)}.jpg`])
      expect(pathInBundle(temp, file)).toBe(path.join(temp, file));
  });

  it('refuses any path that could leave the temporary folder, whatever the system', () => {
    for (const file of [
      '',
      '..',
      '../x',
      'en/../../x',
      '/etc/passwd',
      'C:x',
      'en\\..\\x',
      '.hidden',
      'en//x',
    ])
      expect(() => pathInBundle(temp, file), file).toThrow(PirdError);
  });
});
