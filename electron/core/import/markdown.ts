// Markdown articles: optional front matter (`---` … `---`, simple `key: value` lines), an optional
// kicker line before the `# Headline`, then paragraphs as blank-line separated blocks. Text is kept
// as written (emphasis markers included): only heading markers are removed.
import type { MetaPatch } from '../contract.ts';
import { isValidArticleId } from '../article-ops.ts';
import { PirdError } from '../errors.ts';
import type { Lang } from '../model.ts';
import { LANGUAGES, isLang } from '../model.ts';
import type { ImportedArticle, ImportedTexts } from './imported-article.ts';
import { splitBlocks, splitDateline } from './plain-text.ts';

type FrontMatter = Map<string, string | string[]>;

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return String(JSON.parse(v));
    } catch {
      return v.slice(1, -1);
    }
  }
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

function inlineList(value: string): string[] | null {
  const v = value.trim();
  if (!v.startsWith('[') || !v.endsWith(']')) return null;
  const inner = v.slice(1, -1).trim();
  return inner === '' ? [] : inner.split(',').map(unquote);
}

/** Reads the YAML-ish subset Pird needs: `key: value`, `key: [a, b]`, and `- item` lines under a key. */
function parseFrontMatter(lines: string[]): FrontMatter {
  const fields: FrontMatter = new Map();
  let listKey: string | null = null;
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item !== null && listKey !== null) {
      const list = fields.get(listKey);
      fields.set(listKey, [...(Array.isArray(list) ? list : []), unquote(item[1]!)]);
      continue;
    }
    // Indented lines belong to nested structures of other tools (static-site generators): not ours.
    const field = /^([A-Za-z][\w-]*)\s*:(.*)$/.exec(line);
    if (field === null) continue;
    const key = field[1]!.toLowerCase();
    const value = field[2]!.trim();
    listKey = value === '' ? key : null;
    fields.set(key, value === '' ? [] : (inlineList(value) ?? unquote(value)));
  }
  return fields;
}

function scalar(fields: FrontMatter, key: string): string | undefined {
  const value = fields.get(key);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

function splitFrontMatter(fileName: string, text: string): { fields: FrontMatter; body: string } {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') return { fields: new Map(), body: text };
  const end = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (end < 0)
    throw new PirdError(
      'invalid-input',
      `${fileName}: the front matter starts with "---" but has no closing "---".`,
    );
  return { fields: parseFrontMatter(lines.slice(1, end)), body: lines.slice(end + 1).join('\n') };
}

const H1 = /^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const ANY_HEADING = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

function stripHeading(block: string): string {
  return ANY_HEADING.exec(block)?.[1] ?? block;
}

function metaFrom(fileName: string, fields: FrontMatter): MetaPatch {
  const meta: MetaPatch = {};
  const desk = scalar(fields, 'desk');
  if (desk !== undefined) meta.desk = desk;
  const byline = scalar(fields, 'byline') ?? scalar(fields, 'author');
  if (byline !== undefined) meta.byline = byline;
  const slug = scalar(fields, 'slug');
  if (slug !== undefined && slug !== '') meta.slug = slug;
  const url = scalar(fields, 'url');
  if (url !== undefined) meta.url = url === '' ? null : url;
  const date = scalar(fields, 'date') ?? scalar(fields, 'edition');
  if (date !== undefined && date !== '') {
    // Static-site generators write full timestamps; the edition is the day.
    const day = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0];
    if (day === undefined)
      throw new PirdError(
        'invalid-input',
        `${fileName}: date "${date}" is not a date (expected YYYY-MM-DD).`,
      );
    meta.editionDate = day;
  }
  const tags = fields.get('tags');
  if (tags !== undefined) {
    const list = Array.isArray(tags) ? tags : tags.split(',');
    meta.tags = list.map((t) => t.trim()).filter((t) => t !== '');
  }
  return meta;
}

export function parseMarkdown(fileName: string, content: string, defaultLang: Lang): ImportedArticle {
  const text = (content.startsWith('\uFEFF') ? content.slice(1) : content).replace(/\r\n?/g, '\n');
  const { fields, body } = splitFrontMatter(fileName, text);

  const lang = scalar(fields, 'lang') ?? defaultLang;
  if (!isLang(lang))
    throw new PirdError(
      'invalid-input',
      `${fileName}: lang "${lang}" is not one of ${LANGUAGES.join(', ')}.`,
    );
  const id = scalar(fields, 'id');
  if (id !== undefined && !isValidArticleId(id)) {
    throw new PirdError(
      'invalid-input',
      `${fileName}: id "${id}" is not a valid article id (letters, digits, '.', '_', '-').`,
    );
  }

  const lines = body.split('\n');
  const h1 = lines.findIndex((line) => H1.test(line));
  let headline: string;
  let beforeHeadline: string;
  let blocks: string[];
  if (h1 >= 0) {
    headline = H1.exec(lines[h1]!)![1]!;
    beforeHeadline = splitBlocks(lines.slice(0, h1).join('\n')).map(stripHeading).join(' ');
    blocks = splitBlocks(lines.slice(h1 + 1).join('\n')).map(stripHeading);
  } else {
    blocks = splitBlocks(body).map(stripHeading);
    beforeHeadline = '';
    const title = scalar(fields, 'title') ?? scalar(fields, 'headline');
    headline = title ?? blocks.shift() ?? '';
  }

  const kickerField = scalar(fields, 'kicker');
  if (kickerField !== undefined && beforeHeadline !== '' && kickerField !== beforeHeadline) {
    throw new PirdError(
      'invalid-input',
      `${fileName}: the kicker is given twice (front matter "${kickerField}" and the line "${beforeHeadline}" before the headline).`,
    );
  }
  const texts: ImportedTexts = {
    kicker: kickerField ?? beforeHeadline,
    headline,
    dateline: '',
    paragraphs: blocks,
  };

  const datelineField = scalar(fields, 'dateline');
  const [lead] = blocks;
  const split = lead === undefined ? null : splitDateline(lead);
  if (datelineField !== undefined) {
    texts.dateline = datelineField;
    // The lead may repeat the dateline ("KIRKUK — …"): it is held once, in the dateline segment.
    if (split !== null && split.dateline === datelineField)
      texts.paragraphs = [split.rest, ...blocks.slice(1)];
  } else if (split !== null) {
    texts.dateline = split.dateline;
    texts.paragraphs = [split.rest, ...blocks.slice(1)];
  }
  if (texts.headline === '' && texts.paragraphs.length === 0)
    throw new PirdError('invalid-input', `${fileName}: the file has no text.`);

  return {
    fileName,
    id: id ?? null,
    sourceLang: null,
    meta: metaFrom(fileName, fields),
    languages: { [lang]: texts },
  };
}
