import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

test('shows words and segments per language and status, per desk and per edition', async ({ app }) => {
  await importCorpus(app);
  await app.getByTestId('progress-link').click();
  await expect(app.getByRole('heading', { level: 1, name: 'Progress' })).toBeVisible();
  const groups = app.getByTestId('progress-group');
  // The corpus articles have no desk: one group, then the total.
  await expect(groups).toHaveCount(2);
  await expect(groups.first().getByRole('heading')).toHaveText('No desk');
  await expect(groups.first().getByTestId('progress-group-count')).toHaveText('4 articles');
  await expect(groups.last().getByRole('heading')).toHaveText('All articles');
  await expect(groups.last().getByTestId('progress-group-count')).toHaveText('4 articles');
  const english = groups.last().locator('tr[data-lang="en"]');
  // The source language is approved throughout: every English word is done.
  await expect(english.getByTestId('progress-done')).toHaveText(
    /^\d+ of \d+ segments \(100%\), [\d,]+ words$/,
  );
  await expect(english.locator('td[data-status="approved"]')).toHaveText(/^[\d,]+ words, \d+ segments$/);
  await expect(english.locator('td[data-status="draft"] .visually-hidden')).toHaveText(
    'No words, No segments',
  );
  // Arabic is partly untranslated: less than all of its segments are done.
  await expect(groups.last().locator('tr[data-lang="ar"] [data-testid="progress-done"]')).toHaveText(
    /^\d+ of \d+ segments \((?!100%)\d+%\), [\d,]+ words$/,
  );
  // Sorani is partly untranslated: some segments are empty, and no empty segment has words.
  const sorani = groups.last().locator('tr[data-lang="ckb"]');
  await expect(sorani.locator('td[data-status="empty"]')).toHaveText(/^No words, \d+ segments?$/);

  await app.getByTestId('progress-by-edition').check();
  await expect(groups.first().getByRole('heading')).toHaveText('No edition date');
  await expect(groups.first().getByTestId('progress-group-count')).toHaveText('4 articles');
});

test('groups by the desk and the edition set in the editor', async ({ app }) => {
  await openArticle(app, /Film shot on an iPhone 15/);
  await app.getByTestId('meta-desk').fill('Culture');
  await app.getByTestId('meta-editionDate').fill('2026-11-25');
  await app.getByTestId('meta-byline').click(); // blur saves at once
  await expect(app.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await app.keyboard.press('Escape');
  await app.getByTestId('progress-link').click();
  const groups = app.getByTestId('progress-group');
  await expect(groups).toHaveCount(3);
  await expect(groups.nth(0).getByRole('heading')).toHaveText('\u2068Culture\u2069');
  await expect(groups.nth(0).getByTestId('progress-group-count')).toHaveText('1 article');
  await expect(groups.nth(1).getByRole('heading')).toHaveText('No desk');
  await expect(groups.nth(1).getByTestId('progress-group-count')).toHaveText('3 articles');
  await app.getByTestId('progress-by-edition').check();
  await expect(groups.nth(0).getByRole('heading')).toHaveText('25 November 2026');
  await expect(groups.nth(0).getByTestId('progress-group-count')).toHaveText('1 article');
  await expect(groups.nth(1).getByRole('heading')).toHaveText('No edition date');
  await expect(groups.nth(1).getByTestId('progress-group-count')).toHaveText('3 articles');
});

for (const lang of ['en', 'ar', 'ckb'] as const) {
  test(`reads in ${lang}, mirrored in Arabic and Sorani, with localised numbers`, async ({
    app,
  }, testInfo) => {
    await setUiLanguage(app, lang);
    await app.getByTestId('progress-link').click();
    const table = app.getByTestId('progress-table').last();
    await expect(table).toBeVisible();
    const done = table.locator('tr[data-lang="en"] [data-testid="progress-done"]');
    if (lang === 'en') await expect(done).toHaveText(/100%/);
    else {
      await expect(app.locator('html')).toHaveAttribute('dir', 'rtl');
      // Arabic-Indic digits (٠–٩) in both Arabic and Sorani, Pird's own formatting where Chromium has none.
      await expect(done).toHaveText(/[٠-٩]/);
      await expect(done).not.toHaveText(/[0-9]/);
      // Mirrored: the language column (first in reading order) is on the right.
      const first = await table.locator('thead th').first().boundingBox();
      const last = await table.locator('thead th').last().boundingBox();
      expect(first!.x).toBeGreaterThan(last!.x);
    }
    await saveScreenshot(app, testInfo, `progress-${lang}`);
  });
}
