import { rmSync } from 'node:fs';
import { expect, importCorpus, openArticle, test } from './fixtures.ts';
import { createSecondDevice, syncNowFromSettings } from './sync-helpers.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const BUDGET = 'pub-001-sulaymaniyah-budget';
const OTHER_TEXT = 'نص عربي جديد كتبه جهاز آخر عبر المجلد المشترك.';
const other = createSecondDevice();

test.afterAll(() => other.remove());

test('sets the shared folder in Settings, syncs, and shows the state in the header', async ({ app }) => {
  await importCorpus(app);
  await expect(app.getByTestId('sync-indicator')).toHaveCount(0);
  await syncNowFromSettings(app, other.shared);
  const indicator = app.getByTestId('sync-indicator');
  await expect(indicator).toContainText(/Last synced: \d{1,2} \w+ \d{4}, \d{2}:\d{2}/);
  await expect(indicator).not.toContainText('change waiting');
});

test('receives another device’s edit with Sync now and shows it in the editor', async ({ app }) => {
  other.run('sync', '--shared', other.shared);
  other.run('set-text', BUDGET, '--segment', 'p1', '--lang', 'ar', '--text', OTHER_TEXT);
  other.run('sync');

  await syncNowFromSettings(app);
  await openArticle(app, /Sulaymaniyah municipality unveils/);
  await expect(app.locator('textarea[data-segment-id="p1"][data-lang="ar"]')).toHaveValue(OTHER_TEXT);
});

test('shows the folder-missing warning when the shared folder has gone', async ({ app }) => {
  rmSync(other.shared, { recursive: true, force: true });
  await syncNowFromSettings(app);
  await expect(app.getByTestId('sync-folder-missing')).toHaveText('Shared folder not found — sync paused');
});
