// Runs the real desktop app where an Electron binary exists; says plainly why not where none does
// (this sandbox cannot download Electron: see README "What was verified where").
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');

function findElectronBinary(): { path: string } | { reason: string } {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string'
      ? { path: binary }
      : { reason: 'the electron package did not give a binary path' };
  } catch (error) {
    return { reason: `no Electron binary installed (${String((error as Error).message).split('\n')[0]})` };
  }
}

const electronBinary = findElectronBinary();

test('the desktop app opens a hardened window that talks to the library through window.pird', async () => {
  if ('reason' in electronBinary) {
    console.log(
      `SKIPPED Electron launch test: ${electronBinary.reason}. It runs wherever \`npm install\` could fetch Electron.`,
    );
    test.skip(true, electronBinary.reason);
    return;
  }
  const home = mkdtempSync(path.join(os.tmpdir(), 'pird-electron-'));
  const app = await electron.launch({
    executablePath: electronBinary.path,
    args: [root, '--no-sandbox'],
    env: { ...process.env, PIRD_HOME: home },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.locator('html')).toHaveAttribute('lang', 'en');
    expect(window.url()).toMatch(/^pird:\/\/app\//);
    // The page has no Node: require and process are absent, window.pird is the only bridge.
    const exposed = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      pird: Object.keys((globalThis as unknown as { pird: object }).pird),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', pird: ['invoke', 'onEvent'] });
    const info = await window.evaluate(() =>
      (globalThis as unknown as { pird: { invoke(c: string, r: object): Promise<unknown> } }).pird.invoke(
        'app.info',
        {},
      ),
    );
    expect(info).toMatchObject({ ok: true, value: { shell: 'electron' } });
    const refused = await window.evaluate(() =>
      (globalThis as unknown as { pird: { invoke(c: string, r: object): Promise<unknown> } }).pird.invoke(
        'articles.get',
        { id: '../../etc/passwd' },
      ),
    );
    expect(refused).toMatchObject({ ok: false });
    // The native side: a menu in the UI language, and the local log that errors would go to.
    const menu = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((item) => item.label));
    expect(menu).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']));
    expect(existsSync(path.join(home, 'logs', 'main.log'))).toBe(true);
  } finally {
    await app.close();
  }
});
