// The files of the shared folder, and the schemas that turn what is found there (unknown until
// parsed: another device, a sync engine or a person may have written anything) into versions.
//
//   pird-shared.json                          marks the folder as a Pird shared folder
//   devices/<device id>/device.json           who the device is (written once, by it)
//   devices/<device id>/changes-<hlc>-<seq>.json   one round's changes of that device
//   devices/<device id>/snapshot-<hlc>-<seq>.json  that device's history, compacted
//
// Change and snapshot files are envelopes with a sha256 of their body, so a half-copied or damaged
// file is recognised and skipped (and retried) instead of being taken as data. They are plain JSON
// with one article per line: `jq` or a text editor shows which device changed what, and when.
import { z } from 'zod';
import { isValidArticleId } from '../article-ops.ts';
import type { EnvelopeResult } from '../envelope.ts';
import { parseEnvelope } from '../envelope.ts';
import { LANGUAGES, SEGMENT_KINDS, STATUSES } from '../model.ts';
import { parseFieldKey } from './article-sync.ts';
import { imagePlacementSchema, imageTextValueSchema } from '../images/image-sync.ts';
import type { Hlc } from './hlc.ts';
import { HLC_PATTERN } from './hlc.ts';
import { POSITION_PATTERN } from './positions.ts';
import type { Context, DeviceId, Version } from './versions.ts';
import { DEVICE_ID_PATTERN } from './versions.ts';

export const SHARED_MARKER_FILE = 'pird-shared.json';
export const SHARED_MARKER_FORMAT = 'pird.shared-folder';
export const DEVICES_DIR = 'devices';
export const DEVICE_INFO_FILE = 'device.json';
export const DEVICE_INFO_FORMAT = 'pird.sync-device';
export const CHANGES_FORMAT = 'pird.sync-changes';
export const SNAPSHOT_FORMAT = 'pird.sync-snapshot';
export const SYNC_FORMAT_VERSION = 1;

export const hlcSchema = z.string().regex(HLC_PATTERN, 'not a clock stamp') as unknown as z.ZodType<Hlc>;
export const deviceIdSchema = z
  .string()
  .regex(DEVICE_ID_PATTERN, 'not a device id') as unknown as z.ZodType<DeviceId>;
export const contextSchema = z.record(z.string().regex(DEVICE_ID_PATTERN), hlcSchema) as z.ZodType<Context>;
const fieldKeySchema = z
  .string()
  .max(300)
  .refine((key) => parseFieldKey(key) !== null, 'not a field this Pird knows');

// ---------------------------------------------------------------------------------------------
// Field values: each kind of field has its own schema.

const segmentVersionSchema = z.strictObject({
  text: z.string().max(200_000),
  status: z.enum(STATUSES),
  changedBy: z.string().max(500).nullable(),
  changedAt: z.string().min(1).max(64).nullable(),
  /** The source text the translation was made against (needs-update.ts); absent from older devices. */
  basis: z.strictObject({ lang: z.enum(LANGUAGES), text: z.string().max(200_000) }).optional(),
});
const valueSchemas = {
  exists: z.strictObject({ deleted: z.boolean() }),
  created: z.string().max(64),
  source: z.enum(LANGUAGES),
  segment: z.strictObject({
    kind: z.enum(SEGMENT_KINDS),
    pos: z.string().regex(POSITION_PATTERN),
    deleted: z.boolean(),
  }),
  text: segmentVersionSchema,
  'meta.slug': z.string().max(200),
  'meta.desk': z.string().max(500),
  'meta.editionDate': z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  'meta.byline': z.string().max(1000),
  'meta.tags': z.array(z.string().max(200)).max(200),
  'meta.url': z.string().max(4000).nullable(),
  image: imagePlacementSchema,
  imageText: imageTextValueSchema,
} as const;

/** The schema of a field's value, by its key. */
export function valueSchemaFor(key: string): z.ZodType | null {
  const field = parseFieldKey(key);
  if (field === null) return null;
  if (field.kind === 'meta') return valueSchemas[`meta.${field.field}`];
  return valueSchemas[field.kind];
}

// ---------------------------------------------------------------------------------------------
// Change and snapshot files

export type KeyedVersion = Version & { key: string };

export interface ArticleVersions {
  id: string;
  versions: KeyedVersion[];
}

