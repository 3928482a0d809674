// Issue 3 in the browser: the editor's QA panel (the corpus's planted number error, stripping hidden
// direction characters without touching ZWNJ) and export from the editor and the library (a clean
// article, one blocked by QA and exported anyway, an edition, a selection), checked on disk.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const BUDGET = /Sulaymaniyah municipality unveils/;
const FILM = /Film shot on an iPhone 15/;
const KIRKUK = /Election commission extends/;
const BUDGET_ID = 'pub-001-sulaymaniyah-budget';
const FILM_ID = 'pub-003-duhok-short-film';
const KIRKUK_ID = 'pub-002-kirkuk-voter-cards';

let outRoot = '';
test.beforeAll(() => {
  outRoot = mkdtempSync(path.join(os.tmpdir(), 'pird-e2e-export-'));
});
test.afterAll(() => {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
});

interface Manifest {
  articleId: string;
  languages: string[];
  files: { path: string }[];
  qa: { errors: number; warnings: number };
  overrides: { lang: string; segmentId: string; code: string }[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function paragraph(page: Page, n: number, lang: 'en' | 'ar' | 'ckb'): Locator {
  return page.locator('.segment-row[data-kind="paragraph"]').nth(n).locator(`textarea[data-lang="${lang}"]`);
}

async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

function findings(page: Page, code?: string): Locator {
  const all = page.getByTestId('qa-panel').getByTestId('qa-finding');
  return code ? all.and(page.locator(`[data-code="${code}"]`)) : all;
}

async function openQa(page: Page): Promise<Locator> {
  const panel = page.getByTestId('qa-panel');
  if (!(await panel.isVisible())) await page.getByTestId('qa-open').click();
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  return panel;
}

/** Opens the export dialog (from the editor or the library) and fills the folder. */
async function fillExportForm(page: Page, outDir: string): Promise<Locator> {
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toHaveAttribute('data-step', 'form');
  await dialog.getByTestId('export-out-dir').fill(outDir);
  return dialog;
}

test('imports the corpus for the export tests', async ({ app }) => {
  await importCorpus(app);
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(4);
});

test('the QA panel finds the Arabic number error in paragraph 4 and a click focuses that cell', async ({
  app,
}) => {
  await openArticle(app, BUDGET);
  await expect(app.getByTestId('qa-status')).toContainText('Not checked yet');
  const panel = await openQa(app);
  await expect(panel.getByTestId('qa-summary')).toHaveText('1 error · No warnings');
  await expect(findings(app)).toHaveCount(1);
  const numbers = findings(app, 'numbers-differ');
  await expect(numbers).toHaveAttribute('data-severity', 'error');
  await expect(numbers).toHaveAttribute('data-lang', 'ar');
  await expect(numbers).toContainText('Error');
  await expect(numbers).toContainText('Paragraph 4');
  await expect(numbers).toContainText('Numbers differ');
  await expect(numbers).toContainText('In English: 21, 60; here: 12, 60');
  await expect(panel.locator('.qa-language[data-lang="ar"] h3')).toContainText('Arabic');
  // The status bar says the same, in words.
  await expect(app.getByTestId('qa-status')).toContainText('1 error');

  await numbers.getByRole('button', { name: /Numbers differ/ }).click();
  await expect(paragraph(app, 3, 'ar')).toBeFocused();
  await expect(paragraph(app, 3, 'ar')).toHaveValue(/بنسبة ١٢٪/);

  // Esc in the panel closes it (and does not leave the editor); the status bar opens it again.
  await panel.getByTestId('qa-run').focus();
  await app.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(app.getByTestId('editor')).toBeVisible();
  await app.getByTestId('qa-status').click();
  await expect(panel).toBeVisible();
  await expect(findings(app)).toHaveCount(1);
});

test('a cell hidden from view is shown when its finding is clicked', async ({ app }) => {
  await openArticle(app, BUDGET);
  await app.getByTestId('show-ar').uncheck();
  await expect(app.locator('.segment-grid textarea[data-lang="ar"]')).toHaveCount(0);
  await openQa(app);
  await findings(app, 'numbers-differ')
    .getByRole('button', { name: /Numbers differ/ })
    .click();
  await expect(paragraph(app, 3, 'ar')).toBeFocused();
  await expect(app.getByTestId('show-ar')).toBeChecked();
});

test('a typed U+202E is a bidi finding; Strip characters removes it and keeps the ZWNJ', async ({ app }) => {
  await openArticle(app, BUDGET);
  // Corpus T3: Sorani paragraph 3 holds پێش‌بینی with a ZWNJ (U+200C).
  const ckb = paragraph(app, 2, 'ckb');
  await expect(ckb).toHaveValue(/\u200c/);
  const before = await ckb.inputValue();
  await ckb.focus();
  await app.keyboard.press('Control+Home');
  await app.keyboard.insertText('\u202e');
  await app.keyboard.press('Control+End');
  await app.keyboard.insertText(' \u2067x\u2069');
  await expectSaved(app);
  const panel = await openQa(app);
  await panel.getByTestId('qa-run').click();
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  const bidi = findings(app, 'bidi-controls');
  await expect(bidi).toHaveCount(1);
  await expect(bidi).toHaveAttribute('data-lang', 'ckb');
  await expect(bidi).toContainText('Hidden direction characters');
  await expect(bidi).toContainText('Paragraph 3');
  await expect(bidi).toContainText('U+202E');
  await expect(panel.getByTestId('qa-summary')).toHaveText('2 errors · No warnings');

  await bidi.getByTestId('qa-strip').click();
  await expect(bidi).toHaveCount(0);
  await expect(panel.getByTestId('qa-summary')).toHaveText('1 error · No warnings');
  await expect(ckb).toBeFocused();
  await expect(ckb).toHaveValue(`${before} x`);
  const stripped = await ckb.inputValue();
  expect(stripped).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  expect(stripped).toContain('\u200c');
  await expectSaved(app);
  await app.reload();
  await expect(paragraph(app, 2, 'ckb')).toHaveValue(stripped);
  // Put the paragraph back as the corpus has it.
  await paragraph(app, 2, 'ckb').fill(before);
  await expectSaved(app);
});

test('screenshots the QA panel in en, ar and ckb', async ({ app }, testInfo) => {
  await openArticle(app, BUDGET);
  // A bidi finding as well, so the panel shows a fix button; removed again at the end.
  const ckb = paragraph(app, 2, 'ckb');
  const before = await ckb.inputValue();
  await ckb.focus();
  await app.keyboard.press('Control+Home');
  await app.keyboard.insertText('\u202e');
  await expectSaved(app);
  const panel = await openQa(app);
  await panel.getByTestId('qa-run').click();
  await expect(findings(app)).toHaveCount(2);
  await findings(app, 'numbers-differ').getByRole('button').first().click();
  await saveScreenshot(app, testInfo, 'qa-en');

  await setUiLanguage(app, 'ar');
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(panel.getByRole('heading', { name: 'تدقيق الجودة' })).toBeVisible();
  await expect(panel.getByTestId('qa-summary')).toHaveText('خطآن · لا توجد تحذيرات');
  await expect(findings(app, 'numbers-differ')).toContainText('الفقرة ٤');
  await expect(findings(app, 'numbers-differ')).toContainText('الأرقام غير متطابقة');
  await expect(findings(app, 'numbers-differ')).toContainText('في الإنكليزية: ٢١، ٦٠؛ وهنا: ١٢، ٦٠');
  await expect(findings(app, 'bidi-controls').getByTestId('qa-strip')).toHaveText('إزالة الرموز');
  await saveScreenshot(app, testInfo, 'qa-ar');

  await setUiLanguage(app, 'ckb');
  await expect(panel.getByRole('heading', { name: 'پشکنینی جۆرایەتی' })).toBeVisible();
  await expect(panel.getByTestId('qa-summary')).toHaveText('٢ هەڵە · هیچ ئاگادارکردنەوەیەک نییە');
  await expect(findings(app, 'numbers-differ')).toContainText('ژمارەکان یەک ناگرنەوە');
  await expect(findings(app, 'bidi-controls').getByTestId('qa-strip')).toHaveText('لابردنی نیشانەکان');
  await saveScreenshot(app, testInfo, 'qa-ckb');

  await setUiLanguage(app, 'en');
  await findings(app, 'bidi-controls').getByTestId('qa-strip').click();
  await expect(findings(app)).toHaveCount(1);
  await expect(ckb).toHaveValue(before);
  await expectSaved(app);
});

test('exports 003 (no QA errors) from the editor: progress, summary, files on disk', async ({ app }) => {
  const outDir = path.join(outRoot, 'single');
  await openArticle(app, FILM);
  await app.getByTestId('export-open').click();
  const dialog = await fillExportForm(app, outDir);
  await expect(dialog.getByTestId('export-what')).toHaveText('This article, with its translations');
  // Hold the answer back a moment: the progress bar must already show what the events said.
  await app.route('**/api/bundle.export', async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await route.fulfill({ response });
  });
  await dialog.getByTestId('export-submit').click();
  await expect(dialog.getByTestId('export-progress')).toContainText('Bundles written: 1 of 1');
  const summary = dialog.getByTestId('export-summary');
  await expect(summary).toBeVisible();
  await app.unroute('**/api/bundle.export');
  await expect(summary).toContainText('1 bundle exported');
  await expect(summary.getByTestId('export-out-path')).toHaveText(outDir);
  const rows = summary.getByTestId('export-bundle');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-article-id', FILM_ID);
  await expect(rows.first()).toContainText('Film shot on an iPhone 15');
  await expect(rows.first()).toContainText('Folder');
  await expect(summary.getByTestId('export-skipped')).toHaveText('No article skipped');
  const bundlePath = (await rows.first().getByTestId('export-bundle-path').textContent()) ?? '';
  expect(path.dirname(bundlePath)).toBe(outDir);

  // Copy path puts the path on the clipboard.
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await rows.first().getByTestId('copy-path').click();
  await expect(rows.first().getByRole('status')).toHaveText('Copied');
  // The Node typecheck project has no DOM types: describe the little the callback touches.
  const clipboard = await app.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
  expect(clipboard).toBe(bundlePath);

  expect(existsSync(path.join(bundlePath, 'manifest.json'))).toBe(true);
  for (const lang of ['en', 'ar', 'ckb']) {
    expect(existsSync(path.join(bundlePath, lang, 'index.html')), lang).toBe(true);
    expect(existsSync(path.join(bundlePath, lang, 'article.md')), lang).toBe(true);
  }
  const manifest = readJson<Manifest>(path.join(bundlePath, 'manifest.json'));
  expect(manifest.articleId).toBe(FILM_ID);
  expect(manifest.languages).toEqual(['en', 'ar', 'ckb']);
  expect(manifest.overrides).toEqual([]);
  await dialog.getByTestId('export-close').click();
  await expect(dialog).toBeHidden();
});

test('001 is blocked by QA; Export anyway writes it and the manifest records the override', async ({
  app,
}) => {
  const outDir = path.join(outRoot, 'forced');
  await openArticle(app, BUDGET);
  await app.getByTestId('export-open').click();
  const dialog = await fillExportForm(app, outDir);
  await dialog.getByTestId('export-submit').click();
  const report = dialog.getByTestId('export-report');
  await expect(report).toBeVisible();
  await expect(report).toContainText('The quality check found errors, so nothing was exported.');
  await expect(report.getByTestId('qa-finding')).toHaveCount(1);
  await expect(report.getByTestId('qa-finding')).toContainText('Paragraph 4');
  expect(existsSync(outDir)).toBe(false);

  await dialog.getByTestId('export-anyway').click();
  const summary = dialog.getByTestId('export-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('1 bundle exported');
  await expect(summary.getByTestId('export-overridden')).toBeVisible();
  const bundlePath = (await summary.getByTestId('export-bundle-path').textContent()) ?? '';
  const manifest = readJson<Manifest>(path.join(bundlePath, 'manifest.json'));
  expect(manifest.articleId).toBe(BUDGET_ID);
  expect(manifest.qa.errors).toBe(1);
  expect(manifest.overrides).toEqual([
    expect.objectContaining({ lang: 'ar', segmentId: 'p4', code: 'numbers-differ' }),
  ]);
  for (const lang of ['en', 'ar', 'ckb'])
    expect(existsSync(path.join(bundlePath, lang, 'index.html'))).toBe(true);
  await dialog.getByTestId('export-close').click();
});

test('a click on a finding in the export report goes to that cell with the QA panel open', async ({
  app,
}) => {
  await openArticle(app, BUDGET);
  await app.getByTestId('export-open').click();
  const dialog = await fillExportForm(app, path.join(outRoot, 'not-written'));
  await dialog.getByTestId('export-submit').click();
  await dialog.getByTestId('qa-finding').getByRole('button').click();
  await expect(dialog).toBeHidden();
  await expect(app.getByTestId('qa-panel')).toBeVisible();
  await expect(paragraph(app, 3, 'ar')).toBeFocused();
});

test('screenshots the export dialog in en, ar and ckb', async ({ app }, testInfo) => {
  await openArticle(app, BUDGET);
  for (const lang of ['en', 'ar', 'ckb'] as const) {
    await setUiLanguage(app, lang);
    await app.getByTestId('export-open').click();
    const dialog = await fillExportForm(app, path.join(outRoot, 'screenshots'));
    await saveScreenshot(app, testInfo, `export-form-${lang}`);
    await dialog.getByTestId('export-submit').click();
    await expect(dialog.getByTestId('export-report')).toBeVisible();
    if (lang === 'ar') await expect(dialog.getByTestId('export-anyway')).toHaveText('تصدير رغم ذلك');
    if (lang === 'ckb')
      await expect(dialog.getByTestId('export-anyway')).toHaveText('لەگەڵ ئەوەشدا هەناردە بکە');
    await saveScreenshot(app, testInfo, `export-${lang}`);
    await dialog.getByTestId('export-anyway').click();
    await expect(dialog.getByTestId('export-summary')).toBeVisible();
    if (lang === 'ar')
      await expect(dialog.getByTestId('export-summary')).toContainText('تم تصدير حزمة واحدة');
    if (lang === 'ckb')
      await expect(dialog.getByTestId('export-summary')).toContainText('یەک پاکێج هەناردە کرا');
    await saveScreenshot(app, testInfo, `export-summary-${lang}`);
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
  await setUiLanguage(app, 'en');
});

test('exports an edition (a day, optionally a desk) from the library, with edition.json', async ({ app }) => {
  for (const [headline, desk] of [
    [FILM, 'Culture'],
    [KIRKUK, 'Politics'],
  ] as const) {
    await openArticle(app, headline);
    await app.getByTestId('meta-desk').fill(desk);
    await app.getByTestId('meta-editionDate').fill('2026-11-25');
    await app.getByTestId('meta-byline').click(); // blur saves at once
    await expectSaved(app);
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('library-table')).toBeVisible();
  }

  // One desk of the edition.
  await app.getByTestId('export-edition').click();
  let dialog = app.getByTestId('export-dialog');
  await expect(dialog.getByTestId('export-edition-date')).toHaveValue('2026-11-25');
  await expect(dialog.getByTestId('export-edition-count')).toHaveText('2 articles in this edition');
  await dialog.getByTestId('export-edition-desk').selectOption('Culture');
  await expect(dialog.getByTestId('export-edition-count')).toHaveText('1 article in this edition');
  const cultureDir = path.join(outRoot, 'edition-culture');
  await fillExportForm(app, cultureDir);
  await dialog.getByTestId('export-submit').click();
  let summary = dialog.getByTestId('export-summary');
  await expect(summary).toContainText('1 bundle exported');
  await expect(summary.getByTestId('export-edition-file')).toHaveText(path.join(cultureDir, 'edition.json'));
  const edition = readJson<{ date: string; desk: string | null; bundles: { articleId: string }[] }>(
    path.join(cultureDir, 'edition.json'),
  );
  expect(edition).toMatchObject({ date: '2026-11-25', desk: 'Culture', bundles: [{ articleId: FILM_ID }] });
  await dialog.getByTestId('export-close').click();

  // The whole edition in English and Arabic only: 002's missing Sorani paragraph (T2) is not checked.
  await app.getByTestId('export-edition').click();
  dialog = app.getByTestId('export-dialog');
  const wholeDir = path.join(outRoot, 'edition-all');
  await fillExportForm(app, wholeDir);
  await dialog.getByTestId('export-lang-ckb').uncheck();
  await dialog.getByTestId('export-submit').click();
  summary = dialog.getByTestId('export-summary');
  await expect(summary).toContainText('2 bundles exported');
  await expect(summary.getByTestId('export-bundle')).toHaveCount(2);
  const all = readJson<{
    desk: string | null;
    languages: string[];
    bundles: { articleId: string; path: string }[];
  }>(path.join(wholeDir, 'edition.json'));
  expect(all.desk).toBeNull();
  expect(all.languages).toEqual(['en', 'ar']);
  expect(all.bundles.map((b) => b.articleId).sort()).toEqual([KIRKUK_ID, FILM_ID]);
  for (const bundle of all.bundles) {
    expect(readdirSync(path.join(wholeDir, bundle.path)).sort()).toEqual(['ar', 'en', 'manifest.json']);
  }
  await dialog.getByTestId('export-close').click();
});

test('exports selected rows as zips; a finding in the report opens the article at that cell', async ({
  app,
}) => {
  const table = app.getByTestId('library-table');
  await table.locator(`tr[data-article-id="${FILM_ID}"]`).getByTestId('select-article').check();
  await table.locator(`tr[data-article-id="${KIRKUK_ID}"]`).getByTestId('select-article').check();
  await expect(app.getByTestId('selected-count')).toHaveText('2 articles selected');
  await setUiLanguage(app, 'ar');
  await expect(app.getByTestId('selected-count')).toHaveText('مادتان محددتان');
  await saveScreenshot(app, test.info(), 'library-selection-ar');
  await setUiLanguage(app, 'en');
  await app.getByTestId('export-selected').click();
  const dialog = app.getByTestId('export-dialog');
  await expect(dialog.getByTestId('export-what')).toHaveText('2 articles selected');
  const zipDir = path.join(outRoot, 'zips');
  await fillExportForm(app, zipDir);
  await dialog.getByTestId('export-lang-ckb').check();
  await dialog.getByTestId('export-zip').check();
  await dialog.getByTestId('export-submit').click();
  // Corpus T2: 002's Sorani paragraph 4 is empty.
  const finding = dialog.getByTestId('qa-finding');
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute('data-code', 'missing-translation');
  await expect(finding).toContainText('Paragraph 4');
  await expect(finding).toContainText('Missing translation');
  await dialog.getByTestId('export-anyway').click();
  await expect(dialog.getByTestId('export-summary')).toContainText('2 bundles exported');
  const zips = readdirSync(zipDir).filter((name) => name.endsWith('.zip'));
  expect(zips).toHaveLength(2);
  await expect(dialog.locator('[data-testid="export-bundle"][data-kind="zip"]')).toHaveCount(2);
  await dialog.getByTestId('export-close').click();

  // Again, then follow the finding: the editor opens 002 at Sorani paragraph 4, with the panel.
  await app.getByTestId('export-selected').click();
  await dialog.getByTestId('export-submit').click();
  await dialog.getByTestId('qa-finding').getByRole('button').click();
  await expect(app.getByTestId('editor')).toBeVisible();
  await expect(app.getByTestId('qa-panel')).toBeVisible();
  await expect(paragraph(app, 3, 'ckb')).toBeFocused();
  await expect(findings(app, 'missing-translation')).toHaveCount(1);
  await app.keyboard.press('Escape'); // closes nothing: the focus is in the cell, so back to the library
  await expect(app.getByTestId('library-table')).toBeVisible();
});

test('library settings: the required status level and the public base URL', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  const section = dialog.getByTestId('library-settings');
  await expect(section.getByTestId('required-status')).toHaveValue('translated');
  await expect(section.getByTestId('base-url')).toHaveValue('');
  await section.getByTestId('required-status').selectOption('reviewed');
  await section.getByTestId('base-url').fill('javascript:alert(1)');
  await dialog.getByTestId('settings-save').click();
  await expect(section.getByRole('alert')).toContainText('https://');
  await section.getByTestId('base-url').fill('https://news.example/');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();

  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(section.getByTestId('required-status')).toHaveValue('reviewed');
  await expect(section.getByTestId('base-url')).toHaveValue('https://news.example');
  await app.keyboard.press('Escape');

  // Texts imported as "translated" are now below the level the desk requires.
  await openArticle(app, FILM);
  await openQa(app);
  await expect(findings(app, 'status-below-required').first()).toContainText(
    'Status: Translated; the desk requires: Reviewed',
  );
  await app.getByTestId('qa-open').focus();
  await app.keyboard.press('Escape'); // outside the panel: back to the library
  await expect(app.getByTestId('library-table')).toBeVisible();

  await app.getByRole('button', { name: 'Settings' }).click();
  await section.getByTestId('required-status').selectOption('translated');
  await section.getByTestId('base-url').fill('');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();
});
