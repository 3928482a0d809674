// electron-builder.yml: the settings that make the installers safe, pinned. The fuses themselves
// can only be flipped in a real Electron binary (a connected machine); packaging.test.ts checks
// them in the stand-in, this test checks what is asked for.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/paths.ts';

const require = createRequire(import.meta.url);
// js-yaml and ajv come with electron-builder and with the test tools; js-yaml ships no types.
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
};

const source = readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
interface BuilderConfig {
  [key: string]: unknown;
  files: string[];
  extraResources: { from: string; to: string }[];
  electronFuses: Record<string, boolean>;
  fileAssociations: Record<string, string>[];
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string; hardenedRuntime: boolean };
  linux: { target: string[]; icon: string };
}
const config = yaml.load(source) as BuilderConfig;

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(path.join(repoRoot, file));
  expect(bytes.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('is a valid electron-builder configuration (its own JSON schema: no misspelt or invented keys)', () => {
    const schemaFile = path.join(repoRoot, 'node_modules/app-builder-lib/scheme.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('names the app and packs only the bundles into app.asar, with nothing to rebuild', () => {
    expect(config).toMatchObject({
      appId: 'org.pird.desk',
      productName: 'Pird',
      asar: true,
      npmRebuild: false,
    });
    expect(config.files).toEqual([
      'dist/main/**',
      'dist/renderer/**',
      'package.json',
      '!**/*.map',
      '!node_modules{,/**}',
      '!**/node_modules{,/**}',
    ]);
    expect(config).not.toHaveProperty('asarUnpack');
    expect(config.extraResources.map((entry) => entry.to)).toEqual(['fonts', 'fonts']);
  });

  it('sets the fuses: no RunAsNode, NODE_OPTIONS or --inspect; only an integrity-checked app.asar loads', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds NSIS on Windows, dmg and zip on macOS, AppImage, deb and tar.gz on Linux', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'tar.gz']);
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('associates .pird bundles with Pird, and never claims .zip', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'pird', name: 'Pird bundle' })]);
    expect(JSON.stringify(config.fileAssociations)).not.toMatch(/"zip"/);
  });

  it('has original icons at the sizes the installers need', () => {
    expect(pngSize(config.win.icon)).toEqual({ width: 512, height: 512 });
    expect(pngSize(config.mac.icon)).toEqual({ width: 512, height: 512 });
    expect(pngSize(`${config.linux.icon}/256x256.png`)).toEqual({ width: 256, height: 256 });
    expect(pngSize(`${config.linux.icon}/512x512.png`)).toEqual({ width: 512, height: 512 });
    expect(readFileSync(path.join(repoRoot, 'electron/main/assets/icon.svg'), 'utf8')).toContain(
      'Original artwork for Pird',
    );
  });

  it('documents signing for the newsroom but holds no certificate or password', () => {
    for (const key of ['cscLink', 'cscKeyPassword', 'certificateFile', 'certificatePassword'])
      expect(JSON.stringify(config)).not.toContain(key);
    expect(config.win).not.toHaveProperty('signtoolOptions');
    expect(config.mac).not.toHaveProperty('identity');
    for (const documented of [
      'CSC_LINK',
      'CSC_KEY_PASSWORD',
      'publisherName',
      'identity:',
      'notarize:',
      'APPLE_API_KEY',
    ])
      expect(source, documented).toContain(documented);
  });

  it('is what `npm run dist` and `npm run dist:dir` use', () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.dist).toMatch(/npm run build && electron-builder/);
    expect(scripts['dist:dir']).toMatch(/npm run build && tsx tests\/packaging\/package-dir\.ts/);
  });
});
