// A save that the disk refuses (full disk, no permission), as the translator sees it: a clear error
// naming the cause, with Retry; the typed text stays in the cell; the file on disk keeps the
// previous content; once the cause is gone, Retry stores the text.
//
// The tests run as root, where chmod cannot make a write fail, so this file's host is started with
// the test-only fault seam of electron/core/node/durable-write.ts (PIRD_TEST_WRITE_FAULTS): writes
// to article files fail with the real errno until the control file is emptied. The same failures
// from a real full tmpfs and a real unwritable folder are in tests/unit/crash-safety.test.ts.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test as base, expect } from '@playwright/test';
import { corpusDir, repoRoot, saveScreenshot, setUiLanguage } from './fixtures.ts';

const SEED_ID = 'seed-000-817f1db3f74f0db0';
const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+/;
type UiLang = 'en' | 'ar' | 'ckb';
const strings = Object.fromEntries(
  (['en', 'ar', 'ckb'] as const).map((lang) => [
    lang,
    JSON.parse(readFileSync(path.join(repoRoot, 'locales', lang, 'translation.json'), 'utf8')) as {
      msg: { saveFailed: string };
      action: { retry: string };
      errors: Record<'disk-full' | 'permission-denied', string>;
    },
  ]),
) as Record<
  UiLang,
  { msg: { saveFailed: string }; action: { retry: string }; errors: Record<string, string> }
>;

interface FaultyHost {
  url: string;
  libraryDir: string;
  /** Makes writes to article files fail with `errno` (null: no fault). */
  setFault(errno: 'ENOSPC' | 'EACCES' | null): void;
}

async function startHost(tempDir: string): Promise<{ host: FaultyHost; child: ChildProcess }> {
  const libraryDir = path.join(tempDir, 'lib');
  const faults = path.join(tempDir, 'write-faults');
  writeFileSync(faults, '');
  const child = spawn(
    'npx',
    ['tsx', 'electron/cli/main.ts', 'serve', '--library', libraryDir, '--port', '0'],
    {
      cwd: repoRoot,
      env: { ...process.env, PIRD_HOME: path.join(tempDir, 'home'), PIRD_TEST_WRITE_FAULTS: faults },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pird serve printed no URL:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = URL_PATTERN.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`pird serve exited with ${code}:\n${output}`)));
  });
  return {
    child,
    host: {
      url,
      libraryDir,
      setFault: (errno) => writeFileSync(faults, errno === null ? '' : `${errno} articles/\n`),
    },
  };
}

const test = base.extend<{ app: Page }, { faultyHost: FaultyHost }>({
  faultyHost: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pird-e2e-faults-'));
      const { host, child } = await startHost(tempDir);
      await use(host);
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(tempDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  app: async ({ page, faultyHost }, use) => {
    await page.goto(faultyHost.url);
    await expect(page.getByTestId('ui-language')).toBeVisible();
    const welcome = page.getByTestId('welcome-form');
    if (await welcome.isVisible().catch(() => false)) {
      await page.getByTestId('welcome-name').fill('Layla Hassan');
      await welcome.locator('button[type="submit"]').click();
      await expect(welcome).toBeHidden();
    }
    await use(page);
  },
});

test.describe.configure({ mode: 'serial' });

function firstParagraph(page: Page, lang: UiLang): Locator {
  return page.locator('.segment-row[data-kind="paragraph"]').first().locator(`textarea[data-lang="${lang}"]`);
}

/** The first paragraph's English text in the article file, and the files beside it. */
function onDisk(host: FaultyHost): { text: string; files: string[] } {
  const articles = path.join(host.libraryDir, 'articles');
  const envelope = JSON.parse(readFileSync(path.join(articles, `${SEED_ID}.json`), 'utf8')) as {
    article: { segments: { kind: string; versions: { en: { text: string } } }[] };
  };
  return {
    text: envelope.article.segments.find((s) => s.kind === 'paragraph')!.versions.en.text,
    files: readdirSync(articles),
  };
}

async function openSeed(page: Page): Promise<void> {
  // The library shows the headline in the UI language: the only article's link, whatever its text.
  await page.getByTestId('library-table').getByRole('link').first().click();
  await expect(page.getByTestId('editor')).toBeVisible();
}

test('imports the article the save tests edit', async ({ app }) => {
  await app.getByTestId('import-input').setInputFiles(path.join(corpusDir, 'seed-article.json'));
  await expect(app.getByTestId('library-table').locator('tbody tr')).toHaveCount(1);
});

for (const { errno, code, lang } of [
  { errno: 'ENOSPC', code: 'disk-full', lang: 'en' },
  { errno: 'EACCES', code: 'permission-denied', lang: 'ar' },
  { errno: 'ENOSPC', code: 'disk-full', lang: 'ckb' },
] as const) {
  test(`${errno} during a save (${lang}): says why, keeps the text and the file, and Retry stores it`, async ({
    app,
    faultyHost,
  }, testInfo) => {
    await setUiLanguage(app, lang);
    await openSeed(app);
    const before = onDisk(faultyHost);
    const typed = `${before.text} (${errno} ${lang})`;
    const saveState = app.getByTestId('save-state');

    faultyHost.setFault(errno);
    await firstParagraph(app, 'en').fill(typed);
    await expect(saveState).toHaveAttribute('data-state', 'error');
    await expect(saveState).toContainText(strings[lang].msg.saveFailed);
    await expect(saveState).toContainText(strings[lang].errors[code]!);
    await expect(firstParagraph(app, 'en')).toHaveValue(typed);
    // The previous content, whole, and no temporary file left behind.
    expect(onDisk(faultyHost)).toEqual(before);
    await saveState.scrollIntoViewIfNeeded();
    await saveScreenshot(app, testInfo, `save-error-${code}-${lang}`);

    // Retry while the cause is still there fails the same way, and still loses nothing.
    const retry = saveState.getByRole('button', { name: strings[lang].action.retry });
    await retry.click();
    await expect(saveState).toHaveAttribute('data-state', 'error');
    await expect(saveState).toContainText(strings[lang].errors[code]!);
    expect(onDisk(faultyHost).text).toBe(before.text);

    faultyHost.setFault(null);
    await retry.click();
    await expect(saveState).toHaveAttribute('data-state', 'saved');
    await expect(firstParagraph(app, 'en')).toHaveValue(typed);
    expect(onDisk(faultyHost).text).toBe(typed);
    // And after a reload the text is the stored one.
    await app.reload();
    await expect(firstParagraph(app, 'en')).toHaveValue(typed);
    await app.getByTestId('ui-language').selectOption('en');
  });
}
