// `npm run dist:dir` and tests/unit/packaging.test.ts: electron-builder's unpacked `dir` target.
// electron-builder copies an unpacked Electron and puts resources/app.asar beside it. Where no
// Electron was downloaded (this offline sandbox), a stand-in takes its place: a small script that is
// not Electron but carries Electron's fuse wire, so the packaging runs end to end, electron-builder
// flips the fuses in it as it would in the real binary, and the asar and the fuses can be checked.
// The result cannot run; the installers (`npm run dist`) build on a connected machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** The marker @electron/fuses looks for in an Electron binary; the fuse wire follows it. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's own fuse defaults ('1' on, '0' off), in @electron/fuses' V1 order: RunAsNode on,
 * cookie encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off,
 * browser V8 snapshot off, file:// privileges on. Packaging must change them.
 */
export const ELECTRON_DEFAULT_FUSE_WIRE = '10110001';

/**
 * Writes a Linux Electron stand-in into `dir`: an `electron` shell script (it only says what it is)
 * holding the fuse sentinel, wire version 1, the wire length and the default wire.
 */
export function makeElectronStandIn(dir: string): string {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  const fuseWire = `${FUSE_SENTINEL}\x01${String.fromCharCode(ELECTRON_DEFAULT_FUSE_WIRE.length)}${ELECTRON_DEFAULT_FUSE_WIRE}`;
  const script = [
    '#!/bin/sh',
    `# Pird packaging stand-in, not Electron. Fuse wire: ${fuseWire}`,
    'echo "This is a packaging stand-in, not Electron: install Pird from a real build." >&2',
    'exit 1',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'electron'), script, { encoding: 'latin1', mode: 0o755 });
  writeFileSync(path.join(dir, 'LICENSE'), 'Stand-in for packaging tests; no Electron code.\n');
  return dir;
}

export interface PackageDirOptions {
  /** The folder holding package.json and dist/ (and node_modules, as a real project does). */
  projectDir: string;
  /** Where electron-builder writes; the app lands in `<outputDir>/linux-unpacked`. */
  outputDir: string;
  /** An unpacked Electron or a stand-in from makeElectronStandIn. */
  electronDist: string;
  /** Package for Linux (the only platform a stand-in exists for) rather than for this machine. */
  linux: boolean;
  configFile?: string;
}

export interface PackageDirResult {
  status: number;
  output: string;
}

/** Runs electron-builder's `dir` target; never downloads (electronDist given, npmRebuild off). */
export function packageDir(options: PackageDirOptions): PackageDirResult {
  const cli = path.join(REPO_ROOT, 'node_modules/electron-builder/cli.js');
  const args = [
    cli,
    ...(options.linux ? ['--linux'] : []),
    '--dir',
    '--projectDir',
    options.projectDir,
    '--config',
    options.configFile ?? path.join(REPO_ROOT, 'electron-builder.yml'),
    `-c.electronDist=${options.electronDist}`,
    `-c.directories.output=${options.outputDir}`,
    '--publish',
    'never',
  ];
  // CI=true keeps electron-builder from prompting; without VITEST it logs as it would for a user.
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env.VITEST;
  const child = spawnSync(process.execPath, args, { cwd: options.projectDir, encoding: 'utf8', env });
  return { status: child.status ?? 1, output: `${child.stdout}${child.stderr}` };
}

/** An Electron that `npm install` downloaded on a connected machine, if any. */
function downloadedElectron(): string | undefined {
  const dist = path.join(REPO_ROOT, 'node_modules/electron/dist');
  const binaries = ['electron', 'electron.exe', 'Electron.app'];
  return binaries.some((name) => existsSync(path.join(dist, name))) ? dist : undefined;
}

function main(): void {
  const real = process.env.ELECTRON_DIST || downloadedElectron();
  const electronDist =
    real ?? makeElectronStandIn(mkdtempSync(path.join(os.tmpdir(), 'pird-electron-stand-in-')));
  if (!real) {
    console.log(
      'No Electron binary here: packaging with a stand-in (the result shows the layout, app.asar and fuses, but cannot run).',
    );
  }
  const result = packageDir({
    projectDir: REPO_ROOT,
    outputDir: path.join(REPO_ROOT, 'release'),
    electronDist,
    linux: !real,
  });
  process.stdout.write(result.output);
  process.exitCode = result.status;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