const versionEntrySchema = z.strictObject({
  key: fieldKeySchema,
  /** Only in snapshots that carry versions of other devices (a re-published shared folder). */
  device: deviceIdSchema.optional(),
  /** Absent in change files: the file's stamp. */
  hlc: hlcSchema.optional(),
  seen: contextSchema.optional(),
  covers: z.record(fieldKeySchema, contextSchema).optional(),
  value: z.unknown(),
});
type VersionEntry = z.infer<typeof versionEntrySchema>;

const articleEntrySchema = z.strictObject({
  id: z.string().refine(isValidArticleId, 'not a valid article id'),
  versions: z.array(versionEntrySchema),
});

const syncFileSchema = z.strictObject({
  format: z.enum([CHANGES_FORMAT, SNAPSHOT_FORMAT]),
  version: z.literal(SYNC_FORMAT_VERSION),
  device: deviceIdSchema,
  /** Random per device instance: two libraries writing under one id (a copied library) differ here. */
  nonce: z.string().min(1).max(100),
  deviceName: z.string().max(500),
  hlc: hlcSchema,
  seq: z.number().int().min(0),
  writtenAt: z.string().max(64),
  /** Snapshots: the files of this device whose content it includes (they may be deleted after it). */
  replaces: z.array(z.string().max(200)).optional(),
  count: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  body: z.strictObject({ articles: z.array(articleEntrySchema) }),
});

export interface SyncFileHeader {
  kind: 'changes' | 'snapshot';
  device: DeviceId;
  nonce: string;
  deviceName: string;
  hlc: Hlc;
  seq: number;
  writtenAt: string;
  replaces?: string[];
}

export interface SyncFile extends SyncFileHeader {
  articles: ArticleVersions[];
  count: number;
}

export type Sha256 = (text: string) => string;

const CHANGES_NAME = /^changes-(\d{8}T\d{9}Z-\d{4})-(\d{6,})\.json$/;
const SNAPSHOT_NAME = /^snapshot-(\d{8}T\d{9}Z-\d{4})-(\d{6,})\.json$/;

export function syncFileName(kind: 'changes' | 'snapshot', hlc: Hlc, seq: number): string {
  return `${kind}-${hlc}-${String(seq).padStart(6, '0')}.json`;
}

/** What a file's name says it is; null for names that are not Pird's. */
export function parseSyncFileName(
  name: string,
): { kind: 'changes' | 'snapshot'; hlc: Hlc; seq: number } | null {
  const changes = CHANGES_NAME.exec(name);
  if (changes) return { kind: 'changes', hlc: changes[1] as Hlc, seq: Number(changes[2]) };
  const snapshot = SNAPSHOT_NAME.exec(name);
  if (snapshot) return { kind: 'snapshot', hlc: snapshot[1] as Hlc, seq: Number(snapshot[2]) };
  return null;
}

/**
 * Why a file found in a device's folder is not read, or null for a Pird sync file (or the device
 * file). Sync engines leave conflict copies and temp files beside the real ones: never data.
 */
export function unusableFileReason(name: string): string | null {
  if (name === DEVICE_INFO_FILE || parseSyncFileName(name) !== null) return null;
  if (/sync-conflict|conflicted copy|conflict/i.test(name)) {
    return 'a conflict copy made by a file-sync engine: never read as data';
  }
  if (/\.tmp$|\.part$|\.partial$|^~|^\.syncthing\.|\.crdownload$/i.test(name)) {
    return 'a temporary file (a copy in progress or left over): skipped until it is complete';
  }
  return 'not a Pird sync file';
}

function entryOf(v: KeyedVersion, file: SyncFileHeader): VersionEntry {
  return {
    key: v.key,
    ...(v.device === file.device ? {} : { device: v.device }),
    ...(file.kind === 'changes' && v.hlc === file.hlc ? {} : { hlc: v.hlc }),
    ...(Object.keys(v.seen).length === 0 ? {} : { seen: v.seen }),
    ...(v.covers === undefined ? {} : { covers: v.covers }),
    value: v.value,
  };
}

/** The bytes of a change or snapshot file. The checksum covers the body as JSON.stringify writes it. */
export function serializeSyncFile(
  header: SyncFileHeader,
  articles: readonly ArticleVersions[],
  sha256: Sha256,
): string {
  const entries = articles.map((a) => ({ id: a.id, versions: a.versions.map((v) => entryOf(v, header)) }));
  const body = { articles: entries };
  const count = articles.reduce((n, a) => n + a.versions.length, 0);
  const head = {
    format: header.kind === 'changes' ? CHANGES_FORMAT : SNAPSHOT_FORMAT,
    version: SYNC_FORMAT_VERSION,
    device: header.device,
    nonce: header.nonce,
    deviceName: header.deviceName,
    hlc: header.hlc,
    seq: header.seq,
    writtenAt: header.writtenAt,
    ...(header.replaces === undefined ? {} : { replaces: header.replaces }),
    count,
    sha256: sha256(JSON.stringify(body)),
  };
  const lines = entries.map((e) => JSON.stringify(e));
  const headText = JSON.stringify(head, null, 1).replace(/\n}$/, '');
  return `${headText},\n "body": {"articles": [\n${lines.join(',\n')}\n]}}\n`;
}

