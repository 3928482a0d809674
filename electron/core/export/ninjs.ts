// `<lng>/ninjs.json`: IPTC ninjs 3.1 (../shared/schemas/ninjs-schema_3.1.json). The languages of
// an article are tied together twice, because agencies' systems read one or the other: a shared
// `altIds` group, and `associations` naming each sibling with a `rel` ("translation" for a
// translation of this text's source, "source" for the original it was translated from).
import type { Article, Lang } from '../model.ts';
import type { ExportOptions } from './document.ts';
import { documentUri, groupId, languageDocument } from './document.ts';
import { wellFormed } from './escape.ts';
import { ninjsImageAssociations } from './figures.ts';
import { blockHtml } from './html.ts';

export const NINJS_SCHEMA_URI = 'https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

// What JavaScript's \s matches (a word is a run of anything else). Below U+1680, where nearly
// every character of a body is, a table; without branches on each character, since spaces and
// letters alternate too often for a branch to be predicted.
const SPACE_BELOW_1680 = new Uint8Array(0x1680);
for (const code of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]) SPACE_BELOW_1680[code] = 1;

function isWhiteSpace(code: number): 0 | 1 {
  if (code < 0x1680) return SPACE_BELOW_1680[code] as 0 | 1;
  return code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
    ? 1
    : 0;
}

/** Words: runs of non-white-space (a loop, not a split: bodies are long and there are thousands). */
export function wordCount(text: string): number {
  let words = 0;
  let previousIsSpace = 1;
  for (let i = 0; i < text.length; i++) {
    const isSpace = isWhiteSpace(text.charCodeAt(i));
    // A word starts where a non-space follows a space (or the start).
    words += previousIsSpace & (isSpace ^ 1);
    previousIsSpace = isSpace;
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
  // Loops, not map/filter chains, in this function: an export's worker runs it thousands of times,
  // and V8 deoptimised it at each array such a chain made ("wrong map", --trace-deopt), again in
  // each of the next few exports.
  const paragraphs: string[] = [];
  let htmlBody = '';
  for (const block of doc.blocks) {
    if (block.kind !== 'paragraph') continue;
    // Escaped as on the page (the same text): a body holding "<script>" is text in every consumer.
    htmlBody += `${paragraphs.length > 0 ? '\n' : ''}<p>${blockHtml(block)}</p>`;
    paragraphs.push(wellFormed(block.text));
  }
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
      value: htmlBody,
    },
    { role: 'main', contentType: 'text/plain', value: plainBody },
  ];
  if (article.meta.tags.length > 0)
    ninjs.subjects = article.meta.tags.map((tag) => ({ name: wellFormed(tag) }));
  ninjs.altIds = [
    { role: 'pird:article', value: article.id },
    { role: 'pird:translation-group', value: group },
  ];
  const associations: Record<string, unknown>[] = [];
  for (const other of options.langs) {
    if (other === lang) continue;
    const sibling = languageDocument(article, other);
    associations.push({
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
    });
  }
  for (const image of ninjsImageAssociations(article, lang, options, wellFormed)) associations.push(image);
  if (associations.length > 0) ninjs.associations = associations;
  return ninjs;
}
