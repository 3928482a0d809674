// Versioned envelopes for every file Pird writes: `{ "format": "pird.<kind>", "version": N, ... }`.
// A file from a newer Pird is refused with a message (and never overwritten by the caller); an
// older one is migrated step by step, one function per version, before the current schema parses it.
import { z } from 'zod';
import { ARTICLE_ID_PATTERN } from './article-ops.ts';
import { canonicalImage, imagesSchema } from './images/images.ts';
import type { Article, Segment, SegmentVersion, UnreadableArticle } from './model.ts';
import { LANGUAGES, SEGMENT_KINDS, STATUSES } from './model.ts';

export type EnvelopeProblemCode = UnreadableArticle['code'];

export type EnvelopeResult<T> =
  { ok: true; value: T } | { ok: false; code: EnvelopeProblemCode; reason: string };

export type EnvelopeObject = Record<string, unknown> & { format: string; version: number };

export interface EnvelopeSpec<T> {
  format: string;
  /** The version this Pird writes and the highest it reads. */
  currentVersion: number;
  /** migrations[n] turns a version-n envelope into a version-(n+1) envelope. */
  migrations: Readonly<Record<number, (envelope: EnvelopeObject) => EnvelopeObject>>;
  /** Parses the whole envelope at the current version. */
  schema: z.ZodType<T>;
  /** What the file is, for messages: "article file", "library index". */
  description: string;
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return issues.join('; ') + more;
}

/** Parses any Pird envelope: JSON, then format and version, then migrations, then the schema. */
export function parseEnvelope<T>(raw: string, fileName: string, spec: EnvelopeSpec<T>): EnvelopeResult<T> {
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (text.trim() === '') return { ok: false, code: 'corrupt', reason: `${fileName} is empty.` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      code: 'corrupt',
      reason: `${fileName} is not valid JSON (damaged or cut short): ${detail}`,
    };
  }
  if (
    typeof json !== 'object' ||
    json === null ||
    Array.isArray(json) ||
    (json as { format?: unknown }).format !== spec.format
  ) {
    const format = (json as { format?: unknown } | null)?.format;
    const what = typeof format === 'string' ? `its format is "${format}"` : 'it has no "format" field';
    return {
      ok: false,
      code: 'wrong-format',
      reason: `${fileName} is not a Pird ${spec.description}: ${what}, expected "${spec.format}".`,
    };
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      code: 'invalid',
      reason: `${fileName} has no valid format version (found ${JSON.stringify(version) ?? 'nothing'}).`,
    };
  }
  if (version > spec.currentVersion) {
    return {
      ok: false,
      code: 'newer-version',
      reason: `${fileName} was written by a newer Pird (${spec.description} version ${version}; this Pird reads up to version ${spec.currentVersion}). Update Pird to open it.`,
    };
  }
  let envelope = json as EnvelopeObject;
  for (let v = version; v < spec.currentVersion; v++) {
    const migrate = spec.migrations[v];
    if (migrate === undefined) {
      return {
        ok: false,
        code: 'invalid',
        reason: `${fileName}: no migration from ${spec.description} version ${v}.`,
      };
    }
    envelope = migrate(envelope);
  }
  const parsed = spec.schema.safeParse(envelope);
  if (!parsed.success)
    return { ok: false, code: 'invalid', reason: `${fileName} is damaged: ${describeIssues(parsed.error)}` };
  return { ok: true, value: parsed.data };
}

// ---------------------------------------------------------------------------------------------
// The article file

export const ARTICLE_FORMAT = 'pird.article';
/**
 * The newest article file version this Pird reads. Version 2 added `images`; a file is written at
 * the lowest version that holds its content, so an article without images stays a version 1 file
 * that older Pirds still open, and one with images is refused by them as "from a newer Pird".
 */
export const ARTICLE_FORMAT_VERSION = 2;
const ARTICLE_VERSION_WITHOUT_IMAGES = 1;

const langSchema = z.enum(LANGUAGES);
const isoTime = z.string().min(1).max(64);

const versionSchema = z.strictObject({
  text: z.string(),
  status: z.enum(STATUSES),
  changedBy: z.string().nullable(),
  changedAt: isoTime.nullable(),
  // Optional: files written before Pird kept it have none (needs-update.ts: unknown, never stale).
  basis: z.strictObject({ lang: langSchema, text: z.string() }).optional(),
});

const segmentSchema = z.strictObject({
  id: z.string().min(1).max(200),
  kind: z.enum(SEGMENT_KINDS),
  versions: z.strictObject({ en: versionSchema, ar: versionSchema, ckb: versionSchema }),
});

