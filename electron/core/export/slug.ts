// Bundle names: the folder `<slug>/` or the file `<slug>.zip` in the folder the user chose.
// They must be safe on Windows, macOS and Linux whatever the article holds (a hand-edited article
// file can carry any slug: "../../x", "con", "a:b", "x."), readable, and unique in that folder.
import { slugify } from '../article-ops.ts';
import type { Article } from '../model.ts';
import { LANGUAGES } from '../model.ts';

// Device names Windows refuses with any extension; it also treats superscript digits as digits.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
/** UTF-8 bytes of a slug: with "-99.zip" it stays far below the 255-byte name limit of every file system. */
const MAX_SLUG_BYTES = 180;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Makes any candidate safe as a name (or '' when nothing usable is left). */
export function safeName(candidate: string): string {
  let slug = slugify(candidate.normalize('NFC'));
  while (utf8Length(slug) > MAX_SLUG_BYTES) slug = [...slug].slice(0, -1).join('');
  slug = slug.replace(/[-.\s]+$/u, '').replace(/^[-.\s]+/u, '');
  if (WINDOWS_RESERVED.test(slug)) slug = `${slug}-article`;
  return slug.normalize('NFC');
}

/**
 * The article's bundle slug: its stored slug, else its headline (source language first), else its
 * id. Arabic-only and Sorani-only headlines keep their letters (موازنة-السليمانية), as Arabic news
 * sites do, rather than becoming an empty or meaningless name.
 */
export function bundleSlug(article: Article): string {
  // Tried in turn without building a list of candidates: an export's workers run this for every
  // article, and V8 kept deoptimising it at such a list (see buildNinjs in export/ninjs.ts).
  let slug = safeName(article.meta.slug);
  if (slug !== '') return slug;
  const headline = article.segments.find((s) => s.kind === 'headline');
  if (headline !== undefined) {
    slug = safeName(headline.versions[article.sourceLang].text);
    if (slug !== '') return slug;
    for (const lang of LANGUAGES) {
      slug = safeName(headline.versions[lang].text);
      if (slug !== '') return slug;
    }
  }
  slug = safeName(article.id);
  return slug !== '' ? slug : 'article';
}

/** How names compare on case-insensitive, normalisation-insensitive file systems (Windows, macOS). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
