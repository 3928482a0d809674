import type { Locator, Page } from '@playwright/test';
import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const SEED = /Exclusive: U\.S\. Official/;
const FILM = /Film shot on an iPhone 15/;

function rows(page: Page): Locator {
  return page.locator('.segment-row[data-segment-id]');
}

function cell(page: Page, rowIndex: number, lang: 'en' | 'ar' | 'ckb'): Locator {
  return rows(page).nth(rowIndex).locator(`textarea[data-lang="${lang}"]`);
}

function paragraph(page: Page, n: number, lang: 'en' | 'ar' | 'ckb'): Locator {
  return page.locator('.segment-row[data-kind="paragraph"]').nth(n).locator(`textarea[data-lang="${lang}"]`);
}

// Callbacks passed to evaluate run in the page; the Node typecheck project has no DOM types, so they
// describe the little they touch.
interface TextField {
  value: string;
  setSelectionRange(start: number, end: number): void;
}

async function texts(page: Page, lang: 'en' | 'ar' | 'ckb'): Promise<string[]> {
  return rows(page)
    .locator(`textarea[data-lang="${lang}"]`)
    .evaluateAll((els) => els.map((el) => (el as unknown as TextField).value));
}

async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
}

test('imports the corpus for the editor tests', async ({ app }) => {
  await importCorpus(app);
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(4);
});

test('autosaves an Arabic paragraph and keeps its text and status after a reload', async ({ app }) => {
  await openArticle(app, SEED);
  await expect(rows(app)).toHaveCount(11);
  await expect(app.getByTestId('segment-count')).toHaveText('11 segments');
  const ar = paragraph(app, 0, 'ar');
  await ar.fill(
    'أكد مسؤول أمريكي رفيع، عاد للتو من بغداد، أن الحوار العسكري الجاري مع العراق لا ينبغي أن يسمى «مفاوضات».',
  );
  await expect(app.getByTestId('save-state')).toHaveText('Saving…');
  await expectSaved(app);
  const status = app
    .locator('.segment-row[data-kind="paragraph"]')
    .first()
    .locator('.cell[data-lang="ar"] select');
  await expect(status).toHaveValue('draft');
  await status.selectOption('reviewed');
  await expectSaved(app);
  await expect(
    app.locator('.segment-row[data-kind="paragraph"]').first().locator('.cell[data-lang="ar"]'),
  ).toContainText('Layla Hassan');

  await app.reload();
  await expect(app.getByTestId('editor')).toBeVisible();
  await expect(paragraph(app, 0, 'ar')).toHaveValue(/^أكد مسؤول أمريكي رفيع/);
  await expect(status).toHaveValue('reviewed');
  await expect(status.locator('option:checked')).toHaveText('Reviewed');
});

test('keeps typed text when a save fails, and stores it on retry', async ({ app }) => {
  await openArticle(app, SEED);
  await app.route('**/api/segments.setText', (route) => route.abort('connectionrefused'));
  const ckb = paragraph(app, 0, 'ckb');
  await ckb.fill('بەرپرسێکی باڵای ئەمریکی');
  await expect(app.getByTestId('save-state')).toContainText('Could not save — your text is kept');
  await expect(ckb).toHaveValue('بەرپرسێکی باڵای ئەمریکی');
  await app.unroute('**/api/segments.setText');
  await app.getByTestId('save-state').getByRole('button', { name: 'Retry' }).click();
  await expectSaved(app);
  await app.reload();
  await expect(paragraph(app, 0, 'ckb')).toHaveValue('بەرپرسێکی باڵای ئەمریکی');
});

test('gives every cell the lang and dir of its column, never of its text', async ({ app }) => {
  await openArticle(app, FILM);
  const textareas = app.locator('.segment-row[data-segment-id] textarea');
  await expect(textareas).toHaveCount(8 * 3);
  for (const lang of ['en', 'ar', 'ckb'] as const) {
    const column = app.locator(`.cell[data-lang="${lang}"] textarea`);
    await expect(column).toHaveCount(8);
    const rtl = lang !== 'en';
    for (const textarea of await column.all()) {
      await expect(textarea).toHaveAttribute('lang', lang);
      await expect(textarea).toHaveAttribute('dir', rtl ? 'rtl' : 'ltr');
      await expect(textarea).toHaveCSS('direction', rtl ? 'rtl' : 'ltr');
      await expect(textarea).not.toHaveCSS('unicode-bidi', 'plaintext');
      if (rtl) await expect(textarea).toHaveCSS('font-family', /Vazirmatn/);
    }
  }
  // Corpus trap T5: the Arabic headline contains "iPhone 15"; the cell is still right-to-left.
  const arHeadline = app.locator('.segment-row[data-kind="headline"] textarea[data-lang="ar"]');
  await expect(arHeadline).toHaveValue(/iPhone 15/);
  await expect(arHeadline).toHaveAttribute('dir', 'rtl');
  await expect(arHeadline).toHaveAttribute('lang', 'ar');
});

