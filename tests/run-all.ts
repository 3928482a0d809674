// `npm test`: every test runner in turn, then one closing line that adds them up
// (`N passed, N failed, N skipped`), because CI reads neither vitest's nor Playwright's summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const child = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return child.status ?? 1;
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** Vitest's JSON reporter (jest-compatible shape). */
function vitestTally(file: string, exitCode: number): Tally {
  const data = readJson(file) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  } | null;
  if (!data) return { passed: 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 };
  // A runner that crashed outside any test still counts as a failure.
  const failed = data.numFailedTests + (exitCode !== 0 && data.numFailedTests === 0 ? 1 : 0);
  return { passed: data.numPassedTests, failed, skipped: data.numPendingTests + data.numTodoTests };
}

/** Playwright's JSON reporter: stats.expected / unexpected / flaky / skipped. */
function playwrightTally(file: string, exitCode: number): Tally {
  const data = readJson(file) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  } | null;
  if (!data) return { passed: 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 };
  const failed = data.stats.unexpected + (exitCode !== 0 && data.stats.unexpected === 0 ? 1 : 0);
  return { passed: data.stats.expected + data.stats.flaky, failed, skipped: data.stats.skipped };
}

const unitJson = path.join(results, 'unit-results.json');
const e2eJson = path.join(results, 'e2e-results.json');
const electronJson = path.join(results, 'electron-results.json');
for (const file of [unitJson, e2eJson, electronJson]) rmSync(file, { force: true });

const tallies: Record<string, Tally> = {};
// Type errors and lint findings (including the layer rules) fail CI like a failing test.
const staticExit = run('typecheck + lint', 'npm', ['run', '-s', 'static']);
tallies.static = { passed: 0, failed: staticExit === 0 ? 0 : 1, skipped: 0 };
const unitExit = run('unit tests (vitest)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${unitJson}`,
]);
tallies.unit = vitestTally(unitJson, unitExit);

const buildExit = run('build (renderer, main, preload)', 'npm', ['run', '-s', 'build']);
// The build is not a test: it only adds a failure when it breaks.
tallies.build = { passed: 0, failed: buildExit === 0 ? 0 : 1, skipped: 0 };

const e2eExit = run(
  'browser tests (Playwright + Chromium via the browser host)',
  'npx',
  ['playwright', 'test'],
  {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
  },
);
tallies.e2e = playwrightTally(e2eJson, e2eExit);

const electronExit = run(
  'Electron tests (Playwright Electron launcher)',
  'npx',
  ['playwright', 'test', '--config', 'tests/electron/playwright.electron.config.ts'],
  { PLAYWRIGHT_JSON_OUTPUT_NAME: electronJson },
);
tallies.electron = playwrightTally(electronJson, electronExit);

console.log('\n=== summary');
for (const [name, t] of Object.entries(tallies)) {
  console.log(`${name.padEnd(9)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
}
const total = Object.values(tallies).reduce(
  (sum, t) => ({
    passed: sum.passed + t.passed,
    failed: sum.failed + t.failed,
    skipped: sum.skipped + t.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed === 0 ? 0 : 1;
