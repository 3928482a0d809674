// electron-builder's `dir` target, run here with an Electron stand-in (tests/packaging/package-dir.ts):
// what the installers would ship, checked file by file. The project is copied to a temporary folder
// (package.json, a fresh build, and the real node_modules linked in), so electron-builder sees every
// dependency a real `npm run dist` sees and the shared dist/ is left alone.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as asar from '@electron/asar';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ELECTRON_DEFAULT_FUSE_WIRE,
  FUSE_SENTINEL,
  makeElectronStandIn,
  packageDir,
} from '../packaging/package-dir.ts';
import { Worker } from 'node:worker_threads';
import { buildBundle } from '../../electron/core/export/bundle.ts';
import type { ExportOptions } from '../../electron/core/export/document.ts';
import { bundleSlug } from '../../electron/core/export/slug.ts';
import { zipBundle } from '../../electron/core/export/zip.ts';
import { cachedDeflate } from '../../electron/core/node/export-deflate.ts';
import type { IndexShard } from '../../electron/core/search/search-index.ts';
import { defaultLibrarySettings } from '../../electron/core/library-settings.ts';
import { WORKER_READY } from '../../electron/core/node/export-worker-protocol.ts';
import { Library } from '../../electron/core/node/library.ts';
import { qaArticle, summarizeFindings } from '../../electron/core/qa/qa.ts';
import { readCorpusText } from './fixtures/library-fixtures.ts';
import { repoRoot, tempDir } from './helpers/paths.ts';

const DATE = '2026-11-25T10:00:00Z';
const project = tempDir('pird-package-');
const appOutDir = path.join(project, 'release', 'linux-unpacked');
const archive = path.join(appOutDir, 'resources', 'app.asar');
let files: string[] = [];
let packagingLog = '';

