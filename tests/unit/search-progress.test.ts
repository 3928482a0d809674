// Progress (issue 5): the one word counter (right for Arabic script), the report per desk and per
// edition from the library index, and `pird progress`.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleSummary, ProgressReport, Status } from '../../electron/core/contract.ts';
import { setSegmentText, summarizeArticle } from '../../electron/core/article-ops.ts';
import { Library } from '../../electron/core/node/library.ts';
import { buildProgressReport } from '../../electron/core/progress/progress-report.ts';
import { countWords } from '../../electron/core/progress/word-count.ts';
import { runPird } from './helpers/cli.ts';
import { corpusDir, tempDir } from './helpers/paths.ts';
import { corpusFiles, makeTempDir } from './fixtures/library-fixtures.ts';

describe('the word counter', () => {
  it('splits on white space and on Arabic and Latin punctuation', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  \n ')).toBe(0);
    expect(countWords('قال، ثم؛ لماذا؟نعم')).toBe(4);
    expect(countWords('Yes.No,maybe;so: "quoted" (x)')).toBe(6);
    expect(countWords('«هەولێر»، کەرکووک')).toBe(2);
  });

  it('does not split a word at a zero-width non-joiner, and counts no tatweel or tashkeel', () => {
    expect(countWords('پێش\u200cبینی')).toBe(1);
    expect(countWords('به\u200cڕێوه\u200cبه\u200cر')).toBe(1);
    expect(countWords('الـــعراق مُحَمَّدٌ')).toBe(2);
    expect(countWords('ـ ً ـــ')).toBe(0);
    expect(countWords('\u202bنص\u202c')).toBe(1);
  });

  it('counts a number once, with its separators, digit system and glued suffix', () => {
    expect(countWords('1,046,000 ١٬٠٤٦٬٠٠٠ ۱۲۳')).toBe(3);
    expect(countWords('47.5% ٤٧٫٥٪ ٣٨٪ی ٧:٣٠ی')).toBe(4);
    expect(countWords('2020-2025')).toBe(2);
  });

  it("joins letters across an apostrophe or a hyphen (Iraq's, al-Sudani), not across a dash", () => {
    expect(countWords("Iraq's al-Sudani co-operates")).toBe(3);
    expect(countWords('Erbil — Duhok')).toBe(2);
    expect(countWords("'quoted'")).toBe(1);
    expect(countWords('U.S. officials, U.N. envoy')).toBe(4);
    expect(countWords('end.Start a.b.c')).toBe(3);
  });

  it('is what the library summary counts per status', () => {
    const summary = summarizeArticleWith('p1', 'ar', 'پێش\u200cبینی ١٬٠٠٠ دینار');
    expect(summary.progress.ar.words.draft).toBe(3);
  });
});

function summarizeArticleWith(segment: string, lang: 'ar', text: string): ArticleSummary {
  const article = {
    id: 'a',
    sourceLang: 'en' as const,
    meta: { slug: 'a', desk: '', editionDate: null, byline: '', tags: [], url: null },
    segments: [
      {
        id: segment,
        kind: 'paragraph' as const,
        versions: {
          en: { text: 'One two', status: 'approved' as const, changedBy: null, changedAt: null },
          ar: { text: '', status: 'empty' as const, changedBy: null, changedAt: null },
          ckb: { text: '', status: 'empty' as const, changedBy: null, changedAt: null },
        },
      },
    ],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 1,
  };
  return summarizeArticle(
    setSegmentText(article, segment, lang, text, 'draft', 't', '2026-01-02T00:00:00.000Z'),
  );
}

const NONE: Record<Status, number> = { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 0 };

function summary(
  id: string,
  desk: string,
  editionDate: string | null,
  arWords: Partial<Record<Status, number>>,
): ArticleSummary {
  const words = { ...NONE, ...arWords };
  const segments = Object.fromEntries(Object.entries(words).map(([s, n]) => [s, n > 0 ? 1 : 0])) as Record<
    Status,
    number
  >;
  const progress = (w: Record<Status, number>, b: Record<Status, number>) => ({
    total: Object.values(b).reduce((x, y) => x + y, 0),
    byStatus: b,
    needsUpdate: 0,
    words: w,
  });
  return {
    id,
    sourceLang: 'en',
    headline: { en: id, ar: '', ckb: '' },
    desk,
    editionDate,
    slug: id,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: null,
    progress: {
      en: progress({ ...NONE, approved: 10 }, { ...NONE, approved: 1 }),
      ar: progress(words, segments),
      ckb: progress(NONE, NONE),
    },
  };
}

