// `<library>/settings.json`: the library's own settings (see ../library-settings.ts), a versioned
// envelope like every file Pird writes. A missing file means the defaults; a damaged one is an
// error (a silent fallback would lower the QA level a desk asked for); a newer one is refused.
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseEnvelope, serializeEnvelope } from '../envelope.ts';
import { PirdError } from '../errors.ts';
import type { LibrarySettings } from '../library-settings.ts';
import { defaultLibrarySettings, librarySettingsSchema } from '../library-settings.ts';
import { writeFileDurable } from './durable-write.ts';

export const LIBRARY_SETTINGS_FILE = 'settings.json';
const SETTINGS_FORMAT = 'pird.library-settings';
const SETTINGS_FORMAT_VERSION = 1;

const settingsEnvelopeSchema = z.object({
  format: z.literal(SETTINGS_FORMAT),
  version: z.literal(SETTINGS_FORMAT_VERSION),
  settings: librarySettingsSchema,
});

export async function readLibrarySettings(libraryDir: string): Promise<LibrarySettings> {
  let raw: string;
  try {
    raw = await fsPromises.readFile(path.join(libraryDir, LIBRARY_SETTINGS_FILE), 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return defaultLibrarySettings();
    throw error;
  }
  const parsed = parseEnvelope(raw, LIBRARY_SETTINGS_FILE, {
    format: SETTINGS_FORMAT,
    currentVersion: SETTINGS_FORMAT_VERSION,
    migrations: {},
    schema: settingsEnvelopeSchema,
    description: 'library settings file',
  });
  if (!parsed.ok)
    throw new PirdError(parsed.code === 'newer-version' ? 'newer-version' : 'unreadable', parsed.reason);
  return parsed.value.settings;
}

export async function writeLibrarySettings(libraryDir: string, settings: LibrarySettings): Promise<void> {
  // Keys in a fixed order so an unchanged setting gives unchanged bytes (quiet for sync engines).
  const desks = Object.fromEntries(
    Object.entries(settings.deskRequiredStatus).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  await writeFileDurable(
    path.join(libraryDir, LIBRARY_SETTINGS_FILE),
    serializeEnvelope(SETTINGS_FORMAT, SETTINGS_FORMAT_VERSION, {
      settings: {
        requiredStatus: settings.requiredStatus,
        deskRequiredStatus: desks,
        baseUrl: settings.baseUrl,
      },
    }),
  );
}
