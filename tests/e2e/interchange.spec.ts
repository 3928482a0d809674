// Interchange with CAT tools from the app: an article's Arabic exported as XLIFF 2.0 (a real browser
// download), edited as OmegaT or Trados would, imported back and shown in the editor; a misaligned
// file and another article's file refused with nothing changed; the glossary imported from CSV and
// listed; the translation memory exported as TMX and imported back. Screenshots in en, ar and ckb.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { DOMParser } from '@xmldom/xmldom';
import type { Download, Locator, Page } from '@playwright/test';
import { xliff2js } from 'xliff';
import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const BUDGET = /Sulaymaniyah municipality unveils/;
const BUDGET_ID = 'pub-001-sulaymaniyah-budget';
const KIRKUK = /Kirkuk/;
const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';
const NEW_AR_P1 = 'نص عربي جديد من أداة الترجمة: بلدية السليمانية تقدّم مشروع موازنة ٢٠٢٥ <بعلامات> & رموز.';

const GLOSSARY_CSV =
  'en,ar,ckb,note\r\n' +
  'Sulaymaniyah,السليمانية,سلێمانی,City and province\r\n' +
  'Kurdistan Regional Government,حكومة إقليم كوردستان,حکوومەتی هەرێمی کوردستان,\r\n';

function paragraphRow(page: Page, n: number): Locator {
  return page.locator('.segment-row[data-kind="paragraph"]').nth(n);
}

async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', /saved|idle/);
}

async function downloaded(download: Download): Promise<string> {
  const file = await download.path();
  return readFileSync(file, 'utf8');
}

/** Clicks a button that downloads a file, and returns the file's suggested name and text. */
async function downloadFrom(page: Page, button: Locator): Promise<{ name: string; content: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), content: await downloaded(download) };
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * What a CAT tool does to a unit: a new target text and state. The unit is found by its type
 * (the nth paragraph), its <target> rewritten; nothing else in the file changes.
 */
