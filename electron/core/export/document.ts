// What every output of one language shares: the texts in reading order, the description, and the
// addresses of the language versions (absolute under the library's base URL, else relative links
// between the bundle's folders and a `urn:pird:` identifier of Pird's own).
import type { Article, Lang, SegmentKind } from '../model.ts';
import { LANGUAGE_DIRECTION } from '../model.ts';

export const BUNDLE_FORMAT = 'pird.bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const GENERATOR_NAME = 'Pird';

export interface ExportOptions {
  /** Languages in the bundle, in LANGUAGES order. */
  langs: readonly Lang[];
  /** Publication date, `YYYY-MM-DDTHH:MM:SSZ`. */
  date: string;
  /** Normalised base URL (no trailing slash) or null. */
  baseUrl: string | null;
  slug: string;
  generatorVersion: string;
}

export interface DocumentBlock {
  segmentId: string;
  kind: SegmentKind;
  text: string;
}

export interface LanguageDocument {
  lang: Lang;
  dir: 'ltr' | 'rtl';
  /** The first headline; '' when empty (exported anyway). */
  headline: string;
  kicker: string;
  dateline: string;
  /** Every non-empty segment in article order (the first headline included). */
  blocks: DocumentBlock[];
  /** Summary, else the first paragraph, shortened: meta description, og:description, ninjs. */
  description: string;
}

const DESCRIPTION_MAX = 200;

/** At most `max` characters (code points), cut at a space when one is near the end, with "…". */
function shorten(text: string, max: number): string {
  // A text has no more code points than UTF-16 units; most descriptions stop here.
  if (text.length <= max) return text;
  // Where the first `max` code points end, without splitting the whole (long) paragraph.
  let end = 0;
  for (let n = 0; n < max && end < text.length; n++) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  if (end >= text.length) return text;
  const cut = text.slice(0, end);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:،؛]+$/u, '')}…`;
}

function firstText(article: Article, lang: Lang, kind: SegmentKind): string {
  return (
    article.segments.find((s) => s.kind === kind && s.versions[lang].text !== '')?.versions[lang].text ?? ''
  );
}

// Every output of a bundle (and every sibling's association) reads the same documents: worked out
// once per article and language. Articles are immutable values, so the article object is the key.
const documents = new WeakMap<Article, Map<Lang, LanguageDocument>>();

export function languageDocument(article: Article, lang: Lang): LanguageDocument {
  let byLang = documents.get(article);
  if (byLang === undefined) {
    byLang = new Map();
    documents.set(article, byLang);
  }
  let doc = byLang.get(lang);
  if (doc === undefined) {
    doc = buildLanguageDocument(article, lang);
    byLang.set(lang, doc);
  }
  return doc;
}

function buildLanguageDocument(article: Article, lang: Lang): LanguageDocument {
  const blocks: DocumentBlock[] = [];
  for (const segment of article.segments) {
    const text = segment.versions[lang].text;
    if (text !== '') blocks.push({ segmentId: segment.id, kind: segment.kind, text });
  }
  const summary = firstText(article, lang, 'summary');
  const paragraph = firstText(article, lang, 'paragraph');
  return {
    lang,
    dir: LANGUAGE_DIRECTION[lang],
    headline: article.segments.find((s) => s.kind === 'headline')?.versions[lang].text ?? '',
    kicker: firstText(article, lang, 'kicker'),
    dateline: firstText(article, lang, 'dateline'),
    blocks,
    description: shorten((summary || paragraph).replace(/\s+/g, ' ').trim(), DESCRIPTION_MAX),
  };
}

/** The id all language versions share: manifest groupId, Hugo translationKey, ninjs altIds. */
export function groupId(article: Article): string {
  return `urn:pird:article:${article.id}`;
}

/** ninjs `uri`: the public page when a base URL is set, else a stable urn of Pird's own. */
export function documentUri(article: Article, lang: Lang, options: ExportOptions): string {
  return options.baseUrl === null ? `${groupId(article)}:${lang}` : publicUrl(lang, options);
}

/** `<base>/<lang>/<slug>/`, the slug percent-encoded (an Arabic slug stays a valid URI). */
export function publicUrl(lang: Lang, options: ExportOptions): string {
  return `${options.baseUrl}/${lang}/${encodeURIComponent(options.slug)}/`;
}

/** Where `<from>/index.html` links to the `to` version: absolute, or the sibling folder in the bundle. */
export function pageHref(to: Lang, options: ExportOptions): string {
  return options.baseUrl === null ? `../${to}/index.html` : publicUrl(to, options);
}

/** OpenGraph locales. */
export const OG_LOCALE: Record<Lang, string> = { en: 'en_US', ar: 'ar_IQ', ckb: 'ckb_IQ' };
