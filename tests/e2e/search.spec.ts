import { expect, importCorpus, saveScreenshot, setUiLanguage, test } from './fixtures.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const BUDGET = 'pub-001-sulaymaniyah-budget';

test('finds a Sorani word written with a ZWNJ and highlights it in the stored text', async ({ app }) => {
  await importCorpus(app);
  await app.getByTestId('search-input').fill('پێشبینی');
  await expect(app).toHaveURL(/#\/search$/);
  const results = app.getByTestId('search-results');
  const hit = results
    .locator(`[data-article-id="${BUDGET}"]`)
    .locator('[data-testid="search-hit"][data-lang="ckb"]')
    .first();
  await expect(hit).toBeVisible();
  const snippet = hit.getByTestId('search-snippet');
  await expect(snippet).toHaveAttribute('lang', 'ckb');
  await expect(snippet).toHaveAttribute('dir', 'rtl');
  // The mark covers the word as stored, ZWNJ included.
  await expect(snippet.locator('mark').first()).toHaveText('پێش\u200cبینی');
});

test('finds the Arabic-Indic ٣٨ for 38 and opens the editor at that cell', async ({ app }) => {
  await app.getByTestId('search-input').fill('38');
  const hit = app
    .getByTestId('search-results')
    .locator(`[data-article-id="${BUDGET}"]`)
    .locator('[data-testid="search-hit"][data-lang="ar"]')
    .first();
  await expect(hit.locator('mark').first()).toHaveText('٣٨');
  await expect(hit.getByTestId('search-snippet')).toHaveAttribute('dir', 'rtl');
  const segmentId = await hit.getAttribute('data-segment-id');
  expect(segmentId).toBeTruthy();
  await hit.click();
  await expect(app.getByTestId('editor')).toBeVisible();
  const focused = app.locator('textarea:focus');
  await expect(focused).toHaveAttribute('data-segment-id', segmentId!);
  await expect(focused).toHaveAttribute('data-lang', 'ar');

  // Ctrl+K, even from a cell, goes to the search box.
  await app.keyboard.press('Control+K');
  await expect(app.getByTestId('search-input')).toBeFocused();
  await app.keyboard.type('Kirkuk');
  await expect(app.getByTestId('search-view')).toBeVisible();
});

test('drops stale answers: the results follow the last query typed', async ({ app }) => {
  const input = app.getByTestId('search-input');
  await input.fill('Sulaymaniyah');
  await input.fill('Kirkuk');
  await expect(app.getByTestId('search-status')).not.toHaveText('Searching…');
  const groups = app.getByTestId('search-results').locator('.search-group');
  await expect(groups.first()).toContainText(/Kirkuk|كركوك|کەرکووک/);
  await input.fill('zzzznotaword');
  await expect(app.getByText('No segment matches this search.')).toBeVisible();
});

for (const lang of ['en', 'ar', 'ckb'] as const) {
  test(`search results screenshot (${lang})`, async ({ app }, testInfo) => {
    await setUiLanguage(app, lang);
    await app.getByTestId('search-input').fill('');
    await app.getByTestId('search-input').fill('38');
    await expect(app.getByTestId('search-hit').first()).toBeVisible();
    await saveScreenshot(app, testInfo, `search-${lang}`);
  });
}
