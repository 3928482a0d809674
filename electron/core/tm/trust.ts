// Which stored texts the translation memory may offer: a translation an editor has checked.
import type { Article, Lang, Segment } from '../model.ts';
import { needsUpdate } from '../needs-update.ts';

/**
 * A text the memory trusts: the article's own source text, or a translation marked reviewed or
 * approved. Drafts and unchecked translations are never suggested, nor a translation whose source
 * changed after it was made (needs-update.ts): it no longer translates the source it would be paired with.
 */
export function isTrusted(article: Pick<Article, 'sourceLang'>, segment: Segment, lang: Lang): boolean {
  const version = segment.versions[lang];
  if (version.text === '' || needsUpdate(segment, lang, article.sourceLang)) return false;
  return lang === article.sourceLang || version.status === 'reviewed' || version.status === 'approved';
}

/** A pair the memory can use: the source side and the target side are both trusted. */
export function isTrustedPair(
  article: Pick<Article, 'sourceLang'>,
  segment: Segment,
  sourceLang: Lang,
  targetLang: Lang,
): boolean {
  return (
    sourceLang !== targetLang &&
    isTrusted(article, segment, targetLang) &&
    isTrusted(article, segment, sourceLang)
  );
}