function build(args: string[], emptyOutDir = true): void {
  const vite = path.join(repoRoot, 'node_modules/vite/bin/vite.js');
  const flags = ['build', '--logLevel', 'warn', ...(emptyOutDir ? ['--emptyOutDir'] : [])];
  const child = spawnSync(process.execPath, [vite, ...flags, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (child.status !== 0)
    throw new Error(`vite build ${args.join(' ')} failed:\n${child.stdout}${child.stderr}`);
}

function text(file: string): string {
  return asar.extractFile(archive, file).toString('utf8');
}

function flatten(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const child of Object.values(value)) flatten(child, out);
  return out;
}

beforeAll(() => {
  copyFileSync(path.join(repoRoot, 'package.json'), path.join(project, 'package.json'));
  symlinkSync(
    path.join(repoRoot, 'node_modules'),
    path.join(project, 'node_modules'),
    process.platform === 'win32' ? 'junction' : 'dir',
  );
  build(['--outDir', path.join(project, 'dist/renderer')]);
  build(['--config', 'vite.config.electron.ts', '--outDir', path.join(project, 'dist/main')]);
  // The export worker goes beside main.cjs, as `npm run build:electron` puts it.
  build(
    [
      '--config',
      'vite.config.electron.ts',
      '--mode',
      'export-worker',
      '--outDir',
      path.join(project, 'dist/main'),
    ],
    false,
  );
  const result = packageDir({
    projectDir: project,
    outputDir: path.join(project, 'release'),
    electronDist: makeElectronStandIn(tempDir('pird-electron-stand-in-')),
    linux: true,
  });
  packagingLog = result.output;
  if (result.status !== 0) throw new Error(`electron-builder failed:\n${result.output}`);
  // Paths inside the archive, '/'-separated, without the leading slash.
  files = asar
    .listPackage(archive, { isPack: false })
    .map((file) => file.replaceAll('\\', '/').replace(/^\//, ''))
    .filter((file) => !('files' in asar.statFile(archive, file)));
}, 180_000);

describe('packaged app (electron-builder dir target, Electron stand-in)', () => {
  it('packages main, preload and the renderer with its scripts, styles and Vazirmatn fonts', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/main/main.cjs',
        'dist/main/preload.cjs',
        'dist/main/export-worker.cjs',
        'dist/renderer/index.html',
      ]),
    );
    const html = text('dist/renderer/index.html');
    const referenced = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map(
      (match) => `dist/renderer/${match[1]}`,
    );
    expect(referenced.some((file) => file.endsWith('.js'))).toBe(true);
    expect(referenced.some((file) => file.endsWith('.css'))).toBe(true);
    expect(files).toEqual(expect.arrayContaining(referenced));
    for (const subset of ['arabic-400', 'arabic-700', 'latin-400', 'latin-700'])
      expect(
        files.some((file) =>
          new RegExp(`^dist/renderer/assets/vazirmatn-${subset}-normal-.*\\.woff2$`).test(file),
        ),
        subset,
      ).toBe(true);
  });

  it('bundles every UI string of en, ar and ckb into the renderer script', () => {
    const scripts = files
      .filter((file) => /^dist\/renderer\/assets\/.*\.js$/.test(file))
      .map(text)
      .join('\n');
    expect(scripts).toContain('مێزی وەرگێڕانی ژووری هەواڵ'); // ckb app.tagline
    for (const lang of ['en', 'ar', 'ckb']) {
      const strings = flatten(
        JSON.parse(readFileSync(path.join(repoRoot, 'locales', lang, 'translation.json'), 'utf8')),
      );
      const missing = strings.filter((value) => !scripts.includes(value));
      expect(missing, lang).toEqual([]);
    }
  });

  it('ships a package.json whose main is the bundled main process, without scripts or dev dependencies', () => {
    const manifest = JSON.parse(text('package.json')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'pird', productName: 'Pird', main: 'dist/main/main.cjs' });
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).not.toHaveProperty('devDependencies');
  });

  it('holds nothing but what runs: no node_modules, tests, sources, source maps or dev tools, < 10 MB', () => {
    const allowed =
      /^(package\.json|dist\/main\/(main|preload|export-worker)\.cjs|dist\/renderer\/(index\.html|assets\/[\w.-]+\.(js|css|woff2?)))$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    const sizes = files.map((file) => ({ file, size: asar.statFile(archive, file) as { size: number } }));
    const total = sizes.reduce((sum, { size }) => sum + size.size, 0);
    expect(total).toBeLessThan(10 * 1024 * 1024);
    const large = sizes.filter(({ file, size }) => size.size > 1024 * 1024 && !file.endsWith('.woff2'));
    expect(large.map(({ file }) => file)).toEqual([]);
    expect(statSync(archive).size).toBeLessThan(10 * 1024 * 1024);
  });

  it('would ship node_modules without the exclusions in electron-builder.yml (control run)', () => {
    // Proves the check above is not vacuous: this project does expose its dependencies to electron-builder.
    const config = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
    const withoutExclusions = config.replace(/^ {2}- '!(\*\*\/)?node_modules\{,\/\*\*\}'\n/gm, '');
    expect(withoutExclusions).not.toBe(config);
    const configFile = path.join(tempDir('pird-package-control-'), 'electron-builder.yml');
    writeFileSync(configFile, withoutExclusions);
    const output = path.join(project, 'release-control');
    const result = packageDir({
      projectDir: project,
      outputDir: output,
      electronDist: makeElectronStandIn(tempDir('pird-electron-stand-in-')),
      linux: true,
      configFile,
    });
    expect(result.status, result.output).toBe(0);
    const shipped = asar.listPackage(path.join(output, 'linux-unpacked', 'resources', 'app.asar'), {
      isPack: false,
    });
    expect(shipped.some((file) => /[/\\]node_modules[/\\]react[/\\]/.test(file))).toBe(true);
  }, 120_000);

  it('needs no node_modules at run time: main and preload require only electron and Node built-ins', async () => {
    const { builtinModules } = await import('node:module');
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    for (const file of ['dist/main/main.cjs', 'dist/main/preload.cjs', 'dist/main/export-worker.cjs']) {
      const required = [...text(file).matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map(
        (match) => match[1]!,
      );
      expect(required.length, file).toBeGreaterThan(0);
      expect(
        required.filter((name) => name !== 'electron' && !builtins.has(name)),
        file,
      ).toEqual([]);
    }
    expect(text('dist/main/preload.cjs')).not.toMatch(/require\(["']node:/);
  });

  it('ships an export worker that runs on its own: reads, checks and zips a corpus article as the core does', async () => {
    // Extracted from the asar and run by plain Node: it needs nothing beside itself.
    const workerFile = path.join(tempDir('pird-packaged-worker-'), 'export-worker.cjs');
    writeFileSync(workerFile, asar.extractFile(archive, 'dist/main/export-worker.cjs'));
    const library = await Library.open(tempDir('pird-packaged-worker-library-'));
    const name = 'article-001-sulaymaniyah-budget.json';
    await library.importFiles([{ name, content: await readCorpusText(name) }], 'test');
    const article = await library.get((await library.list()).articles[0]!.id);
    const settings = defaultLibrarySettings();
    const worker = new Worker(workerFile, { workerData: { fonts: [], libraryDir: library.dir } });
    const replies: unknown[] = [];
    const options: ExportOptions = {
      langs: ['en', 'ar', 'ckb'],
      date: DATE,
      baseUrl: null,
      slug: 'budget',
      generatorVersion: 't',
    };
    try {
      const next = (): Promise<unknown> =>
        new Promise((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
      expect(await next()).toBe(WORKER_READY);
      const file = library.articleFile(article.id);
      worker.postMessage({
        job: 1,
        kind: 'load',
        articles: [{ index: 0, id: article.id, file }],
        langs: ['en', 'ar', 'ckb'],
        settings,
      });
      // Replies come in arrays (one message for all the requests handled together).
      replies.push(...((await next()) as unknown[]));
      worker.postMessage({
        job: 2,
        kind: 'zip',
        date: DATE,
        articleId: article.id,
        options,
      });
      replies.push(...((await next()) as unknown[]));
      // A part of a search index built in parallel (library-search.ts) comes from the same worker.
      worker.postMessage({ job: 3, kind: 'index-shard', ids: [article.id] });
      replies.push(...((await next()) as unknown[]));
    } finally {
      await worker.terminate();
    }
    expect(replies[0]).toEqual({
      job: 1,
      ok: true,
      kind: 'load',
      loaded: [
        { findings: qaArticle(article, { langs: ['en', 'ar', 'ckb'], settings }), slug: bundleSlug(article) },
      ],
    });
    const zip = replies[1] as { ok: boolean; files: number; data: Uint8Array };
    expect(zip).toMatchObject({ ok: true, files: 10 });
    // The same bytes as the core builds in this process (with the QA the worker ran and kept).
    const findings = qaArticle(article, { langs: ['en', 'ar', 'ckb'], settings });
    const bundle = await buildBundle({
      article,
      options,
      fonts: [],
      qa: { summary: summarizeFindings(findings), findings },
    });
    expect(Buffer.from(zip.data).equals(Buffer.from(zipBundle(bundle.files, DATE, cachedDeflate())))).toBe(
      true,
    );
    const shard = replies[2] as { ok: boolean; shard: IndexShard; identities: [string, unknown][] };
    expect(shard.ok).toBe(true);
    expect(shard.identities.map(([id]) => id)).toEqual([article.id]);
    expect(shard.shard.articles.map(([id]) => id)).toEqual([article.id]);
    expect(shard.shard.docs.en.terms).toContain('budget');
    expect(shard.shard.docs.ckb.terms.length).toBeGreaterThan(50);
  });

  it('puts the export fonts and their licence beside the asar, and nothing unpacked', () => {
    expect(readdirSync(path.join(appOutDir, 'resources')).sort()).toEqual(['app.asar', 'fonts']);
    expect(readdirSync(path.join(appOutDir, 'resources', 'fonts')).sort()).toEqual([
      'LICENSE',
      'vazirmatn-arabic-400-normal.woff2',
      'vazirmatn-arabic-700-normal.woff2',
      'vazirmatn-latin-400-normal.woff2',
      'vazirmatn-latin-700-normal.woff2',
    ]);
    expect(readFileSync(path.join(appOutDir, 'resources', 'fonts', 'LICENSE'), 'utf8')).toMatch(
      /SIL OPEN FONT LICENSE/i,
    );
  });

  it('flips the fuses in the executable as electron-builder.yml asks', () => {
    const binary = readFileSync(path.join(appOutDir, 'pird'));
    const at = binary.indexOf(FUSE_SENTINEL);
    expect(at).toBeGreaterThan(-1);
    const length = binary[at + FUSE_SENTINEL.length + 1]!;
    const wire = binary
      .subarray(at + FUSE_SENTINEL.length + 2, at + FUSE_SENTINEL.length + 2 + length)
      .toString('latin1');
    expect(ELECTRON_DEFAULT_FUSE_WIRE).toBe('10110001');
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on,
    // only app.asar on, V8 snapshot untouched, file:// privileges off.
    expect(wire).toBe('01001100');
    expect(packagingLog).toContain('executing @electron/fuses');
  });
});
