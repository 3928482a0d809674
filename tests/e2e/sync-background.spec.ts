// Background sync between two laptops: two browser hosts, each with its own library, share one
// folder; an edit typed on one shows up in the other's open editor without anyone pressing Sync now.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';
import type { SyncingHost } from './sync-helpers.ts';
import { openHostPage, startSyncingHost, syncNowFromSettings } from './sync-helpers.ts';

test.describe.configure({ mode: 'serial' });

const EDITED = 'نص عدّله الحاسوب الأول، ووصل إلى الثاني وحده.';
const BUDGET_HEADLINE = /Sulaymaniyah municipality unveils/;
const cell = (page: Page) => page.locator('textarea[data-segment-id="p1"][data-lang="ar"]');

let dir: string;
let laptopA: SyncingHost;
let laptopB: SyncingHost;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  dir = mkdtempSync(path.join(os.tmpdir(), 'pird-e2e-background-'));
  // A sends shortly after each change; B looks for other devices' changes every second.
  [laptopA, laptopB] = await Promise.all([
    startSyncingHost(path.join(dir, 'a'), { debounceMs: 300, intervalMs: 60_000 }),
    startSyncingHost(path.join(dir, 'b'), { debounceMs: 300, intervalMs: 1_000 }),
  ]);
});

test.afterAll(async () => {
  await Promise.all([laptopA?.stop(), laptopB?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

test('an edit typed on one laptop appears in the other laptop’s open editor without Sync now', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const shared = path.join(dir, 'shared');
  await openHostPage(page, laptopA.url, 'Layla Hassan');
  await importCorpus(page);
  await syncNowFromSettings(page, shared);

  const pageB = await context.newPage();
  await openHostPage(pageB, laptopB.url, 'Karwan Aziz');
  await syncNowFromSettings(pageB, shared);
  await openArticle(pageB, BUDGET_HEADLINE);
  await expect(cell(pageB)).not.toHaveValue(EDITED);

  await openArticle(page, BUDGET_HEADLINE);
  await cell(page).fill(EDITED);
  // A saves by itself and sends a moment later; B's next round brings the edit into its editor.
  await expect(cell(pageB)).toHaveValue(EDITED, { timeout: 30_000 });
  await expect(page.getByTestId('sync-indicator')).not.toContainText('waiting');
  await expect(pageB.getByTestId('sync-indicator')).toContainText(/Last synced/);
});

/** The page of laptop A, fed `events` instead of its host's event stream. */
async function withSyncEvents(page: Page, events: unknown[]): Promise<void> {
  await page.route('**/api/events?*', (route) =>
    route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
      body: `retry: 600000\n\n${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}`,
    }),
  );
  await openHostPage(page, laptopA.url, 'Layla Hassan');
}

test('shows "syncing" with the files merged so far while a round runs, in every UI language', async ({
  page,
}, testInfo) => {
  await withSyncEvents(page, [
    { name: 'sync.started', payload: {} },
    { name: 'sync.progress', payload: { phase: 'merging', done: 3, total: 7 } },
  ]);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toContainText('Syncing… 3 of 7 files');
  await saveScreenshot(page, testInfo, 'sync-background-syncing-en');
  await setUiLanguage(page, 'ar');
  await expect(indicator).toContainText('جارٍ المزامنة… ٣ من ٧ ملفات');
  await saveScreenshot(page, testInfo, 'sync-background-syncing-ar');
  await setUiLanguage(page, 'ckb');
  await expect(indicator).toContainText('هاوکات دەکرێت… ٣ لە ٧ فایل');
  await saveScreenshot(page, testInfo, 'sync-background-syncing-ckb');
  await setUiLanguage(page, 'en');
});

test('says so when a background round failed', async ({ page }, testInfo) => {
  await withSyncEvents(page, [
    { name: 'sync.started', payload: {} },
    {
      name: 'sync.finished',
      payload: { ok: false, error: { code: 'locked', message: 'The library is locked by another process.' } },
    },
  ]);
  const failed = page.getByTestId('sync-failed');
  await expect(failed).toHaveText('Last sync failed — Pird will try again shortly');
  await expect(failed).toHaveAttribute('title', /The library is busy/);
  await setUiLanguage(page, 'ar');
  await expect(failed).toHaveText('تعذّرت آخر مزامنة — سيحاول Pird مجددًا بعد قليل');
  await saveScreenshot(page, testInfo, 'sync-background-failed-ar');
  await setUiLanguage(page, 'en');
});
