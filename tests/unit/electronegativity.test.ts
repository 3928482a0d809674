// The security scan CI relies on (Electronegativity, offline): no HIGH or MEDIUM finding in
// electron/ or renderer/ outside the reviewed allow-list, and proof that the scanner does find
// problems here, so a silent scanner cannot pass the gate.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllowList, scan, scanPird } from '../security/electronegativity.ts';
import { repoRoot, tempDir } from './helpers/paths.ts';

describe('Electronegativity', () => {
  it('finds no HIGH or MEDIUM issue in electron/ and renderer/ outside the reviewed allow-list', () => {
    const report = scanPird(path.join(repoRoot, 'test-results', 'electronegativity.sarif'));
    expect(report.parseErrors, 'files the scanner could not read').toEqual([]);
    expect(
      report.blocking,
      'HIGH/MEDIUM findings not in tests/security/electronegativity-allowlist.json',
    ).toEqual([]);
    expect(report.unused, 'allow-list entries that match nothing any more').toEqual([]);
    // It read Pird's package.json (Electron version) and scanned the shell's window code.
    expect(report.findings.map((finding) => finding.rule)).toContain('ELECTRON_VERSION_JSON_CHECK');
    expect(report.allowed.map((finding) => `${finding.rule} ${finding.file}`)).toContain(
      'PRELOAD_JS_CHECK electron/main/window.ts',
    );
    const sarif = JSON.parse(readFileSync(report.sarifPath, 'utf8')) as { version: string; runs: unknown[] };
    expect(sarif.version).toBe('2.1.0');
  }, 60_000);

  it('gives a reason for every allow-list entry', () => {
    for (const entry of loadAllowList())
      expect(entry.reason.length, `${entry.rule} ${entry.file}`).toBeGreaterThan(80);
  });

  it('fails an insecure window (control: the scanner works on this machine)', () => {
    const dir = tempDir('pird-electronegativity-control-');
    mkdirSync(path.join(dir, 'main'));
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'control', devDependencies: { electron: '^45.5.0' } }),
    );
    writeFileSync(
      path.join(dir, 'main', 'main.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        'const window = new BrowserWindow({',
        '  webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false },',
        '});',
        "void window.loadURL('http://example.com/');",
        '',
      ].join('\n'),
    );
    const report = scan(dir, path.join(dir, 'out.sarif'), []);
    const blocking = report.blocking.map((finding) => finding.rule);
    expect(blocking).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
      ]),
    );
    expect(report.blocking.some((finding) => finding.severity === 'HIGH')).toBe(true);
  }, 60_000);
});
