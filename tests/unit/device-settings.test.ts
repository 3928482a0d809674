import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { PirdError } from '../../electron/core/errors.ts';
import { loadDeviceSettings, updateDeviceSettings } from '../../electron/core/node/device-settings.ts';
import { defaultLibraryDir, defaultUserDataDir } from '../../electron/core/node/paths.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

afterAll(removeTempDirs);

describe('default folders', () => {
  const home = os.homedir();

  it('uses PIRD_HOME when set', () => {
    expect(defaultUserDataDir({ PIRD_HOME: '/srv/pird' }, 'linux')).toBe('/srv/pird');
    expect(defaultLibraryDir({ PIRD_HOME: '/srv/pird' }, 'linux')).toBe('/srv/pird/library');
  });

  it("matches Electron's userData for productName Pird on each OS", () => {
    expect(defaultUserDataDir({}, 'linux')).toBe(path.posix.join(home, '.config', 'Pird'));
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: '/x/config' }, 'linux')).toBe('/x/config/Pird');
    expect(defaultUserDataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux')).toBe(
      path.posix.join(home, '.config', 'Pird'),
    );
    expect(defaultUserDataDir({}, 'darwin')).toBe(
      path.posix.join(home, 'Library', 'Application Support', 'Pird'),
    );
    expect(defaultUserDataDir({ APPDATA: 'C:\\Users\\rawa\\AppData\\Roaming' }, 'win32')).toBe(
      'C:\\Users\\rawa\\AppData\\Roaming\\Pird',
    );
    expect(defaultLibraryDir({ APPDATA: 'C:\\Users\\rawa\\AppData\\Roaming' }, 'win32')).toBe(
      'C:\\Users\\rawa\\AppData\\Roaming\\Pird\\library',
    );
  });
});

describe('device settings', () => {
  it('gives defaults without a file, and saves a change in a versioned file', async () => {
    const dir = path.join(await makeTempDir(), 'userData');
    expect(await loadDeviceSettings(dir)).toEqual({ translatorName: '', uiLanguage: 'en' });
    expect(await updateDeviceSettings(dir, { translatorName: ' Shno Ahmed ', uiLanguage: 'ckb' })).toEqual({
      translatorName: 'Shno Ahmed',
      uiLanguage: 'ckb',
    });
    expect(await updateDeviceSettings(dir, { uiLanguage: 'ar' })).toEqual({
      translatorName: 'Shno Ahmed',
      uiLanguage: 'ar',
    });
    expect(await loadDeviceSettings(dir)).toEqual({ translatorName: 'Shno Ahmed', uiLanguage: 'ar' });
    const file = JSON.parse(await fs.readFile(path.join(dir, 'device.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(file).toEqual({
      format: 'pird.device',
      version: 1,
      settings: { translatorName: 'Shno Ahmed', uiLanguage: 'ar' },
    });
  });

  it('reads a damaged file as defaults and leaves it alone until the next save', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'device.json');
    await fs.writeFile(file, '{"format":"pird.device","vers');
    expect(await loadDeviceSettings(dir)).toEqual({ translatorName: '', uiLanguage: 'en' });
    expect(await fs.readFile(file, 'utf8')).toBe('{"format":"pird.device","vers');
    await updateDeviceSettings(dir, { translatorName: 'Rawa' });
    expect(await loadDeviceSettings(dir)).toEqual({ translatorName: 'Rawa', uiLanguage: 'en' });
  });

  it('refuses to overwrite settings written by a newer Pird', async () => {
    const dir = await makeTempDir();
    const newer = '{"format":"pird.device","version":2,"settings":{"translatorName":"x"}}';
    await fs.writeFile(path.join(dir, 'device.json'), newer);
    expect(await loadDeviceSettings(dir)).toEqual({ translatorName: '', uiLanguage: 'en' });
    await expect(updateDeviceSettings(dir, { translatorName: 'Rawa' })).rejects.toMatchObject({
      code: 'newer-version',
    });
    expect(await fs.readFile(path.join(dir, 'device.json'), 'utf8')).toBe(newer);
  });

  it('refuses an over-long name and an unknown UI language', async () => {
    const dir = await makeTempDir();
    await expect(updateDeviceSettings(dir, { translatorName: 'x'.repeat(201) })).rejects.toBeInstanceOf(
      PirdError,
    );
    await expect(updateDeviceSettings(dir, { uiLanguage: 'fr' as 'en' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });
});
