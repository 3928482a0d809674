import { expect, importCorpus, openArticle, test } from './fixtures.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const HEADLINE = /Sulaymaniyah municipality unveils/;

test('moves an article to the trash from the editor, after confirming', async ({ app }) => {
  await importCorpus(app);
  await openArticle(app, HEADLINE);
  await app.getByTestId('move-to-trash').click();
  const dialog = app.getByRole('dialog', { name: 'Move this article to the trash?' });
  await expect(dialog).toBeVisible();
  // Cancel keeps it.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(app.getByTestId('editor')).toBeVisible();
  await app.getByTestId('move-to-trash').click();
  await app.getByTestId('confirm-trash').click();
  await expect(app.getByTestId('library-table')).toBeVisible();
  await expect(app.getByTestId('library-table').getByRole('link', { name: HEADLINE })).toHaveCount(0);
  await expect(app.getByTestId('article-count')).toHaveText('3 articles');
});

test('lists the trash and restores the article to the library', async ({ app }) => {
  await app.getByTestId('trash-link').click();
  const row = app.getByTestId('trash-table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(HEADLINE);
  await row.getByTestId('restore').click();
  await expect(app.getByTestId('trash-status')).toHaveText('Article restored.');
  await expect(app.getByText('The trash is empty.')).toBeVisible();
  await app.getByRole('link', { name: 'Library' }).click();
  await expect(app.getByTestId('article-count')).toHaveText('4 articles');
  await openArticle(app, HEADLINE);
});
