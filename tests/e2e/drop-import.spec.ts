import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusDir, dataTransferOf, expect, setUiLanguage, test } from './fixtures.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const seedText = readFileSync(path.join(corpusDir, 'seed-article.en.txt'), 'utf8');

test('highlights the drop zone while files are dragged over the library', async ({ app }) => {
  const dataTransfer = await dataTransferOf(app, [
    { name: 'seed-article.en.txt', content: seedText, type: 'text/plain' },
  ]);
  await expect(app.getByTestId('drop-zone')).toHaveCount(0);
  await app.dispatchEvent('[data-testid="library-view"]', 'dragenter', { dataTransfer });
  await expect(app.getByTestId('drop-zone')).toHaveText('Drop files to import');
  await setUiLanguage(app, 'ar');
  await expect(app.getByTestId('drop-zone')).toHaveText('أفلت الملفات هنا لاستيرادها');
  await setUiLanguage(app, 'ckb');
  await expect(app.getByTestId('drop-zone')).toHaveText('فایلەکان لێرە دابنێ بۆ هاوردەکردن');
  await setUiLanguage(app, 'en');
  await app.dispatchEvent('[data-testid="library-view"]', 'dragleave', { dataTransfer });
  await expect(app.getByTestId('drop-zone')).toHaveCount(0);
});

test('imports a dropped text file exactly like the Import button', async ({ app }) => {
  await expect(app.getByTestId('article-count')).toHaveText('No articles');
  const dataTransfer = await dataTransferOf(app, [
    { name: 'seed-article.en.txt', content: seedText, type: 'text/plain' },
  ]);
  await app.dispatchEvent('[data-testid="library-view"]', 'dragover', { dataTransfer });
  await expect(app.getByTestId('drop-zone')).toBeVisible();
  await app.dispatchEvent('[data-testid="library-view"]', 'drop', { dataTransfer });
  await expect(app.getByTestId('drop-zone')).toHaveCount(0);
  await expect(app.getByTestId('import-status')).toHaveText('1 article imported');
  const rows = app.getByTestId('library-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  const seed = rows.filter({ hasText: 'Exclusive: U.S. Official' });
  await expect(seed.getByTestId('progress-en')).toContainText('11 of 11 translated');
  await expect(app.getByTestId('drop-refused')).toHaveCount(0);
});

test('refuses files of other types with a localised message and imports the rest', async ({ app }) => {
  const dataTransfer = await dataTransferOf(app, [
    { name: 'photo.png', content: 'not an article', type: 'image/png' },
    { name: 'again.md', content: seedText, type: 'text/markdown' },
  ]);
  await app.dispatchEvent('[data-testid="library-view"]', 'drop', { dataTransfer });
  await expect(app.getByTestId('drop-refused')).toContainText(
    'These files were not imported because they are not plain text, Markdown or Pird JSON: photo.png',
  );
  await expect(app.getByTestId('import-status')).toHaveText('1 article imported');
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(2);

  const onlyRefused = await dataTransferOf(app, [{ name: 'clip.mp4', content: 'x', type: 'video/mp4' }]);
  await setUiLanguage(app, 'ckb');
  await app.dispatchEvent('[data-testid="library-view"]', 'drop', { dataTransfer: onlyRefused });
  await expect(app.getByTestId('drop-refused')).toContainText('ئەم فایلانە هاوردە نەکران');
  await setUiLanguage(app, 'ar');
  await expect(app.getByTestId('drop-refused')).toContainText('لم تُستورد هذه الملفات');
  await expect(app.getByTestId('drop-refused').locator('bdi')).toHaveText('clip.mp4');
  await expect(app.getByTestId('drop-refused').locator('bdi')).toHaveAttribute('dir', 'ltr');
  await setUiLanguage(app, 'en');
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(2);
});
