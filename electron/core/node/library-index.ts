// The library index (`index.json`): per article file, its summary (or why it is unreadable) and
// the identity of the file it was derived from. It is a cache: an entry counts only while the
// file's identity (size, mtime in ns, inode) still matches, and a damaged index is rebuilt.
import type { BigIntStats } from 'node:fs';
import { z } from 'zod';
import type { EnvelopeObject, EnvelopeResult } from '../envelope.ts';
import { parseEnvelope } from '../envelope.ts';
import type { ArticleSummary, UnreadableArticle } from '../model.ts';
import { LANGUAGES } from '../model.ts';

export const INDEX_FILE = 'index.json';
export const INDEX_FORMAT = 'pird.index';
export const INDEX_FORMAT_VERSION = 2;

/** Which version of a file an entry describes. Strings: inode numbers and ns times exceed 2^53. */
export interface FileIdentity {
  size: string;
  mtimeNs: string;
  ino: string;
}

export type IndexEntry = { identity: FileIdentity } & (
  { summary: ArticleSummary } | { unreadable: UnreadableArticle }
);

export function identityOf(stat: BigIntStats): FileIdentity {
  return { size: stat.size.toString(), mtimeNs: stat.mtimeNs.toString(), ino: stat.ino.toString() };
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino;
}

// `satisfies` below makes the compiler flag a status or field added to the model but not here.
const progressSchema = z.object({
  total: z.number().int().min(0),
  byStatus: z.object({
    empty: z.number(),
    draft: z.number(),
    translated: z.number(),
    reviewed: z.number(),
    approved: z.number(),
  }),
  // Absent in indexes written before needs-update existed; their files had no bases, so 0 is right.
  needsUpdate: z.number().int().min(0).default(0),
  words: z.object({
    empty: z.number().int().min(0),
    draft: z.number().int().min(0),
    translated: z.number().int().min(0),
    reviewed: z.number().int().min(0),
    approved: z.number().int().min(0),
  }),
});
const perLang = <T extends z.ZodType>(schema: T) => z.object({ en: schema, ar: schema, ckb: schema });

const summarySchema = z.object({
  id: z.string(),
  sourceLang: z.enum(LANGUAGES),
  headline: perLang(z.string()),
  desk: z.string(),
  editionDate: z.string().nullable(),
  slug: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  progress: perLang(progressSchema),
}) satisfies z.ZodType<ArticleSummary>;

const unreadableSchema = z.object({
  file: z.string(),
  id: z.string().nullable(),
  code: z.enum(['corrupt', 'wrong-format', 'newer-version', 'invalid']),
  reason: z.string(),
}) satisfies z.ZodType<UnreadableArticle>;

const identitySchema = z.object({ size: z.string(), mtimeNs: z.string(), ino: z.string() });

const entrySchema = z.union([
  z.object({ identity: identitySchema, summary: summarySchema }),
  z.object({ identity: identitySchema, unreadable: unreadableSchema }),
]);

const indexSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  version: z.literal(INDEX_FORMAT_VERSION),
  entries: z.record(z.string(), entrySchema),
});

/** An identity no file has: an entry carrying it is read again at the next list. */
const STALE_IDENTITY: FileIdentity = { size: '-1', mtimeNs: '-1', ino: '-1' };
const NO_WORDS = { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 0 };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Version 2 added the word counts per status. They need the articles, so a version 1 entry keeps
 * its summary (with no words) but is marked stale: the next list reads every file again.
 */
function migrateIndexV1(v1: EnvelopeObject): EnvelopeObject {
  const entries = v1.entries;
  if (!isObject(entries)) return { ...v1, version: 2 };
  const migrated: Record<string, unknown> = {};
  for (const [file, entry] of Object.entries(entries)) {
    if (!isObject(entry) || !isObject(entry.summary) || !isObject(entry.summary.progress)) {
      migrated[file] = isObject(entry) ? { ...entry, identity: STALE_IDENTITY } : entry;
      continue;
    }
    const progress: Record<string, unknown> = {};
    for (const [lang, p] of Object.entries(entry.summary.progress))
      progress[lang] = isObject(p) ? { words: NO_WORDS, ...p } : p;
    migrated[file] = { ...entry, identity: STALE_IDENTITY, summary: { ...entry.summary, progress } };
  }
  return { ...v1, version: 2, entries: migrated };
}

export function parseIndex(raw: string): EnvelopeResult<Map<string, IndexEntry>> {
  const result = parseEnvelope(raw, INDEX_FILE, {
    format: INDEX_FORMAT,
    currentVersion: INDEX_FORMAT_VERSION,
    migrations: { 1: migrateIndexV1 },
    schema: indexSchema,
    description: 'library index',
  });
  return result.ok ? { ok: true, value: new Map(Object.entries(result.value.entries)) } : result;
}

/** Compact (it can hold 10,000 entries) and sorted by file name, so equal indexes give equal bytes. */
export function serializeIndex(entries: ReadonlyMap<string, IndexEntry>): string {
  const sorted = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ format: INDEX_FORMAT, version: INDEX_FORMAT_VERSION, entries: sorted })}\n`;
}
