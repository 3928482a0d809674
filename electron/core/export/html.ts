// `<lng>/index.html`: one standalone HTML5 page per language. It loads nothing (CSP
// `default-src 'none'`), runs nothing (no script), embeds the Arabic-script font for ar/ckb as
// data: URLs, and holds every article text escaped (see escape.ts), each in its own block element
// so a stray bidi control cannot reach past its paragraph.
import type { Article, Lang } from '../model.ts';
import { LANGUAGE_DIRECTION } from '../model.ts';
import type { DocumentBlock, ExportOptions } from './document.ts';
import { GENERATOR_NAME, OG_LOCALE, languageDocument, pageHref, publicUrl } from './document.ts';
import { formatPublicationDate } from './dates.ts';
import { escapeHtml, escapeHtmlAttribute } from './escape.ts';
import { figuresOf } from './figures.ts';

export interface EmbeddedFont {
  family: string;
  weight: 400 | 700;
  /** woff2 bytes as base64. */
  base64: string;
  unicodeRange: string;
}

/** What an index.html may load: inline style, the embedded fonts, images of the bundle. */
export const BUNDLE_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src 'self'";

const LTR_FONT_STACK = "Georgia, 'Times New Roman', serif";

function fontFaces(fonts: readonly EmbeddedFont[]): string {
  return fonts
    .map(
      (font) =>
        `@font-face{font-family:'${font.family}';font-style:normal;font-weight:${font.weight};font-display:swap;` +
        `src:url(data:font/woff2;base64,${font.base64}) format('woff2');unicode-range:${font.unicodeRange}}`,
    )
    .join('\n');
}

function stylesheet(dir: 'ltr' | 'rtl', fonts: readonly EmbeddedFont[]): string {
  const family =
    dir === 'rtl' && fonts.length > 0 ? `'${fonts[0]!.family}', Tahoma, sans-serif` : LTR_FONT_STACK;
  // Logical properties only: the same sheet serves both directions.
  const rules = [
    `html{font-family:${family};line-height:1.7;color:#1b1b1b;background:#fff}`,
    'body{margin:0}',
    'article{max-inline-size:42rem;margin-block:2rem;margin-inline:auto;padding-inline:1rem}',
    '.kicker{font-weight:700;text-transform:uppercase;font-size:.85rem;color:#8a1c1c;margin-block:0}',
    'h1{font-size:2rem;line-height:1.3;margin-block:.5rem 1rem}',
    '.dateline,.published,.byline{color:#555;font-size:.95rem;margin-block:.25rem}',
    '.summary{font-size:1.15rem;font-weight:700}',
    'p{text-align:start}',
    'figure{margin-block:1.5rem;margin-inline:0}',
    'figure img{display:block;max-inline-size:100%;block-size:auto}',
    'figcaption{color:#555;font-size:.9rem;margin-block-start:.4rem}',
  ];
  const faces = dir === 'rtl' ? fontFaces(fonts) : '';
  return `/* ${dir === 'rtl' && fonts.length > 0 ? `${fonts[0]!.family}: SIL Open Font License 1.1. ` : ''}*/\n${faces}${faces ? '\n' : ''}${rules.join('\n')}`;
}

export interface HtmlInput {
  article: Article;
  lang: Lang;
  options: ExportOptions;
  /** Embedded in the pages of right-to-left languages. */
  fonts: readonly EmbeddedFont[];
}

/**
 * The start of every page of one language, up to and including the style sheet (with the embedded
 * fonts, ~100 KB for ar/ckb): the same for every article, so an export builds, encodes and hashes
 * it once per language rather than once per page.
 */
// A block's text as HTML: the page and the ninjs body (ninjs.ts) show the same paragraphs, escaped
// once. Documents are cached per article (document.ts), so their blocks can key this.
const blockHtmlCache = new WeakMap<DocumentBlock, string>();

/** escapeHtml of the block's text, worked out once per block. */
export function blockHtml(block: DocumentBlock): string {
  let html = blockHtmlCache.get(block);
  if (html === undefined) {
    html = escapeHtml(block.text);
    blockHtmlCache.set(block, html);
  }
  return html;
}