describe('the progress report', () => {
  const articles = [
    summary('a', 'Politics', '2026-11-25', { translated: 5, draft: 2 }),
    summary('b', 'Economy', '2026-11-25', { reviewed: 7 }),
    summary('c', 'Politics', '2026-11-24', { approved: 3 }),
    summary('d', '', null, { empty: 0 }),
  ];

  it('adds up words and segments per language and status for each desk, the desk without a name last', () => {
    const report = buildProgressReport(articles, { groupBy: 'desk' });
    expect(report.groups.map((g) => [g.key, g.articles])).toEqual([
      ['Economy', 1],
      ['Politics', 2],
      ['', 1],
    ]);
    const politics = report.groups[1]!.languages.ar;
    expect(politics.words.byStatus).toEqual({ ...NONE, translated: 5, draft: 2, approved: 3 });
    expect(politics.words.total).toBe(10);
    expect(politics.segments.total).toBe(3);
    expect(report.total.articles).toBe(4);
    expect(report.total.languages.ar.words.total).toBe(17);
    expect(report.total.languages.en.words.byStatus.approved).toBe(40);
  });

  it('groups by edition, newest first and unscheduled last, and filters by desk or edition', () => {
    const byEdition = buildProgressReport(articles, { groupBy: 'edition' });
    expect(byEdition.groups.map((g) => g.key)).toEqual(['2026-11-25', '2026-11-24', null]);
    const politics = buildProgressReport(articles, { groupBy: 'edition', desk: 'Politics' });
    expect(politics.groups.map((g) => [g.key, g.articles])).toEqual([
      ['2026-11-25', 1],
      ['2026-11-24', 1],
    ]);
    const oneDay = buildProgressReport(articles, { groupBy: 'desk', editionDate: '2026-11-25' });
    expect(oneDay.groups.map((g) => g.key)).toEqual(['Economy', 'Politics']);
    expect(buildProgressReport([], { groupBy: 'desk' }).groups).toEqual([]);
  });

  it('follows a save: the words move from one status to another in the library index', async () => {
    const library = await Library.open(await makeTempDir('pird-progress-'));
    await library.importFiles(await corpusFiles(), 'tester');
    const before = buildProgressReport((await library.list()).articles, { groupBy: 'desk' }).total.languages
      .ar;
    const { articles: list } = await library.list();
    await library.update(list[0]!.id, (a, now) =>
      setSegmentText(a, a.segments[0]!.id, 'ar', 'كلمة أخرى جديدة', 'reviewed', 'tester', now),
    );
    const after = buildProgressReport((await library.list()).articles, { groupBy: 'desk' }).total.languages
      .ar;
    expect(after.segments.byStatus.reviewed).toBe(before.segments.byStatus.reviewed + 1);
    expect(after.words.byStatus.reviewed).toBe(before.words.byStatus.reviewed + 3);
  });
});

describe('the library index', () => {
  it('reads every article again when index.json was written before word counts existed', async () => {
    const dir = await makeTempDir('pird-progress-index-');
    const library = await Library.open(dir);
    await library.importFiles(await corpusFiles(), 'tester');
    const expected = await library.list();
    const file = path.join(dir, 'index.json');
    const v2 = JSON.parse(await readFile(file, 'utf8')) as {
      version: number;
      entries: Record<string, { summary?: { progress: Record<string, { words?: unknown }> } }>;
    };
    // The same entries, identities included, as a version 1 index (no words) would hold them.
    for (const entry of Object.values(v2.entries))
      for (const progress of Object.values(entry.summary?.progress ?? {})) delete progress.words;
    await writeFile(file, JSON.stringify({ ...v2, version: 1 }));
    const reopened = await Library.open(dir);
    expect(await reopened.list()).toEqual(expected);
    expect(expected.articles.every((a) => a.progress.en.words.approved > 0)).toBe(true);
  });
});

describe('pird progress', () => {
  let home: string;
  let workDir: string;
  const pird = (...args: string[]) => runPird(home, workDir, args);

  beforeAll(() => {
    home = tempDir('pird-cli-progress-');
    workDir = tempDir('pird-cli-progress-work-');
    const file = path.join(corpusDir, 'article-001-sulaymaniyah-budget.json');
    expect(pird('import', '--library', 'lib', file).code).toBe(0);
    const id = 'pub-001-sulaymaniyah-budget';
    expect(pird('set-meta', '--library', 'lib', id, '--desk', 'Economy', '--date', '2026-11-25').code).toBe(
      0,
    );
  });

  it('prints words and segments per desk, and the contract result with --json', () => {
    const human = pird('progress', '--library', 'lib');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Economy  (1 article)');
    expect(human.stdout).toMatch(/ar {2}segments \d+\/\d+ done, words \d+ done/);
    const json = pird('progress', '--library', 'lib', '--by', 'edition', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as ProgressReport;
    expect(report.groupBy).toBe('edition');
    expect(report.groups.map((g) => g.key)).toEqual(['2026-11-25']);
    expect(report.total.languages.en.words.total).toBeGreaterThan(100);
  });

  it('refuses a bad --by or --edition with exit code 2', () => {
    const badBy = pird('progress', '--library', 'lib', '--by', 'week');
    expect(badBy.code).toBe(2);
    expect(badBy.stderr).toContain('--by must be desk or edition');
    expect(pird('progress', '--library', 'lib', '--edition', '25/11/2026').code).toBe(2);
  });
});
