// The persisted search index, `<library>/search-index.json`: derived, like index.json, and never
// trusted over the article files. It records, per article file, the identity of the version it
// was built from (size, mtime in ns, inode); an entry counts only while the file still has that
// identity, so a file changed behind Pird's back (another process, a sync engine, an editor) is
// read again, and a missing, damaged or older-format file means the index is rebuilt.
//
// The format version covers the folding and tokenizing rules too (normalize.ts, tokenize.ts): a
// change there must bump SEARCH_INDEX_FORMAT_VERSION, so indexes made by the old rules are rebuilt.
import type { AsPlainObject } from 'minisearch';
import { z } from 'zod';
import type { EnvelopeResult } from '../envelope.ts';
import { parseEnvelope } from '../envelope.ts';
import { LANGUAGES } from '../model.ts';
import type { SearchIndexSnapshot } from './search-index.ts';

export const SEARCH_INDEX_FILE = 'search-index.json';
export const SEARCH_INDEX_FORMAT = 'pird.search-index';
export const SEARCH_INDEX_FORMAT_VERSION = 1;

/** Which version of an article file an entry was built from (as library-index.ts records it). */
export interface IndexedFileIdentity {
  size: string;
  mtimeNs: string;
  ino: string;
}

export interface PersistedSearchIndex {
  /** Article id -> identity of the file the index read (unreadable files too: not read again). */
  files: Map<string, IndexedFileIdentity>;
  snapshot: SearchIndexSnapshot;
}

const identitySchema = z.object({ size: z.string(), mtimeNs: z.string(), ino: z.string() });
const perLang = <T extends z.ZodType>(schema: T) => z.object({ en: schema, ar: schema, ckb: schema });

// The engines are MiniSearch's own serialisation (tens of MB for 10,000 articles): checked for
// their shape here, cheaply; SearchIndex.fromSnapshot checks that they agree with `articles`.
const engineSchema = z.custom<AsPlainObject>((value) => {
  if (typeof value !== 'object' || value === null) return false;
  const engine = value as Partial<Record<keyof AsPlainObject, unknown>>;
  const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return (
    typeof engine.documentCount === 'number' &&
    typeof engine.nextId === 'number' &&
    engine.serializationVersion === 2 &&
    isRecord(engine.documentIds) &&
    isRecord(engine.fieldIds) &&
    isRecord(engine.fieldLength) &&
    isRecord(engine.storedFields) &&
    Array.isArray(engine.averageFieldLength) &&
    Array.isArray(engine.index) &&
    engine.index.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && isRecord(entry[1]))
  );
}, 'not a search index');

const fileSchema = z.object({
  format: z.literal(SEARCH_INDEX_FORMAT),
  version: z.literal(SEARCH_INDEX_FORMAT_VERSION),
  files: z.record(z.string(), identitySchema),
  articles: z.record(
    z.string(),
    z.object({
      headline: perLang(z.string()),
      langs: z.array(z.enum(LANGUAGES)),
      pairs: z.array(z.string()),
    }),
  ),
  engines: perLang(engineSchema),
});

export function parseSearchIndexFile(raw: string): EnvelopeResult<PersistedSearchIndex> {
  const result = parseEnvelope(raw, SEARCH_INDEX_FILE, {
    format: SEARCH_INDEX_FORMAT,
    currentVersion: SEARCH_INDEX_FORMAT_VERSION,
    migrations: {},
    schema: fileSchema,
    description: 'search index',
  });
  if (!result.ok) return result;
  const { files, articles, engines } = result.value;
  return { ok: true, value: { files: new Map(Object.entries(files)), snapshot: { articles, engines } } };
}

/** Compact JSON: the file is large, and only Pird reads it. */
export function serializeSearchIndexFile(persisted: PersistedSearchIndex): string {
  return `${JSON.stringify({
    format: SEARCH_INDEX_FORMAT,
    version: SEARCH_INDEX_FORMAT_VERSION,
    files: Object.fromEntries(persisted.files),
    articles: persisted.snapshot.articles,
    engines: persisted.snapshot.engines,
  })}\n`;
}