export function htmlPrefix(lang: Lang, fonts: readonly EmbeddedFont[]): string {
  const dir = LANGUAGE_DIRECTION[lang];
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}" dir="${dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${BUNDLE_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<style>\n${stylesheet(dir, fonts)}\n</style>`,
    '',
  ].join('\n');
}

/** The page after htmlPrefix: the rest of the head (title, links, meta) and the body. */
export function htmlRest({ article, lang, options }: Omit<HtmlInput, 'fonts'>): string {
  const doc = languageDocument(article, lang);
  const title = doc.headline || article.id;
  const head: string[] = [`<title>${escapeHtml(title)}</title>`];
  if (doc.description)
    head.push(`<meta name="description" content="${escapeHtmlAttribute(doc.description)}">`);
  head.push(
    `<meta name="generator" content="${escapeHtmlAttribute(`${GENERATOR_NAME} ${options.generatorVersion}`)}">`,
  );
  if (options.baseUrl !== null)
    head.push(`<link rel="canonical" href="${escapeHtml(publicUrl(lang, options))}">`);
  for (const other of options.langs) {
    head.push(`<link rel="alternate" hreflang="${other}" href="${escapeHtml(pageHref(other, options))}">`);
  }
  head.push(
    '<meta property="og:type" content="article">',
    `<meta property="og:title" content="${escapeHtmlAttribute(title)}">`,
  );
  if (doc.description)
    head.push(`<meta property="og:description" content="${escapeHtmlAttribute(doc.description)}">`);
  if (options.baseUrl !== null)
    head.push(`<meta property="og:url" content="${escapeHtml(publicUrl(lang, options))}">`);
  head.push(`<meta property="og:locale" content="${OG_LOCALE[lang]}">`);
  for (const other of options.langs) {
    if (other !== lang) head.push(`<meta property="og:locale:alternate" content="${OG_LOCALE[other]}">`);
  }
  head.push(`<meta property="article:published_time" content="${options.date}">`);
  if (article.meta.desk)
    head.push(`<meta property="article:section" content="${escapeHtmlAttribute(article.meta.desk)}">`);
  for (const tag of article.meta.tags)
    head.push(`<meta property="article:tag" content="${escapeHtmlAttribute(tag)}">`);

  const header: string[] = [];
  const body: string[] = [];
  let headlineSeen = false;
  let inHeader = true;
  for (const block of doc.blocks) {
    const text = blockHtml(block);
    let html: string;
    switch (block.kind) {
      case 'kicker':
        html = `<p class="kicker">${text}</p>`;
        break;
      case 'headline':
        html = headlineSeen ? `<h2>${text}</h2>` : `<h1>${text}</h1>`;
        headlineSeen = true;
        break;
      case 'dateline':
        html = `<p class="dateline">${text}</p>`;
        break;
      case 'summary':
        html = `<p class="summary">${text}</p>`;
        break;
      case 'paragraph':
        inHeader = false;
        html = `<p>${text}</p>`;
        break;
    }
    (inHeader ? header : body).push(html);
  }
  // A page always has a top-level heading, even when a headline was exported empty.
  if (!headlineSeen) header.unshift(`<h1>${escapeHtml(title)}</h1>`);
  const published = `<p class="published"><time datetime="${options.date}">${escapeHtml(formatPublicationDate(options.date, lang))}</time></p>`;
  header.push(published);
  // The byline is not per language: isolate it, whatever script it is in.
  if (article.meta.byline) header.push(`<p class="byline"><bdi>${escapeHtml(article.meta.byline)}</bdi></p>`);

  // The article's images, after the header: each in its own figure, its texts in this language.
  // A loop rather than map: see buildNinjs in ninjs.ts.
  const figures: string[] = [];
  for (const figure of figuresOf(article, lang)) {
    const { image } = figure;
    const size =
      image.width !== null && image.height !== null ? ` width="${image.width}" height="${image.height}"` : '';
    const caption = figure.caption ? `\n<figcaption>${escapeHtml(figure.caption)}</figcaption>` : '';
    figures.push(
      `<figure>\n<img src="${escapeHtml(figure.relativeSrc)}" alt="${escapeHtmlAttribute(figure.alt)}"${size}>${caption}\n</figure>`,
    );
  }

  return [
    ...head,
    '</head>',
    '<body>',
    '<article>',
    '<header>',
    ...header,
    '</header>',
    ...figures,
    ...body,
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderHtml(input: HtmlInput): string {
  return htmlPrefix(input.lang, input.fonts) + htmlRest(input);
}