function editParagraphTarget(
  xml: string,
  nth: number,
  text: string,
  state: string,
  subState: string,
): string {
  const units = [...xml.matchAll(/<unit id="[^"]+" type="pird:paragraph">[\s\S]*?<\/unit>/g)];
  const unit = units[nth]?.[0];
  if (!unit) throw new Error(`no paragraph unit ${nth} in the XLIFF file`);
  const edited = unit
    .replace(/state="[^"]+" subState="[^"]+"/, `state="${state}" subState="${subState}"`)
    .replace(
      /<target xml:space="preserve">[\s\S]*?<\/target>/,
      `<target xml:space="preserve">${xmlEscape(text)}</target>`,
    );
  return xml.replace(unit, edited);
}

async function openInterchange(page: Page): Promise<Locator> {
  await page.getByTestId('interchange-open').click();
  const dialog = page.locator('dialog.interchange-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

async function importXliffFile(page: Page, name: string, content: string): Promise<void> {
  await page.getByTestId('xliff-import-input').setInputFiles({
    name,
    mimeType: 'application/xliff+xml',
    buffer: Buffer.from(content, 'utf8'),
  });
}

// evaluate callbacks run in the page; the Node typecheck project has no DOM types.
interface PageGlobals {
  location: { hash: string };
}

/** WCAG 2 A/AA violations inside one part of the page (labels, contrast, lang, headings). */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  return axe.violations.map((violation) => `${violation.id}: ${violation.help}`);
}

/** Opens an article by id: the library shows headlines in the UI language, which differ per language. */
async function openArticleById(page: Page, id: string): Promise<void> {
  await page.evaluate((articleId) => {
    (globalThis as unknown as PageGlobals).location.hash = `#/article/${encodeURIComponent(articleId)}`;
  }, id);
  await expect(page.getByTestId('editor')).toBeVisible();
}

let exportedXliff = '';
let exportedName = '';

test('imports the corpus', async ({ app }) => {
  await importCorpus(app);
  await expect(app.getByTestId('library-table').getByRole('link', { name: BUDGET })).toBeVisible();
});

test('exports the article’s Arabic as XLIFF 2.0 through a download', async ({ app }) => {
  await openArticle(app, BUDGET);
  const dialog = await openInterchange(app);
  await expect(dialog.getByTestId('xliff-source')).toHaveText('English');
  // The source language is never offered as a target.
  await expect(dialog.getByTestId('xliff-target').locator('option')).toHaveText([
    'Arabic',
    'Kurdish (Sorani)',
  ]);
  await dialog.getByTestId('xliff-target').selectOption('ar');
  const file = await downloadFrom(app, dialog.getByTestId('xliff-export'));
  expect(file.name).toMatch(/^[a-z0-9-]+\.en-ar\.xlf$/);
  await expect(dialog.getByTestId('xliff-export-status')).toContainText(file.name);

  expect(file.content).toMatch(
    new RegExp(`<xliff xmlns="${XLIFF_NS}" version="2\\.0" srcLang="en" trgLang="ar">`),
  );
  // Read by a parser the export code does not use.
  const parsed = await xliff2js(file.content);
  expect(parsed).toMatchObject({ sourceLanguage: 'en', targetLanguage: 'ar' });
  const units = Object.values(parsed.resources)[0] ?? {};
  expect(Object.keys(units).length).toBeGreaterThanOrEqual(6);
  const firstParagraph = units['p1'] ?? Object.values(units)[3];
  expect(firstParagraph?.target).toMatch(/^قدمت بلدية السليمانية/);
  exportedXliff = file.content;
  exportedName = file.name;
});

test('imports an edited XLIFF back: summary, new text and status in the editor, kept after reload', async ({
  app,
}, testInfo) => {
  expect(exportedXliff, 'the export test ran first').not.toBe('');
  await openArticle(app, BUDGET);
  const arCell = paragraphRow(app, 0).locator('textarea[data-lang="ar"]');
  await expect(arCell).toHaveValue(/^قدمت بلدية السليمانية/);
  const dialog = await openInterchange(app);
  await importXliffFile(
    app,
    exportedName,
    editParagraphTarget(exportedXliff, 0, NEW_AR_P1, 'reviewed', 'pird:reviewed'),
  );
  const result = dialog.getByTestId('xliff-import-result');
  await expect(result).toBeVisible();
  const summary = dialog.getByTestId('xliff-import-summary');
  await expect(summary.locator('[data-key="updated"] dd')).toHaveAttribute('data-value', '1');
  await expect(summary.locator('[data-key="missing"] dd')).toHaveAttribute('data-value', '0');
  const change = result.locator('.interchange-changes li');
  await expect(change).toHaveCount(1);
  await expect(change).toContainText('Paragraph 1');
  await expect(change).toContainText('Reviewed');
  const changedText = change.locator('.interchange-change-text');
  await expect(changedText).toHaveAttribute('lang', 'ar');
  await expect(changedText).toHaveAttribute('dir', 'rtl');
  await expect(changedText).toHaveText(NEW_AR_P1);
  await saveScreenshot(app, testInfo, 'interchange-xliff-import-en');

  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(dialog).toBeHidden();
  // The editor shows the imported article at once, and it is stored.
  await expect(arCell).toHaveValue(NEW_AR_P1);
  await expect(paragraphRow(app, 0).locator('.cell[data-lang="ar"] select')).toHaveValue('reviewed');
  await expect(paragraphRow(app, 0).locator('textarea[data-lang="en"]')).toHaveValue(/^The Sulaymaniyah/);
  await app.reload();
  await expect(paragraphRow(app, 0).locator('textarea[data-lang="ar"]')).toHaveValue(NEW_AR_P1);
  await expect(paragraphRow(app, 0).locator('.cell[data-lang="ar"] select')).toHaveValue('reviewed');
});

test('refuses a file whose source no longer lines up, with the core’s reason, and changes nothing', async ({
  app,
}) => {
  await openArticle(app, BUDGET);
  const before = await paragraphRow(app, 1).locator('textarea[data-lang="ar"]').inputValue();
  const dialog = await openInterchange(app);
  // A CAT tool that edited the source as well as the target.
  const tampered = editParagraphTarget(
    exportedXliff,
    1,
    'نص لن يُستورد',
    'translated',
    'pird:translated',
  ).replace('Mayor Karwan Aziz told reporters', 'Mayor Karwan Aziz told journalists');
  await importXliffFile(app, 'tampered.xlf', tampered);
  const error = dialog.getByTestId('xliff-import-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('The file was not imported, and nothing was changed.');
  const detail = dialog.getByTestId('xliff-import-error-detail');
  await expect(detail).toContainText('does not line up');
  await expect(detail).toHaveAttribute('lang', 'en');
  await expect(dialog.getByTestId('xliff-import-result')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(paragraphRow(app, 1).locator('textarea[data-lang="ar"]')).toHaveValue(before);

  // Not XML at all: the same clear refusal.
  await openInterchange(app);
  await importXliffFile(app, 'notes.xlf', 'just some notes, not XLIFF');
  await expect(app.getByTestId('xliff-import-error-detail')).toContainText('Not an XLIFF file');
});

test('refuses, in another article’s editor, an XLIFF file that belongs to this one', async ({ app }) => {
  await openArticle(app, KIRKUK);
  const dialog = await openInterchange(app);
  await importXliffFile(
    app,
    exportedName,
    editParagraphTarget(exportedXliff, 0, 'لن يُستورد', 'final', 'pird:approved'),
  );
  const error = dialog.getByTestId('xliff-import-error');
  await expect(error).toHaveAttribute('data-error-code', 'other-article');
  await expect(error).toContainText('belongs to another article');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  // The budget article still has the text imported before.
  await app.getByRole('link', { name: 'Library' }).click();
  await openArticle(app, BUDGET);
  await expect(paragraphRow(app, 0).locator('textarea[data-lang="ar"]')).toHaveValue(NEW_AR_P1);
});

test('imports a glossary CSV from the glossary page and lists its entries', async ({ app }) => {
  await app.getByTestId('glossary-link').click();
  const page = app.getByTestId('glossary-view');
  await expect(page).toBeVisible();
  await expect(app).toHaveURL(/#\/glossary$/);
  await expect(page.getByTestId('glossary-empty')).toBeVisible();

  // A file of another kind is refused before anything is sent.
  await app.getByTestId('glossary-import-input').setInputFiles({
    name: 'terms.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(GLOSSARY_CSV, 'utf8'),
  });
  await expect(page.getByTestId('glossary-import-error')).toContainText(
    /\u2068?terms\.txt\u2069? is not a CSV or TBX file/,
  );

  await app.getByTestId('glossary-import-input').setInputFiles({
    name: 'newsroom-terms.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(GLOSSARY_CSV, 'utf8'),
  });
  const summary = page.getByTestId('glossary-import-summary');
  await expect(summary.locator('[data-key="entries"] dd')).toHaveAttribute('data-value', '2');
  await expect(summary.locator('[data-key="added"] dd')).toHaveAttribute('data-value', '2');
  await expect(summary.locator('[data-key="total"] dd')).toHaveAttribute('data-value', '2');
  await expect(page.getByTestId('glossary-import-error')).toHaveCount(0);

  const rows = page.getByTestId('glossary-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const sulaymaniyah = rows.filter({ hasText: 'Sulaymaniyah' });
  await expect(sulaymaniyah.locator('td[data-lang="ar"]')).toHaveText('السليمانية');
  await expect(sulaymaniyah.locator('td[data-lang="ar"]')).toHaveAttribute('dir', 'rtl');
  await expect(sulaymaniyah.locator('td[data-lang="ckb"]')).toHaveText('سلێمانی');
  await expect(sulaymaniyah.locator('td[data-lang="ckb"]')).toHaveAttribute('lang', 'ckb');
  await expect(sulaymaniyah.locator('td[data-column="note"]')).toHaveText('City and province');

  // Importing the same file again updates, never duplicates.
  await app.getByTestId('glossary-import-input').setInputFiles({
    name: 'newsroom-terms.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(GLOSSARY_CSV, 'utf8'),
  });
  await expect(summary.locator('[data-key="updated"] dd')).toHaveAttribute('data-value', '2');
  await expect(rows).toHaveCount(2);

  const csv = await downloadFrom(app, page.getByTestId('glossary-export-csv'));
  expect(csv.name).toBe('glossary.csv');
  expect(csv.content.split(/\r?\n/)[0]).toBe('en,ar,ckb,note');
  expect(csv.content).toContain('Sulaymaniyah,السليمانية,سلێمانی,City and province');
  const tbx = await downloadFrom(app, page.getByTestId('glossary-export-tbx'));
  expect(tbx.name).toBe('glossary.tbx');
  const tbxDoc = new DOMParser().parseFromString(tbx.content, 'text/xml');
  expect(tbxDoc.getElementsByTagName('termEntry').length).toBe(2);
});

test('exports the translation memory as TMX that parses, and imports it back', async ({ app }) => {
  await app.getByTestId('glossary-link').click();
  const page = app.getByTestId('glossary-view');
  await page.getByTestId('tmx-source').selectOption('en');
  await page.getByTestId('tmx-target').selectOption('ar');
  const tmx = await downloadFrom(app, page.getByTestId('tmx-export'));
  expect(tmx.name).toBe('pird-tm.en-ar.tmx');
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') errors.push(message);
    },
  }).parseFromString(tmx.content, 'text/xml');
  expect(errors).toEqual([]);
  const root = doc.documentElement!;
  expect(root.tagName).toBe('tmx');
  expect(root.getAttribute('version')).toBe('1.4');
  const units = doc.getElementsByTagName('tu');
  // The paragraph the XLIFF import marked reviewed is a trusted pair; its hostile characters stay text.
  expect(units.length).toBeGreaterThanOrEqual(1);
  const segs = doc.getElementsByTagName('seg');
  const segTexts = Array.from({ length: segs.length }, (_, i) => segs.item(i)?.textContent);
  expect(segTexts).toContain(NEW_AR_P1);
  const exportedPairs = page.getByTestId('tmx-export-summary').locator('[data-key="units"] dd');
  await expect(exportedPairs).toHaveAttribute('data-value', String(units.length));

  await app.getByTestId('tmx-import-input').setInputFiles({
    name: tmx.name,
    mimeType: 'application/x-tmx+xml',
    buffer: Buffer.from(tmx.content, 'utf8'),
  });
  const summary = page.getByTestId('tmx-import-summary');
  await expect(summary.locator('[data-key="units"] dd')).toHaveAttribute('data-value', String(units.length));
  await expect(summary.locator('[data-key="total"] dd')).toHaveAttribute('data-value', String(units.length));

  await app.getByTestId('tmx-import-input').setInputFiles({
    name: 'broken.tmx',
    mimeType: 'application/x-tmx+xml',
    buffer: Buffer.from('<tmx version="1.4"><header/>', 'utf8'),
  });
  await expect(page.getByTestId('tmx-import-error')).toContainText('The file was not imported');
  // Switching one side to the other's language disables the export and says why.
  await page.getByTestId('tmx-target').selectOption('en');
  await expect(page.getByTestId('tmx-export')).toBeDisabled();
});

for (const lang of ['en', 'ar', 'ckb'] as const) {
  test(`lays out the interchange dialog and the glossary page in ${lang}`, async ({ app }, testInfo) => {
    await setUiLanguage(app, lang);
    const rtl = lang !== 'en';
    await expect(app.locator('html')).toHaveAttribute('dir', rtl ? 'rtl' : 'ltr');
    await app.getByTestId('glossary-link').click();
    const page = app.getByTestId('glossary-view');
    await expect(page.getByTestId('glossary-table').locator('tbody tr')).toHaveCount(2);
    // The Arabic term column sits to the right of the English one in LTR, to the left in RTL.
    const row = page.getByTestId('glossary-table').locator('tbody tr').first();
    const enBox = await row.locator('td[data-lang="en"]').boundingBox();
    const arBox = await row.locator('td[data-lang="ar"]').boundingBox();
    expect(enBox && arBox).toBeTruthy();
    if (enBox && arBox) expect(arBox.x > enBox.x).toBe(!rtl);
    await expect(row.locator('td[data-lang="en"]')).toHaveAttribute('dir', 'ltr');
    expect(await axeViolations(app, '[data-testid="glossary-view"]')).toEqual([]);
    await saveScreenshot(app, testInfo, `interchange-glossary-${lang}`);

    await openArticleById(app, BUDGET_ID);
    const dialog = await openInterchange(app);
    await dialog.getByTestId('xliff-target').selectOption('ckb');
    const file = await downloadFrom(app, dialog.getByTestId('xliff-export'));
    expect(file.name).toMatch(/\.en-ckb\.xlf$/);
    const text = `دەقی نوێی کوردی (${lang}) لە ئامرازی وەرگێڕانەوە.`;
    await importXliffFile(
      app,
      file.name,
      editParagraphTarget(file.content, 1, text, 'translated', 'pird:translated'),
    );
    const changed = dialog.getByTestId('xliff-import-result').locator('.interchange-change-text');
    await expect(changed).toHaveText(text);
    await expect(changed).toHaveAttribute('dir', 'rtl');
    expect(await axeViolations(app, 'dialog.interchange-dialog')).toEqual([]);
    await saveScreenshot(app, testInfo, `interchange-xliff-import-${lang}`);
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(paragraphRow(app, 1).locator('textarea[data-lang="ckb"]')).toHaveValue(text);
    await expectSaved(app);
  });
}

test('adds, edits and deletes glossary entries on the glossary page, in every interface language', async ({
  app,
}, testInfo) => {
  await app.getByTestId('glossary-link').click();
  const page = app.getByTestId('glossary-view');
  const rows = page.getByTestId('glossary-table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const form = page.getByTestId('glossary-entry-form');

  for (const lang of ['en', 'ar', 'ckb'] as const) {
    await setUiLanguage(app, lang);
    await page.getByTestId('glossary-add').click();
    await expect(form).toBeVisible();
    // Each field writes in its own language and direction, whatever the interface's.
    await expect(form.getByTestId('glossary-term-en')).toBeFocused();
    await expect(form.getByTestId('glossary-term-ar')).toHaveAttribute('dir', 'rtl');
    await expect(form.getByTestId('glossary-term-ckb')).toHaveAttribute('lang', 'ckb');
    await expect(form.getByTestId('glossary-save')).toBeDisabled();
    expect(await axeViolations(app, '[data-testid="glossary-entry-form"]')).toEqual([]);
    await saveScreenshot(app, testInfo, `glossary-entry-form-${lang}`);
    await form.getByTestId('glossary-cancel').click();
    await expect(form).toHaveCount(0);
  }
  await setUiLanguage(app, 'en');

  // A new entry, its texts trimmed by the core.
  await page.getByTestId('glossary-add').click();
  await form.getByTestId('glossary-term-en').fill('  al-Sudani ');
  await form.getByTestId('glossary-term-ar').fill('السوداني');
  await form.getByTestId('glossary-note').fill('Prime minister');
  await form.getByTestId('glossary-save').click();
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('glossary-change-status')).toHaveText('Entry saved.');
  await expect(rows).toHaveCount(3);
  const sudani = rows.filter({ hasText: 'al-Sudani' });
  await expect(sudani.locator('td[data-lang="en"]')).toHaveText('al-Sudani');
  await expect(sudani.locator('td[data-lang="ar"]')).toHaveText('السوداني');

  // Editing adds its Sorani term; a term another entry has is refused, with the form kept.
  await sudani.getByTestId('glossary-edit').click();
  await expect(form.getByTestId('glossary-term-en')).toHaveValue('al-Sudani');
  await form.getByTestId('glossary-term-ckb').fill('سوودانی');
  await form.getByTestId('glossary-term-ar').fill('السليمانية');
  await form.getByTestId('glossary-save').click();
  const error = form.getByTestId('glossary-save-error');
  await expect(error).toContainText('The entry was not saved.');
  await expect(error).toHaveAttribute('data-error-code', 'invalid-input');
  await expect(error.getByTestId('glossary-save-error-detail')).toContainText('السليمانية');
  await form.getByTestId('glossary-term-ar').fill('السوداني');
  await form.getByTestId('glossary-save').click();
  await expect(form).toHaveCount(0);
  await expect(sudani.locator('td[data-lang="ckb"]')).toHaveText('سوودانی');

  await app.reload();
  await expect(sudani.locator('td[data-lang="ckb"]')).toHaveText('سوودانی');

  // Deleting asks first; cancelling keeps the entry.
  await sudani.getByTestId('glossary-delete').click();
  await expect(sudani).toContainText('Delete this entry?');
  await saveScreenshot(app, testInfo, 'glossary-confirm-delete-en');
  await sudani.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows).toHaveCount(3);
  await sudani.getByTestId('glossary-delete').click();
  await sudani.getByTestId('glossary-confirm-delete').click();
  await expect(page.getByTestId('glossary-change-status')).toHaveText('Entry deleted.');
  await expect(rows).toHaveCount(2);
  await app.reload();
  await expect(app.getByTestId('glossary-table').locator('tbody tr')).toHaveCount(2);
});

test('shows what the imported memory holds and removes it after asking', async ({ app }, testInfo) => {
  await setUiLanguage(app, 'ar');
  await app.getByTestId('glossary-link').click();
  const page = app.getByTestId('glossary-view');
  // The TMX imported above: its pairs, per direction, named in the interface's language.
  const summary = page.getByTestId('tmx-imported-summary');
  await expect(summary.locator('[data-key="total"] dd')).not.toHaveAttribute('data-value', '0');
  await expect(summary.locator('[data-key="en-ar"] dt')).toHaveText('من الإنكليزية إلى العربية');
  await page.getByTestId('tmx-imported').scrollIntoViewIfNeeded();
  expect(await axeViolations(app, '[data-testid="tmx-section"]')).toEqual([]);
  await saveScreenshot(app, testInfo, 'tmx-imported-ar');
  await setUiLanguage(app, 'en');

  await page.getByTestId('tmx-clear').click();
  await expect(page.getByTestId('tmx-section')).toContainText('Remove every imported pair?');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(summary).toBeVisible();
  await page.getByTestId('tmx-clear').click();
  await saveScreenshot(app, testInfo, 'tmx-confirm-clear-en');
  await page.getByTestId('tmx-confirm-clear').click();
  await expect(page.getByTestId('tmx-clear-status')).toHaveText('Imported memory removed.');
  await expect(page.getByTestId('tmx-imported-none')).toHaveText('No memory has been imported.');
  await expect(page.getByTestId('tmx-clear')).toHaveCount(0);
  await app.reload();
  await expect(app.getByTestId('tmx-imported-none')).toBeVisible();
});

test('says when the imported memory cannot be read, and sets the file aside to start again', async ({
  app,
  host,
}) => {
  writeFileSync(
    path.join(host.libraryDir, 'tm-imported.json'),
    '{"format": "pird.tm", "version": 2, "units": [',
  );
  await app.getByTestId('glossary-link').click();
  const page = app.getByTestId('glossary-view');
  const error = page.getByTestId('tmx-imported-error');
  await expect(error).toContainText('The imported memory cannot be read.');
  await expect(error).toHaveAttribute('data-error-code', 'unreadable');
  await page.getByTestId('tmx-clear').click();
  await page.getByTestId('tmx-confirm-clear').click();
  await expect(page.getByTestId('tmx-clear-status')).toContainText(
    /moved aside as \u2068?tm-imported\.set-aside-\d+\.json/,
  );
  await expect(page.getByTestId('tmx-imported-none')).toBeVisible();
  await expect(error).toHaveCount(0);
  const aside = readdirSync(host.libraryDir).filter((name) => name.startsWith('tm-imported.set-aside-'));
  expect(aside).toHaveLength(1);
  expect(readFileSync(path.join(host.libraryDir, aside[0]!), 'utf8')).toBe(
    '{"format": "pird.tm", "version": 2, "units": [',
  );
});
