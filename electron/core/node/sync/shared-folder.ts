// Reading and writing the shared folder (layout in ../../sync/format.ts). This device writes only
// under devices/<its id>/, always by temp file + rename (a sync engine never sees half a file under
// a real name), and never deletes anything but its own files. Whatever else is there is read
// defensively: a file that cannot be used is skipped with a reason, never taken as data.
import { createHash, randomBytes } from 'node:crypto';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { serializeEnvelope } from '../../envelope.ts';
import type {
  ArticleVersions,
  DeviceInfo,
  ParsedSyncFile,
  SharedMarker,
  SyncFileHeader,
} from '../../sync/format.ts';
import {
  DEVICE_INFO_FILE,
  DEVICE_INFO_FORMAT,
  DEVICES_DIR,
  parseDeviceInfo,
  parseSharedMarker,
  parseSyncFile,
  parseSyncFileName,
  serializeSyncFile,
  SHARED_MARKER_FILE,
  SHARED_MARKER_FORMAT,
  SYNC_FORMAT_VERSION,
  syncFileName,
  unusableFileReason,
} from '../../sync/format.ts';
import type { Hlc } from '../../sync/hlc.ts';
import type { SkippedFile } from '../../sync/sync-types.ts';
import type { DeviceId } from '../../sync/versions.ts';
import { DEVICE_ID_PATTERN } from '../../sync/versions.ts';
import { isTempFileName, writeFileDurable } from '../durable-write.ts';
import type { DeviceIdentity } from './local-store.ts';
import { DEVICE_MEDIA_DIR } from './media-blobs.ts';

/** A temp file this old in our own folder is a leftover of an interrupted write. */
const TEMP_LEFTOVER_MS = 60_000;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type SharedFolderCheck =
  { ok: true; marker: SharedMarker; created: boolean } | { ok: false; warning: string };

/**
 * Checks that `dir` is the shared folder: its marker file is there. A missing folder or marker
 * pauses sync (unplugged drive, unmounted share, emptied folder): a missing file never means that
 * anything was deleted. The marker is made only when `mayCreate` (this library never synced here)
 * and the folder is empty or new.
 */
export async function checkSharedFolder(dir: string, mayCreate: boolean): Promise<SharedFolderCheck> {
  let entries: string[] | null = null;
  try {
    entries = await fsPromises.readdir(dir);
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      return {
        ok: false,
        warning: `The shared folder ${dir} cannot be read (${code ?? String(error)}). Sync is paused.`,
      };
    }
  }
  if (entries === null) {
    const parentExists = await fsPromises.stat(path.dirname(dir)).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!mayCreate || !parentExists) {
      return {
        ok: false,
        warning: `The shared folder ${dir} is not there (a drive unplugged or a share not mounted?). Sync is paused; nothing was deleted.`,
      };
    }
    await fsPromises.mkdir(dir, { recursive: true });
    entries = [];
  }
  if (!entries.includes(SHARED_MARKER_FILE)) {
    // Sync engines keep their own hidden files in a synced folder (.stfolder, .dropbox): those do not count.
    const visible = entries.filter((e) => !e.startsWith('.'));
    if (mayCreate && visible.length === 0) {
      const marker: SharedMarker = {
        format: SHARED_MARKER_FORMAT,
        version: SYNC_FORMAT_VERSION,
        id: randomBytes(8).toString('hex'),
        createdAt: new Date().toISOString(),
      };
      await writeFileDurable(
        path.join(dir, SHARED_MARKER_FILE),
        serializeEnvelope(SHARED_MARKER_FORMAT, SYNC_FORMAT_VERSION, {
          id: marker.id,
          createdAt: marker.createdAt,
          about: 'Pird shared folder. Each device writes only under devices/<its id>/; do not edit by hand.',
        }),
      );
      return { ok: true, marker, created: true };
    }
    return {
      ok: false,
      warning: mayCreate
        ? `${dir} has files but no ${SHARED_MARKER_FILE}: it is not a Pird shared folder. Choose an empty folder or the team's shared folder.`
        : `The shared folder ${dir} has no ${SHARED_MARKER_FILE} (emptied, not yet synced, or the wrong folder). Sync is paused; nothing was deleted.`,
    };
  }
  let raw: string;
  try {
    raw = await fsPromises.readFile(path.join(dir, SHARED_MARKER_FILE), 'utf8');
  } catch (error) {
    return {
      ok: false,
      warning: `${SHARED_MARKER_FILE} cannot be read (${errorCode(error) ?? String(error)}). Sync is paused.`,
    };
  }
  const parsed = parseSharedMarker(raw);
  if (!parsed.ok) return { ok: false, warning: `${parsed.reason} Sync is paused.` };
  return { ok: true, marker: parsed.value, created: false };
}

export function deviceFolder(sharedDir: string, device: string): string {
  return path.join(sharedDir, DEVICES_DIR, device);
}

/**
 * Makes sure this device's folder and device file exist. Returns 'taken' when the folder's device
 * file names another instance (a copied library writing under the same id): the caller must take
 * a new id before writing anything.
 */
