// What sync keeps inside the local library, under `<library>/sync/` (never in the shared folder,
// never written by another device):
//
//   sync/device.json           this library's device id, and where the library was when it was made
//   sync/settings.json         the shared folder this library syncs with (a path on this machine)
//   sync/state.json            the clock, the shared-folder files already read, the identity of
//                              every article file when last synced, open conflicts, the last round
//   sync/articles/<id>.json    the merged fields of one article (its versions and what they saw)
//   sync/resolutions.json      conflicts resolved here and not yet sent
//
// All are versioned envelopes written durably. The device id is made once per library; a library
// copied to another folder or machine (its folder's identity differs) gets a new one, so that two
// copies never write under one id.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isValidArticleId } from '../../article-ops.ts';
import { parseEnvelope, serializeEnvelope } from '../../envelope.ts';
import { PirdError } from '../../errors.ts';
import type { ArticleSyncState } from '../../sync/article-sync.ts';
import { emptyArticleState } from '../../sync/article-sync.ts';
import { contextSchema, deviceIdSchema, hlcSchema } from '../../sync/format.ts';
import type { Hlc } from '../../sync/hlc.ts';
import type { SkippedFile, SyncReport } from '../../sync/sync-types.ts';
import type { DeviceId, Frontier } from '../../sync/versions.ts';
import { writeFileDurable } from '../durable-write.ts';
import type { FileIdentity } from '../library-index.ts';

