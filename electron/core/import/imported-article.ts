// What every importer produces (a format-neutral article: texts per language, by segment role),
// and how it becomes a new Article or updates an existing one.
import type { MetaPatch } from '../contract.ts';
import {
  createArticle,
  defaultMeta,
  emptyVersion,
  isValidArticleId,
  newArticleId,
  slugify,
  updateMeta,
} from '../article-ops.ts';
import { canonicalArticle } from '../envelope.ts';
import { currentBasis, withBasis } from '../needs-update.ts';
import { PirdError } from '../errors.ts';
import type { Article, Lang, Segment, SegmentKind, Status } from '../model.ts';
import { LANGUAGES } from '../model.ts';

/** One language's texts of an imported article; paragraphs are aligned by index across languages. */
export interface ImportedTexts {
  kicker: string;
  headline: string;
  dateline: string;
  summary?: string;
  paragraphs: string[];
}

export interface ImportedArticle {
  /** The file it came from, for messages. */
  fileName: string;
  /** The id carried by the file: re-importing a file with an id updates that article. */
  id: string | null;
  /** The source language the file declares; null when it does not say. */
  sourceLang: Lang | null;
  meta: MetaPatch;
  languages: Partial<Record<Lang, ImportedTexts>>;
}

export interface ApplyImportOptions {
  author: string;
  now: string;
}

/** The fixed segment ids of imported articles, so that a re-import finds the same segments. */
export function importedSegmentIds(doc: ImportedArticle): { id: string; kind: SegmentKind }[] {
  const all = Object.values(doc.languages);
  const paragraphCount = Math.max(1, ...all.map((t) => t.paragraphs.length));
  const ids: { id: string; kind: SegmentKind }[] = [
    { id: 'kicker', kind: 'kicker' },
    { id: 'headline', kind: 'headline' },
    { id: 'dateline', kind: 'dateline' },
  ];
  if (all.some((t) => t.summary !== undefined)) ids.push({ id: 'summary', kind: 'summary' });
  for (let i = 1; i <= paragraphCount; i++) ids.push({ id: `p${i}`, kind: 'paragraph' });
  return ids;
}

function importedText(texts: ImportedTexts, id: string): string {
  switch (id) {
    case 'kicker':
      return texts.kicker;
    case 'headline':
      return texts.headline;
    case 'dateline':
      return texts.dateline;
    case 'summary':
      return texts.summary ?? '';
    default:
      return texts.paragraphs[Number(id.slice(1)) - 1] ?? '';
  }
}

function importStatus(lang: Lang, sourceLang: Lang, text: string): Status {
  if (text === '') return 'empty';
  return lang === sourceLang ? 'approved' : 'translated';
}

function placeLocalSegments(fileSegments: Segment[], local: Segment[]): Segment[] {
  // Segments only the local article has (inserted or split off in Pird) stay right after the
  // file segment that preceded them locally, so a split paragraph stays where the translator put it.
  const fileIds = new Set(fileSegments.map((s) => s.id));
  const following = new Map<string | null, Segment[]>();
  let anchor: string | null = null;
  for (const segment of local) {
    if (fileIds.has(segment.id)) {
      anchor = segment.id;
      continue;
    }
    const list = following.get(anchor) ?? [];
    list.push(segment);
    following.set(anchor, list);
  }
  const out: Segment[] = [...(following.get(null) ?? [])];
  for (const segment of fileSegments) out.push(segment, ...(following.get(segment.id) ?? []));
  return out;
}

/**
 * Builds a new article from an imported one, or updates `existing` with it.
 *
 * Statuses (design.md): imported non-empty text in the source language is `approved`, in another
 * language `translated`; empty text is `empty`.
 *
 * On update the file is authoritative for the segments it has (kicker, headline, dateline,
 * summary, p1..pN) in the languages it has: a text that differs replaces the stored one (and gets
 * the import status); an unchanged text keeps its status and history. An empty text in the file
 * means "not translated yet", so it never erases a translation made in Pird. Segments the file
 * does not have (added in Pird) are kept, each after the segment that preceded it. Languages the
 * file does not have are left alone. Returns `existing` itself when nothing changed.
 *
 * Needs update: every translation the import writes records the segment's source text after the
 * import as its basis (a trilingual file pairs its texts). A translation the file leaves as it was
 * keeps its basis, so one whose source the file changed needs an update.
 */
export function applyImport(
  doc: ImportedArticle,
  existing: Article | null,
  options: ApplyImportOptions,
): Article {
  const { author, now } = options;
  const firstLang = LANGUAGES.find((lang) => doc.languages[lang] !== undefined);
  // A file that does not declare its source language keeps the article's; a new article from a
  // one-language file (plain text, Markdown) has that language as its source.
  const sourceLang = doc.sourceLang ?? existing?.sourceLang ?? firstLang ?? 'en';
  const base: Article = existing ?? {
    ...createArticle({ id: doc.id ?? newArticleId(), sourceLang }, author, now),
    segments: [],
    meta: defaultMeta(),
  };
  if (!isValidArticleId(base.id))
    throw new PirdError('invalid-input', `${doc.fileName}: "${base.id}" is not a valid article id.`);
  const localById = new Map(base.segments.map((s) => [s.id, s]));

  const fileSegments = importedSegmentIds(doc).map(({ id, kind }): Segment => {
    const local = localById.get(id);
    const versions = {
      ...(local?.versions ?? { en: emptyVersion(), ar: emptyVersion(), ckb: emptyVersion() }),
    };
    const written: Lang[] = [];
    for (const lang of LANGUAGES) {
      const texts = doc.languages[lang];
      if (texts === undefined) continue;
      const text = importedText(texts, id).normalize('NFC');
      if (text === '' || text === versions[lang].text) continue;
      versions[lang] = {
        text,
        status: importStatus(lang, sourceLang, text),
        changedBy: author,
        changedAt: now,
      };
      written.push(lang);
    }
    // After the loop: the source text may come later in language order than a translation.
    const segment: Segment = { id, kind, versions };
    for (const lang of written) {
      versions[lang] = withBasis(
        versions[lang],
        currentBasis(segment, lang, versions[lang].text, sourceLang),
      );
    }
    return segment;
  });

  let next: Article = { ...base, sourceLang, segments: placeLocalSegments(fileSegments, base.segments) };
  next = updateMeta(next, doc.meta);
  if (existing === null && doc.meta.slug === undefined) {
    const headline = fileSegments.find((s) => s.kind === 'headline')?.versions;
    const slugSource = headline
      ? [headline[sourceLang].text, ...LANGUAGES.map((l) => headline[l].text)].find((t) => t !== '')
      : '';
    next = { ...next, meta: { ...next.meta, slug: slugify(slugSource ?? '') || next.id } };
  }
  if (
    existing !== null &&
    JSON.stringify(canonicalArticle(next)) === JSON.stringify(canonicalArticle(existing))
  )
    return existing;
  return next;
}
