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

export interface Article {
  id: string;
  sourceLang: Lang;
  meta: ArticleMeta;
  segments: Segment[];
  createdAt: string;
  updatedAt: string;
  /** Incremented on every save; lets clients notice that someone else saved in between. */
  revision: number;
}

export interface LanguageProgress {
  total: number;
  /** Segment count per status. */
  byStatus: Record<Status, number>;
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