test('saves hostile text exactly and shows it as text, never as markup', async ({ app }) => {
  const hostile = '<img src=x onerror=window.__pwned=1> <script>window.__pwned=1</script> \u202Eevil\u202C';
  await openArticle(app, SEED);
  const arHeadline = app.locator('.segment-row[data-kind="headline"] textarea[data-lang="ar"]');
  await arHeadline.fill(hostile);
  await expectSaved(app);
  await app.reload();
  await expect(arHeadline).toHaveValue(hostile);
  // The Arabic UI shows the Arabic headline in the library: as text.
  await setUiLanguage(app, 'ar');
  await app.keyboard.press('Escape');
  const shown = app.getByTestId('library-table').locator('.headline-text', { hasText: '<img src=x' });
  await expect(shown).toHaveText(hostile);
  await expect(shown).toHaveAttribute('dir', 'rtl');
  expect(await app.locator('img, script:not([src])').count()).toBe(0);
  expect(await app.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await setUiLanguage(app, 'en');
});

test('split, merge, insert, move and delete keep the other languages aligned', async ({ app }) => {
  await openArticle(app, SEED);
  await expect(rows(app)).toHaveCount(11);
  const enBefore = await texts(app, 'en');
  const arBefore = await texts(app, 'ar');
  const ckbBefore = await texts(app, 'ckb');

  // Split English paragraph 2 (row 4) after its first sentence.
  const en = cell(app, 4, 'en');
  const original = enBefore[4] ?? '';
  const cut = original.indexOf('. ') + 2;
  await en.focus();
  await en.evaluate((el, at) => (el as unknown as TextField).setSelectionRange(at, at), cut);
  await rows(app).nth(4).getByRole('button', { name: 'Split at cursor' }).click();
  await expect(rows(app)).toHaveCount(12);
  await expect(cell(app, 4, 'en')).toHaveValue(original.slice(0, cut).trimEnd());
  await expect(cell(app, 5, 'en')).toHaveValue(original.slice(cut).trimStart());
  // Languages without a cursor keep their text in the first part; the rows after keep their pairs.
  await expect(cell(app, 4, 'ar')).toHaveValue(arBefore[4] ?? '');
  await expect(cell(app, 5, 'ar')).toHaveValue('');
  await expect(cell(app, 6, 'en')).toHaveValue(enBefore[5] ?? '');
  await expect(cell(app, 6, 'ckb')).toHaveValue(ckbBefore[5] ?? '');

  // Merge it back.
  await rows(app).nth(4).getByRole('button', { name: 'Merge with next' }).click();
  await expect(rows(app)).toHaveCount(11);
  await expect(cell(app, 4, 'en')).toHaveValue(original);
  expect((await texts(app, 'ar')).slice(5)).toEqual(arBefore.slice(5));

  // Insert an empty paragraph after row 3: every language gets an empty cell there.
  await rows(app).nth(3).getByRole('button', { name: 'Insert paragraph after' }).click();
  await expect(rows(app)).toHaveCount(12);
  for (const lang of ['en', 'ar', 'ckb'] as const) await expect(cell(app, 4, lang)).toHaveValue('');
  await expect(cell(app, 4, 'en')).toBeFocused();
  expect((await texts(app, 'ckb')).slice(5)).toEqual(ckbBefore.slice(4));

  // Delete it again (after confirming).
  await rows(app).nth(4).getByRole('button', { name: 'Delete' }).click();
  await app.getByTestId('confirm-delete').click();
  await expect(rows(app)).toHaveCount(11);
  expect((await texts(app, 'ckb')).slice(4)).toEqual(ckbBefore.slice(4));

  // Move paragraph 1 (row 3) down and back up: its translations travel with it.
  const id = await rows(app).nth(3).getAttribute('data-segment-id');
  await rows(app).nth(3).getByRole('button', { name: 'Move down' }).click();
  await expect(rows(app).nth(4)).toHaveAttribute('data-segment-id', id ?? '');
  await expect(cell(app, 4, 'ar')).toHaveValue(arBefore[3] ?? '');
  await expect(cell(app, 3, 'en')).toHaveValue(/^The official highlighted/);
  await rows(app).nth(4).getByRole('button', { name: 'Move up' }).click();
  await expect(rows(app).nth(3)).toHaveAttribute('data-segment-id', id ?? '');
  expect(await texts(app, 'ar')).toEqual(arBefore);

  // The paragraph labels follow the new order.
  await expect(rows(app).nth(3).locator('.segment-label')).toHaveText('Paragraph 1');
  await app.reload();
  await expect(rows(app)).toHaveCount(11);
  expect(await texts(app, 'ckb')).toEqual(ckbBefore);
});

test('moves between segments and panes from the keyboard and marks a cell translated', async ({ app }) => {
  await openArticle(app, FILM);
  await paragraph(app, 0, 'ar').focus();
  await app.keyboard.press('Alt+ArrowDown');
  await expect(paragraph(app, 1, 'ar')).toBeFocused();
  await app.keyboard.press('Alt+ArrowDown');
  await expect(paragraph(app, 2, 'ar')).toBeFocused();
  await app.keyboard.press('Alt+ArrowUp');
  await expect(paragraph(app, 1, 'ar')).toBeFocused();
  await app.keyboard.press('Control+.');
  await expect(paragraph(app, 1, 'ckb')).toBeFocused();
  await app.keyboard.press('Control+.');
  await expect(paragraph(app, 1, 'en')).toBeFocused(); // wraps to the first pane (the source)
  await app.keyboard.press('Control+Shift+.');
  await expect(paragraph(app, 1, 'ckb')).toBeFocused();

  const status = app
    .locator('.segment-row[data-kind="paragraph"]')
    .nth(1)
    .locator('.cell[data-lang="ckb"] select');
  await status.selectOption('draft');
  await expectSaved(app);
  await paragraph(app, 1, 'ckb').focus();
  await app.keyboard.press('Control+Enter');
  await expect(status).toHaveValue('translated');
  await expect(paragraph(app, 2, 'ckb')).toBeFocused();
  await expectSaved(app);

  await app.keyboard.press('Escape');
  await expect(app.getByTestId('library-table')).toBeVisible();
});

test('saves the article details on blur and shows them in the library', async ({ app }) => {
  await openArticle(app, FILM);
  await app.getByTestId('meta-desk').fill('Culture');
  await app.getByTestId('meta-editionDate').fill('2026-11-25');
  await expect(app.locator('.meta-form')).toContainText('25 November 2026');
  await app.getByTestId('meta-tags').fill('film, Duhok، iPhone');
  await app.getByTestId('meta-byline').click(); // blur saves at once
  await expectSaved(app);
  await app.reload();
  await expect(app.getByTestId('meta-desk')).toHaveValue('Culture');
  await expect(app.getByTestId('meta-tags')).toHaveValue('film, Duhok, iPhone');
  await app.keyboard.press('Escape');
  // The corpus id is kept on import; the row is found by it in every UI language.
  const row = app.locator('tr[data-article-id="pub-003-duhok-short-film"]');
  await expect(row).toContainText('Culture');
  await expect(row).toContainText('25 November 2026');
  await app.getByTestId('desk-filter').selectOption('Culture');
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(1);
  await setUiLanguage(app, 'ckb');
  await expect(row).toContainText('٢٥ی تشرینی دووەمی ٢٠٢٦');
  await setUiLanguage(app, 'ar');
  await expect(row).toContainText('٢٥ تشرين الثاني ٢٠٢٦');
  await setUiLanguage(app, 'en');
  await app.getByTestId('desk-filter').selectOption('');
});

test('opens a help overlay that lists the keyboard shortcuts', async ({ app }) => {
  await app.getByTestId('help-button').click();
  const dialog = app.getByRole('dialog', { name: 'Help' });
  await expect(dialog).toBeVisible();
  const table = dialog.getByTestId('shortcut-table');
  await expect(table.locator('tbody tr')).toHaveCount(9);
  await expect(table).toContainText('Ctrl+K');
  await expect(table).toContainText('Search the library');
  await expect(table).toContainText('Next segment');
  await expect(table).toContainText('Alt+↓');
  await expect(table).toContainText('Ctrl+Enter');
  await expect(table).toContainText('Mark as translated');
  await expect(dialog.getByTestId('library-path')).toHaveText(/lib$/);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // F1 and ? open it too; ? typed in a cell stays text.
  await app.keyboard.press('F1');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await app.keyboard.press('?');
  await expect(dialog).toBeVisible();
  await app.keyboard.press('Escape');
  await openArticle(app, FILM);
  await paragraph(app, 4, 'en').focus();
  await app.keyboard.press('Control+End');
  await app.keyboard.type('?');
  await expect(dialog).toBeHidden();
  await expect(paragraph(app, 4, 'en')).toHaveValue(/\?$/);
  await app.keyboard.press('Backspace');
  await expectSaved(app);
});

test('screenshots the editor in en, ar and ckb', async ({ app }, testInfo) => {
  await openArticle(app, FILM);
  await expect(rows(app)).toHaveCount(8);
  await expect(app.getByTestId('segment-count')).toHaveText('8 segments');
  await paragraph(app, 0, 'ar').focus();
  await saveScreenshot(app, testInfo, 'editor-en');
  await setUiLanguage(app, 'ar');
  await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(rows(app).nth(3).locator('.segment-label')).toHaveText('الفقرة ١');
  await expect(app.getByTestId('segment-count')).toHaveText('٨ مقاطع'); // Arabic "few"
  await saveScreenshot(app, testInfo, 'editor-ar');
  await setUiLanguage(app, 'ckb');
  await expect(rows(app).nth(3).locator('.segment-label')).toHaveText('بڕگەی ١');
  await expect(app.getByTestId('segment-count')).toHaveText('٨ پارچە');
  await saveScreenshot(app, testInfo, 'editor-ckb');
  await setUiLanguage(app, 'en');
});
