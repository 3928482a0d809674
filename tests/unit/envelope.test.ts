import { describe, expect, it } from 'vitest';
import { createArticle } from '../../electron/core/article-ops.ts';
import { parseArticleFile, serializeArticleFile } from '../../electron/core/envelope.ts';
import type { EnvelopeObject } from '../../electron/core/envelope.ts';
import type { Article } from '../../electron/core/model.ts';

const NOW = '2026-11-25T10:00:00.000Z';

function sample(): Article {
  return createArticle(
    { id: 'pub-001-sulaymaniyah-budget', sourceLang: 'en', headline: 'Budget <b>passes</b> پێش\u200Cبینی' },
    'Rawa',
    NOW,
  );
}

describe('article file envelope', () => {
  it('round-trips an article through its file text', () => {
    const article = sample();
    const text = serializeArticleFile(article);
    expect(parseArticleFile(text, 'pub-001-sulaymaniyah-budget.json')).toEqual({ ok: true, article });
  });

  it('writes pretty JSON with a trailing newline and a fixed key order, whatever the input order', () => {
    const article = sample();
    // The same data with keys in reverse order, at every level.
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    const shuffled = reverseKeys(article) as Article;
    expect(Object.keys(shuffled)[0]).toBe('revision');
    const text = serializeArticleFile(shuffled);
    expect(text).toBe(serializeArticleFile(article));
    expect(text.endsWith('}\n')).toBe(true);
    expect(
      text.startsWith('{\n  "format": "pird.article",\n  "version": 1,\n  "article": {\n    "id": '),
    ).toBe(true);
  });

  it.each([
    ['corrupt', '{"format": "pird.article", "version": 1, "article": {"id": "x"', /not valid JSON/],
    ['corrupt', '', /empty/],
    ['wrong-format', '{"format": "pird.glossary", "version": 1}', /not a Pird article file/],
    ['wrong-format', '[1, 2, 3]', /no "format"/],
    ['newer-version', '{"format": "pird.article", "version": 99, "article": {}}', /Update Pird/],
    ['invalid', '{"format": "pird.article", "version": 1, "article": {"id": "x"}}', /damaged/],
    ['invalid', '{"format": "pird.article", "version": "1"}', /version/],
  ] as const)('reports %s files', (code, raw, reason) => {
    const result = parseArticleFile(raw, 'x.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.unreadable).toMatchObject({ file: 'x.json', id: 'x', code });
    expect(result.unreadable.reason).toMatch(reason);
  });

  it('refuses articles with duplicate segment ids', () => {
    const article = sample();
    const bad = { ...article, segments: [...article.segments, article.segments[0]!] };
    const result = parseArticleFile(serializeArticleFile(bad), 'x.json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.unreadable.reason).toMatch(/duplicate segment id "kicker"/);
  });
});

describe('envelope migrations', () => {
  it('migrates an older version step by step before the current schema parses it', async () => {
    const { parseEnvelope } = await import('../../electron/core/envelope.ts');
    const { z } = await import('zod');
    const spec = {
      format: 'pird.test',
      currentVersion: 3,
      migrations: {
        1: (e: EnvelopeObject) => ({ ...e, version: 2, name: String(e.title) }),
        2: (e: EnvelopeObject) => ({ ...e, version: 3, names: [e.name] }),
      },
      schema: z.object({ format: z.literal('pird.test'), version: z.literal(3), names: z.array(z.string()) }),
      description: 'test file',
    };
    const result = parseEnvelope('{"format":"pird.test","version":1,"title":"old"}', 't.json', spec);
    expect(result).toMatchObject({ ok: true, value: { version: 3, names: ['old'] } });
  });
});
