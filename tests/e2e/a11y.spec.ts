import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { dataTransferOf, expect, importCorpus, openArticle, setUiLanguage, test } from './fixtures.ts';

// One library for the whole file: the corpus is imported once, then each UI language is checked.
test.describe.configure({ mode: 'serial' });

const LANGS = ['en', 'ar', 'ckb'] as const;

/** Runs axe (WCAG 2 A and AA) and returns the serious and critical violations, summarised. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
}

test('imports the corpus', async ({ app }) => {
  await importCorpus(app);
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(4);
});

for (const lang of LANGS) {
  test(`library has no serious accessibility violations in ${lang}`, async ({ app }) => {
    await setUiLanguage(app, lang);
    await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(4);
    expect(await seriousViolations(app)).toEqual([]);
  });

  test(`editor has no serious accessibility violations in ${lang}`, async ({ app }) => {
    await setUiLanguage(app, lang);
    // The Kirkuk article has text in all three languages, so every column is filled.
    await openArticle(app, /Kirkuk|كركوك|کەرکووک/);
    expect(await seriousViolations(app)).toEqual([]);
    await app.keyboard.press('Escape'); // back to the library for the next language
    await expect(app.getByTestId('library-table')).toBeVisible();
  });
}

test('the drop zone and the refused-file message have no serious accessibility violations', async ({
  app,
}) => {
  await setUiLanguage(app, 'en');
  await expect(app.getByTestId('library-table')).toBeVisible();
  const dataTransfer = await dataTransferOf(app, [{ name: 'photo.png', content: 'x', type: 'image/png' }]);
  await app.dispatchEvent('[data-testid="library-view"]', 'drop', { dataTransfer });
  await expect(app.getByTestId('drop-refused')).toBeVisible();
  await app.dispatchEvent('[data-testid="library-view"]', 'dragenter', { dataTransfer });
  await expect(app.getByTestId('drop-zone')).toBeVisible();
  expect(await seriousViolations(app)).toEqual([]);
});
