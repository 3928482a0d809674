// `<lng>/ninjs.json`: IPTC ninjs 3.1 (../shared/schemas/ninjs-schema_3.1.json). The languages of
// an article are tied together twice, because agencies' systems read one or the other: a shared
// `altIds` group, and `associations` naming each sibling with a `rel` ("translation" for a
// translation of this text's source, "source" for the original it was translated from).
import type { Article, Lang } from '../model.ts';
import type { ExportOptions } from './document.ts';
import { documentUri, groupId, languageDocument } from './document.ts';
import { escapeHtml, wellFormed } from './escape.ts';
import { ninjsImageAssociations } from './figures.ts';

export const NINJS_SCHEMA_URI = 'https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** What JavaScript's \s matches (a word is a run of anything else), cheapest test first. */
function isWhiteSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  // Below U+1680 (Latin, Arabic, Sorani: nearly every character of a body) only U+00A0 is space.
  if (code < 0x1680) return code === 0xa0;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Words: runs of non-white-space (a loop, not a split: bodies are long and there are thousands). */
export function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isWhiteSpace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Characters as code points (a well-formed text: each surrogate pair counts once). */
export function charCount(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) pairs++;
  }
  return text.length - pairs;
}

export function buildNinjs(article: Article, lang: Lang, options: ExportOptions): Record<string, unknown> {
  const doc = languageDocument(article, lang);
  const group = groupId(article);
  const paragraphs = doc.blocks.filter((b) => b.kind === 'paragraph').map((b) => wellFormed(b.text));
  const plainBody = paragraphs.join('\n\n');
  const ninjs: Record<string, unknown> = {
    standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
    uri: documentUri(article, lang, options),
    type: 'text',
    representationType: 'full',
    profile: 'pird-article',
    version: String(article.revision),
  };
  if (ISO_DATE_TIME.test(article.createdAt)) ninjs.firstCreated = article.createdAt;
  ninjs.versionCreated = options.date;
  ninjs.pubStatus = 'usable';
  ninjs.language = lang;
  ninjs.title = wellFormed(doc.headline || article.id);
  ninjs.slugline = options.slug;
  const headlines: { role: string; contentType: string; value: string }[] = [];
  if (doc.headline)
    headlines.push({ role: 'main', contentType: 'text/plain', value: wellFormed(doc.headline) });
  if (doc.kicker)
    headlines.push({ role: 'kicker', contentType: 'text/plain', value: wellFormed(doc.kicker) });
  if (headlines.length > 0) ninjs.headlines = headlines;
  if (doc.dateline) ninjs.located = wellFormed(doc.dateline);
  if (article.meta.byline) ninjs.by = wellFormed(article.meta.byline);
  if (doc.description)
    ninjs.descriptions = [{ role: 'summary', contentType: 'text/plain', value: wellFormed(doc.description) }];
  ninjs.bodies = [
    {
      role: 'main',
      contentType: 'text/html',
      charCount: charCount(plainBody),
      wordCount: wordCount(plainBody),
      // Escaped like the page: a body holding "<script>" is text in every consumer.
      value: paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    },
    { role: 'main', contentType: 'text/plain', value: plainBody },
  ];
  if (article.meta.tags.length > 0)
    ninjs.subjects = article.meta.tags.map((tag) => ({ name: wellFormed(tag) }));
  ninjs.altIds = [
    { role: 'pird:article', value: article.id },
    { role: 'pird:translation-group', value: group },
  ];
  const associations = options.langs
    .filter((other) => other !== lang)
    .map((other) => {
      const sibling = languageDocument(article, other);
      return {
        name: `${other === article.sourceLang ? 'source' : 'translation'}-${other}`,
        rel: other === article.sourceLang ? 'source' : 'translation',
        uri: documentUri(article, other, options),
        type: 'text',
        language: other,
        ...(sibling.headline ? { title: wellFormed(sibling.headline) } : {}),
        altIds: [
          { role: 'pird:article', value: article.id },
          { role: 'pird:translation-group', value: group },
        ],
      };
    });
  const all = [...associations, ...ninjsImageAssociations(article, lang, options, wellFormed)];
  if (all.length > 0) ninjs.associations = all;
  return ninjs;
}
