// An exported page's description (meta description, og:description, ninjs) is the summary, else
// the first paragraph, shortened for a search result or a link preview: whole words where it can,
// never half a character, and the short ones untouched.
import { describe, expect, it } from 'vitest';
import { createArticle, insertSegment, setSegmentText } from '../../electron/core/article-ops.ts';
import { languageDocument } from '../../electron/core/export/document.ts';
import type { Article } from '../../electron/core/model.ts';

const NOW = '2026-11-25T10:00:00Z';

function withFirstParagraph(text: string): Article {
  let article = createArticle({ id: 'desc-test', sourceLang: 'ckb', headline: 'سەردێڕ' }, 'test', NOW);
  article = insertSegment(article, article.segments.at(-1)!.id, 'paragraph', 'test', NOW);
  const paragraph = article.segments.at(-1)!;
  return setSegmentText(article, paragraph.id, 'ckb', text, undefined, 'test', NOW);
}

describe('export description', () => {
  it('keeps a short first paragraph as it is', () => {
    const text = 'شارەوانی سلێمانی بودجەی ٢٠٢٥ی ئاشکرا کرد.';
    expect(languageDocument(withFirstParagraph(text), 'ckb').description).toBe(text);
  });

  it('cuts a long one at a space within 200 characters, without trailing punctuation', () => {
    const words = Array.from({ length: 80 }, (_, i) => (i % 9 === 8 ? 'بودجە،' : `وشە${i}`));
    const description = languageDocument(withFirstParagraph(words.join(' ')), 'ckb').description;
    expect(description.endsWith('…')).toBe(true);
    const kept = description.slice(0, -1);
    expect([...kept].length).toBeLessThanOrEqual(200);
    expect(kept.length).toBeGreaterThan(100);
    // Whole words only, and no comma left before the ellipsis.
    expect(words.join(' ').startsWith(kept)).toBe(true);
    expect(words.join(' ')[kept.length]).toMatch(/[ ،]/);
    expect(kept).not.toMatch(/[\s،,]$/);
  });

  it('counts characters, not UTF-16 units, and never splits an emoji', () => {
    const text = '😀'.repeat(150) + ' ' + '😀'.repeat(150);
    const description = languageDocument(withFirstParagraph(text), 'ckb').description;
    expect(description).toBe(`${'😀'.repeat(150)}…`);
    expect(description.isWellFormed()).toBe(true);
    // 150 emoji are 300 UTF-16 units but 150 characters: within the limit, kept whole.
    const short = '😀'.repeat(150);
    expect(languageDocument(withFirstParagraph(short), 'ckb').description).toBe(short);
  });
});
