// `<lng>/article.md`: Markdown with YAML front matter that Hugo and Jekyll read as one page of a
// multilingual site. `translationKey` (Hugo's name; Jekyll plugins use it too) ties the languages
// together; `dir` is the language's declared direction. Every value is a double-quoted YAML string
// and every body text is escaped (escape.ts), so nothing in an article becomes YAML structure,
// Markdown syntax, raw HTML, a shortcode or a Liquid tag.
import type { Article, Lang } from '../model.ts';
import type { ExportOptions } from './document.ts';
import { GENERATOR_NAME, documentUri, groupId, languageDocument } from './document.ts';
import { escapeMarkdown, yamlString } from './escape.ts';
import { figuresOf } from './figures.ts';

export function renderMarkdown(article: Article, lang: Lang, options: ExportOptions): string {
  const doc = languageDocument(article, lang);
  const front: [string, string][] = [
    ['title', yamlString(doc.headline || article.id)],
    ['slug', yamlString(options.slug)],
    ['lang', yamlString(lang)],
    ['dir', yamlString(doc.dir)],
    ['date', yamlString(options.date)],
    ['desk', yamlString(article.meta.desk)],
    ['translationKey', yamlString(groupId(article))],
    ['articleId', yamlString(article.id)],
    ['uri', yamlString(documentUri(article, lang, options))],
  ];
  if (doc.kicker) front.push(['kicker', yamlString(doc.kicker)]);
  if (doc.dateline) front.push(['dateline', yamlString(doc.dateline)]);
  if (article.meta.byline) front.push(['byline', yamlString(article.meta.byline)]);
  if (doc.description) front.push(['description', yamlString(doc.description)]);
  if (article.meta.editionDate) front.push(['edition', yamlString(article.meta.editionDate)]);
  // Loops rather than map in this function: see buildNinjs in ninjs.ts.
  let tags = '';
  for (const tag of article.meta.tags) tags += `${tags === '' ? '' : ', '}${yamlString(tag)}`;
  front.push(['tags', `[${tags}]`]);
  front.push(['generator', yamlString(`${GENERATOR_NAME} ${options.generatorVersion}`)]);

  // Title, kicker and dateline are in the front matter (themes place them); the body is the rest.
  const body: string[] = [];
  // The images stand where the page shows them: before the first paragraph. Alt text and caption
  // are escaped like any text (an alt holding "](javascript:…)" stays text); the path is Pird's own.
  const figures: string[] = [];
  for (const figure of figuresOf(article, lang)) {
    figures.push(`![${escapeMarkdown(figure.alt)}](${figure.relativeSrc})`);
    if (figure.caption) figures.push(`*${escapeMarkdown(figure.caption)}*`);
  }
  let figuresPlaced = false;
  let headlineSeen = false;
  for (const block of doc.blocks) {
    if (block.kind === 'kicker' || block.kind === 'dateline') continue;
    if (block.kind === 'paragraph' && !figuresPlaced) {
      body.push(...figures);
      figuresPlaced = true;
    }
    if (block.kind === 'headline') {
      if (headlineSeen) body.push(`## ${escapeMarkdown(block.text)}`);
      headlineSeen = true;
      continue;
    }
    body.push(escapeMarkdown(block.text));
  }
  if (!figuresPlaced) body.push(...figures);
  let frontMatter = '';
  for (const [key, value] of front) frontMatter += `${key}: ${value}\n`;
  return `---\n${frontMatter}---\n\n${body.join('\n\n')}\n`;
}
