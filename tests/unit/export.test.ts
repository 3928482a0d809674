import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle } from '../../electron/core/article-ops.ts';
import type { ExportRequest, ExportResult } from '../../electron/core/contract.ts';
import { PirdError } from '../../electron/core/errors.ts';
import type { BundleManifest } from '../../electron/core/export/bundle.ts';
import { normalizeExportDate } from '../../electron/core/export/dates.ts';
import { escapeMarkdown, yamlString } from '../../electron/core/export/escape.ts';
import { bundleSlug, safeName } from '../../electron/core/export/slug.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import type { Article } from '../../electron/core/model.ts';
import type { ExportFs } from '../../electron/core/node/export.ts';
import { loadExportFonts } from '../../electron/core/node/export-fonts.ts';
import { exportBundles } from '../../electron/core/node/export.ts';
import { Library } from '../../electron/core/node/library.ts';
import {
  CORPUS_JSON_FILES,
  makeTempDir,
  readCorpusText,
  removeTempDirs,
} from './fixtures/library-fixtures.ts';
import { repoRoot } from './helpers/paths.ts';

const DATE = '2026-11-25T10:00:00Z';
const VERSION = '9.9.9-test';
const BUDGET = 'pub-001-sulaymaniyah-budget';
const VOTERS = 'pub-002-kirkuk-voter-cards';
const FILM = 'pub-003-duhok-short-film';
const SEED = 'seed-000-817f1db3f74f0db0';
const CORPUS_IDS = [SEED, BUDGET, VOTERS, FILM];

// Hostile text: markup, active links, template syntax, Markdown structure, a bidi override.
const HOSTILE_HEADLINE = '<script>alert("x")</script> \u202egnp.exe no: {{< x >}}';
const HOSTILE_TEXT = [
  '# 2025. <img src=x onerror=alert(1)> [click](javascript:alert(1)) <javascript:alert(1)>',
  'javascript:alert(1) *bold* _it_ `code` ~~del~~ | a | {% raw %} {{ site.title }} $$x$$ & &amp;',
  '\u202eevil\u202c "quoted" \\ back',
].join(' ');

let library: Library;
let hostileId: string;
let root: string;

async function exportTo(
  outDir: string,
  request: Omit<ExportRequest, 'outDir'>,
  extra: { fs?: ExportFs } = {},
) {
  return exportBundles(library, { date: DATE, ...request, outDir }, { generatorVersion: VERSION, ...extra });
}

