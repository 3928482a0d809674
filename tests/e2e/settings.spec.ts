import { expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

test('asks for the translator name on first run and records it with every change', async ({ page, host }) => {
  await page.goto(host.url);
  // The token leaves the address bar but stays in the tab's session storage.
  await expect(page).toHaveURL(/#\/$/);
  const welcome = page.getByRole('dialog', { name: 'Welcome' });
  await expect(welcome).toBeVisible();
  await welcome.getByRole('button', { name: 'Save' }).click();
  await expect(welcome.getByRole('alert')).toHaveText('Enter your name to continue.');
  await page.getByTestId('welcome-name').fill('Karwan Aziz');
  await welcome.getByRole('button', { name: 'Save' }).click();
  await expect(welcome).toBeHidden();

  await page.getByRole('button', { name: 'New article' }).click();
  await page.getByTestId('new-article-headline').fill('Erbil airport reopens');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.segment-row[data-kind="headline"] .cell[data-lang="en"]')).toContainText(
    'Karwan Aziz',
  );

  // A reload keeps the session (token) and the article open, and does not ask again.
  await page.reload();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Welcome' })).toHaveCount(0);
});

test('changes the translator name in Settings, set once per device', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByTestId('translator-name')).toHaveValue('Karwan Aziz');
  await dialog.getByTestId('translator-name').fill('Shler Omar');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await app.reload();
  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(app.getByTestId('translator-name')).toHaveValue('Shler Omar');
});

test('refuses a wrong token with a localised message that says what to do', async ({ browser, host }) => {
  const page = await browser.newPage();
  await page.goto(`${host.origin}/#token=wrong-token`);
  await expect(page.locator('[data-error-code="unauthorized"]')).toContainText(
    'Open Pird again from the address that the host printed.',
  );
  await page.close();
});
