// A second device for the sync tests: its own library and PIRD_HOME (so its own device id), driven
// through the CLI, sharing one temporary shared folder with the app under test.
import { execFileSync } from 'node:child_process';
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
