// The persisted search index, `<library>/search-index.json`: derived, like index.json, and never
// trusted over the article files. It records, per article file, the identity of the version it
// was built from (size, mtime in ns, inode); an entry counts only while the file still has that
// identity, so a file changed behind Pird's back (another process, a sync engine, an editor) is
// read again, and a missing, damaged or older-format file means the index is rebuilt.
//
// The format version covers the folding and tokenizing rules too (normalize.ts, tokenize.ts): a
// change there must bump SEARCH_INDEX_FORMAT_VERSION, so indexes made by the old rules are rebuilt.
import { z } from 'zod';
import type { EnvelopeResult } from '../envelope.ts';
import { parseEnvelope } from '../envelope.ts';
import { LANGUAGES } from '../model.ts';
import type { SearchIndexSnapshot } from './search-index.ts';

export const SEARCH_INDEX_FILE = 'search-index.json';
export const SEARCH_INDEX_FORMAT = 'pird.search-index';
/** 2: the engines as compact EngineSnapshots (engine-store.ts); version 1 files are rebuilt. */
export const SEARCH_INDEX_FORMAT_VERSION = 2;

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

// The engines (engine-store.ts): their shape is checked here, cheaply; the postings are checked as
// they are decoded, and SearchIndex.fromSnapshot checks that the engines agree with `articles`.
const engineSchema = z.object({
  documentCount: z.number().int().min(0),
  nextId: z.number().int().min(0),
  dirtCount: z.number().int().min(0),
  averageFieldLength: z.number().min(0),
  documents: z.custom<[number, string, number][]>(
    (value) =>
      Array.isArray(value) &&
      value.every(
        (d) =>
          Array.isArray(d) &&
          d.length === 3 &&
          Number.isInteger(d[0]) &&
          typeof d[1] === 'string' &&
          Number.isInteger(d[2]),
      ),
    'not a list of documents',
  ),
  terms: z.custom<string[]>(
    (value) => Array.isArray(value) && value.every((t) => typeof t === 'string'),
    'not a list of terms',
  ),
  postings: z.string(),
});

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
