// Per-device settings (who is translating here, the UI language) in `<userData>/device.json`.
// They never travel with the library: each laptop says who made its changes.
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { EnvelopeResult } from '../envelope.ts';
import { parseEnvelope, serializeEnvelope } from '../envelope.ts';
import { PirdError } from '../errors.ts';
import type { DeviceSettings } from '../model.ts';
import { LANGUAGES } from '../model.ts';
import { writeFileDurable } from './durable-write.ts';

export const DEVICE_FILE = 'device.json';
const DEVICE_FORMAT = 'pird.device';
const DEVICE_FORMAT_VERSION = 1;
const MAX_NAME_LENGTH = 200;

export function defaultDeviceSettings(): DeviceSettings {
  return { translatorName: '', uiLanguage: 'en' };
}

const deviceEnvelopeSchema = z.object({
  format: z.literal(DEVICE_FORMAT),
  version: z.literal(DEVICE_FORMAT_VERSION),
  settings: z.object({
    translatorName: z.string().max(MAX_NAME_LENGTH).catch(''),
    uiLanguage: z.enum(LANGUAGES).catch('en'),
  }),
});

async function readDeviceFile(userDataDir: string): Promise<EnvelopeResult<DeviceSettings> | null> {
  const file = path.join(userDataDir, DEVICE_FILE);
  let raw: string;
  try {
    raw = await fsPromises.readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
  const result = parseEnvelope(raw, DEVICE_FILE, {
    format: DEVICE_FORMAT,
    currentVersion: DEVICE_FORMAT_VERSION,
    migrations: {},
    schema: deviceEnvelopeSchema,
    description: 'device settings file',
  });
  return result.ok ? { ok: true, value: result.value.settings } : result;
}

/**
 * This device's settings. A missing, damaged or newer file gives the defaults: the app must start
 * anyway. The file is left as it is until the user saves settings explicitly.
 */
export async function loadDeviceSettings(userDataDir: string): Promise<DeviceSettings> {
  const result = await readDeviceFile(userDataDir);
  return result?.ok ? result.value : defaultDeviceSettings();
}

/** Saves a change of settings; refuses to overwrite a file written by a newer Pird. */
export async function updateDeviceSettings(
  userDataDir: string,
  patch: Partial<DeviceSettings>,
): Promise<DeviceSettings> {
  const current = await readDeviceFile(userDataDir);
  if (current?.ok === false && current.code === 'newer-version')
    throw new PirdError('newer-version', current.reason);
  const next: DeviceSettings = { ...(current?.ok ? current.value : defaultDeviceSettings()) };
  if (patch.translatorName !== undefined) {
    const name = patch.translatorName.normalize('NFC').trim();
    if (name.length > MAX_NAME_LENGTH)
      throw new PirdError(
        'invalid-input',
        `The translator name is longer than ${MAX_NAME_LENGTH} characters.`,
      );
    next.translatorName = name;
  }
  if (patch.uiLanguage !== undefined) {
    if (!(LANGUAGES as readonly string[]).includes(patch.uiLanguage)) {
      throw new PirdError(
        'invalid-input',
        `"${String(patch.uiLanguage)}" is not a UI language (${LANGUAGES.join(', ')}).`,
      );
    }
    next.uiLanguage = patch.uiLanguage;
  }
  await fsPromises.mkdir(userDataDir, { recursive: true });
  await writeFileDurable(
    path.join(userDataDir, DEVICE_FILE),
    serializeEnvelope(DEVICE_FORMAT, DEVICE_FORMAT_VERSION, {
      settings: { translatorName: next.translatorName, uiLanguage: next.uiLanguage },
    }),
  );
  return next;
}
