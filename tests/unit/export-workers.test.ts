// Large exports run their QA, rendering and writing in worker threads (electron/core/node/
// export-workers.ts). What users rely on: the bundles are the same bytes as without workers, each
// is whole (written by its worker before the export renames it into place), a full disk stops the
// export with the same clear error and no half bundle, and an export still works where no worker
// can start.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PirdError } from '../../electron/core/errors.ts';
import type { BundleManifest } from '../../electron/core/export/bundle.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { exportBundles } from '../../electron/core/node/export.ts';
import {
  COLD_WORKER_MIN_BUNDLES,
  ExportWorkerPool,
  WORKER_MIN_BUNDLES,
  defaultWorkerCount,
  endIdleExportWorkers,
  tsxWorkerEntry,
} from '../../electron/core/node/export-workers.ts';
import { setSegmentText } from '../../electron/core/article-ops.ts';
import { Library } from '../../electron/core/node/library.ts';
import { bundleSlug } from '../../electron/core/export/slug.ts';
import { qaArticle } from '../../electron/core/qa/qa.ts';
import { generateLibrary } from '../bench/generate.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';
import { tinyPng } from './helpers/tiny-png.ts';

const DATE = '2026-11-25T10:00:00Z';
const COUNT = WORKER_MIN_BUNDLES + 3;

let root: string;
let library: Library;
let ids: string[];

beforeAll(async () => {
  root = await makeTempDir('pird-export-workers-');
  generateLibrary(path.join(root, 'library'), COUNT, 3);
  library = await Library.open(path.join(root, 'library'));
  ids = (await library.list()).articles.map((a) => a.id).sort();
  // One article with an image: its bytes travel to a worker and into media/.
  const table = createHandlers({ library, userDataDir: root, shell: 'cli', version: 'test' });
  const added = await dispatch(table, 'images.add', {
    articleId: ids[1]!,
    name: 'photo.png',
    dataBase64: tinyPng(4, 3).toString('base64'),
    caption: { en: 'A caption', ar: 'تعليق', ckb: 'ژێرنووس' },
    alt: { en: 'Alt', ar: 'بديل', ckb: 'جێگرەوە' },
  });
  if (!added.ok) throw new Error(added.error.message);
}, 60_000);

afterEach(() => {
  delete process.env.PIRD_TEST_WRITE_FAULTS;
});
afterAll(removeTempDirs);

function tryMountTmpfs(dir: string, size: string): boolean {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every file under `dir` with its sha256, relative, '/'-separated, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const listed = await Promise.all(
    files.map(async (file) => {
      const hash = createHash('sha256')
        .update(await fs.readFile(file))
        .digest('hex');
      return `${path.relative(dir, file).split(path.sep).join('/')} ${hash}`;
    }),
  );
  return listed.sort();
}

async function expectWholeBundle(dir: string): Promise<void> {
  const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  const listed = (await tree(dir)).map((line) => line.split(' ')[0]).filter((f) => f !== 'manifest.json');
  expect(manifest.files.map((f) => f.path)).toEqual(listed);
  for (const file of manifest.files) {
    const bytes = await fs.readFile(path.join(dir, file.path));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
  }
}

function exportTo(outDir: string, workers: number, zip = false) {
  return exportBundles(
    library,
    { ids, outDir, zip, force: true, date: DATE },
    { generatorVersion: 'test', workers },
  );
}

async function exportAlone(name: string): Promise<string> {
  const out = path.join(root, name);
  await exportTo(out, 0);
  return out;
}

