import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';
import { createSecondDevice, syncNowFromSettings } from './sync-helpers.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const BUDGET = 'pub-001-sulaymaniyah-budget';
const MINE = 'نسخة هذا الجهاز من الفقرة الثانية.';
const THEIRS = 'نسخة الجهاز الآخر من الفقرة الثانية.';
const MERGED = 'النص المدمج من النسختين.';
const other = createSecondDevice();

test.afterAll(() => other.remove());

test('two devices edit one paragraph without seeing each other: the conflict is listed', async ({ app }) => {
  await importCorpus(app);
  await syncNowFromSettings(app, other.shared);
  other.run('sync', '--shared', other.shared);
  other.run('set-text', BUDGET, '--segment', 'p2', '--lang', 'ar', '--text', THEIRS);

  await openArticle(app, /Sulaymaniyah municipality unveils/);
  await app.locator('textarea[data-segment-id="p2"][data-lang="ar"]').fill(MINE);
  await app.getByRole('link', { name: 'Library' }).click(); // leaving the editor saves
  await expect(app.getByTestId('library-table')).toBeVisible();
  await syncNowFromSettings(app); // mine goes out
  other.run('sync'); // theirs goes out (and the other device sees the conflict too)
  await syncNowFromSettings(app); // theirs comes in

  await expect(app.getByTestId('sync-indicator')).toContainText('1 conflict');
  await expect(app.getByTestId('conflicts-count')).toHaveText('1');
  await app.getByTestId('conflicts-link').click();
  const conflict = app.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toHaveAttribute('data-segment-id', 'p2');
  const texts = conflict.getByTestId('conflict-text');
  await expect(texts).toHaveCount(2);
  await expect(texts.filter({ hasText: MINE })).toHaveAttribute('dir', 'rtl');
  await expect(texts.filter({ hasText: THEIRS })).toHaveAttribute('lang', 'ar');
  await expect(conflict.getByTestId('keep-mine')).toHaveText('Keep mine');
  await expect(conflict.getByTestId('keep-theirs')).toHaveText('Keep theirs');

  // The editor marks the cell in conflict, with a way back to the Conflicts view.
  await conflict.getByRole('link', { name: 'Open in the editor' }).click();
  const cell = app.locator('[data-segment-id="p2"] .cell[data-lang="ar"]');
  await expect(cell.getByTestId('cell-conflict')).toHaveText('Conflict');
  await expect(app.getByTestId('cell-conflict')).toHaveCount(1);
  await cell.getByTestId('cell-conflict').click();
  await expect(app.getByTestId('conflicts-view')).toBeVisible();
});

for (const lang of ['en', 'ar', 'ckb'] as const) {
  test(`conflicts view screenshot (${lang})`, async ({ app }, testInfo) => {
    await setUiLanguage(app, lang);
    await app.getByTestId('conflicts-link').click();
    await expect(app.getByTestId('conflict')).toHaveCount(1);
    await saveScreenshot(app, testInfo, `conflicts-${lang}`);
  });
}

test('merges the two versions into a new text and resolves the conflict', async ({ app }) => {
  await setUiLanguage(app, 'en');
  await app.getByTestId('conflicts-link').click();
  const conflict = app.getByTestId('conflict');
  await conflict.getByTestId('merge').click();
  await conflict.getByTestId('merge-text').fill(MERGED);
  await conflict.getByTestId('merge-resolve').click();
  await expect(app.getByTestId('conflict')).toHaveCount(0);
  await expect(app.getByTestId('conflicts-status')).toContainText('No conflicts');

  await app.getByRole('link', { name: 'Library' }).click();
  await expect(app.getByTestId('conflicts-count')).toHaveText('0');
  await openArticle(app, /Sulaymaniyah municipality unveils/);
  await expect(app.locator('textarea[data-segment-id="p2"][data-lang="ar"]')).toHaveValue(MERGED);
});
