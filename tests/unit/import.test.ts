import { describe, expect, it } from 'vitest';
import { setSegmentText, summarizeArticle } from '../../electron/core/article-ops.ts';
import { PirdError } from '../../electron/core/errors.ts';
import { detectFormat, importArticleFile, parseImportFile } from '../../electron/core/import/index.ts';
import type { Article } from '../../electron/core/model.ts';
import { CORPUS_JSON_FILES, readCorpusJson, readCorpusText, texts } from './fixtures/library-fixtures.ts';

const NOW = '2026-11-25T10:00:00.000Z';
const LATER = '2026-11-26T10:00:00.000Z';

function importOne(
  name: string,
  content: string,
  existing: Article | null = null,
  now = NOW,
): { article: Article; created: boolean; changed: boolean } {
  const outcomes = importArticleFile(name, content, { author: 'importer', now, existing: () => existing });
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

function importError(name: string, content: string): PirdError {
  try {
    importArticleFile(name, content, { author: 'importer', now: NOW, existing: () => null });
  } catch (error) {
    expect(error).toBeInstanceOf(PirdError);
    expect((error as PirdError).code).toBe('invalid-input');
    return error as PirdError;
  }
  throw new Error(`expected ${name} to be refused`);
}

describe('plain-text import', () => {
  it('reads the seed text as 11 segments whose texts are exactly the corpus English', async () => {
    const { article } = importOne('seed-article.en.txt', await readCorpusText('seed-article.en.txt'));
    const seed = await readCorpusJson('seed-article.json');
    const en = seed.languages.en;
    expect(article.segments.map((s) => s.id)).toEqual([
      'kicker',
      'headline',
      'dateline',
      'p1',
      'p2',
      'p3',
      'p4',
      'p5',
      'p6',
      'p7',
      'p8',
    ]);
    expect(article.segments.map((s) => s.kind)).toEqual([
      'kicker',
      'headline',
      'dateline',
      ...Array<string>(8).fill('paragraph'),
    ]);
    const expected = [en.kicker, en.headline, en.dateline, ...en.paragraphs];
    // Byte for byte, not just equal after some normalisation.
    expect(texts(article, 'en').map((t) => Buffer.from(t).toString('hex'))).toEqual(
      expected.map((t) => Buffer.from(t).toString('hex')),
    );
    expect(article.sourceLang).toBe('en');
    expect(summarizeArticle(article).progress.en.byStatus.approved).toBe(11);
    expect(summarizeArticle(article).progress.ar.byStatus.empty).toBe(11);
  });

  it('gives a new id each time: plain text carries none', async () => {
    const text = await readCorpusText('seed-article.en.txt');
    expect(importOne('a.txt', text).article.id).not.toBe(importOne('a.txt', text).article.id);
  });

  it('reads CRLF, an en dash dateline, a missing kicker and hard-wrapped lines', () => {
    const { article } = importOne(
      'x.txt',
      'Headline here\r\n\r\nKIRKUK \u2013 First line\r\ncontinues.\r\n\r\nSecond.\r\n',
    );
    expect(texts(article, 'en')).toEqual(['', 'Headline here', 'KIRKUK', 'First line continues.', 'Second.']);
  });

  it('leaves the dateline empty when the third block has none, and reads one block as a headline', () => {
    expect(
      texts(importOne('x.txt', 'Kicker\n\nHeadline\n\nNo dateline here.\n\nMore.').article, 'en'),
    ).toEqual(['Kicker', 'Headline', '', 'No dateline here.', 'More.']);
    expect(texts(importOne('x.txt', 'Only a headline\n').article, 'en')).toEqual([
      '',
      'Only a headline',
      '',
      '',
    ]);
  });

  it('imports Arabic text in the language the caller names, with that language as source', () => {
    const outcomes = importArticleFile('x.txt', 'في حديث لشبكة 964\n\nعنوان\n\nبغداد — نص\u200Cالفقرة', {
      author: 'i',
      now: NOW,
      existing: () => null,
      defaultLang: 'ar',
    });
    const article = outcomes[0]!.article;
    expect(article.sourceLang).toBe('ar');
    expect(texts(article, 'ar')).toEqual(['في حديث لشبكة 964', 'عنوان', 'بغداد', 'نص\u200Cالفقرة']);
    expect(article.segments[1]!.versions.ar.status).toBe('approved');
    expect(article.meta.slug).toBe('عنوان');
  });

  it('refuses an empty file', () => {
    expect(importError('empty.txt', '  \n\n ').message).toMatch(/^empty\.txt: .*no text/);
  });
});

describe('Markdown import', () => {
  it('reads front matter, the kicker line, the headline and paragraphs, keeping the text as written', () => {
    const md = [
      '---',
      'id: pub-009-test',
      'lang: en',
      'desk: Politics',
      'date: 2026-11-25T08:00:00Z',
      'byline: "Rawa Ali"',
      'tags: [budget, "Sulaymaniyah"]',
      '---',
      'Talking to 964media',
      '# Exclusive: *talks* resume #',
      '',
      'BAGHDAD — The **talks** resumed <b>today</b>.',
      '',
      '## A subheading',
      '',
      'Last paragraph.',
    ].join('\n');
    const { article } = importOne('story.md', md);
    expect(article.id).toBe('pub-009-test');
    expect(texts(article, 'en')).toEqual([
      'Talking to 964media',
      'Exclusive: *talks* resume',
      'BAGHDAD',
      'The **talks** resumed <b>today</b>.',
      'A subheading',
      'Last paragraph.',
    ]);
    expect(article.meta).toMatchObject({
      desk: 'Politics',
      editionDate: '2026-11-25',
      byline: 'Rawa Ali',
      tags: ['budget', 'Sulaymaniyah'],
    });
  });

  it('takes the kicker and dateline from front matter and holds the dateline once', () => {
    const md =
      '---\nkicker: Elections\ndateline: KIRKUK\ntags:\n  - a\n  - b\n---\n# Cards\n\nKIRKUK — Text.\n';
    const { article } = importOne('x.markdown', md);
    expect(texts(article, 'en')).toEqual(['Elections', 'Cards', 'KIRKUK', 'Text.']);
    expect(article.meta.tags).toEqual(['a', 'b']);
  });

  it('updates only its language of an existing article', async () => {
    const { article: seed } = importOne('seed-article.json', await readCorpusText('seed-article.json'));
    const md = `---\nid: ${seed.id}\nlang: ckb\n---\n# سەردێڕی نوێ\n`;
    const { article, created } = importOne('seed.ckb.md', md, seed, LATER);
    expect(created).toBe(false);
    expect(article.segments[1]!.versions.ckb).toEqual({
      text: 'سەردێڕی نوێ',
      status: 'translated',
      changedBy: 'importer',
      changedAt: LATER,
      basis: { lang: 'en', text: article.segments[1]!.versions.en.text },
    });
    expect(texts(article, 'en')).toEqual(texts(seed, 'en'));
    expect(texts(article, 'ar')).toEqual(texts(seed, 'ar'));
    // The file has no paragraphs: its empty text never erases a translation.
    expect(article.segments[3]!.versions.ckb).toEqual(seed.segments[3]!.versions.ckb);
  });

  it('names the file and the problem in bad front matter', () => {
    expect(importError('bad.md', '---\nlang: fr\n---\n# X').message).toBe(
      'bad.md: lang "fr" is not one of en, ar, ckb.',
    );
    expect(importError('bad.md', '---\nid: ../../etc/passwd\n---\n# X').message).toMatch(
      /^bad\.md: id "\.\.\/\.\.\/etc\/passwd" is not a valid article id/,
    );
    expect(importError('bad.md', '---\ntitle: x\n# X').message).toMatch(/no closing/);
  });
});

describe('corpus JSON import', () => {
  it.each(CORPUS_JSON_FILES)(
    'keeps the id and aligned texts of %s, source approved and translations translated',
    async (name) => {
      const corpus = await readCorpusJson(name);
      const { article, created } = importOne(name, await readCorpusText(name));
      expect(created).toBe(true);
      expect(article.id).toBe(corpus.id);
      for (const lang of ['en', 'ar', 'ckb'] as const) {
        const t = corpus.languages[lang];
        expect(texts(article, lang)).toEqual([t.kicker, t.headline, t.dateline, ...t.paragraphs]);
        for (const segment of article.segments) {
          const { text, status } = segment.versions[lang];
          expect(status).toBe(text === '' ? 'empty' : lang === 'en' ? 'approved' : 'translated');
        }
      }
    },
  );

  it('keeps the untranslated ckb paragraph 4 of article 002 empty and paragraph 5 aligned (T2)', async () => {
    const corpus = await readCorpusJson('article-002-kirkuk-voter-cards.json');
    const { article } = importOne('002.json', await readCorpusText('article-002-kirkuk-voter-cards.json'));
    const p4 = article.segments.find((s) => s.id === 'p4')!;
    const p5 = article.segments.find((s) => s.id === 'p5')!;
    expect(p4.versions.ckb).toEqual({ text: '', status: 'empty', changedBy: null, changedAt: null });
    expect(p4.versions.ar.status).toBe('translated');
    expect(p5.versions.ckb.text).toBe(corpus.languages.ckb.paragraphs[4]);
    expect(article.segments.filter((s) => s.kind === 'paragraph')).toHaveLength(5);
  });

  it('keeps the ZWNJ at offset 248 of ckb paragraph 3 of article 001 (T3)', async () => {
    const { article } = importOne('001.json', await readCorpusText('article-001-sulaymaniyah-budget.json'));
    const text = article.segments.find((s) => s.id === 'p3')!.versions.ckb.text;
    expect(text.charCodeAt(248)).toBe(0x200c);
    expect(text.slice(245, 253)).toBe('پێش\u200Cبینی');
  });

  it('updates rather than duplicates on re-import: changed texts replaced, unchanged ones keep status and history', async () => {
    const raw = await readCorpusText('article-001-sulaymaniyah-budget.json');
    const first = importOne('001.json', raw).article;
    let edited = setSegmentText(first, 'p2', 'ar', 'ترجمة أفضل', 'reviewed', 'Shno', LATER);
    edited = setSegmentText(edited, 'p1', 'ckb', 'گۆڕاو', 'reviewed', 'Shno', LATER);
    const corpus = JSON.parse(raw) as { languages: { ckb: { paragraphs: string[] } } };
    corpus.languages.ckb.paragraphs[1] = 'دەقی نوێی فایلەکە';
    const again = importOne('001.json', JSON.stringify(corpus), edited, LATER);
    expect(again.created).toBe(false);
    expect(again.article.id).toBe(first.id);
    const p1 = again.article.segments.find((s) => s.id === 'p1')!;
    const p2 = again.article.segments.find((s) => s.id === 'p2')!;
    // ar p2 differs from the file: the file is authoritative.
    expect(p2.versions.ar).toMatchObject({
      text: first.segments.find((s) => s.id === 'p2')!.versions.ar.text,
      status: 'translated',
      changedAt: LATER,
    });
    expect(p2.versions.ckb).toMatchObject({ text: 'دەقی نوێی فایلەکە', status: 'translated' });
    // Unchanged in the file and untouched locally: same version object content.
    expect(p1.versions.en).toEqual(first.segments.find((s) => s.id === 'p1')!.versions.en);
    expect(again.article.segments).toHaveLength(first.segments.length);
  });

  it('reports no change when the same file is imported again', async () => {
    const raw = await readCorpusText('seed-article.json');
    const first = importOne('seed.json', raw).article;
    const again = importOne('seed.json', raw, first, LATER);
    expect(again).toMatchObject({ created: false, changed: false });
    expect(again.article).toBe(first);
  });

  it('keeps segments added in Pird after the segment that preceded them', async () => {
    const raw = await readCorpusText('seed-article.json');
    const first = importOne('seed.json', raw).article;
    const { insertSegment } = await import('../../electron/core/article-ops.ts');
    const local = insertSegment(first, 'p2', undefined, 'R', LATER);
    const addedId = local.segments[5]!.id;
    const again = importOne('seed.json', raw, local, LATER).article;
    expect(again.segments.map((s) => s.id)).toEqual(local.segments.map((s) => s.id));
    expect(again.segments[5]!.id).toBe(addedId);
  });

  it('names the file and the misaligned array', async () => {
    const corpus = await readCorpusJson('seed-article.json');
    corpus.languages.ar.paragraphs.pop();
    expect(importError('seed.json', JSON.stringify(corpus)).message).toBe(
      'seed.json: languages.ar.paragraphs has 7 items, expected 8 (as languages.en.paragraphs): paragraphs are aligned by position.',
    );
  });

  it.each([
    ['broken.json', '{"id": "x", "languages": {', /^broken\.json: not valid JSON/],
    ['other.json', '{"hello": 1}', /^other\.json: not an article/],
    [
      'lang.json',
      '{"languages": {"fr": {"kicker": "", "headline": "", "dateline": "", "paragraphs": []}}}',
      /^lang\.json: languages: Unrecognized key.*fr/,
    ],
    [
      'types.json',
      '{"languages": {"en": {"kicker": 1, "headline": "", "dateline": "", "paragraphs": []}}}',
      /^types\.json: languages\.en\.kicker: /,
    ],
    [
      'id.json',
      '{"id": "../x", "languages": {"en": {"kicker": "", "headline": "h", "dateline": "", "paragraphs": []}}}',
      /^id\.json: id "\.\.\/x" is not a valid article id/,
    ],
    [
      'top.json',
      '{"headline": "A", "languages": {"en": {"kicker": "", "headline": "B", "dateline": "", "paragraphs": []}}}',
      /top-level headline differs/,
    ],
  ])('refuses %s with a clear message', (name, content, message) => {
    expect(importError(name, content).message).toMatch(message);
  });
});

describe('format detection', () => {
  it('goes by extension, and treats content that parses as a JSON object as JSON', () => {
    expect(detectFormat('a.json', 'x')).toBe('json');
    expect(detectFormat('a.MD', '# x')).toBe('markdown');
    expect(detectFormat('a.markdown', '# x')).toBe('markdown');
    expect(detectFormat('a.txt', 'x')).toBe('plain-text');
    expect(detectFormat('noext', '{"languages": {}}')).toBe('json');
    expect(detectFormat('a.txt', '{not json')).toBe('plain-text');
  });

  it('reads a JSON array of corpus articles as several articles', async () => {
    const a = JSON.parse(await readCorpusText('seed-article.json')) as unknown;
    const b = JSON.parse(await readCorpusText('article-003-duhok-short-film.json')) as unknown;
    expect(parseImportFile('edition.json', JSON.stringify([a, b])).map((d) => d.id)).toEqual([
      'seed-000-817f1db3f74f0db0',
      'pub-003-duhok-short-film',
    ]);
  });
});