describe('export with worker threads', () => {
  it('writes the same bytes as an export without workers, folders and zips', async () => {
    for (const zip of [false, true]) {
      const alone = path.join(root, `alone-${zip}`);
      const pooled = path.join(root, `pooled-${zip}`);
      const a = await exportTo(alone, 0, zip);
      const b = await exportTo(pooled, 2, zip);
      expect(b.status).toBe('exported');
      expect(b.bundles.map((x) => [x.slug, x.files, x.bytes, x.qa])).toEqual(
        a.bundles.map((x) => [x.slug, x.files, x.bytes, x.qa]),
      );
      expect(await tree(pooled)).toEqual(await tree(alone));
    }
    const withImage = (await tree(path.join(root, 'pooled-false'))).filter((f) => f.includes('/media/'));
    expect(withImage).toHaveLength(1);
    for (const name of await fs.readdir(path.join(root, 'pooled-false')))
      await expectWholeBundle(path.join(root, 'pooled-false', name));
  }, 60_000);

  it('keeps its workers warm for the next export, which reads the library as it is then', async () => {
    await endIdleExportWorkers();
    const startedBefore = ExportWorkerPool.started;
    const first = await exportTo(path.join(root, 'warm-first'), 2);
    expect(ExportWorkerPool.started).toBe(startedBefore + 1);
    const id = ids[0]!;
    const edited = 'A paragraph edited between two exports';
    await library.update(id, (article, now) =>
      setSegmentText(article, 'p1', 'en', edited, undefined, 't', now),
    );
    const second = await exportTo(path.join(root, 'warm-second'), 2);
    // The same workers served the second export…
    expect(ExportWorkerPool.started).toBe(startedBefore + 1);
    // …and read the edited article, not what they held for the first.
    const page = (result: typeof first) =>
      fs.readFile(
        path.join(result.bundles.find((b) => b.articleId === id)!.path, 'en', 'index.html'),
        'utf8',
      );
    expect(await page(first)).not.toContain(edited);
    expect(await page(second)).toContain(edited);
    expect(await tree(path.join(root, 'warm-second'))).toEqual(await tree(await exportAlone('warm-alone')));

    // Another worker count does not reuse them, nor does an export after they were ended.
    await exportTo(path.join(root, 'warm-three'), 3);
    expect(ExportWorkerPool.started).toBe(startedBefore + 2);
    await endIdleExportWorkers();
    await exportTo(path.join(root, 'warm-after-end'), 3);
    expect(ExportWorkerPool.started).toBe(startedBefore + 3);
  }, 60_000);

  it('by default runs a small export on its own thread, unless the last export left its workers waiting', async () => {
    expect(ids.length).toBeLessThan(COLD_WORKER_MIN_BUNDLES);
    const byDefault = (outDir: string) =>
      exportBundles(library, { ids, outDir, force: true, date: DATE }, { generatorVersion: 'test' });
    const folder = vi.spyOn(ExportWorkerPool.prototype, 'folder');
    try {
      // No workers waiting: starting new ones would cost more than they save.
      await endIdleExportWorkers();
      const startedBefore = ExportWorkerPool.started;
      await byDefault(path.join(root, 'small-cold'));
      expect(ExportWorkerPool.started).toBe(startedBefore);
      expect(folder).not.toHaveBeenCalled();
      // Workers left waiting by an export a moment ago (as many as the default) do the next one.
      await exportTo(path.join(root, 'small-before'), defaultWorkerCount());
      folder.mockClear();
      await byDefault(path.join(root, 'small-warm'));
      expect(folder).toHaveBeenCalledTimes(ids.length);
      const alone = await exportAlone('small-alone');
      expect(await tree(path.join(root, 'small-cold'))).toEqual(await tree(alone));
      expect(await tree(path.join(root, 'small-warm'))).toEqual(await tree(alone));
    } finally {
      folder.mockRestore();
    }
  }, 60_000);

  it('reports the QA of every article, as without workers, and blocks on errors', async () => {
    const out = path.join(root, 'blocked');
    const blocked = await exportBundles(
      library,
      { ids, outDir: out, date: DATE },
      { generatorVersion: 'test', workers: 2 },
    );
    const alone = await exportBundles(
      library,
      { ids, outDir: out, date: DATE },
      { generatorVersion: 'test', workers: 0 },
    );
    expect(blocked.status).toBe('blocked');
    expect(blocked.qa.summary.errors).toBeGreaterThan(0);
    expect(blocked.qa).toEqual(alone.qa);
    await expect(fs.readdir(out)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);

  it('stops on a full disk with disk-full, leaving only whole bundles and no temporary folder', async () => {
    const out = path.join(root, 'full');
    const faults = path.join(root, 'faults.txt');
    const { bundles } = await exportTo(path.join(root, 'names'), 0);
    // The sixth bundle's Sorani page cannot be written: its worker meets ENOSPC.
    await fs.writeFile(faults, `ENOSPC ${bundles[5]!.slug}/ckb/\n`);
    process.env.PIRD_TEST_WRITE_FAULTS = faults;
    const error = await exportBundles(
      library,
      { ids, outDir: out, force: true, date: DATE },
      { generatorVersion: 'test', workers: 2 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PirdError);
    expect((error as PirdError).code).toBe('disk-full');
    const left = await fs.readdir(out);
    expect(left.filter((name) => name.startsWith('.'))).toEqual([]);
    expect(left.length).toBeLessThan(ids.length);
    for (const name of left) await expectWholeBundle(path.join(out, name));
  }, 60_000);

  // The same for real: a file system that fills up (a tiny tmpfs, where `mount` is allowed). The
  // export forces nothing to disk, so the full disk must show in its own writes and closes.
  it.for([2, 0])(
    'stops on a really full file system with disk-full, leaving only whole bundles (%i workers)',
    { timeout: 60_000 },
    async (workers, { skip }) => {
      const mountPoint = await makeTempDir('pird-export-enospc-');
      if (!tryMountTmpfs(mountPoint, '1500k'))
        skip('no tmpfs mount here (it needs root): see the injected full disk above');
      try {
        const error = await exportBundles(
          library,
          { ids, outDir: path.join(mountPoint, 'out'), force: true, date: DATE },
          { generatorVersion: 'test', workers },
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PirdError);
        expect((error as PirdError).code).toBe('disk-full');
        expect((error as PirdError).message).toContain('The disk is full');
        const left = await fs.readdir(path.join(mountPoint, 'out'));
        expect(left.filter((name) => name.startsWith('.'))).toEqual([]);
        // Some bundles fit before the disk filled up; none is left half there.
        expect(left.length).toBeGreaterThan(0);
        expect(left.length).toBeLessThan(ids.length);
        for (const name of left) await expectWholeBundle(path.join(mountPoint, 'out', name));
      } finally {
        // Lazy: nothing may keep the test's mount alive after the test, even a handle still closing.
        execFileSync('umount', ['-l', mountPoint]);
      }
    },
  );

  it('starts its workers here (so the tests above did use them), bundled or through tsx', async () => {
    for (const entry of [undefined, tsxWorkerEntry() ?? undefined]) {
      expect(entry === undefined || entry.eval).toBe(true);
      const pool = await ExportWorkerPool.start(2, { fonts: [], libraryDir: root }, entry);
      expect(pool?.size).toBe(2);
      await pool?.close();
    }
    expect(tsxWorkerEntry()).not.toBeNull();
  });

  it('reads articles in the worker as the library does, and writes a whole bundle', async () => {
    const pool = await ExportWorkerPool.start(1, { fonts: [], libraryDir: library.dir });
    expect(pool).not.toBeNull();
    try {
      const langs = ['en', 'ar', 'ckb'] as const;
      const settings = await library.getSettings();
      const id = ids[1]!; // the article with an image
      const article = await library.get(id);
      const loaded = await pool!.load(
        [{ index: 0, id, file: library.articleFile(id) }],
        [...langs],
        settings,
      );
      expect(loaded).toEqual([
        { findings: qaArticle(article, { langs, settings }), slug: bundleSlug(article) },
      ]);

      const out = path.join(root, 'pool-direct');
      await fs.mkdir(out);
      const options = { langs, date: DATE, baseUrl: null, slug: 'direct', generatorVersion: 'test' };
      const job = { articleId: id, options };
      // A new bundle: the worker renames it into place itself.
      const target = path.join(out, 'direct');
      const placed = await pool!.folder(0, undefined, { outDir: out, target, replace: false }, job);
      expect(placed.temp).toBeNull();
      await expectWholeBundle(target);
      expect(await fs.readdir(path.join(target, 'media'))).toHaveLength(1);
      // A bundle replacing another: left in its temporary folder for the export to swap in. (The
      // worker let go of the article once its bundle was built: position 5 brings it along.)
      await fs.rm(path.join(target, 'media'), { recursive: true });
      const given = { article, findings: qaArticle(article, { langs, settings }) };
      const replacing = await pool!.folder(5, given, { outDir: out, target, replace: true }, job);
      expect(path.dirname(replacing.temp!)).toBe(out);
      await expectWholeBundle(replacing.temp!);
      expect(await fs.readdir(target)).not.toContain('media');

      await expect(
        pool!.load(
          [{ index: 1, id: 'not-here', file: library.articleFile('not-here') }],
          [...langs],
          settings,
        ),
      ).rejects.toMatchObject({ code: 'not-found' });
      const broken = path.join(root, 'broken.json');
      await fs.writeFile(broken, '{"format": "pird.article", "vers');
      await expect(
        pool!.load([{ index: 2, id: 'broken', file: broken }], [...langs], settings),
      ).rejects.toMatchObject({
        code: 'unreadable',
      });
    } finally {
      await pool?.close();
    }
  });

  it('gives no pool when no worker can start, so the export works on its own thread', async () => {
    expect(
      await ExportWorkerPool.start(
        1,
        { fonts: [], libraryDir: root },
        { script: 'throw new Error("no threads here")', eval: true },
      ),
    ).toBeNull();
    expect(
      await ExportWorkerPool.start(
        1,
        { fonts: [], libraryDir: root },
        { script: path.join(root, 'missing-worker.cjs'), eval: false },
      ),
    ).toBeNull();
  });
});
