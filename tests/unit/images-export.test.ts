// Export of an article with images: the files in media/ (listed in the manifest with their
// checksums), the figure in every page (valid HTML), the image in the Markdown, the picture
// associations in ninjs (valid against the schema), the zip, QA, and hostile captions and alt texts.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { unzipSync } from 'fflate';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { Article, ExportRequest } from '../../electron/core/contract.ts';
import type { BundleManifest } from '../../electron/core/export/bundle.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { qaArticle } from '../../electron/core/qa/qa.ts';
import { exportBundles } from '../../electron/core/node/export.ts';
import { Library } from '../../electron/core/node/library.ts';
import { makeTempDir, readCorpusText, removeTempDirs } from './fixtures/library-fixtures.ts';
import { repoRoot } from './helpers/paths.ts';
import { tinyPng } from './helpers/tiny-png.ts';

afterAll(removeTempDirs);

const DATE = '2026-11-25T10:00:00Z';
const BUDGET = 'pub-001-sulaymaniyah-budget';
const LANGS = ['en', 'ar', 'ckb'] as const;
const HOSTILE_CAPTION = '<script>alert(1)</script> "q" & ]](javascript:alert(1)) {{< x >}} \u202eevil';
const HOSTILE_ALT = 'x" onerror="alert(1) ![a](javascript:alert(2)) <img src=x>';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let library: Library;
let root: string;
let png: Buffer;
let article: Article;

async function exportTo(outDir: string, request: Omit<ExportRequest, 'outDir'> = {}) {
  return exportBundles(
    library,
    { date: DATE, force: true, ids: [BUDGET], ...request, outDir },
    { generatorVersion: 'test' },
  );
}

beforeAll(async () => {
  root = await makeTempDir('pird-images-export-');
  library = await Library.open(path.join(root, 'library'));
  await library.importFiles(
    [
      {
        name: 'article-001-sulaymaniyah-budget.json',
        content: await readCorpusText('article-001-sulaymaniyah-budget.json'),
      },
    ],
    'importer',
  );
  const table = createHandlers({ library, userDataDir: root, shell: 'cli', version: 'test' });
  png = tinyPng(3, 2);
  const add = async (name: string) => {
    const result = await dispatch(table, 'images.add', {
      articleId: BUDGET,
      name,
      dataBase64: png.toString('base64'),
      caption: {
        en: HOSTILE_CAPTION,
        ar: 'مبنى المحافظة في السليمانية',
        ckb: 'باڵەخانەی پارێزگا لە سلێمانی',
      },
      alt: { en: HOSTILE_ALT, ar: 'صورة المبنى', ckb: '' },
    });
    if (!result.ok) throw new Error(result.error.message);
  };
  await add('building.png');
  // The same file twice: two figures, one file in media/.
  await add('../../building again.png');
  article = await library.get(BUDGET);
});

