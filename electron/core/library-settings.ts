// Settings that belong to the library (and so travel with it to every desk that opens it), as
// opposed to device settings: the status level QA requires before export, and the newsroom's
// public base URL that makes exported links absolute. Pure: the file lives in node/library-settings-file.ts.
import { z } from 'zod';
import { PirdError } from './errors.ts';
import type { Status } from './model.ts';

/** The statuses a desk may require: anything below `translated` is never publishable. */
export const REQUIRED_STATUSES = ['translated', 'reviewed', 'approved'] as const satisfies readonly Status[];
export type RequiredStatus = (typeof REQUIRED_STATUSES)[number];

export interface LibrarySettings {
  /** The status every published text must have reached (QA error below it). */
  requiredStatus: RequiredStatus;
  /** Per-desk levels that override requiredStatus (key: the desk name as stored on articles). */
  deskRequiredStatus: Record<string, RequiredStatus>;
  /** The newsroom's public base URL (http or https, no trailing slash), or null: links stay relative. */
  baseUrl: string | null;
}

export interface LibrarySettingsPatch {
  requiredStatus?: RequiredStatus;
  /** Sets (a status) or removes (null) one desk's level; other desks keep theirs. */
  deskRequiredStatus?: Record<string, RequiredStatus | null>;
  /** '' or null clears it. */
  baseUrl?: string | null;
}

export function defaultLibrarySettings(): LibrarySettings {
  return { requiredStatus: 'translated', deskRequiredStatus: {}, baseUrl: null };
}

export const requiredStatusSchema = z.enum(REQUIRED_STATUSES);

export const librarySettingsPatchSchema = z.strictObject({
  requiredStatus: requiredStatusSchema.optional(),
  deskRequiredStatus: z.record(z.string().min(1).max(200), requiredStatusSchema.nullable()).optional(),
  baseUrl: z.string().max(2000).nullable().optional(),
});

/** The settings as stored (a file of a damaged or hand-edited library is parsed with this). */
export const librarySettingsSchema = z.strictObject({
  requiredStatus: requiredStatusSchema,
  deskRequiredStatus: z.record(z.string().max(200), requiredStatusSchema),
  baseUrl: z.string().max(2000).nullable(),
});

/**
 * Validates a public base URL: absolute http(s) only (a `javascript:` or `file:` base would turn
 * every exported link into something else), no query or fragment, no trailing slash.
 */
export function normalizeBaseUrl(input: string): string {
  const value = input.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PirdError('invalid-input', `"${input}" is not an absolute URL (e.g. https://news.example).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new PirdError(
      'invalid-input',
      `The base URL must start with https:// or http://, not ${url.protocol}`,
    );
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
    throw new PirdError('invalid-input', 'The base URL cannot have a query, a fragment or a user name.');
  return url.href.replace(/\/+$/, '');
}

function cleanDesk(desk: string): string {
  return desk.normalize('NFC').trim();
}

export function applyLibrarySettingsPatch(
  current: LibrarySettings,
  patch: LibrarySettingsPatch,
): LibrarySettings {
  const next: LibrarySettings = { ...current, deskRequiredStatus: { ...current.deskRequiredStatus } };
  if (patch.requiredStatus !== undefined) next.requiredStatus = patch.requiredStatus;
  if (patch.deskRequiredStatus !== undefined) {
    for (const [desk, level] of Object.entries(patch.deskRequiredStatus)) {
      const key = cleanDesk(desk);
      if (key === '') throw new PirdError('invalid-input', 'A desk name cannot be empty.');
      if (level === null) delete next.deskRequiredStatus[key];
      else next.deskRequiredStatus[key] = level;
    }
  }
  if (patch.baseUrl !== undefined) {
    next.baseUrl =
      patch.baseUrl === null || patch.baseUrl.trim() === '' ? null : normalizeBaseUrl(patch.baseUrl);
  }
  return next;
}

/** The level an article of `desk` must reach. */
export function requiredStatusFor(settings: LibrarySettings, desk: string): RequiredStatus {
  return settings.deskRequiredStatus[cleanDesk(desk)] ?? settings.requiredStatus;
}