/** Every file under `dir`, relative, '/'-separated, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readManifest(bundleDir: string): Promise<BundleManifest> {
  return JSON.parse(await fs.readFile(path.join(bundleDir, 'manifest.json'), 'utf8')) as BundleManifest;
}

beforeAll(async () => {
  root = await makeTempDir('pird-export-');
  library = await Library.open(path.join(root, 'library'));
  const files = await Promise.all(
    CORPUS_JSON_FILES.map(async (name) => ({ name, content: await readCorpusText(name) })),
  );
  await library.importFiles(files, 'importer');
  await library.update(BUDGET, (a) => ({
    ...a,
    meta: { ...a.meta, desk: 'Economy', editionDate: '2026-11-25', byline: 'Karwan Aziz', tags: ['budget'] },
  }));
  await library.update(FILM, (a) => ({
    ...a,
    meta: { ...a.meta, desk: 'Culture', editionDate: '2026-11-25' },
  }));
  await library.update(SEED, (a) => ({ ...a, meta: { ...a.meta, editionDate: '2026-11-26' } }));

  const hostile = await library.create({ sourceLang: 'en', headline: HOSTILE_HEADLINE }, 'tester');
  hostileId = hostile.id;
  await library.update(hostileId, (a) => {
    const segments = a.segments.map((s) => {
      const text = s.kind === 'headline' ? HOSTILE_HEADLINE : s.kind === 'paragraph' ? HOSTILE_TEXT : '';
      const version = (t: string) => ({
        text: t,
        status: t === '' ? ('empty' as const) : ('approved' as const),
        changedBy: 'tester',
        changedAt: DATE,
      });
      return { ...s, versions: { en: version(text), ar: version(text), ckb: version(text) } };
    });
    // A slug as a hand-edited or hostile article file could carry it: it must not escape the folder.
    return {
      ...a,
      segments,
      meta: {
        ...a.meta,
        slug: '../../outside',
        desk: 'news: "yes"',
        byline: '<b onmouseover=alert(1)>Name</b>',
        tags: ['<i>', 'javascript:alert(1)'],
      },
    };
  });
});
afterAll(removeTempDirs);

describe('bundle export', () => {
  let out: string;
  let result: ExportResult;

  beforeAll(async () => {
    out = path.join(root, 'out');
    result = await exportTo(out, { ids: [...CORPUS_IDS, hostileId], force: true });
  });

  it('writes one bundle folder per article with manifest, and html/md/ninjs per language', async () => {
    expect(result.status).toBe('exported');
    expect(result.bundles).toHaveLength(5);
    for (const bundle of result.bundles) {
      expect(await listFiles(bundle.path)).toEqual([
        'ar/article.md',
        'ar/index.html',
        'ar/ninjs.json',
        'ckb/article.md',
        'ckb/index.html',
        'ckb/ninjs.json',
        'en/article.md',
        'en/index.html',
        'en/ninjs.json',
        'manifest.json',
      ]);
    }
  });

  it('lists every file in the manifest with a sha256 and size that match, and the QA and overrides', async () => {
    for (const bundle of result.bundles) {
      const manifest = await readManifest(bundle.path);
      expect(manifest).toMatchObject({
        format: 'pird.bundle',
        version: 1,
        articleId: bundle.articleId,
        groupId: `urn:pird:article:${bundle.articleId}`,
        languages: ['en', 'ar', 'ckb'],
        date: DATE,
        generator: { name: 'Pird', version: VERSION },
      });
      expect(manifest.files.map((f) => f.path)).toEqual(
        (await listFiles(bundle.path)).filter((f) => f !== 'manifest.json'),
      );
      for (const file of manifest.files) {
        const bytes = await fs.readFile(path.join(bundle.path, file.path));
        expect(file.size).toBe(bytes.length);
        expect(file.sha256).toBe(sha256(bytes));
      }
    }
    const budget = await readManifest(result.bundles.find((b) => b.articleId === BUDGET)!.path);
    expect(budget.qa).toEqual({ errors: 1, warnings: 0, byCode: { 'numbers-differ': 1 } });
    expect(budget.overrides).toEqual([
      expect.objectContaining({ lang: 'ar', segmentId: 'p4', code: 'numbers-differ' }),
    ]);
    const film = await readManifest(result.bundles.find((b) => b.articleId === FILM)!.path);
    expect(film.overrides).toEqual([]);
  });

  it('writes pages with lang and dir per language, the CSP, hreflang alternates and the font only for ar/ckb', async () => {
    const dir = result.bundles.find((b) => b.articleId === BUDGET)!.path;
    for (const [lang, direction] of [
      ['en', 'ltr'],
      ['ar', 'rtl'],
      ['ckb', 'rtl'],
    ] as const) {
      const html = await fs.readFile(path.join(dir, lang, 'index.html'), 'utf8');
      expect(
        html.startsWith(
          `<!DOCTYPE html>\n<html lang="${lang}" dir="${direction}">\n<head>\n<meta charset="utf-8">`,
        ),
      ).toBe(true);
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src 'self'">`,
      );
      for (const other of ['en', 'ar', 'ckb'])
        expect(html).toContain(`<link rel="alternate" hreflang="${other}" href="../${other}/index.html">`);
      expect(html).toContain('<meta name="description" content="');
      expect(html).toContain('<meta property="og:title" content="');
      expect(html.includes('src:url(data:font/woff2;base64,')).toBe(direction === 'rtl');
      expect(html).not.toMatch(/<script/i);
    }
    const ckb = await fs.readFile(path.join(dir, 'ckb', 'index.html'), 'utf8');
    // T3: the ZWNJ inside پێش‌بینی survives export.
    expect(ckb).toContain('پێش\u200cبینی');
    expect(ckb).toContain('<time datetime="2026-11-25T10:00:00Z">٢٥ی تشرینی دووەمی ٢٠٢٦</time>');
    expect(ckb).toContain('<p class="byline"><bdi>Karwan Aziz</bdi></p>');
  });

  it('writes Markdown with quoted YAML front matter sharing one translation key', async () => {
    const dir = result.bundles.find((b) => b.articleId === BUDGET)!.path;
    const keys = new Set<string>();
    for (const lang of ['en', 'ar', 'ckb'] as const) {
      const md = await fs.readFile(path.join(dir, lang, 'article.md'), 'utf8');
      const front = frontMatter(md);
      expect(front).toMatchObject({ lang, dir: lang === 'en' ? 'ltr' : 'rtl', date: DATE, desk: 'Economy' });
      expect(front.slug).toBe(result.bundles.find((b) => b.articleId === BUDGET)!.slug);
      keys.add(front.translationKey as string);
    }
    expect([...keys]).toEqual([`urn:pird:article:${BUDGET}`]);
  });

  it('writes ninjs 3.1 that validates against the official schema, languages tied by altIds and associations', async () => {
    const schemaDir = path.resolve(repoRoot, '../shared/schemas');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, 'geojson-stub.json'), 'utf8')) as object);
    const validate = ajv.compile(
      JSON.parse(readFileSync(path.join(schemaDir, 'ninjs-schema_3.1.json'), 'utf8')) as object,
    );
    for (const bundle of result.bundles) {
      for (const lang of ['en', 'ar', 'ckb'] as const) {
        const ninjs = JSON.parse(
          await fs.readFile(path.join(bundle.path, lang, 'ninjs.json'), 'utf8'),
        ) as Record<string, unknown>;
        expect(validate(ninjs), `${bundle.name}/${lang}: ${ajv.errorsText(validate.errors)}`).toBe(true);
        expect(ninjs.language).toBe(lang);
        expect(ninjs.uri).toBe(`urn:pird:article:${bundle.articleId}:${lang}`);
        expect(ninjs.altIds).toContainEqual({
          role: 'pird:translation-group',
          value: `urn:pird:article:${bundle.articleId}`,
        });
        const associations = ninjs.associations as { language: string; rel: string; uri: string }[];
        expect(associations.map((a) => a.language)).toEqual(['en', 'ar', 'ckb'].filter((l) => l !== lang));
        for (const a of associations) {
          expect(a.rel).toBe(a.language === 'en' ? 'source' : 'translation');
          expect(a.uri).toBe(`urn:pird:article:${bundle.articleId}:${a.language}`);
        }
      }
    }
  });

  it('keeps hostile text as text in HTML, Markdown and ninjs: no markup, no active link, no raw bidi override', async () => {
    const bundle = result.bundles.find((b) => b.articleId === hostileId)!;
    const allowedTags = new Set([
      'html',
      'head',
      'meta',
      'title',
      'link',
      'style',
      'body',
      'article',
      'header',
      'p',
      'h1',
      'time',
      'bdi',
    ]);
    for (const file of await listFiles(bundle.path)) {
      const text = await fs.readFile(path.join(bundle.path, file), 'utf8');
      expect(text, file).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      if (file.endsWith('.html')) {
        const tags = new Set(
          [...text.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()),
        );
        expect(
          [...tags].filter((t) => !allowedTags.has(t)),
          file,
        ).toEqual([]);
        expect(text).not.toMatch(/href="(?!\.\.\/(en|ar|ckb)\/index\.html")/);
        // No event-handler attribute on any tag (attribute values, always double-quoted, are text).
        const tagsWithHandlers = [...text.matchAll(/<[a-zA-Z][^>]*>/g)]
          .map((m) => m[0].replace(/"[^"]*"/g, '""'))
          .filter((tag) => /\son[a-z]+\s*=/i.test(tag));
        expect(tagsWithHandlers, file).toEqual([]);
        expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#x202E;gnp.exe');
        expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
      }
      if (file.endsWith('.md')) {
        const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
        expect(body).not.toMatch(/[<>[\]`*_{}|~\\]|\$\$/);
        expect(
          body
            .split('\n')
            .filter((l) => l !== '')
            .every((l) => !/^[#>+\-=:\d]/.test(l)),
        ).toBe(true);
        const meta = frontMatter(text);
        expect(meta.title).toBe(HOSTILE_HEADLINE);
        expect(meta.desk).toBe('news: "yes"');
        expect(meta.byline).toBe('<b onmouseover=alert(1)>Name</b>');
        expect(meta.tags).toEqual(['<i>', 'javascript:alert(1)']);
        expect(front.split('\n').length).toBe(Object.keys(meta).length);
      }
      if (file.endsWith('ninjs.json')) {
        const ninjs = JSON.parse(text) as {
          headlines: { value: string }[];
          bodies: { contentType: string; value: string }[];
        };
        expect(ninjs.headlines[0]!.value).toBe(HOSTILE_HEADLINE);
        const html = ninjs.bodies.find((b) => b.contentType === 'text/html')!.value;
        expect(html.replace(/<\/?p>/g, '')).not.toMatch(/[<>]/);
        expect(ninjs.bodies.find((b) => b.contentType === 'text/plain')!.value).toBe(HOSTILE_TEXT);
      }
    }
  });

  it('never writes outside the chosen folder, whatever the stored slug says', async () => {
    expect((await fs.readdir(root)).sort()).toEqual(['library', 'out']);
    const bundle = result.bundles.find((b) => b.articleId === hostileId)!;
    expect(bundle.name).toBe('outside');
    expect(path.dirname(bundle.path)).toBe(out);
    expect((await fs.readdir(out)).every((name) => !name.startsWith('.'))).toBe(true);
  });

  it.skipIf(!hasJava())('passes the W3C Nu HTML checker with no errors', () => {
    const vnu = path.join(repoRoot, 'node_modules/vnu-jar/build/dist/vnu.jar');
    const files = result.bundles.flatMap((b) =>
      ['en', 'ar', 'ckb'].map((l) => path.join(b.path, l, 'index.html')),
    );
    const run = spawnSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', '--stdout', ...files], {
      encoding: 'utf8',
    });
    const report = JSON.parse(run.stdout) as { messages: { type: string; message: string; url: string }[] };
    expect(report.messages).toEqual([]);
    expect(run.status).toBe(0);
  });
});

describe('export: names, determinism and safety', () => {
  it('gives byte-identical bundles for the same article and date, as folders and as zips in any time zone', async () => {
    const [a, b] = [path.join(root, 'same-a'), path.join(root, 'same-b')];
    await exportTo(a, { ids: [FILM, SEED] });
    await exportTo(b, { ids: [FILM, SEED] });
    const files = await listFiles(a);
    expect(await listFiles(b)).toEqual(files);
    for (const file of files)
      expect(await fs.readFile(path.join(b, file))).toEqual(await fs.readFile(path.join(a, file)));

    const zips: Buffer[] = [];
    const tz = process.env.TZ;
    try {
      for (const [i, zone] of ['UTC', 'Asia/Baghdad', 'America/Los_Angeles'].entries()) {
        process.env.TZ = zone;
        const r = await exportTo(path.join(root, `zip-${i}`), { ids: [FILM], zip: true });
        zips.push(await fs.readFile(r.bundles[0]!.path));
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    expect(zips[1]).toEqual(zips[0]);
    expect(zips[2]).toEqual(zips[0]);
    // The zip holds exactly the folder's files.
    const unzipped = unzipSync(new Uint8Array(zips[0]!));
    const folder = path.join(
      a,
      (await fs.readdir(a)).find((n) => n.startsWith('film'))!,
    );
    expect(Object.keys(unzipped).sort()).toEqual(await listFiles(folder));
    for (const [name, bytes] of Object.entries(unzipped))
      expect(Buffer.from(bytes)).toEqual(await fs.readFile(path.join(folder, name)));
  });

  // fflate reads what fflate writes; a desk unpacks with whatever it has. Info-ZIP's `unzip -t`
  // inflates every entry and checks its CRC-32 on its own.
  it('writes zips that an independent unzip tool reads and checks', async ({ skip }) => {
    if (spawnSync('unzip', ['-v']).status !== 0)
      skip('no Info-ZIP unzip here: zips are only read back with fflate');
    const r = await exportTo(path.join(root, 'zip-checked'), { ids: [FILM, SEED, BUDGET], zip: true });
    for (const bundle of r.bundles) {
      const tested = spawnSync('unzip', ['-t', bundle.path], { encoding: 'utf8' });
      expect(tested.stdout).toContain('No errors detected');
      expect(tested.status).toBe(0);
    }
  });

  it('replaces an earlier bundle of the same article and leaves anything else with that name alone', async () => {
    const dir = path.join(root, 'names');
    const first = await exportTo(dir, { ids: [FILM] });
    const slug = first.bundles[0]!.slug;
    const again = await exportTo(dir, { ids: [FILM], date: '2026-11-26' });
    expect(again.bundles[0]).toMatchObject({ slug, replaced: true });
    expect((await readManifest(again.bundles[0]!.path)).date).toBe('2026-11-26T00:00:00Z');

    // Someone's own folder (and a zip that is not a bundle) named like the seed's slug.
    const seedSlug = bundleSlug(await library.get(SEED));
    await fs.mkdir(path.join(dir, seedSlug));
    await fs.writeFile(path.join(dir, seedSlug, 'notes.txt'), 'mine');
    await fs.writeFile(path.join(dir, `${seedSlug}.zip`), 'not a zip');
    const seed = await exportTo(dir, { ids: [SEED] });
    expect(seed.bundles[0]!.name).toBe(`${seedSlug}-2`);
    const seedZip = await exportTo(dir, { ids: [SEED], zip: true });
    expect(seedZip.bundles[0]!.name).toBe(`${seedSlug}-2.zip`);
    expect(await fs.readFile(path.join(dir, seedSlug, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await fs.readFile(path.join(dir, `${seedSlug}.zip`), 'utf8')).toBe('not a zip');
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('makes slugs that are safe on every OS, bounded, NFC and readable for Arabic-only titles', () => {
    expect(safeName('../../etc/passwd')).toBe('etc-passwd');
    expect(safeName('CON')).toBe('con-article');
    expect(safeName('com¹')).toBe('com¹-article');
    expect(safeName('a:b.')).toBe('a-b');
    expect(safeName('Report.')).toBe('report');
    expect(safeName('\u202eevil\u202c')).toBe('evil');
    expect(safeName('x'.repeat(500)).length).toBeLessThanOrEqual(80);
    expect(new TextEncoder().encode(safeName('ب'.repeat(500))).length).toBeLessThanOrEqual(180);
    // أ written decomposed (alef + hamza above) comes out composed.
    expect(safeName('\u0627\u0654مين')).toBe('\u0623مين');
    const arabicOnly = createArticle(
      { id: 'a-arabic', sourceLang: 'ar', headline: 'موازنة السليمانية لعام ٢٠٢٥' },
      't',
      DATE,
    );
    expect(bundleSlug({ ...arabicOnly, meta: { ...arabicOnly.meta, slug: '' } })).toBe(
      'موازنة-السليمانية-لعام-٢٠٢٥',
    );
    const sorani = createArticle(
      { id: 'a-sorani', sourceLang: 'ckb', headline: 'پێش‌بینیی بودجە' },
      't',
      DATE,
    );
    expect(bundleSlug({ ...sorani, meta: { ...sorani.meta, slug: '' } })).toBe('پێش-بینیی-بودجە');
    const nothing: Article = { ...arabicOnly, id: 'a-fallback', meta: { ...arabicOnly.meta, slug: '???' } };
    nothing.segments = nothing.segments.map((s) => ({
      ...s,
      versions: { ...s.versions, ar: { ...s.versions.ar, text: '' } },
    }));
    expect(bundleSlug(nothing)).toBe('a-fallback');
  });

  it('blocks on QA errors without writing anything, unless exported anyway', async () => {
    const dir = path.join(root, 'blocked', 'out');
    const blocked = await exportTo(dir, { ids: [BUDGET, FILM] });
    expect(blocked.status).toBe('blocked');
    expect(blocked.bundles).toEqual([]);
    expect(blocked.qa.summary.errors).toBe(1);
    expect(existsSync(path.join(root, 'blocked'))).toBe(false);
    // Exporting only en and ckb leaves T1 (an ar error) out of the check.
    const partial = await exportTo(dir, { ids: [BUDGET], langs: ['ckb', 'en'] });
    expect(partial.status).toBe('exported');
    expect(await listFiles(partial.bundles[0]!.path)).toEqual([
      'ckb/article.md',
      'ckb/index.html',
      'ckb/ninjs.json',
      'en/article.md',
      'en/index.html',
      'en/ninjs.json',
      'manifest.json',
    ]);
    const html = await fs.readFile(path.join(partial.bundles[0]!.path, 'en', 'index.html'), 'utf8');
    expect(html).not.toContain('hreflang="ar"');
  });

  it('stops on a full disk with disk-full and leaves no half bundle', async () => {
    for (const zip of [false, true]) {
      const dir = path.join(root, `full-${zip}`);
      let opens = 0;
      const full = {
        ...fs,
        open: async (file: string, flags?: string, mode?: number) => {
          const handle = await fs.open(file, flags, mode);
          // A new file partway through the export: some bundle is half-written when the disk fills.
          if (flags === 'wx' && ++opens === (zip ? 2 : 14)) {
            const enospc = () =>
              Promise.reject(
                Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
              );
            handle.write = enospc;
            handle.writeFile = enospc;
          }
          return handle;
        },
      } as unknown as ExportFs;
      const error = await exportTo(dir, { ids: [FILM, SEED], zip }, { fs: full }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PirdError);
      expect((error as PirdError).code).toBe('disk-full');
      // Bundles are written concurrently, so which one the full disk hits varies: whatever is on
      // disk afterwards is a whole bundle, and nothing half-written or temporary is left.
      const names = await fs.readdir(dir);
      expect(names.length).toBeLessThanOrEqual(1);
      for (const name of names) {
        expect(name).toMatch(zip ? /^(film-shot|exclusive).*\.zip$/ : /^(film-shot|exclusive)/);
        if (!zip) {
          const manifest = await readManifest(path.join(dir, name));
          expect(manifest.files.map((f) => f.path)).toEqual(
            (await listFiles(path.join(dir, name))).filter((f) => f !== 'manifest.json'),
          );
        }
      }
    }
  });

  it('reports an unwritable folder as permission-denied and writes nothing', async () => {
    const dir = path.join(root, 'locked', 'out');
    const denied = {
      ...fs,
      mkdir: () =>
        Promise.reject(Object.assign(new Error('EACCES: permission denied, mkdir'), { code: 'EACCES' })),
    } as unknown as ExportFs;
    const error = await exportTo(dir, { ids: [FILM] }, { fs: denied }).catch((e: unknown) => e);
    expect((error as PirdError).code).toBe('permission-denied');
    expect(existsSync(path.join(root, 'locked'))).toBe(false);
  });

  it('refuses a relative folder and a malformed date', async () => {
    await expect(
      exportBundles(library, { ids: [FILM], outDir: 'relative/out' }, { generatorVersion: VERSION }),
    ).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(() => normalizeExportDate('2026-02-30')).toThrow(PirdError);
    expect(() => normalizeExportDate('yesterday')).toThrow(PirdError);
    expect(normalizeExportDate('2026-11-25T13:30:00+03:00')).toBe('2026-11-25T10:30:00Z');
  });

  it('reports progress from 0 to the total', async () => {
    const calls: [number, number][] = [];
    await exportBundles(
      library,
      { ids: [FILM, SEED], outDir: path.join(root, 'progress'), date: DATE },
      {
        generatorVersion: VERSION,
        // A slow machine may also get the periodic repeat of the current state.
        onProgress: (done, total) => {
          const last = calls.at(-1);
          if (last?.[0] !== done || last[1] !== total) calls.push([done, total]);
        },
      },
    );
    expect(calls).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
  });
});

describe('edition export and the bundle.export channel', () => {
  it('exports every article of an edition (optionally one desk) and lists them in edition.json', async () => {
    const table = createHandlers({
      library,
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: VERSION,
    });
    const dir = path.join(root, 'edition');
    const all = (await dispatch(table, 'bundle.export', {
      edition: { date: '2026-11-25' },
      outDir: dir,
      date: DATE,
      force: true,
    })) as { ok: true; value: ExportResult };
    expect(all.ok).toBe(true);
    expect(all.value.bundles.map((b) => b.articleId)).toEqual([BUDGET, FILM]);
    const edition = JSON.parse(await fs.readFile(path.join(dir, 'edition.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(edition).toMatchObject({
      format: 'pird.edition',
      version: 1,
      date: '2026-11-25',
      desk: null,
      bundles: [
        { articleId: BUDGET, path: all.value.bundles[0]!.name },
        { articleId: FILM, path: all.value.bundles[1]!.name },
      ],
    });

    const culture = (await dispatch(table, 'bundle.export', {
      edition: { date: '2026-11-25', desk: 'Culture' },
      outDir: path.join(root, 'edition-culture'),
      zip: true,
      date: DATE,
    })) as { ok: true; value: ExportResult };
    expect(culture.value.bundles.map((b) => [b.articleId, b.kind])).toEqual([[FILM, 'zip']]);

    const none = await dispatch(table, 'bundle.export', { edition: { date: '2030-01-01' }, outDir: dir });
    expect(none).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const both = await dispatch(table, 'bundle.export', {
      ids: [FILM],
      edition: { date: '2026-11-25' },
      outDir: dir,
    });
    expect(both).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('makes ninjs uri, canonical and hreflang absolute under the library base URL', async () => {
    await library.updateSettings({ baseUrl: 'https://news.example/' });
    try {
      const arabic = await library.create({ sourceLang: 'ar', headline: 'موازنة السليمانية' }, 'tester');
      await library.update(arabic.id, (a) => ({
        ...a,
        segments: a.segments.map((s) =>
          s.kind === 'headline'
            ? s
            : {
                ...s,
                versions: {
                  ...s.versions,
                  ar: { ...s.versions.ar, text: s.kind === 'paragraph' ? 'نص.' : '', status: 'approved' },
                },
              },
        ),
        meta: { ...a.meta, slug: '' },
      }));
      await library.update(arabic.id, (a) => ({
        ...a,
        segments: a.segments.map((s) => ({
          ...s,
          versions: { ...s.versions, ar: { ...s.versions.ar, status: 'approved' } },
        })),
      }));
      const r = await exportTo(path.join(root, 'absolute'), { ids: [arabic.id], langs: ['ar'] });
      expect(r.status).toBe('exported');
      const slug = r.bundles[0]!.slug;
      expect(slug).toBe('موازنة-السليمانية');
      const url = `https://news.example/ar/${encodeURIComponent(slug)}/`;
      const ninjs = JSON.parse(
        await fs.readFile(path.join(r.bundles[0]!.path, 'ar', 'ninjs.json'), 'utf8'),
      ) as { uri: string };
      expect(ninjs.uri).toBe(url);
      const html = await fs.readFile(path.join(r.bundles[0]!.path, 'ar', 'index.html'), 'utf8');
      expect(html).toContain(`<link rel="canonical" href="${url}">`);
      expect(html).toContain(`<link rel="alternate" hreflang="ar" href="${url}">`);
      expect(html).toContain(`<meta property="og:url" content="${url}">`);
    } finally {
      await library.updateSettings({ baseUrl: null });
    }
  });

  it('refuses a base URL that is not http(s)', async () => {
    await expect(library.updateSettings({ baseUrl: 'javascript:alert(1)' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect((await library.getSettings()).baseUrl).toBeNull();
  });
});

describe('export fonts', () => {
  it('reads the fonts from the installed package or from a Vite build with hashed file names', async () => {
    const installed = await loadExportFonts();
    expect(installed.map((f) => [f.weight, f.unicodeRange.startsWith('U+0600')])).toEqual([
      [400, false],
      [700, false],
      [400, true],
      [700, true],
    ]);
    const assets = await makeTempDir('pird-assets-');
    const source = path.join(repoRoot, 'node_modules/@fontsource/vazirmatn/files');
    for (const name of await fs.readdir(source)) {
      if (name.endsWith('.woff2'))
        await fs.copyFile(path.join(source, name), path.join(assets, name.replace('.woff2', '-Ab_9.woff2')));
    }
    const hashed = await loadExportFonts(assets);
    expect(hashed.map((f) => f.base64)).toEqual(installed.map((f) => f.base64));
    await expect(loadExportFonts(path.join(assets, 'missing'))).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('escaping helpers', () => {
  it('escapes Markdown so that it renders back to the same text', () => {
    expect(escapeMarkdown('# Title')).toBe('&#35; Title');
    expect(escapeMarkdown('2025. was a year')).toBe('2025&#46; was a year');
    expect(escapeMarkdown('- item')).toBe('&#45; item');
    expect(escapeMarkdown('a *b* [c](d) <e> {{< f >}}')).toBe(
      'a &#42;b&#42; &#91;c&#93;(d) &#60;e&#62; &#123;&#123;&#60; f &#62;&#125;&#125;',
    );
    expect(escapeMarkdown('costs $5 or $$x$$')).toBe('costs $5 or &#36;&#36;x&#36;&#36;');
    expect(escapeMarkdown('پێش\u200cبینی')).toBe('پێش\u200cبینی');
  });

  it('writes YAML strings as double-quoted scalars any YAML parser reads back exactly', () => {
    for (const text of [
      'no',
      '123',
      'a: b',
      '- x',
      '"q" \\ b',
      'line\nbreak',
      '\u202eevil',
      'پێش\u200cبینی',
      '\u0085\u2028',
    ])
      expect(JSON.parse(yamlString(text))).toBe(text);
    expect(yamlString('\u202e')).toBe('"\\u202E"');
  });
});

// The Hugo and Nu checker tests need external tools; they are skipped (with the reason printed)
// where the tool is missing. `.ci/run` installs hugo; Java 17 is on the machines.
function hasJava(): boolean {
  const found = spawnSync('java', ['-version']).status === 0;
  if (!found) console.log('skipping the Nu HTML checker test: java is not on PATH');
  return found;
}

function hasHugo(): boolean {
  const found = spawnSync('hugo', ['version']).status === 0;
  if (!found) console.log('skipping the Hugo test: hugo is not on PATH (apt-get install -y hugo)');
  return found;
}

describe('static-site generators', () => {
  it.skipIf(!hasHugo())(
    'builds a multilingual Hugo site from the exported Markdown, ar and ckb right-to-left',
    async () => {
      const out = path.join(root, 'hugo-bundles');
      const r = await exportTo(out, { ids: [BUDGET, FILM, hostileId], force: true });
      const site = path.join(root, 'hugo-site');
      await fs.mkdir(path.join(site, 'layouts', '_default'), { recursive: true });
      await fs.writeFile(
        path.join(site, 'config.toml'),
        [
          'baseURL = "https://news.example/"',
          'defaultContentLanguage = "en"',
          'defaultContentLanguageInSubdir = true',
          'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]',
          ...['en', 'ar', 'ckb'].flatMap((lang, i) => [
            `[languages.${lang}]`,
            `contentDir = "content/${lang}"`,
            `weight = ${i + 1}`,
          ]),
        ].join('\n'),
      );
      // The page's direction comes from the exported front matter, translations from translationKey.
      const layout =
        '<!DOCTYPE html><html lang="{{ .Language.Lang }}" dir="{{ .Params.dir }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>' +
        '<body><h1>{{ .Title }}</h1>{{ .Content }}{{ range .Translations }}<a hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">{{ .Language.Lang }}</a>{{ end }}</body></html>';
      await fs.writeFile(path.join(site, 'layouts', '_default', 'single.html'), layout);
      await fs.writeFile(path.join(site, 'layouts', '_default', 'list.html'), layout);
      for (const bundle of r.bundles) {
        for (const lang of ['en', 'ar', 'ckb']) {
          await fs.mkdir(path.join(site, 'content', lang), { recursive: true });
          await fs.copyFile(
            path.join(bundle.path, lang, 'article.md'),
            path.join(site, 'content', lang, `${bundle.name}.md`),
          );
        }
      }
      const build = spawnSync(
        'hugo',
        ['--quiet', '--source', site, '--destination', path.join(site, 'public')],
        {
          encoding: 'utf8',
        },
      );
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
      for (const bundle of r.bundles) {
        for (const [lang, direction] of [
          ['en', 'ltr'],
          ['ar', 'rtl'],
          ['ckb', 'rtl'],
        ] as const) {
          const page = await fs.readFile(path.join(site, 'public', lang, bundle.slug, 'index.html'), 'utf8');
          expect(page).toContain(`<html lang="${lang}" dir="${direction}">`);
          for (const other of ['en', 'ar', 'ckb'].filter((l) => l !== lang))
            expect(page).toContain(`<a hreflang="${other}" href="/${other}/${bundle.slug}/">`);
          expect(page).not.toMatch(/<(script|img)\b/i);
          expect(page).not.toContain('href="javascript:');
        }
      }
      const hostile = await fs.readFile(path.join(site, 'public', 'ar', 'outside', 'index.html'), 'utf8');
      expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(hostile).toContain('{{&lt; x &gt;}}');
    },
  );
});

function frontMatter(md: string): Record<string, unknown> {
  const [, front = ''] = /^---\n([\s\S]*?)\n---\n/.exec(md) ?? [];
  // Every value is a double-quoted scalar or a flow list of them: JSON reads them the way YAML does.
  return Object.fromEntries(
    front.split('\n').map((line) => {
      const at = line.indexOf(': ');
      return [line.slice(0, at), JSON.parse(line.slice(at + 2)) as unknown];
    }),
  );
}
