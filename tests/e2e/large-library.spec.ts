import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusDir, expect, test } from './fixtures.ts';

// A desk's library grows to thousands of articles: the list opens with the newest hundred and
// shows the rest on request, while the count and the filters still cover every article.
test('opens a 250-article library with the newest 100 rows and shows more on request', async ({ app }) => {
  const source = JSON.parse(
    readFileSync(path.join(corpusDir, 'article-001-sulaymaniyah-budget.json'), 'utf8'),
  ) as {
    id: string;
    headline: string;
    languages: { en: { headline: string } };
  };
  const many = Array.from({ length: 250 }, (_, n) => ({
    ...source,
    id: `bulk-${String(n).padStart(3, '0')}`,
    headline: `${source.headline} (${n})`,
    languages: { ...source.languages, en: { ...source.languages.en, headline: `${source.headline} (${n})` } },
  }));
  await app.getByTestId('import-input').setInputFiles({
    name: 'bulk.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(many)),
  });
  await expect(app.getByTestId('article-count')).toHaveText('250 articles');
  const rows = app.getByTestId('library-table').locator('tbody tr');
  await expect(rows).toHaveCount(100);
  await expect(app.getByTestId('show-more')).toContainText('Showing 100 of 250');
  await app.getByTestId('show-more').getByRole('button').click();
  await expect(rows).toHaveCount(250);
  await expect(app.getByTestId('show-more')).toHaveCount(0);
  // Filtering searches all articles, not only the rows on screen.
  await app.getByTestId('headline-filter').fill('(7)');
  await expect(rows).toHaveCount(1);
});