const metaSchema = z.strictObject({
  slug: z.string().max(200),
  desk: z.string(),
  editionDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
    .nullable(),
  byline: z.string(),
  tags: z.array(z.string()),
  url: z.string().nullable(),
});

export const articleSchema = z
  .strictObject({
    id: z.string().regex(ARTICLE_ID_PATTERN, 'not a valid article id'),
    sourceLang: langSchema,
    meta: metaSchema,
    segments: z.array(segmentSchema).min(1),
    images: imagesSchema.optional(),
    createdAt: isoTime,
    updatedAt: isoTime,
    revision: z.number().int().min(1),
  })
  .superRefine((article, ctx) => {
    // Alignment is by segment id: a duplicate id would pair two segments' translations.
    const seen = new Set<string>();
    article.segments.forEach((segment, index) => {
      if (seen.has(segment.id))
        ctx.addIssue({
          code: 'custom',
          path: ['segments', index, 'id'],
          message: `duplicate segment id "${segment.id}"`,
        });
      seen.add(segment.id);
    });
  }) satisfies z.ZodType<Article>;

const articleEnvelopeSchema = z.strictObject({
  format: z.literal(ARTICLE_FORMAT),
  version: z.literal(ARTICLE_FORMAT_VERSION),
  article: articleSchema,
});

const articleSpec: EnvelopeSpec<z.infer<typeof articleEnvelopeSchema>> = {
  format: ARTICLE_FORMAT,
  currentVersion: ARTICLE_FORMAT_VERSION,
  // Version 2 only added the optional `images`: a version 1 article is a version 2 article without images.
  migrations: { 1: (v1) => ({ ...v1, version: 2 }) },
  schema: articleEnvelopeSchema,
  description: 'article file',
};

export type ParsedArticleFile = { ok: true; article: Article } | { ok: false; unreadable: UnreadableArticle };

/** The id an article file should hold, from its name (`<id>.json`), or null if the name is not one. */
export function articleIdFromFileName(fileName: string): string | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  if (!base.endsWith('.json')) return null;
  const id = base.slice(0, -'.json'.length);
  return ARTICLE_ID_PATTERN.test(id) ? id : null;
}

export function parseArticleFile(raw: string, fileName: string): ParsedArticleFile {
  const result = parseEnvelope(raw, fileName, articleSpec);
  if (!result.ok) {
    return {
      ok: false,
      unreadable: {
        file: fileName,
        id: articleIdFromFileName(fileName),
        code: result.code,
        reason: result.reason,
      },
    };
  }
  return { ok: true, article: result.value.article };
}

// Keys are written in one fixed order so that the same article always gives the same bytes
// (stable diffs, and a sync engine sees no change where there is none).
function canonicalVersion(v: SegmentVersion): SegmentVersion {
  return {
    text: v.text,
    status: v.status,
    changedBy: v.changedBy,
    changedAt: v.changedAt,
    ...(v.basis === undefined ? {} : { basis: { lang: v.basis.lang, text: v.basis.text } }),
  };
}

function canonicalSegment(s: Segment): Segment {
  return {
    id: s.id,
    kind: s.kind,
    versions: {
      en: canonicalVersion(s.versions.en),
      ar: canonicalVersion(s.versions.ar),
      ckb: canonicalVersion(s.versions.ckb),
    },
  };
}

export function canonicalArticle(a: Article): Article {
  return {
    id: a.id,
    sourceLang: a.sourceLang,
    meta: {
      slug: a.meta.slug,
      desk: a.meta.desk,
      editionDate: a.meta.editionDate,
      byline: a.meta.byline,
      tags: a.meta.tags.slice(),
      url: a.meta.url,
    },
    segments: a.segments.map(canonicalSegment),
    ...(a.images !== undefined && a.images.length > 0 ? { images: a.images.map(canonicalImage) } : {}),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    revision: a.revision,
  };
}

/** The stored bytes of an article: pretty JSON (2 spaces), fixed key order, trailing newline. */
export function serializeArticleFile(article: Article): string {
  const envelope = {
    format: ARTICLE_FORMAT,
    version:
      article.images !== undefined && article.images.length > 0
        ? ARTICLE_FORMAT_VERSION
        : ARTICLE_VERSION_WITHOUT_IMAGES,
    article: canonicalArticle(article),
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** Serialises any small envelope file (library, index, device settings) the same way. */
export function serializeEnvelope(format: string, version: number, body: Record<string, unknown>): string {
  return `${JSON.stringify({ format, version, ...body }, null, 2)}\n`;
}