describe('a bundle with images', () => {
  let bundleDir: string;
  let manifest: BundleManifest;

  beforeAll(async () => {
    const result = await exportTo(path.join(root, 'out'));
    expect(result.status).toBe('exported');
    bundleDir = result.bundles[0]!.path;
    manifest = JSON.parse(await fs.readFile(path.join(bundleDir, 'manifest.json'), 'utf8')) as BundleManifest;
  });

  it('copies each image file once into media/, named by its sha256, listed in the manifest with a matching checksum', async () => {
    const name = `${sha256(png)}.png`;
    expect(await fs.readdir(path.join(bundleDir, 'media'))).toEqual([name]);
    expect((await fs.readFile(path.join(bundleDir, 'media', name))).equals(png)).toBe(true);
    const entry = manifest.files.find((f) => f.path === `media/${name}`);
    expect(entry).toEqual({ path: `media/${name}`, sha256: sha256(png), size: png.length });
    for (const file of manifest.files) {
      const bytes = await fs.readFile(path.join(bundleDir, file.path));
      expect(sha256(bytes), file.path).toBe(file.sha256);
      expect(bytes.length).toBe(file.size);
    }
  });

  it('shows a figure per image in every page, with that language’s alt text and caption, as text', async () => {
    for (const lang of LANGS) {
      const html = await fs.readFile(path.join(bundleDir, lang, 'index.html'), 'utf8');
      const figures = html.match(/<figure>[\s\S]*?<\/figure>/g) ?? [];
      expect(figures, lang).toHaveLength(2);
      expect(figures[0]).toContain(`<img src="../media/${sha256(png)}.png" alt="`);
      expect(figures[0]).toContain('width="3" height="2">');
      expect(html).not.toMatch(/<script|onerror="|<img src=x/);
      // The CSP lets the page load its own images, nothing else.
      expect(html).toContain("img-src 'self'");
    }
    const en = await fs.readFile(path.join(bundleDir, 'en', 'index.html'), 'utf8');
    expect(en).toContain('alt="x&quot; onerror=&quot;alert(1) ![a](javascript:alert(2)) &lt;img src=x&gt;"');
    expect(en).toContain(
      '<figcaption>&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &amp; ]](javascript:alert(1)) {{&lt; x &gt;}} &#x202E;evil</figcaption>',
    );
    const ar = await fs.readFile(path.join(bundleDir, 'ar', 'index.html'), 'utf8');
    expect(ar).toContain('alt="صورة المبنى"');
    expect(ar).toContain('<figcaption>مبنى المحافظة في السليمانية</figcaption>');
    // No alt text in Sorani: empty (QA warns), never another language's text.
    const ckb = await fs.readFile(path.join(bundleDir, 'ckb', 'index.html'), 'utf8');
    expect(ckb).toContain(`<img src="../media/${sha256(png)}.png" alt="" width="3" height="2">`);
  });

  it('puts the images in the Markdown with escaped alt text and caption', async () => {
    const md = await fs.readFile(path.join(bundleDir, 'en', 'article.md'), 'utf8');
    const image = `](../media/${sha256(png)}.png)`;
    expect(md.split(image)).toHaveLength(3);
    expect(md).not.toMatch(/<script|<img|\]\(javascript:/);
    const ckb = await fs.readFile(path.join(bundleDir, 'ckb', 'article.md'), 'utf8');
    expect(ckb).toContain(`![](../media/${sha256(png)}.png)\n\n*باڵەخانەی پارێزگا لە سلێمانی*`);
  });

  it('describes the images in ninjs as picture associations with a rendition, valid against the schema', async () => {
    const schemaDir = path.resolve(repoRoot, '../shared/schemas');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDir, 'geojson-stub.json'), 'utf8')) as object);
    const validate = ajv.compile(
      JSON.parse(readFileSync(path.join(schemaDir, 'ninjs-schema_3.1.json'), 'utf8')) as object,
    );
    for (const lang of LANGS) {
      const ninjs = JSON.parse(await fs.readFile(path.join(bundleDir, lang, 'ninjs.json'), 'utf8')) as {
        associations: Record<string, unknown>[];
      };
      expect(validate(ninjs), `${lang}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      const pictures = ninjs.associations.filter((a) => a.type === 'picture');
      expect(pictures.map((p) => p.name)).toEqual(['featuremedia', 'image-2']);
      expect(pictures[0]).toMatchObject({
        uri: `urn:pird:media:${sha256(png)}`,
        language: lang,
        renditions: [
          { name: 'original', contentType: 'image/png', width: 3, height: 2, sizeInBytes: png.length },
        ],
      });
      expect(pictures[0]!.altIds).toContainEqual({
        role: 'pird:bundle-file',
        value: `media/${sha256(png)}.png`,
      });
    }
    const en = JSON.parse(await fs.readFile(path.join(bundleDir, 'en', 'ninjs.json'), 'utf8')) as {
      associations: { descriptions?: { role: string; value: string }[] }[];
    };
    expect(en.associations.find((a) => a.descriptions)?.descriptions).toEqual([
      { role: 'caption', contentType: 'text/plain', value: HOSTILE_CAPTION },
      { role: 'alt', contentType: 'text/plain', value: HOSTILE_ALT },
    ]);
  });

  it('links the rendition absolutely under the library’s public base URL, still schema-valid', async () => {
    await library.updateSettings({ baseUrl: 'https://news.example' });
    try {
      const result = await exportTo(path.join(root, 'out-public'));
      const ninjs = JSON.parse(
        await fs.readFile(path.join(result.bundles[0]!.path, 'ar', 'ninjs.json'), 'utf8'),
      ) as {
        associations: { type: string; uri: string; renditions?: { href?: string }[] }[];
      };
      const picture = ninjs.associations.find((a) => a.type === 'picture')!;
      expect(picture.uri).toBe(`https://news.example/media/${sha256(png)}.png`);
      expect(picture.renditions![0]!.href).toBe(picture.uri);
    } finally {
      await library.updateSettings({ baseUrl: null });
    }
  });

  it('carries the same media file in the zip', async () => {
    const result = await exportTo(path.join(root, 'out-zip'), { zip: true });
    const files = unzipSync(await fs.readFile(result.bundles[0]!.path));
    const name = `media/${sha256(png)}.png`;
    expect(Buffer.from(files[name]!).equals(png)).toBe(true);
    expect(Object.keys(files).sort()).toEqual(
      manifest.files
        .map((f) => f.path)
        .concat('manifest.json')
        .sort(),
    );
  });

  it.skipIf(!hasJava())('passes the W3C Nu HTML checker with its figures', () => {
    const vnu = path.join(repoRoot, 'node_modules/vnu-jar/build/dist/vnu.jar');
    const files = LANGS.map((lang) => path.join(bundleDir, lang, 'index.html'));
    const run = spawnSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', '--stdout', ...files], {
      encoding: 'utf8',
    });
    const report = JSON.parse(run.stdout) as { messages: unknown[] };
    expect(report.messages).toEqual([]);
    expect(run.status).toBe(0);
  });
});

describe('QA and missing files', () => {
  it('warns about an image without alt text in an exported language, and adds no error', () => {
    const withImages = qaArticle(article);
    const without = qaArticle({ ...article, images: [] });
    const added = withImages.filter((f) => !without.some((g) => JSON.stringify(g) === JSON.stringify(f)));
    expect(added.map((f) => [f.code, f.severity, f.lang, f.segmentId])).toEqual([
      ['image-alt-missing', 'warning', 'ckb', article.images![0]!.id],
      ['image-alt-missing', 'warning', 'ckb', article.images![1]!.id],
    ]);
    expect(qaArticle(article, { langs: ['en', 'ar'] }).some((f) => f.code === 'image-alt-missing')).toBe(
      false,
    );
  });

  it('refuses to export an article whose image file has not arrived, naming the image', async () => {
    const file = path.join(library.dir, 'media', `${sha256(png)}.png`);
    const aside = `${file}.aside`;
    await fs.rename(file, aside);
    try {
      await expect(exportTo(path.join(root, 'out-missing'))).rejects.toThrow(
        /The file of image "building.png" .* is not in this library yet/,
      );
    } finally {
      await fs.rename(aside, file);
    }
  });
});

/** The Nu checker needs Java (on the CI machines); where it is missing the test is skipped, and says so. */
function hasJava(): boolean {
  const found = spawnSync('java', ['-version']).status === 0;
  if (!found) console.log('skipping the Nu HTML checker test of figures: java is not on PATH');
  return found;
}
