// A second device for the sync tests: its own library and PIRD_HOME (so its own device id), driven
// through the CLI, sharing one temporary shared folder with the app under test; and browser hosts
// of their own, for tests of several devices that sync in the background.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, repoRoot } from './fixtures.ts';

export interface SecondDevice {
  shared: string;
  run(...args: string[]): string;
  remove(): void;
}

export function createSecondDevice(): SecondDevice {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'pird-e2e-sync-'));
  const library = path.join(tempDir, 'other-lib');
  const home = path.join(tempDir, 'other-home');
  return {
    shared: path.join(tempDir, 'shared'),
    run: (...args) =>
      execFileSync('npx', ['tsx', 'electron/cli/main.ts', ...args, '--library', library], {
        cwd: repoRoot,
        env: { ...process.env, PIRD_HOME: home },
        encoding: 'utf8',
      }),
    remove: () => rmSync(tempDir, { recursive: true, force: true }),
  };
}

/** Settings → (shared folder) → Sync now, waits for the round to end, closes the dialog. */
export async function syncNowFromSettings(app: Page, folder?: string): Promise<void> {
  await app.getByRole('button', { name: 'Settings' }).click();
  const section = app.getByTestId('sync-settings');
  if (folder !== undefined) await section.getByTestId('shared-folder').fill(folder);
  await section.getByTestId('sync-now').click();
  await expect(section.getByTestId('sync-now')).toHaveText('Sync now');
  await expect(section.getByTestId('sync-now')).toBeEnabled();
  await app.getByRole('button', { name: 'Cancel' }).click();
}

const HOST_URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+/;

export interface SyncingHost {
  url: string;
  libraryDir: string;
  stop(): Promise<void>;
}

/**
 * A browser host of its own (library and PIRD_HOME under `dir`), with the background sync timing
 * shortened through PIRD_SYNC_DEBOUNCE_MS / PIRD_SYNC_INTERVAL_MS, as a test of several devices needs.
 */
export async function startSyncingHost(
  dir: string,
  timing: { debounceMs: number; intervalMs: number },
): Promise<SyncingHost> {
  const libraryDir = path.join(dir, 'lib');
  const child = spawn(
    'npx',
    ['tsx', 'electron/cli/main.ts', 'serve', '--library', libraryDir, '--port', '0'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        PIRD_HOME: path.join(dir, 'home'),
        PIRD_SYNC_DEBOUNCE_MS: String(timing.debounceMs),
        PIRD_SYNC_INTERVAL_MS: String(timing.intervalMs),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stopping it also ends npx's child
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`pird serve printed no URL in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = HOST_URL_PATTERN.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pird serve exited with ${code}:\n${output}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve();
      const pid = child.pid;
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
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
        process.kill(-pid, 'SIGTERM');
      } catch {
        clearTimeout(timer);
        resolve();
      }
    });
  return { url, libraryDir, stop };
}

/** Opens a host's page with its token, answering the first-run name prompt if it shows. */
export async function openHostPage(page: Page, url: string, translator: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('ui-language')).toBeVisible();
  const welcome = page.getByTestId('welcome-form');
  if (!(await welcome.isVisible().catch(() => false))) return;
  await page.getByTestId('welcome-name').fill(translator);
  await welcome.getByRole('button', { name: 'Save' }).click();
  await expect(welcome).toBeHidden();
}
