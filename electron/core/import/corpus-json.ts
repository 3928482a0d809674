// JSON of the corpus shape (../shared/corpus/README.md): an id, the English source at the top
// level, and `languages.{en,ar,ckb}` with kicker, headline, dateline and paragraphs aligned by
// index. An empty string means "not translated yet": the arrays keep their length.
import { z } from 'zod';
import type { MetaPatch } from '../contract.ts';
import { isValidArticleId } from '../article-ops.ts';
import { PirdError } from '../errors.ts';
import type { Lang } from '../model.ts';
import { LANGUAGES } from '../model.ts';
import type { ImportedArticle, ImportedTexts } from './imported-article.ts';

const textsSchema = z.strictObject({
  kicker: z.string(),
  headline: z.string(),
  dateline: z.string(),
  summary: z.string().optional(),
  paragraphs: z.array(z.string()),
});

// Unknown top-level keys are ignored (notes of whoever made the file); unknown languages are not:
// they would be dropped silently.
const corpusSchema = z.object({
  id: z.string().optional(),
  sourceLang: z.enum(LANGUAGES).optional(),
  kicker: z.string().optional(),
  headline: z.string().optional(),
  dateline: z.string().optional(),
  summary: z.string().optional(),
  paragraphs: z.array(z.string()).optional(),
  desk: z.string().optional(),
  byline: z.string().optional(),
  slug: z.string().optional(),
  url: z.string().nullable().optional(),
  editionDate: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  languages: z.strictObject({
    en: textsSchema.optional(),
    ar: textsSchema.optional(),
    ckb: textsSchema.optional(),
  }),
});

export type CorpusArticle = z.infer<typeof corpusSchema>;

/** True when a parsed JSON value looks like a corpus article (has a `languages` object). */
export function looksLikeCorpusArticle(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'languages' in value;
}

function fail(fileName: string, message: string): never {
  throw new PirdError('invalid-input', `${fileName}: ${message}`);
}

const TOP_LEVEL_SOURCE = ['kicker', 'headline', 'dateline', 'summary'] as const;

/** Validates one corpus article (already JSON-parsed) and turns it into an imported article. */
export function parseCorpusArticle(fileName: string, value: unknown): ImportedArticle {
  const parsed = corpusSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    fail(fileName, `${where}${issue.message}`);
  }
  const data = parsed.data;
  if (data.id !== undefined && !isValidArticleId(data.id)) {
    fail(
      fileName,
      `id "${data.id}" is not a valid article id (letters, digits, '.', '_', '-'; at most 128).`,
    );
  }
  const languages: Partial<Record<Lang, ImportedTexts>> = {};
  for (const lang of LANGUAGES) {
    const texts = data.languages[lang];
    if (texts !== undefined) languages[lang] = texts;
  }

  // The top-level fields are the English source (README): they must agree with languages.en,
  // and stand in for it when it is missing.
  const topLevel = TOP_LEVEL_SOURCE.some((k) => data[k] !== undefined) || data.paragraphs !== undefined;
  if (topLevel) {
    const en = languages.en;
    if (en === undefined) {
      languages.en = {
        kicker: data.kicker ?? '',
        headline: data.headline ?? '',
        dateline: data.dateline ?? '',
        ...(data.summary !== undefined ? { summary: data.summary } : {}),
        paragraphs: data.paragraphs ?? [],
      };
    } else {
      for (const key of TOP_LEVEL_SOURCE) {
        if (data[key] !== undefined && data[key] !== en[key])
          fail(fileName, `the top-level ${key} differs from languages.en.${key}.`);
      }
      if (
        data.paragraphs !== undefined &&
        JSON.stringify(data.paragraphs) !== JSON.stringify(en.paragraphs)
      ) {
        fail(fileName, 'the top-level paragraphs differ from languages.en.paragraphs.');
      }
    }
  }

  const present = LANGUAGES.filter((lang) => languages[lang] !== undefined);
  const first = present[0];
  if (first === undefined) fail(fileName, 'languages has no language (expected en, ar or ckb).');
  // The corpus's source is English; a file without English declares its source or uses its first language.
  const sourceLang = data.sourceLang ?? (languages.en !== undefined ? 'en' : first);
  const reference = languages[sourceLang] !== undefined ? sourceLang : first;
  const expected = languages[reference]!.paragraphs.length;
  for (const lang of present) {
    const count = languages[lang]!.paragraphs.length;
    if (count !== expected) {
      fail(
        fileName,
        `languages.${lang}.paragraphs has ${count} items, expected ${expected} (as languages.${reference}.paragraphs): paragraphs are aligned by position.`,
      );
    }
  }

  const meta: MetaPatch = {};
  if (data.desk !== undefined) meta.desk = data.desk;
  if (data.byline !== undefined) meta.byline = data.byline;
  if (data.slug !== undefined && data.slug !== '') meta.slug = data.slug;
  if (data.url !== undefined) meta.url = data.url;
  if (data.editionDate !== undefined) meta.editionDate = data.editionDate;
  if (data.tags !== undefined) meta.tags = data.tags;
  return { fileName, id: data.id ?? null, sourceLang, meta, languages };
}
