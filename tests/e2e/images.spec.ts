// Article images in the editor: add one from the file picker, see its thumbnail (served from the
// library's media store), write an Arabic caption, reload, and export a bundle that carries the
// image in media/ and in every page. Screenshots of the media section in en, ar and ckb.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { tinyPng } from '../unit/helpers/tiny-png.ts';
import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const FILM = /Film shot on an iPhone 15/;
const PNG = tinyPng(48, 32, [30, 90, 160]);
const SHA = createHash('sha256').update(PNG).digest('hex');
const AR_CAPTION = 'لقطة من الفيلم القصير في دهوك';

let outRoot = '';
test.beforeAll(() => {
  outRoot = mkdtempSync(path.join(os.tmpdir(), 'pird-e2e-images-'));
});
test.afterAll(() => {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
});

async function showAllLanguages(page: Page): Promise<void> {
  for (const lang of ['en', 'ar', 'ckb'] as const) {
    const box = page.getByTestId(`show-${lang}`);
    if (!(await box.isChecked())) await box.check();
  }
}

test('adds an image in the editor, captions it in Arabic, and keeps it after a reload', async ({
  app,
  host,
}) => {
  await importCorpus(app);
  await openArticle(app, FILM);
  await showAllLanguages(app);
  const section = app.getByTestId('images-section');
  await expect(section).toContainText('This article has no images yet.');

  // A document renamed to .png is judged by its bytes and refused, with a message.
  await app
    .getByTestId('image-file')
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('<svg/>') });
  await expect(app.getByTestId('image-notice')).toContainText('is not a JPEG, PNG, WebP or GIF image');
  await expect(app.getByTestId('image-item')).toHaveCount(0);

  await app
    .getByTestId('image-file')
    .setInputFiles({ name: 'duhok-film.png', mimeType: 'image/png', buffer: PNG });
  const item = app.getByTestId('image-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('duhok-film.png');
  await expect(item).toContainText('48 × 32 px');
  // The thumbnail is the stored file, served by the host.
  const thumb = item.getByTestId('image-thumb');
  await expect(thumb).toHaveAttribute('src', new RegExp(`^/media/${SHA}\\?token=`));
  await expect
    .poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
    .toBe(48);

  // No alt text yet: the QA panel warns once per language, and a click goes to that alt field.
  await app.getByTestId('qa-open').click();
  const panel = app.getByTestId('qa-panel');
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  const altFindings = panel.locator('[data-testid="qa-finding"][data-code="image-alt-missing"]');
  await expect(altFindings).toHaveCount(3);
  await expect(altFindings.first()).toHaveAttribute('data-severity', 'warning');
  const arFinding = altFindings.and(app.locator('[data-lang="ar"]'));
  await expect(arFinding).toContainText('Image without alt text');
  await expect(arFinding).toContainText(
    'Image 1 (\u2068duhok-film.png\u2069) has no alt text in this language.',
  );
  await arFinding.getByRole('button').click();
  await expect(item.getByTestId('image-alt-ar')).toBeFocused();
  await app.getByTestId('qa-open').click();

  // Each language's fields carry that language and its direction.
  const arCaption = item.getByTestId('image-caption-ar');
  await expect(arCaption).toHaveAttribute('lang', 'ar');
  await expect(arCaption).toHaveAttribute('dir', 'rtl');
  await expect(item.getByTestId('image-alt-en')).toHaveAttribute('dir', 'ltr');
  await arCaption.fill(AR_CAPTION);
  await item.getByTestId('image-alt-en').fill('A still from the short film');
  await item.getByTestId('image-alt-ar').fill('لقطة من الفيلم');
  await item.getByTestId('image-alt-ckb').fill('وێنەیەک لە فیلمەکە');
  await item.getByTestId('image-caption-en').focus(); // the last field's blur saves it

  // Saved in the library (the article file on disk) before the reload.
  const articleFile = path.join(host.libraryDir, 'articles', 'pub-003-duhok-short-film.json');
  await expect
    .poll(() => {
      const text = readFileSync(articleFile, 'utf8');
      return text.includes(AR_CAPTION) && text.includes('وێنەیەک لە فیلمەکە');
    })
    .toBe(true);
  await app.reload();
  await expect(app.getByTestId('editor')).toBeVisible();
  await showAllLanguages(app);
  await expect(app.getByTestId('image-caption-ar')).toHaveValue(AR_CAPTION);
  await expect(app.getByTestId('image-alt-ckb')).toHaveValue('وێنەیەک لە فیلمەکە');
});

test('screenshots of the media section in en, ar and ckb', async ({ app }, testInfo) => {
  await openArticle(app, FILM);
  await showAllLanguages(app);
  const section = app.getByTestId('images-section');
  for (const lang of ['en', 'ar', 'ckb'] as const) {
    await setUiLanguage(app, lang);
    await section.scrollIntoViewIfNeeded();
    await expect(section.getByTestId('image-thumb')).toBeVisible();
    await saveScreenshot(app, testInfo, `images-${lang}`);
  }
  await setUiLanguage(app, 'en');
});

test('exports a bundle that carries the image in media/ and shows it in every page', async ({ app }) => {
  const outDir = path.join(outRoot, 'bundle');
  await openArticle(app, FILM);
  await app.getByTestId('export-open').click();
  const dialog = app.getByTestId('export-dialog');
  await dialog.getByTestId('export-out-dir').fill(outDir);
  await dialog.getByTestId('export-submit').click();
  const summary = dialog.getByTestId('export-summary');
  await expect(summary).toBeVisible();
  const bundlePath = (await summary.getByTestId('export-bundle-path').first().textContent()) ?? '';
  expect(existsSync(bundlePath)).toBe(true);
  expect(readdirSync(path.join(bundlePath, 'media'))).toEqual([`${SHA}.png`]);
  expect(readFileSync(path.join(bundlePath, 'media', `${SHA}.png`)).equals(PNG)).toBe(true);
  const manifest = JSON.parse(readFileSync(path.join(bundlePath, 'manifest.json'), 'utf8')) as {
    files: { path: string; sha256: string; size: number }[];
  };
  expect(manifest.files).toContainEqual({ path: `media/${SHA}.png`, sha256: SHA, size: PNG.length });
  const ar = readFileSync(path.join(bundlePath, 'ar', 'index.html'), 'utf8');
  expect(ar).toContain(`<img src="../media/${SHA}.png" alt="لقطة من الفيلم" width="48" height="32">`);
  expect(ar).toContain(`<figcaption>${AR_CAPTION}</figcaption>`);
  expect(readFileSync(path.join(bundlePath, 'en', 'article.md'), 'utf8')).toContain(
    `![A still from the short film](../media/${SHA}.png)`,
  );
});

test('removes the image after asking', async ({ app }) => {
  await openArticle(app, FILM);
  await app.getByTestId('image-remove').click();
  await app.getByTestId('image-remove-confirm').click();
  await expect(app.getByTestId('image-item')).toHaveCount(0);
  await expect(app.getByTestId('images-section')).toContainText('This article has no images yet.');
});
