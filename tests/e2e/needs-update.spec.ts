// "Needs update" in the editor (issue 5): editing the source of a translated paragraph marks its
// translations, shows what changed in the source word by word, and "Mark as up to date" clears it.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import {
  corpusDir,
  expect,
  importCorpus,
  openArticle,
  saveScreenshot,
  setUiLanguage,
  test,
} from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const BUDGET = /Sulaymaniyah municipality unveils/;
const ORIGINAL_EN =
  'The Sulaymaniyah municipality on Sunday presented a draft budget of IQD 412 billion (about $315 million) for 2025, an increase of 14% on last year, with 38% of spending earmarked for water networks and road repairs.';
const EDITED_EN = ORIGINAL_EN.replace('on Sunday presented a draft', 'on Monday approved a final');

// Callbacks passed to evaluate run in the page; the Node typecheck project has no DOM types.
interface ElementCopy {
  cloneNode(deep: boolean): ElementCopy;
  querySelectorAll(selector: string): { forEach(callback: (node: { remove(): void }) => void): void };
  textContent: string | null;
}

function firstParagraphCell(page: Page, lang: 'en' | 'ar' | 'ckb'): Locator {
  return page.locator('.segment-row[data-kind="paragraph"]').first().locator(`.cell[data-lang="${lang}"]`);
}

/** Serious and critical axe violations (WCAG 2 A and AA) inside `selector`: the open changes panels. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

test('imports the budget article', async ({ app }) => {
  await importCorpus(app, [path.join(corpusDir, 'article-001-sulaymaniyah-budget.json')]);
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(1);
  // Imported translations were made against the imported source: nothing needs an update.
  await expect(app.getByTestId('library-table').locator('.needs-update-chip')).toHaveCount(0);
});

test('marks the translations when the English source changes, and shows what changed', async ({
  app,
}, testInfo) => {
  await openArticle(app, BUDGET);
  const ar = firstParagraphCell(app, 'ar');
  await expect(ar.getByTestId('cell-needs-update')).toHaveCount(0);

  await firstParagraphCell(app, 'en').locator('textarea').fill(EDITED_EN);
  await expectSaved(app);
  for (const lang of ['ar', 'ckb'] as const) {
    const cell = firstParagraphCell(app, lang);
    await expect(cell).toHaveAttribute('data-needs-update', 'true');
    await expect(cell.getByTestId('cell-needs-update')).toHaveText('Needs update');
  }
  // The source itself is never marked.
  await expect(firstParagraphCell(app, 'en').getByTestId('cell-needs-update')).toHaveCount(0);

  const chip = ar.getByTestId('cell-needs-update');
  await expect(chip).toHaveAttribute('aria-expanded', 'false');
  await chip.click();
  await expect(chip).toHaveAttribute('aria-expanded', 'true');
  const changes = ar.getByTestId('source-changes');
  await expect(changes).toBeVisible();
  await expect(changes).toContainText('What changed in the English source since this translation');
  const diff = changes.locator('.source-diff');
  await expect(diff).toHaveAttribute('lang', 'en');
  await expect(diff).toHaveAttribute('dir', 'ltr');
  await expect(diff.locator('del')).toHaveText(['Removed:Sunday presented a draft']);
  await expect(diff.locator('ins')).toHaveText(['Added:Monday approved a final']);
  // Without the struck-out words and the screen-reader labels, the diff reads as the new source.
  const newSource = await diff.evaluate((element) => {
    const copy = (element as unknown as ElementCopy).cloneNode(true);
    copy.querySelectorAll('del, .visually-hidden').forEach((node) => node.remove());
    return copy.textContent;
  });
  expect(newSource).toBe(EDITED_EN);

  await firstParagraphCell(app, 'ckb').getByTestId('cell-needs-update').click();
  await ar.scrollIntoViewIfNeeded();
  await saveScreenshot(app, testInfo, 'needs-update-en');
  expect(await seriousViolations(app, '.segment-row[data-kind="paragraph"]')).toEqual([]);
  await setUiLanguage(app, 'ar');
  await expect(ar.getByTestId('cell-needs-update')).toHaveText('بحاجة إلى تحديث');
  await expect(diff.locator('del .visually-hidden')).toHaveText('حُذف:');
  await saveScreenshot(app, testInfo, 'needs-update-ar');
  expect(await seriousViolations(app, '.segment-row[data-kind="paragraph"]')).toEqual([]);
  await setUiLanguage(app, 'ckb');
  await expect(ar.getByTestId('cell-needs-update')).toHaveText('نوێکردنەوەی دەوێت');
  await expect(ar.getByTestId('mark-up-to-date')).toHaveText('دیاریکردن وەک نوێکراوە');
  await saveScreenshot(app, testInfo, 'needs-update-ckb');
  await setUiLanguage(app, 'en');
});

test('clears the mark with "Mark as up to date", and keeps it cleared after a reload', async ({ app }) => {
  await openArticle(app, BUDGET);
  const ar = firstParagraphCell(app, 'ar');
  await ar.getByTestId('cell-needs-update').click();
  await ar.getByTestId('mark-up-to-date').click();
  await expectSaved(app);
  await expect(ar.getByTestId('cell-needs-update')).toHaveCount(0);
  await expect(ar.getByTestId('source-changes')).toHaveCount(0);
  await expect(ar).not.toHaveAttribute('data-needs-update', 'true');
  // Marking up to date keeps the status and records who confirmed it.
  await expect(ar.locator('select')).toHaveValue('translated');
  await expect(ar).toContainText('Layla Hassan');
  // The Kurdish translation was not confirmed: it still needs an update.
  await expect(firstParagraphCell(app, 'ckb').getByTestId('cell-needs-update')).toBeVisible();

  await app.reload();
  await expect(app.getByTestId('editor')).toBeVisible();
  await expect(firstParagraphCell(app, 'en').locator('textarea')).toHaveValue(EDITED_EN);
  await expect(firstParagraphCell(app, 'ar').getByTestId('cell-needs-update')).toHaveCount(0);
  await expect(firstParagraphCell(app, 'ckb').getByTestId('cell-needs-update')).toBeVisible();
});

test('shows in the library how many segments of each language need an update', async ({ app }, testInfo) => {
  const row = app.getByTestId('library-table').locator('tbody tr').first();
  await expect(row.getByTestId('needs-update-ckb')).toHaveText('1 segment needs an update');
  await expect(row.getByTestId('needs-update-ar')).toHaveCount(0);
  await expect(row.getByTestId('needs-update-en')).toHaveCount(0);
  await saveScreenshot(app, testInfo, 'needs-update-library-en');
  await setUiLanguage(app, 'ar');
  await expect(row.getByTestId('needs-update-ckb')).toHaveText('مقطع واحد بحاجة إلى تحديث');
  await saveScreenshot(app, testInfo, 'needs-update-library-ar');
  await setUiLanguage(app, 'ckb');
  await expect(row.getByTestId('needs-update-ckb')).toHaveText('یەک پارچە نوێکردنەوەی دەوێت');
  await saveScreenshot(app, testInfo, 'needs-update-library-ckb');
  await setUiLanguage(app, 'en');
});