export const SYNC_DIR = 'sync';
const ARTICLE_STATES_DIR = 'articles';
const VERSION = 1;

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function readText(file: string): Promise<string | null> {
  // Looking first is cheaper than a failed read (most articles have no merge state before their first sync).
  if (statSync(file, { throwIfNoEntry: false }) === undefined) return null;
  try {
    return await fsPromises.readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
function randomToken(length: number): string {
  let out = '';
  for (const byte of randomBytes(length)) out += ID_ALPHABET[byte & 31];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Device identity

export interface DeviceIdentity {
  device: DeviceId;
  /** Random per identity: tells two writers of one id apart in the shared folder. */
  nonce: string;
}

const identitySchema = z.object({
  format: z.literal('pird.sync-identity'),
  version: z.literal(VERSION),
  device: deviceIdSchema,
  nonce: z.string().min(1),
  /** Where the library was when the id was made: a copy elsewhere is another device. */
  host: z.string(),
  folder: z.string(),
  createdAt: z.string(),
});

const identityIdentitySchema = z.object({ size: z.string(), mtimeNs: z.string(), ino: z.string() });

const indexEntrySchema = z.object({ loc: z.enum(['articles', 'trash']), id: identityIdentitySchema });
export type IndexEntry = z.infer<typeof indexEntrySchema>;

const skippedSchema = z.object({ file: z.string(), reason: z.string() });

const stateSchema = z.object({
  format: z.literal('pird.sync-state'),
  version: z.literal(VERSION),
  sharedId: z.string().nullable(),
  hlc: hlcSchema.nullable(),
  seq: z.number().int().min(0),
  /** Per device, the shared-folder files already merged into this library. */
  ingested: z.record(z.string(), z.array(z.string())),
  /** This device's own files that the shared folder should hold. */
  published: z.array(z.string()),
  /** Bytes written in change files since the last snapshot: compaction starts past a threshold. */
  sinceSnapshot: z.number().int().min(0),
  /** Identity of each article file when it was last synced: in index.json (compact, read without zod). */
  index: z.record(z.string(), indexEntrySchema).optional(),
  /** The library's folders when they were last scanned, if nothing changed in them for a while. */
  folders: z
    .object({ articles: identityIdentitySchema.nullable(), trash: identityIdentitySchema.nullable() })
    .nullable(),
  /** Open conflicts: article id -> text field keys. */
  conflicts: z.record(z.string(), z.array(z.string())),
  devices: z.record(z.string(), z.object({ name: z.string(), hlc: hlcSchema.nullable() })),
  /** Files skipped in the last round, with why. */
  skipped: z.array(skippedSchema),
  lastRound: z.unknown().nullable(),
});

export interface SyncState {
  sharedId: string | null;
  hlc: Hlc | null;
  seq: number;
  ingested: Record<string, string[]>;
  published: string[];
  sinceSnapshot: number;
  index: Record<string, IndexEntry>;
  folders: { articles: FileIdentity | null; trash: FileIdentity | null } | null;
  conflicts: Record<string, string[]>;
  devices: Record<string, { name: string; hlc: Hlc | null }>;
  skipped: SkippedFile[];
  lastRound: SyncReport | null;
}

export function emptySyncState(): SyncState {
  return {
    sharedId: null,
    hlc: null,
    seq: 0,
    ingested: {},
    published: [],
    sinceSnapshot: 0,
    index: {},
    folders: null,
    conflicts: {},
    devices: {},
    skipped: [],
    lastRound: null,
  };
}

const versionSchema = z.object({
  device: deviceIdSchema,
  hlc: hlcSchema,
  seen: contextSchema,
  value: z.unknown(),
  covers: z.record(z.string(), contextSchema).optional(),
});

const articleStateSchema = z.object({
  format: z.literal('pird.sync-article'),
  version: z.literal(VERSION),
  id: z.string(),
  fields: z.record(z.string(), z.array(versionSchema)),
});

// index.json: `{ format, version, entries: [[id, 'articles' | 'trash', size, mtimeNs, ino], …] }`.
// 10,000 entries: parsed by hand, since a schema library costs more than the rest of a quiet round.
const INDEX_FORMAT = 'pird.sync-index';

function serializeIndex(index: Record<string, IndexEntry>): string {
  const entries = Object.keys(index)
    .sort()
    .map((id) => {
      const e = index[id]!;
      return [id, e.loc, e.id.size, e.id.mtimeNs, e.id.ino];
    });
  return `${JSON.stringify({ format: INDEX_FORMAT, version: VERSION, entries })}\n`;
}

/**
 * The index as last parsed or written in this process, by file: a round, the status and the
 * conflict list each load the state, and parsing 10,000 entries costs more than the rest of a
 * quiet round. Used only when the file's text is exactly the one it was made from; each caller
 * gets its own copy of the record (entries are replaced, never changed in place).
 */
const parsedIndexes = new Map<string, { text: string; index: Record<string, IndexEntry> }>();

/** A new record with the same entries (a loop: twice as fast as a spread for 10,000 keys). */
function copyIndex(index: Record<string, IndexEntry>): Record<string, IndexEntry> {
  const copy: Record<string, IndexEntry> = {};
  for (const id in index) copy[id] = index[id]!;
  return copy;
}

function parseIndex(raw: string): Record<string, IndexEntry> | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const envelope = json as { format?: unknown; version?: unknown; entries?: unknown };
  if (envelope?.format !== INDEX_FORMAT || envelope.version !== VERSION || !Array.isArray(envelope.entries)) {
    return null;
  }
  const out: Record<string, IndexEntry> = {};
  for (const entry of envelope.entries as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 5 || !entry.every((x) => typeof x === 'string'))
      return null;
    const [id, loc, size, mtimeNs, ino] = entry;
    if ((loc !== 'articles' && loc !== 'trash') || !isValidArticleId(id!)) return null;
    out[id!] = { loc, id: { size: size!, mtimeNs: mtimeNs!, ino: ino! } };
  }
  return out;
}

const resolutionsSchema = z.object({
  format: z.literal('pird.sync-resolutions'),
  version: z.literal(VERSION),
  items: z.array(z.object({ articleId: z.string(), key: z.string() })),
});
export interface Resolution {
  articleId: string;
  key: string;
}

const settingsSchema = z.object({
  format: z.literal('pird.sync-settings'),
  version: z.literal(VERSION),
  sharedFolder: z.string().nullable(),
});
export interface SyncSettings {
  sharedFolder: string | null;
}

export class LocalSyncStore {
  readonly dir: string;
  readonly #libraryDir: string;
  /** index.json as last read or written, to skip rewriting an unchanged index. */
  #indexText: string | null = null;

  constructor(libraryDir: string) {
    this.#libraryDir = libraryDir;
    this.dir = path.join(libraryDir, SYNC_DIR);
  }

  async ensure(): Promise<void> {
    await fsPromises.mkdir(path.join(this.dir, ARTICLE_STATES_DIR), { recursive: true });
  }

  #folderIdentity(): string {
    const stat = statSync(this.#libraryDir, { bigint: true });
    return `${stat.dev}:${stat.ino}`;
  }

  /** This library's device identity; made on first use, and made anew for a copied library. */
  async loadIdentity(): Promise<DeviceIdentity & { renewed: boolean }> {
    const file = path.join(this.dir, 'device.json');
    const raw = await readText(file);
    if (raw !== null) {
      const parsed = parseEnvelope(raw, 'sync/device.json', {
        format: 'pird.sync-identity',
        currentVersion: VERSION,
        migrations: {},
        schema: identitySchema,
        description: 'sync identity file',
      });
      if (!parsed.ok && parsed.code === 'newer-version') throw new PirdError('newer-version', parsed.reason);
      if (
        parsed.ok &&
        parsed.value.host === os.hostname() &&
        parsed.value.folder === this.#folderIdentity()
      ) {
        return { device: parsed.value.device, nonce: parsed.value.nonce, renewed: false };
      }
    }
    return { ...(await this.renewIdentity()), renewed: raw !== null };
  }

  /** A new device id (first use, a copied library, or another writer found using this one's). */
  async renewIdentity(): Promise<DeviceIdentity> {
    const identity = { device: `d-${randomToken(12)}` as DeviceId, nonce: randomToken(16) };
    await writeFileDurable(
      path.join(this.dir, 'device.json'),
      serializeEnvelope('pird.sync-identity', VERSION, {
        ...identity,
        host: os.hostname(),
        folder: this.#folderIdentity(),
        createdAt: new Date().toISOString(),
      }),
    );
    return identity;
  }

  /** The sync state; a missing or damaged one starts over (every file is read again, nothing is lost). */
  async loadState(): Promise<SyncState> {
    const raw = await readText(path.join(this.dir, 'state.json'));
    if (raw === null) return emptySyncState();
    const parsed = parseEnvelope(raw, 'sync/state.json', {
      format: 'pird.sync-state',
      currentVersion: VERSION,
      migrations: {},
      schema: stateSchema,
      description: 'sync state',
    });
    if (!parsed.ok) {
      if (parsed.code === 'newer-version') throw new PirdError('newer-version', parsed.reason);
      return emptySyncState();
    }
    const v = parsed.value;
    return {
      sharedId: v.sharedId,
      hlc: v.hlc,
      seq: v.seq,
      ingested: v.ingested,
      published: v.published,
      sinceSnapshot: v.sinceSnapshot,
      index: await this.#loadIndex(),
      folders: v.folders,
      conflicts: v.conflicts,
      devices: v.devices,
      skipped: v.skipped,
      lastRound: (v.lastRound as SyncReport | null) ?? null,
    };
  }

  async saveState(state: SyncState): Promise<void> {
    const { index, ...rest } = state;
    const indexText = serializeIndex(index);
    // The index is written only when it changed (a round with nothing new rewrites little).
    if (indexText !== this.#indexText) {
      const file = path.join(this.dir, 'index.json');
      parsedIndexes.delete(file);
      await writeFileDurable(file, indexText);
      this.#indexText = indexText;
      parsedIndexes.set(file, { text: indexText, index: copyIndex(index) });
    }
    await writeFileDurable(
      path.join(this.dir, 'state.json'),
      `${JSON.stringify({ format: 'pird.sync-state', version: VERSION, ...rest })}\n`,
    );
  }

  /** The identity index; a missing or damaged one is empty (every article file is then looked at again). */
  async #loadIndex(): Promise<Record<string, IndexEntry>> {
    const file = path.join(this.dir, 'index.json');
    const raw = await readText(file);
    this.#indexText = raw;
    if (raw === null) return {};
    const known = parsedIndexes.get(file);
    if (known?.text === raw) return copyIndex(known.index);
    const index = parseIndex(raw);
    if (index === null) return {};
    parsedIndexes.set(file, { text: raw, index: copyIndex(index) });
    return index;
  }

  #articleFile(id: string): string {
    if (!isValidArticleId(id)) throw new PirdError('invalid-input', `"${id}" is not a valid article id.`);
    return path.join(this.dir, ARTICLE_STATES_DIR, `${id}.json`);
  }

  /** The merged fields of one article; empty when it was never synced, null when the file is damaged. */
  async loadArticle(id: string): Promise<ArticleSyncState | null> {
    const raw = await readText(this.#articleFile(id));
    if (raw === null) return emptyArticleState(id);
    const parsed = parseEnvelope(raw, `sync/articles/${id}.json`, {
      format: 'pird.sync-article',
      currentVersion: VERSION,
      migrations: {},
      schema: articleStateSchema,
      description: 'article sync state',
    });
    if (!parsed.ok) {
      if (parsed.code === 'newer-version') throw new PirdError('newer-version', parsed.reason);
      return null;
    }
    if (parsed.value.id !== id) return null;
    const fields: Record<string, Frontier> = parsed.value.fields;
    return { id, fields };
  }

  async saveArticle(state: ArticleSyncState): Promise<void> {
    await writeFileDurable(
      this.#articleFile(state.id),
      `${JSON.stringify({ format: 'pird.sync-article', version: VERSION, id: state.id, fields: state.fields })}\n`,
    );
  }

  /** Moves a damaged article state aside (kept for a person to look at); the next rounds rebuild it. */
  async setAsideArticle(id: string): Promise<void> {
    const file = this.#articleFile(id);
    await fsPromises.rename(file, `${file}.damaged-${Date.now()}`).catch(() => undefined);
  }

  /** Ids of every article with a sync state (for compaction and re-publishing). */
  async articleIds(): Promise<string[]> {
    const names = await fsPromises.readdir(path.join(this.dir, ARTICLE_STATES_DIR)).catch(() => []);
    return names
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => n.slice(0, -5))
      .filter(isValidArticleId);
  }

  async loadResolutions(): Promise<Resolution[]> {
    const raw = await readText(path.join(this.dir, 'resolutions.json'));
    if (raw === null) return [];
    const parsed = parseEnvelope(raw, 'sync/resolutions.json', {
      format: 'pird.sync-resolutions',
      currentVersion: VERSION,
      migrations: {},
      schema: resolutionsSchema,
      description: 'conflict resolutions',
    });
    if (!parsed.ok && parsed.code === 'newer-version') throw new PirdError('newer-version', parsed.reason);
    return parsed.ok ? parsed.value.items : [];
  }

  async saveResolutions(items: Resolution[]): Promise<void> {
    await writeFileDurable(
      path.join(this.dir, 'resolutions.json'),
      serializeEnvelope('pird.sync-resolutions', VERSION, { items }),
    );
  }

  async loadSettings(): Promise<SyncSettings> {
    const raw = await readText(path.join(this.dir, 'settings.json'));
    if (raw === null) return { sharedFolder: null };
    const parsed = parseEnvelope(raw, 'sync/settings.json', {
      format: 'pird.sync-settings',
      currentVersion: VERSION,
      migrations: {},
      schema: settingsSchema,
      description: 'sync settings',
    });
    if (!parsed.ok) {
      if (parsed.code === 'newer-version') throw new PirdError('newer-version', parsed.reason);
      throw new PirdError('unreadable', parsed.reason);
    }
    return { sharedFolder: parsed.value.sharedFolder };
  }

  async saveSettings(settings: SyncSettings): Promise<void> {
    await this.ensure();
    await writeFileDurable(
      path.join(this.dir, 'settings.json'),
      serializeEnvelope('pird.sync-settings', VERSION, { sharedFolder: settings.sharedFolder }),
    );
  }
}