export type ParsedSyncFile = { ok: true; file: SyncFile } | { ok: false; reason: string };

/** Parses a change or snapshot file found in `devices/<expectedDevice>/`; never throws. */
export function parseSyncFile(
  raw: string,
  name: string,
  expectedDevice: string,
  sha256: Sha256,
): ParsedSyncFile {
  const named = parseSyncFileName(name);
  if (named === null) return { ok: false, reason: unusableFileReason(name) ?? 'not a Pird sync file' };
  const format = named.kind === 'changes' ? CHANGES_FORMAT : SNAPSHOT_FORMAT;
  const parsed = parseEnvelope(raw, name, {
    format,
    currentVersion: SYNC_FORMAT_VERSION,
    migrations: {},
    schema: syncFileSchema,
    description: named.kind === 'changes' ? 'sync change file' : 'sync snapshot',
  });
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const envelope = parsed.value;
  if (sha256(JSON.stringify(envelope.body)) !== envelope.sha256) {
    return { ok: false, reason: `${name}: the checksum does not match (a partial copy or a damaged file).` };
  }
  if (envelope.device !== expectedDevice) {
    return {
      ok: false,
      reason: `${name} says it was written by ${envelope.device}, but lies in ${expectedDevice}'s folder.`,
    };
  }
  if (envelope.hlc !== named.hlc || envelope.seq !== named.seq) {
    return { ok: false, reason: `${name}: its name does not match its content (a renamed copy?).` };
  }
  const articles: ArticleVersions[] = [];
  let count = 0;
  for (const entry of envelope.body.articles) {
    const versions: KeyedVersion[] = [];
    for (const v of entry.versions) {
      const schema = valueSchemaFor(v.key);
      const value = schema?.safeParse(v.value);
      if (!value?.success) {
        return { ok: false, reason: `${name}: article ${entry.id}, field ${v.key}: the value is not valid.` };
      }
      versions.push({
        key: v.key,
        device: v.device ?? envelope.device,
        hlc: v.hlc ?? envelope.hlc,
        seen: v.seen ?? {},
        value: value.data,
        ...(v.covers === undefined ? {} : { covers: v.covers }),
      });
    }
    count += versions.length;
    articles.push({ id: entry.id, versions });
  }
  return {
    ok: true,
    file: {
      kind: named.kind,
      device: envelope.device,
      nonce: envelope.nonce,
      deviceName: envelope.deviceName,
      hlc: envelope.hlc,
      seq: envelope.seq,
      writtenAt: envelope.writtenAt,
      ...(envelope.replaces === undefined ? {} : { replaces: envelope.replaces }),
      articles,
      count,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Small envelope files: the marker and the device file

const markerSchema = z.object({
  format: z.literal(SHARED_MARKER_FORMAT),
  version: z.literal(SYNC_FORMAT_VERSION),
  id: z.string().min(1).max(100),
  createdAt: z.string(),
});
export type SharedMarker = z.infer<typeof markerSchema>;

export function parseSharedMarker(raw: string): EnvelopeResult<SharedMarker> {
  return parseEnvelope(raw, SHARED_MARKER_FILE, {
    format: SHARED_MARKER_FORMAT,
    currentVersion: SYNC_FORMAT_VERSION,
    migrations: {},
    schema: markerSchema,
    description: 'shared folder marker',
  });
}

const deviceInfoSchema = z.object({
  format: z.literal(DEVICE_INFO_FORMAT),
  version: z.literal(SYNC_FORMAT_VERSION),
  device: deviceIdSchema,
  nonce: z.string().min(1).max(100),
  name: z.string().max(500),
  createdAt: z.string(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export function parseDeviceInfo(raw: string): EnvelopeResult<DeviceInfo> {
  return parseEnvelope(raw, DEVICE_INFO_FILE, {
    format: DEVICE_INFO_FORMAT,
    currentVersion: SYNC_FORMAT_VERSION,
    migrations: {},
    schema: deviceInfoSchema,
    description: 'sync device file',
  });
}
