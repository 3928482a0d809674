// Image files through the shared folder. The articles' image fields (images/image-sync.ts) travel
// in the change files; the bytes travel as content-addressed files beside them:
//
//   devices/<device id>/media/<sha256>.<ext>
//
// Each device writes only in its own media/ folder (temp file + rename, so a sync engine never
// copies half a file under a real name), and only images no device has published yet: an image
// is in the shared folder once, however many devices have it. Every device reads everyone's.
// What is read is trusted only after its sha256 matches its name: a file still being copied by the
// sync engine, cut short or damaged is skipped with a reason and tried again next round; nothing
// is ever deleted here, and a missing image never stops the round.
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { IMAGE_MAX_BYTES, MEDIA_FILE_PATTERN } from '../../images/images.ts';
import { DEVICES_DIR } from '../../sync/format.ts';
import type { SkippedFile } from '../../sync/sync-types.ts';
import { DEVICE_ID_PATTERN } from '../../sync/versions.ts';
import { isTempFileName, writeFileDurable } from '../durable-write.ts';
import { listMedia, mediaDir, sha256Hex, storeVerifiedImage } from '../media-store.ts';

/** The folder of a device's image files inside its folder of the shared folder. */
export const DEVICE_MEDIA_DIR = 'media';
/** A temp file this old in our own media folder is a leftover of an interrupted write. */
const TEMP_LEFTOVER_MS = 60_000;

export interface MediaExchange {
  /** Image files this device published in the shared folder. */
  sent: number;
  /** Image files copied from other devices into the library. */
  received: number;
  skipped: SkippedFile[];
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await fsPromises.readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
    throw error;
  }
}

interface SharedBlob {
  device: string;
  name: string;
}

/** Every device's published image files: sha256 -> where (first the devices in name order). */
async function listSharedMedia(sharedDir: string): Promise<Map<string, SharedBlob[]>> {
  const out = new Map<string, SharedBlob[]>();
  const devices = (await readdirOrEmpty(path.join(sharedDir, DEVICES_DIR)))
    .filter((d) => DEVICE_ID_PATTERN.test(d))
    .sort();
  for (const device of devices) {
    const names = await readdirOrEmpty(path.join(sharedDir, DEVICES_DIR, device, DEVICE_MEDIA_DIR));
    for (const name of names.sort()) {
      // Temp files, sync engines' partial copies and conflict copies are not named by content.
      if (!MEDIA_FILE_PATTERN.test(name)) continue;
      const sha = name.slice(0, 64);
      const list = out.get(sha) ?? [];
      list.push({ device, name });
      out.set(sha, list);
    }
  }
  return out;
}

async function removeOwnLeftovers(ownDir: string): Promise<void> {
  for (const name of await readdirOrEmpty(ownDir)) {
    if (!isTempFileName(name)) continue;
    const file = path.join(ownDir, name);
    const stat = await fsPromises.stat(file).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > TEMP_LEFTOVER_MS)
      await fsPromises.unlink(file).catch(() => undefined);
  }
}

/**
 * One round's exchange of image files: publishes the library's images that no device has
 * published, and copies into the library the published images it lacks (checked by sha256).
 */
export async function exchangeMediaBlobs(
  libraryDir: string,
  sharedDir: string,
  device: string,
): Promise<MediaExchange> {
  const result: MediaExchange = { sent: 0, received: 0, skipped: [] };
  const ownDir = path.join(sharedDir, DEVICES_DIR, device, DEVICE_MEDIA_DIR);
  let local: Map<string, string>;
  let shared: Map<string, SharedBlob[]>;
  try {
    local = await listMedia(libraryDir);
    shared = await listSharedMedia(sharedDir);
    await removeOwnLeftovers(ownDir);
  } catch (error) {
    // An unreadable folder costs this round its images, never the round itself.
    result.skipped.push({
      file: `${DEVICES_DIR}/*/${DEVICE_MEDIA_DIR}`,
      reason: `image files not exchanged: ${errorCode(error) ?? String(error)}. Tried again next round.`,
    });
    return result;
  }

  for (const [sha, name] of local) {
    if (shared.has(sha)) continue;
    try {
      const bytes = await fsPromises.readFile(path.join(mediaDir(libraryDir), name));
      // A damaged local file is not spread to the other devices.
      if (sha256Hex(bytes) !== sha) {
        result.skipped.push({
          file: `media/${name}`,
          reason: 'its content does not match its name (damaged); not sent',
        });
        continue;
      }
      await fsPromises.mkdir(ownDir, { recursive: true });
      await writeFileDurable(path.join(ownDir, name), bytes);
      result.sent += 1;
    } catch (error) {
      result.skipped.push({
        file: `media/${name}`,
        reason: `not sent (${errorCode(error) ?? String(error)}); tried again next round`,
      });
    }
  }

  for (const [sha, copies] of shared) {
    if (local.has(sha)) continue;
    const problems: string[] = [];
    let stored = false;
    for (const copy of copies) {
      const file = path.join(sharedDir, DEVICES_DIR, copy.device, DEVICE_MEDIA_DIR, copy.name);
      try {
        const stat = await fsPromises.stat(file);
        if (stat.size > IMAGE_MAX_BYTES) {
          problems.push(`${copy.device}: larger than images may be`);
          continue;
        }
        const bytes = await fsPromises.readFile(file);
        if (await storeVerifiedImage(libraryDir, bytes, sha)) {
          stored = true;
          break;
        }
        problems.push(`${copy.device}: the content does not match the name (still being copied, or damaged)`);
      } catch (error) {
        problems.push(`${copy.device}: cannot be read or stored (${errorCode(error) ?? String(error)})`);
      }
    }
    if (stored) result.received += 1;
    else {
      const first = copies[0]!;
      result.skipped.push({
        file: `${DEVICES_DIR}/${first.device}/${DEVICE_MEDIA_DIR}/${first.name}`,
        reason: `image file not taken: ${problems.join('; ')}. Tried again next round.`,
      });
    }
  }
  return result;
}
