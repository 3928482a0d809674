// Importing files into articles: pick the format, parse, then create or update articles.
// Parsing (`parseImportFile`) is separate from applying (`applyImport`) so that the library can
// validate every file of a batch and look up the existing articles before it writes anything.
import { PirdError } from '../errors.ts';
import type { Article, Lang } from '../model.ts';
import { looksLikeCorpusArticle, parseCorpusArticle } from './corpus-json.ts';
import type { ImportedArticle } from './imported-article.ts';
import { applyImport } from './imported-article.ts';
import { parseMarkdown } from './markdown.ts';
import { parsePlainText } from './plain-text.ts';

export type ImportFormat = 'json' | 'markdown' | 'plain-text';

function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function parseJsonObject(content: string): unknown {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The format by extension (.json, .md/.markdown, else plain text), and by content: JSON that parses is JSON. */
export function detectFormat(name: string, content: string): ImportFormat {
  const extension = extensionOf(name);
  if (extension === 'json') return 'json';
  if (parseJsonObject(content) !== undefined) return 'json';
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  return 'plain-text';
}

export interface ParseImportOptions {
  /** Language of plain-text and Markdown files that do not say theirs; default en. */
  defaultLang?: Lang;
}

/** Parses one file into the articles it holds (a JSON array may hold several). Throws invalid-input naming the file. */
export function parseImportFile(
  name: string,
  content: string,
  options: ParseImportOptions = {},
): ImportedArticle[] {
  const lang = options.defaultLang ?? 'en';
  switch (detectFormat(name, content)) {
    case 'markdown':
      return [parseMarkdown(name, content, lang)];
    case 'plain-text':
      return [parsePlainText(name, content, lang)];
    case 'json': {
      const json = parseJsonObject(content);
      if (json === undefined) {
        let detail = 'expected a JSON object';
        try {
          JSON.parse(content);
        } catch (error) {
          detail = error instanceof Error ? error.message : String(error);
        }
        throw new PirdError('invalid-input', `${name}: not valid JSON (${detail}).`);
      }
      const items = Array.isArray(json) ? json : [json];
      if (items.length === 0)
        throw new PirdError('invalid-input', `${name}: the JSON array holds no article.`);
      return items.map((item, index) => {
        const label = Array.isArray(json) ? `${name} [${index}]` : name;
        if ((item as { format?: unknown } | null)?.format === 'pird.article') {
          throw new PirdError(
            'invalid-input',
            `${label}: this is a Pird library file, not an import file; copy it into the library's articles folder instead.`,
          );
        }
        if (!looksLikeCorpusArticle(item)) {
          throw new PirdError(
            'invalid-input',
            `${label}: not an article: expected an object with "languages" (en, ar, ckb) holding kicker, headline, dateline and paragraphs.`,
          );
        }
        return parseCorpusArticle(label, item);
      });
    }
  }
}

export interface ImportArticleOptions extends ParseImportOptions {
  author: string;
  now: string;
  /** The stored article with this id, or null; only files carrying an id can match one. */
  existing: (id: string) => Article | null;
}

export interface ImportOutcome {
  article: Article;
  created: boolean;
  /** False when the file matched an existing article text for text: nothing to save. */
  changed: boolean;
}

/** Parses a file and creates or updates its articles (see applyImport for the update rules). */
export function importArticleFile(
  name: string,
  content: string,
  options: ImportArticleOptions,
): ImportOutcome[] {
  return parseImportFile(name, content, options).map((doc) => {
    const existing = doc.id === null ? null : options.existing(doc.id);
    const article = applyImport(doc, existing, options);
    return { article, created: existing === null, changed: article !== existing };
  });
}
