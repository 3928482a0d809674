import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

test('imports the seed and the corpus through the Import button and lists them with progress', async ({
  app,
}) => {
  await expect(app.getByText('Nothing here yet')).toBeVisible();
  await expect(app.getByTestId('article-count')).toHaveText('No articles');
  await importCorpus(app);
  await expect(app.getByTestId('import-status')).toHaveText('4 articles imported');
  const rows = app.getByTestId('library-table').locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(app.getByTestId('article-count')).toHaveText('4 articles');

  // The seed is English only: 11 segments (kicker, headline, dateline, 8 paragraphs).
  const seed = rows.filter({ hasText: 'Exclusive: U.S. Official' });
  await expect(seed.getByTestId('progress-en')).toContainText('11 of 11 translated');
  await expect(seed.getByTestId('progress-ar')).toContainText('0 of 11 translated');
  // 002 has one untranslated Sorani paragraph (corpus trap T2).
  const kirkuk = rows.filter({ has: app.locator('[lang="en"]', { hasText: /Kirkuk/ }) });
  await expect(kirkuk.getByTestId('progress-ckb')).toContainText('7 of 8 translated');
  await expect(kirkuk.getByTestId('progress-ar')).toContainText('8 of 8 translated');
});

test('shows each headline with its own language and direction', async ({ app }) => {
  const headline = app.getByTestId('library-table').locator('.headline-text').first();
  await expect(headline).toHaveAttribute('lang', 'en');
  await expect(headline).toHaveAttribute('dir', 'ltr');
  await setUiLanguage(app, 'ar');
  // In the Arabic UI, translated articles show their Arabic headline, right-to-left.
  const film = app.getByTestId('library-table').locator('.headline-text', { hasText: 'iPhone 15' });
  await expect(film).toHaveAttribute('lang', 'ar');
  await expect(film).toHaveAttribute('dir', 'rtl');
  // The seed has no Arabic headline yet: it falls back to the English source, still marked English.
  const seed = app.getByTestId('library-table').locator('.headline-text', { hasText: 'Exclusive' });
  await expect(seed).toHaveAttribute('lang', 'en');
  await expect(seed).toHaveAttribute('dir', 'ltr');
  await setUiLanguage(app, 'en');
});

test('filters by desk and by headline text, counting with plurals', async ({ app }) => {
  await app.getByTestId('headline-filter').fill('kirkuk');
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(1);
  await expect(app.getByTestId('article-count')).toHaveText('1 article');
  await app.getByTestId('headline-filter').fill('no such headline');
  await expect(app.getByText('No article matches the filter.')).toBeVisible();
  await app.getByTestId('headline-filter').fill('');
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(4);
  const deskOptions = app.getByTestId('desk-filter').locator('option');
  await expect(deskOptions.first()).toHaveText('All desks');
});

test('switches the whole frame to ckb, ar and back to en: <html lang dir>, digits and plurals', async ({
  app,
}, testInfo) => {
  const html = app.locator('html');
  await saveScreenshot(app, testInfo, 'library-en');
  await expect(html).toHaveAttribute('dir', 'ltr');

  await setUiLanguage(app, 'ckb');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(html).toHaveAttribute('lang', 'ckb');
  await expect(app.getByTestId('article-count')).toHaveText('٤ بابەت');
  await expect(app.getByRole('link', { name: 'کتێبخانە' })).toBeVisible();
  const seed = app.getByTestId('library-table').locator('tbody tr').filter({ hasText: 'Exclusive' });
  await expect(seed.getByTestId('progress-ar')).toContainText('٠ لە ١١ وەرگێڕدراوە');
  // Sorani dates come from Pird's own month names (Chromium has no ckb data): "٢٥ی تشرینی دووەمی ٢٠٢٦، کاتژمێر ١٤:٣٠".
  await expect(seed.locator('time')).toHaveText(/^[٠-٩]+ی [^\d]+ی [٠-٩]{4}، کاتژمێر [٠-٩]{2}:[٠-٩]{2}$/);
  await saveScreenshot(app, testInfo, 'library-ckb');

  await setUiLanguage(app, 'ar');
  await expect(html).toHaveAttribute('dir', 'rtl');
  await expect(app.getByTestId('article-count')).toHaveText('٤ مواد');
  await expect(seed.getByTestId('progress-en')).toContainText('تمت ترجمة ١١ من ١١');
  await expect(seed.locator('time')).toHaveText(/^[٠-٩]+ [^\d]+ [٠-٩]{4}، الساعة [٠-٩]{2}:[٠-٩]{2}$/);
  await saveScreenshot(app, testInfo, 'library-ar');

  // The choice is a device setting: it survives a reload.
  await app.reload();
  await expect(html).toHaveAttribute('lang', 'ar');
  await expect(html).toHaveAttribute('dir', 'rtl');

  await setUiLanguage(app, 'en');
  await expect(html).toHaveAttribute('dir', 'ltr');
  await expect(app.getByTestId('article-count')).toHaveText('4 articles');
});

test('lists an unreadable article file with the reason, and keeps the others', async ({ app, host }) => {
  writeFileSync(
    path.join(host.libraryDir, 'articles', 'broken-article.json'),
    '{"format": "pird.article", "vers',
  );
  await app.reload();
  const unreadable = app.getByTestId('unreadable');
  await expect(unreadable).toBeVisible();
  await expect(unreadable).toContainText('broken-article.json');
  await expect(unreadable).toContainText('Unreadable');
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(4);
});

test('creates a new article with a source language and opens it in the editor', async ({ app }) => {
  await app.getByRole('button', { name: 'New article' }).click();
  const form = app.getByTestId('new-article-form');
  await form.getByLabel('Source language').selectOption('ar');
  await expect(app.getByTestId('new-article-headline')).toHaveAttribute('dir', 'rtl');
  await app.getByTestId('new-article-headline').fill('iPhone 16 يصل إلى أسواق أربيل');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(app.getByTestId('editor')).toBeVisible();
  const headline = app.locator('.segment-row[data-kind="headline"] textarea[data-lang="ar"]');
  await expect(headline).toHaveValue('iPhone 16 يصل إلى أسواق أربيل');
  await expect(headline).toHaveAttribute('dir', 'rtl');
  // The source column comes first in reading order.
  await expect(app.locator('.grid-header .column-header').first()).toHaveAttribute('data-lang', 'ar');
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(5);
  await openArticle(app, /iPhone 16/);
});
