// The status a desk requires, per desk (issue 3): Settings gives the library's level and a level of
// its own to any desk; QA holds each article to its desk's level.
import path from 'node:path';
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

const FILM = /Film shot on an iPhone 15/;

function statusFindings(page: Page): Locator {
  return page
    .getByTestId('qa-panel')
    .locator('[data-testid="qa-finding"][data-code="status-below-required"]');
}

async function runQa(page: Page): Promise<void> {
  const panel = page.getByTestId('qa-panel');
  if (!(await panel.isVisible())) await page.getByTestId('qa-open').click();
  await expect(panel).toBeVisible();
  await panel.getByTestId('qa-run').click();
  await expect(panel).toHaveAttribute('aria-busy', 'false');
  await expect(panel.getByTestId('qa-summary')).not.toContainText('Checking');
}

const SETTINGS = { en: 'Settings', ar: 'الإعدادات', ckb: 'ڕێکخستنەکان' } as const;

async function openSettings(page: Page, lang: keyof typeof SETTINGS = 'en'): Promise<Locator> {
  await page.getByRole('button', { name: SETTINGS[lang], exact: true }).click();
  const dialog = page.getByRole('dialog', { name: SETTINGS[lang] });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('a desk set to approved makes a reviewed segment of its articles a QA error', async ({ app }) => {
  await importCorpus(app, [path.join(corpusDir, 'article-003-duhok-short-film.json')]);
  await openArticle(app, FILM);
  await app.getByTestId('meta-desk').fill('Politics');
  await app.getByTestId('meta-desk').press('Tab');
  await expect(app.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const firstParagraph = app.locator('.segment-row[data-kind="paragraph"]').first();
  await firstParagraph.locator('.cell[data-lang="ar"]').getByTestId('status-select').selectOption('reviewed');
  await expect(app.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const segmentId = await firstParagraph.getAttribute('data-segment-id');
  expect(segmentId).not.toBeNull();

  // The library's level (translated) is met everywhere.
  await runQa(app);
  await expect(statusFindings(app)).toHaveCount(0);

  const dialog = await openSettings(app);
  const deskLevel = dialog.getByTestId('desk-level-Politics');
  await expect(deskLevel).toHaveValue('');
  await expect(deskLevel.locator('option:checked')).toHaveText('Library default (Translated)');
  await deskLevel.selectOption('approved');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();

  await runQa(app);
  const reviewed = statusFindings(app).and(app.locator(`[data-lang="ar"][data-segment-id="${segmentId}"]`));
  await expect(reviewed).toHaveCount(1);
  await expect(reviewed).toHaveAttribute('data-severity', 'error');
  await expect(reviewed).toContainText('Status: Reviewed; the desk requires: Approved');
  // The library's own level is unchanged: only Politics asks for approved.
  const again = await openSettings(app);
  await expect(again.getByTestId('required-status')).toHaveValue('translated');
  await expect(again.getByTestId('desk-level-Politics')).toHaveValue('approved');
  await app.keyboard.press('Escape');
  await expect(again).toBeHidden();
});

test('the level shows in the UI language, and back to the library default the error is gone', async ({
  app,
}, testInfo) => {
  await openArticle(app, FILM);
  for (const lang of ['ar', 'ckb', 'en'] as const) {
    await setUiLanguage(app, lang);
    const dialog = await openSettings(app, lang);
    const deskLevels = dialog.getByTestId('desk-levels');
    await expect(deskLevels).toBeVisible();
    await deskLevels.scrollIntoViewIfNeeded();
    if (lang === 'ar') {
      await expect(dialog.getByTestId('desk-level-Politics').locator('option:checked')).toHaveText(
        'تم الاعتماد',
      );
      await expect(
        dialog.getByRole('combobox', { name: 'الحالة المطلوبة في قسم \u2068Politics\u2069' }),
      ).toBeVisible();
    }
    if (lang === 'ckb')
      await expect(dialog.getByTestId('desk-level-Politics').locator('option:checked')).toHaveText(
        'پەسەندکراوە',
      );
    await saveScreenshot(app, testInfo, `settings-desk-levels-${lang}`);
    if (lang !== 'en') {
      await app.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
  }
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await dialog.getByTestId('desk-level-Politics').selectOption('');
  await dialog.getByTestId('settings-save').click();
  await expect(dialog).toBeHidden();
  await runQa(app);
  await expect(statusFindings(app)).toHaveCount(0);
});
