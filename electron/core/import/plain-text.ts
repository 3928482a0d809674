// Plain text shaped like the seed article: blocks separated by blank lines — kicker, headline,
// then a lead paragraph that starts with "DATELINE — ", then the other paragraphs.
import { trimSpaces } from '../article-ops.ts';
import { PirdError } from '../errors.ts';
import type { Lang } from '../model.ts';
import type { ImportedArticle, ImportedTexts } from './imported-article.ts';

/**
 * Splits text into blocks at blank lines (lines holding only spaces count as blank). Lines inside
 * a block are joined with one space: hard-wrapped paragraphs become one paragraph. Nothing else is
 * touched, so quotes, ZWNJ and bidi controls arrive exactly as written.
 */
export function splitBlocks(content: string): string[] {
  const text = (content.startsWith('\uFEFF') ? content.slice(1) : content).replace(/\r\n?/g, '\n');
  return text
    .split(/\n[ \t]*(?:\n[ \t]*)+/)
    .map((block) =>
      block
        .split('\n')
        .map(trimSpaces)
        .filter((line) => line !== '')
        .join(' '),
    )
    .filter((block) => block !== '');
}

// "NEWSROOM — A senior official…": the dateline is a short place line before an em dash (U+2014)
// or en dash (U+2013) with a space on each side. Quotes or ! ? in the part before the dash mean it
// is a sentence, not a dateline.
const DATELINE = /^([^"“”«»!?]{1,60}?) [\u2014\u2013] (?=\S)/;

export function splitDateline(block: string): { dateline: string; rest: string } | null {
  const match = DATELINE.exec(block);
  if (match === null) return null;
  return { dateline: match[1]!, rest: block.slice(match[0].length) };
}

/** Assigns the roles of the blocks of a plain-text article. */
export function textsFromBlocks(blocks: string[]): ImportedTexts {
  const texts: ImportedTexts = { kicker: '', headline: '', dateline: '', paragraphs: [] };
  const [first = '', second, third] = blocks;
  const lead = (block: string): string[] => {
    const split = splitDateline(block);
    if (split === null) return [block];
    texts.dateline = split.dateline;
    return [split.rest];
  };
  if (third !== undefined && splitDateline(third) !== null) {
    // The seed shape: kicker, headline, "DATELINE — lead".
    texts.kicker = first;
    texts.headline = second!;
    texts.paragraphs = [...lead(third), ...blocks.slice(3)];
  } else if (second !== undefined && splitDateline(second) !== null) {
    // No kicker: headline, "DATELINE — lead".
    texts.headline = first;
    texts.paragraphs = [...lead(second), ...blocks.slice(2)];
  } else if (third !== undefined) {
    // Kicker, headline and paragraphs without a dateline.
    texts.kicker = first;
    texts.headline = second!;
    texts.paragraphs = blocks.slice(2);
  } else {
    // One block is a headline; two are a headline and its paragraph.
    texts.headline = first;
    texts.paragraphs = second === undefined ? [] : [second];
  }
  return texts;
}

export function parsePlainText(fileName: string, content: string, lang: Lang): ImportedArticle {
  const blocks = splitBlocks(content);
  if (blocks.length === 0) throw new PirdError('invalid-input', `${fileName}: the file has no text.`);
  return { fileName, id: null, sourceLang: null, meta: {}, languages: { [lang]: textsFromBlocks(blocks) } };
}
