// One browser host per test file, on a fresh temporary library and PIRD_HOME, killed on teardown.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import type { JSHandle, Page, TestInfo } from '@playwright/test';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
export const CORPUS_FILES = [
  'seed-article.en.txt',
  'article-001-sulaymaniyah-budget.json',
  'article-002-kirkuk-voter-cards.json',
  'article-003-duhok-short-film.json',
].map((name) => path.join(corpusDir, name));

const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+/;

export interface PirdHost {
  url: string;
  origin: string;
  libraryDir: string;
  homeDir: string;
}

async function startHost(): Promise<{ host: PirdHost; child: ChildProcess; tempDir: string }> {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pird-e2e-'));
  const libraryDir = path.join(tempDir, 'lib');
  const homeDir = path.join(tempDir, 'home');
  const child = spawn(
    'npx',
    ['tsx', 'electron/cli/main.ts', 'serve', '--library', libraryDir, '--port', '0'],
    {
      cwd: repoRoot,
      env: { ...process.env, PIRD_HOME: homeDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so teardown also ends npx's child
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`pird serve printed no URL in 30 s:\n${output}`)),
      30_000,
    );
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
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pird serve exited with ${code}:\n${output}`));
    });
  });
  return { host: { url, origin: new URL(url).origin, libraryDir, homeDir }, child, tempDir };
}

function stopHost(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

interface HostManager {
  /** The host of the given test file: started on first use, the previous file's host stopped. */
  forFile(file: string): Promise<PirdHost>;
}

export const test = base.extend<{ host: PirdHost; app: Page }, { hosts: HostManager }>({
  hosts: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      let current: { file: string; host: PirdHost; child: ChildProcess; tempDir: string } | null = null;
      const stop = async () => {
        if (!current) return;
        await stopHost(current.child);
        rmSync(current.tempDir, { recursive: true, force: true });
        current = null;
      };
      await use({
        async forFile(file) {
          if (current?.file === file) return current.host;
          await stop();
          current = { file, ...(await startHost()) };
          return current.host;
        },
      });
      await stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  // A fresh library and PIRD_HOME per test file; the tests of one file share them, in order.
  host: async ({ hosts }, use, testInfo) => {
    await use(await hosts.forFile(testInfo.file));
  },
  /** The page, opened on the host with its token; the first-run name prompt answered if it shows. */
  app: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    // CSP violations and React warnings surface as console errors; failed requests are tested on purpose.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        errors.push(message.text());
    });
    await page.goto(host.url);
    await expect(page.getByTestId('ui-language')).toBeVisible();
    const welcome = page.getByTestId('welcome-form');
    if (await welcome.isVisible().catch(() => false)) {
      await page.getByTestId('welcome-name').fill('Layla Hassan');
      await welcome.getByRole('button', { name: 'Save' }).click();
      await expect(welcome).toBeHidden();
    }
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** Sets the UI language through the header picker and waits for <html lang dir> to follow. */
export async function setUiLanguage(page: Page, lang: 'en' | 'ar' | 'ckb'): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === lang) return;
  // The switch is immediate; the choice is saved to the device settings in the background. Wait for
  // that too, or the next test's page may open in the language before.
  const saved = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/api/settings.update' && response.ok(),
  );
  await page.getByTestId('ui-language').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await saved;
}

export async function importCorpus(page: Page, files: string[] = CORPUS_FILES): Promise<void> {
  await page.getByTestId('import-input').setInputFiles(files);
  await expect(page.getByTestId('import-status')).not.toBeEmpty();
}

export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(repoRoot, 'test-results', 'screenshots', `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** Opens an article from the library by (part of) its headline. */
export async function openArticle(page: Page, headline: string | RegExp): Promise<void> {
  await page.getByTestId('library-table').getByRole('link', { name: headline }).click();
  await expect(page.getByTestId('editor')).toBeVisible();
}

export interface DroppedFile {
  name: string;
  content: string;
  type: string;
}

// The page's own DataTransfer and File: the Node typecheck project has no DOM types.
interface DropGlobals {
  DataTransfer: new () => { items: { add(file: unknown): unknown } };
  File: new (parts: string[], name: string, options: { type: string }) => unknown;
}

/** A DataTransfer carrying the given files, built in the page, for a synthetic drag and drop. */
export function dataTransferOf(page: Page, files: DroppedFile[]): Promise<JSHandle> {
  return page.evaluateHandle((list) => {
    const win = globalThis as unknown as DropGlobals;
    const dt = new win.DataTransfer();
    for (const file of list) dt.items.add(new win.File([file.content], file.name, { type: file.type }));
    return dt;
  }, files);
}
