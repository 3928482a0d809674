// The newsroom's domain in types: articles, segments, languages, statuses.
// Pure data, shared by the core, the shells and (through the contract) the renderer.

export const LANGUAGES = ['en', 'ar', 'ckb'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Direction is declared per language, never guessed from the first character of the text. */
export const LANGUAGE_DIRECTION: Record<Lang, 'ltr' | 'rtl'> = { en: 'ltr', ar: 'rtl', ckb: 'rtl' };

/** Ordered from least to most finished; the order matters for QA levels and merges. */
export const STATUSES = ['empty', 'draft', 'translated', 'reviewed', 'approved'] as const;
export type Status = (typeof STATUSES)[number];

export const SEGMENT_KINDS = ['kicker', 'headline', 'dateline', 'summary', 'paragraph'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

export interface SegmentVersion {
  text: string;
  status: Status;
  /** Translator name recorded on the device that made the change; null for never-touched text. */
  changedBy: string | null;
  /** ISO 8601 UTC time of the last change. */
  changedAt: string | null;
  /**
   * The article's source text this translation was last set against (its text or status, by a
   * person or an import). Absent for source texts and in files written before Pird kept it, which
   * never count as needing an update (needs-update.ts derives that from this and the texts).
   */
  basis?: SourceBasis;
}

/** A source text as it was when a translation was made; the language says which source it was. */
export interface SourceBasis {
  lang: Lang;
  text: string;
}

export interface Segment {
  /** Stable id: alignment across languages is by this id, never by position. */
  id: string;
  kind: SegmentKind;
  versions: Record<Lang, SegmentVersion>;
}

export interface ArticleMeta {
  slug: string;
  desk: string;
  /** The edition (publication day) as YYYY-MM-DD, or null when not yet scheduled. */
  editionDate: string | null;
  byline: string;
  tags: string[];
  url: string | null;
}

/** The image formats an article may carry: detected from the file's bytes, never from its name. */
export const IMAGE_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;
export type ImageMime = (typeof IMAGE_MIME_TYPES)[number];

/** An image of an article (electron/core/images): the file, and its caption and alt text per language. */
export interface ArticleImage {
  /** Stable id (`i-` and 8 letters): sync and the editor refer to the image by it. */
  id: string;
  /** The file in the library's media store (`media/<sha256>.<ext>`): named by content, never by the user's name. */
  file: string;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
  mime: ImageMime;
  /** Pixels, read from the file's header; null when the header does not say. */
  width: number | null;
  height: number | null;
  bytes: number;
  /** The name of the file that was added: shown to people, never used as a path. */
  name: string;
  caption: Record<Lang, string>;
  /** Alternative text for readers who cannot see the image. */
  alt: Record<Lang, string>;
  changedBy: string | null;
  changedAt: string | null;
}

export interface Article {
  id: string;
  sourceLang: Lang;
  meta: ArticleMeta;
  segments: Segment[];
  /** In display order. Absent in files written before images existed, which means none. */
  images?: ArticleImage[];
  createdAt: string;
  updatedAt: string;
  /** Incremented on every save; lets clients notice that someone else saved in between. */
  revision: number;
}

export interface LanguageProgress {
  total: number;
  /** Segment count per status. */
  byStatus: Record<Status, number>;
  /** Translations whose source text changed after they were made (needs-update.ts). */
  needsUpdate: number;
  /** Word count per status (progress/word-count.ts: right for Arabic script). */
  words: Record<Status, number>;
}

/** One library row: what the list needs without opening the article. */
export interface ArticleSummary {
  id: string;
  sourceLang: Lang;
  /** Headline per language ('' where untranslated), so the UI can pick its language or fall back. */
  headline: Record<Lang, string>;
  desk: string;
  editionDate: string | null;
  slug: string;
  updatedAt: string;
  updatedBy: string | null;
  progress: Record<Lang, LanguageProgress>;
}

/** An article file that exists but cannot be used; listed, never overwritten. */
export interface UnreadableArticle {
  file: string;
  id: string | null;
  code: 'corrupt' | 'wrong-format' | 'newer-version' | 'invalid';
  reason: string;
}

export interface DeviceSettings {
  translatorName: string;
  uiLanguage: Lang;
}

export function isRtl(lang: Lang): boolean {
  return LANGUAGE_DIRECTION[lang] === 'rtl';
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