export async function claimDeviceFolder(
  sharedDir: string,
  identity: DeviceIdentity,
  name: string,
): Promise<'ok' | 'taken'> {
  const dir = deviceFolder(sharedDir, identity.device);
  await fsPromises.mkdir(dir, { recursive: true });
  const file = path.join(dir, DEVICE_INFO_FILE);
  let raw: string | null = null;
  try {
    raw = await fsPromises.readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
  if (raw !== null) {
    const parsed = parseDeviceInfo(raw);
    if (parsed.ok) return parsed.value.nonce === identity.nonce ? 'ok' : 'taken';
    // A damaged device file of our own: written again below.
  }
  await writeFileDurable(
    file,
    serializeEnvelope(DEVICE_INFO_FORMAT, SYNC_FORMAT_VERSION, {
      device: identity.device,
      nonce: identity.nonce,
      name,
      createdAt: new Date().toISOString(),
    } satisfies Omit<DeviceInfo, 'format' | 'version'>),
  );
  // Remove temp files of our own interrupted writes (only ours: nobody else writes here).
  for (const entry of await fsPromises.readdir(dir)) {
    if (!isTempFileName(entry)) continue;
    const full = path.join(dir, entry);
    const stat = await fsPromises.stat(full).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > TEMP_LEFTOVER_MS)
      await fsPromises.unlink(full).catch(() => undefined);
  }
  return 'ok';
}

export interface ListedFile {
  device: DeviceId;
  name: string;
  kind: 'changes' | 'snapshot';
  hlc: Hlc;
  seq: number;
}

export interface SharedListing {
  files: ListedFile[];
  skipped: SkippedFile[];
  /** Device names from their device files (for people reading conflicts). */
  names: Map<string, string>;
}

/** Every device's files in the shared folder; what cannot be a Pird file is listed as skipped. */
export async function listSharedFolder(sharedDir: string, ownDevice: string): Promise<SharedListing> {
  const files: ListedFile[] = [];
  const skipped: SkippedFile[] = [];
  const names = new Map<string, string>();
  const devicesDir = path.join(sharedDir, DEVICES_DIR);
  const devices = await fsPromises.readdir(devicesDir, { withFileTypes: true }).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  });
  for (const entry of devices) {
    const rel = `${DEVICES_DIR}/${entry.name}`;
    if (entry.name.startsWith('.')) continue;
    if (!entry.isDirectory() || !DEVICE_ID_PATTERN.test(entry.name)) {
      skipped.push({ file: rel, reason: unusableFileReason(entry.name) ?? 'not a device folder' });
      continue;
    }
    const device = entry.name as DeviceId;
    let names_: string[];
    try {
      names_ = await fsPromises.readdir(path.join(devicesDir, device));
    } catch (error) {
      skipped.push({ file: rel, reason: `cannot be read (${errorCode(error) ?? String(error)})` });
      continue;
    }
    for (const name of names_) {
      const file = `${rel}/${name}`;
      // The device's image files (media-blobs.ts) are read by the media exchange, not as changes.
      if (name === DEVICE_MEDIA_DIR) continue;
      if (name === DEVICE_INFO_FILE) {
        const raw = await fsPromises.readFile(path.join(devicesDir, device, name), 'utf8').catch(() => '');
        const info = parseDeviceInfo(raw);
        if (info.ok) names.set(device, info.value.name);
        continue;
      }
      // Our own in-progress or interrupted writes are not worth a warning.
      if (device === ownDevice && isTempFileName(name)) continue;
      const parsedName = parseSyncFileName(name);
      if (parsedName === null) {
        skipped.push({ file, reason: unusableFileReason(name) ?? 'not a Pird sync file' });
        continue;
      }
      files.push({ device, name, ...parsedName });
    }
  }
  files.sort((a, b) => (a.device !== b.device ? (a.device < b.device ? -1 : 1) : a.name < b.name ? -1 : 1));
  return { files, skipped, names };
}

export async function readSyncFile(sharedDir: string, file: ListedFile): Promise<ParsedSyncFile> {
  let raw: string;
  try {
    raw = await fsPromises.readFile(path.join(deviceFolder(sharedDir, file.device), file.name), 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot be read (${errorCode(error) ?? String(error)})` };
  }
  return parseSyncFile(raw, file.name, file.device, sha256);
}

/** Writes one of this device's files (durably, by temp file + rename) and returns its name and size. */
export async function writeSyncFile(
  sharedDir: string,
  header: SyncFileHeader,
  articles: readonly ArticleVersions[],
): Promise<{ name: string; bytes: number }> {
  const name = syncFileName(header.kind, header.hlc, header.seq);
  const text = serializeSyncFile(header, articles, sha256);
  await writeFileDurable(path.join(deviceFolder(sharedDir, header.device), name), text);
  return { name, bytes: Buffer.byteLength(text) };
}

/** Removes files of this device's own folder (after a snapshot includes them). */
export async function removeOwnFiles(
  sharedDir: string,
  device: string,
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    await fsPromises.unlink(path.join(deviceFolder(sharedDir, device), name)).catch((error: unknown) => {
      if (errorCode(error) !== 'ENOENT') throw error;
    });
  }
}
