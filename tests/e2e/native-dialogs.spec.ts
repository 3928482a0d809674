// "Choose…" beside the shared-folder and export-folder fields exists only where the shell has
// native dialogs (the desktop app). The browser host has none: the button is not there and the text
// field is the way to give a folder. The page's side of the desktop case is checked by answering
// app.info and dialog.pickFolder as Electron main would (tests/unit/electron-main.test.ts checks main).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
  expect,
  importCorpus,
  openArticle,
  repoRoot,
  saveScreenshot,
  setUiLanguage,
  test,
} from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const settingsLabel = (lang: 'en' | 'ar' | 'ckb') =>
  (
    JSON.parse(readFileSync(path.join(repoRoot, 'locales', lang, 'translation.json'), 'utf8')) as {
      nav: { settings: string };
    }
  ).nav.settings;

async function openSettings(page: Page, lang: 'en' | 'ar' | 'ckb' = 'en') {
  await page.getByRole('button', { name: settingsLabel(lang) }).click();
  const dialog = page.getByRole('dialog', { name: settingsLabel(lang) });
  await expect(dialog.getByTestId('shared-folder')).toBeVisible();
  return dialog;
}

/** The page as the desktop app would serve it: app.info says native dialogs exist, and the folder dialog answers `picked`. */
async function actAsDesktop(page: Page, picked: string | null): Promise<{ requests: unknown[] }> {
  const requests: unknown[] = [];
  await page.route('**/api/app.info', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value: Record<string, unknown> };
    await route.fulfill({ response, json: { ...body, value: { ...body.value, nativeDialogs: true } } });
  });
  await page.route('**/api/dialog.pickFolder', async (route) => {
    requests.push(route.request().postDataJSON());
    await route.fulfill({ json: { ok: true, value: { path: picked } } });
  });
  await page.reload();
  await expect(page.getByTestId('ui-language')).toBeVisible();
  return { requests };
}

test('the browser host shows no Choose… button: the folder fields are typed', async ({ app, host }) => {
  const call = (channel: string, data: unknown) =>
    app.request.post(`${host.origin}/api/${channel}`, {
      headers: { 'x-pird-token': new URL(host.url).hash.replace('#token=', '') },
      data,
    });
  const info = (await (await call('app.info', {})).json()) as { value: { nativeDialogs: boolean } };
  expect(info.value.nativeDialogs).toBe(false);
  const picked = await call('dialog.pickFolder', { purpose: 'export' });
  expect(picked.status()).toBe(501);
  expect(await picked.json()).toMatchObject({ ok: false, error: { code: 'unsupported' } });

  const settings = await openSettings(app);
  await expect(settings.getByTestId('choose-folder-shared-folder')).toHaveCount(0);
  await settings.getByRole('button', { name: 'Cancel' }).click();

  await importCorpus(app);
  await openArticle(app, /Film shot on an iPhone 15/);
  await app.getByTestId('export-open').click();
  const exportDialog = app.getByTestId('export-dialog');
  await expect(exportDialog.getByTestId('export-out-dir')).toBeVisible();
  await expect(exportDialog.getByTestId('choose-folder-export')).toHaveCount(0);
});

test('in the desktop app, Choose… opens the folder dialog where the field points and fills the field', async ({
  app,
}) => {
  const { requests } = await actAsDesktop(app, '/srv/newsroom/shared');
  const settings = await openSettings(app);
  const field = settings.getByTestId('shared-folder');
  await field.fill('/srv/newsroom');
  await settings.getByRole('button', { name: 'Choose the shared folder' }).click();
  await expect(field).toHaveValue('/srv/newsroom/shared');
  expect(requests).toEqual([{ purpose: 'shared-folder', defaultPath: '/srv/newsroom' }]);
  await settings.getByRole('button', { name: 'Cancel' }).click();

  await openArticle(app, /Film shot on an iPhone 15/);
  await app.getByTestId('export-open').click();
  const exportDialog = app.getByTestId('export-dialog');
  await exportDialog.getByTestId('export-out-dir').fill('');
  await exportDialog.getByTestId('choose-folder-export').click();
  await expect(exportDialog.getByTestId('export-out-dir')).toHaveValue('/srv/newsroom/shared');
  expect(requests.at(-1)).toEqual({ purpose: 'export' });
});

test('a cancelled dialog leaves the field as it was', async ({ app }) => {
  await actAsDesktop(app, null);
  const settings = await openSettings(app);
  await settings.getByTestId('shared-folder').fill('/mnt/desk');
  await settings.getByTestId('choose-folder-shared-folder').click();
  await expect(settings.getByTestId('choose-folder-shared-folder')).toBeEnabled();
  await expect(settings.getByTestId('shared-folder')).toHaveValue('/mnt/desk');
});

for (const lang of ['en', 'ar', 'ckb'] as const) {
  test(`the Choose… button in ${lang}`, async ({ app }, testInfo) => {
    await actAsDesktop(app, null);
    await setUiLanguage(app, lang);
    const settings = await openSettings(app, lang);
    const button = settings.getByTestId('choose-folder-shared-folder');
    await expect(button).toBeVisible();
    await button.scrollIntoViewIfNeeded();
    await saveScreenshot(app, testInfo, `choose-folder-settings-${lang}`);
    await app.keyboard.press('Escape');
    await app.getByTestId('library-table').getByRole('link').first().click();
    await app.getByTestId('export-open').click();
    const exportButton = app.getByTestId('export-dialog').getByTestId('choose-folder-export');
    await expect(exportButton).toBeVisible();
    await saveScreenshot(app, testInfo, `choose-folder-export-${lang}`);
    await app.keyboard.press('Escape');
    await app.goto(app.url().replace(/#\/.*$/, '#/'));
    await setUiLanguage(app, 'en');
  });
}

test('after an export, Show in folder reveals the bundle in the desktop app, and is absent in the browser host', async ({
  app,
  host,
}) => {
  const outDir = path.join(path.dirname(host.libraryDir), 'show-in-folder-out');
  const exportFilm = async () => {
    // From the library, whichever page the previous step left open (routes set on the page stay).
    await app.goto(host.url);
    await openArticle(app, /Film shot on an iPhone 15/);
    await app.getByTestId('export-open').click();
    const dialog = app.getByTestId('export-dialog');
    await dialog.getByTestId('export-out-dir').fill(outDir);
    await dialog.getByTestId('export-submit').click();
    const summary = dialog.getByTestId('export-summary');
    await expect(summary).toBeVisible();
    return summary;
  };

  const inBrowser = await exportFilm();
  await expect(inBrowser.getByTestId('export-bundle')).toHaveCount(1);
  await expect(inBrowser.getByTestId('show-in-folder')).toHaveCount(0);

  const shown: unknown[] = [];
  await actAsDesktop(app, null);
  await app.route('**/api/dialog.showInFolder', async (route) => {
    shown.push(route.request().postDataJSON());
    await route.fulfill({ json: { ok: true, value: { shown: true } } });
  });
  const inDesktop = await exportFilm();
  const bundlePath = (await inDesktop.getByTestId('export-bundle-path').textContent()) ?? '';
  await inDesktop.getByTestId('export-bundle').getByTestId('show-in-folder').click();
  await expect.poll(() => shown).toEqual([{ path: bundlePath }]);
  await inDesktop.getByRole('button', { name: `Show ${outDir} in the file manager` }).click();
  await expect.poll(() => shown.length).toBe(2);
  expect(shown[1]).toEqual({ path: outDir });
});
