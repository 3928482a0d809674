// Translation memory and concordance (issue 5): suggestions from trusted translations of similar
// source segments anywhere in the library, with a match percentage and the differing words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Channel,
  ConcordanceResult,
  Lang,
  RequestOf,
  Status,
  TmSuggestResult,
} from '../../electron/core/contract.ts';
import type { HandlerTable } from '../../electron/core/handlers.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { callOk } from './helpers/handlers.ts';
import { Library } from '../../electron/core/node/library.ts';
import type { Word } from '../../electron/core/tm/similarity.ts';
import { diffWords, joinRanges, matchBound, matchPercent } from '../../electron/core/tm/similarity.ts';
import { plainTerms, tokenize } from '../../electron/core/search/tokenize.ts';
import { corpusFiles, makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

let table: HandlerTable;

const call = <C extends Channel>(channel: C, request: RequestOf<C>) => callOk(table, channel, request);

type Texts = Partial<Record<Lang, [string, Status]>>;

/** An article whose paragraphs p1, p2, … hold the given texts and statuses. */
async function article(sourceLang: Lang, paragraphs: Texts[]): Promise<string> {
  const { id } = await call('articles.create', { sourceLang });
  let previous = 'p1';
  for (const [index, texts] of paragraphs.entries()) {
    let segmentId = 'p1';
    if (index > 0) {
      const created = await call('segments.insert', { articleId: id, afterSegmentId: previous });
      segmentId = created.segments.find((_, i) => i > 0 && created.segments[i - 1]!.id === previous)!.id;
    }
    previous = segmentId;
    for (const [lang, [text, status]] of Object.entries(texts) as [Lang, [string, Status]][])
      await call('segments.setText', { articleId: id, segmentId, lang, text, status });
  }
  return id;
}

function segmentIds(id: string): Promise<string[]> {
  return call('articles.get', { id }).then((a) =>
    a.segments.filter((s) => s.kind === 'paragraph').map((s) => s.id),
  );
}

const MONDAY = 'The Kirkuk provincial council approved the 2026 budget on Monday.';
const MONDAY_AR = 'وافق مجلس محافظة كركوك على موازنة عام ٢٠٢٦ يوم الاثنين.';
let memory: string; // the article whose translations are in the memory
let draft: string; // the article being translated
let reverse: string; // an Arabic-source article with a reviewed English translation

beforeAll(async () => {
  const library = await Library.open(await makeTempDir('pird-tm-'));
  await library.importFiles(await corpusFiles(), 'tester');
  table = createHandlers({ library, userDataDir: await makeTempDir(), shell: 'cli', version: 'test' });
  memory = await article('en', [
    { en: [MONDAY, 'approved'], ar: [MONDAY_AR, 'reviewed'] },
    { en: ['Voters can check their registration online.', 'approved'], ar: ['نص غير مراجع', 'translated'] },
    {
      en: ['Polling stations open at 7:00.', 'approved'],
      ckb: ['بنکەکانی دەنگدان کاتژمێر ٧:٠٠ دەکرێنەوە.', 'approved'],
    },
  ]);
  reverse = await article('ar', [
    {
      ar: ['يمكن للناخبين التحقق من تسجيلهم عبر الإنترنت.', 'approved'],
      en: ['Voters can check their registration online.', 'reviewed'],
    },
  ]);
  draft = await article('en', [
    { en: ['The Kirkuk provincial council approved the 2027 budget on Tuesday.', 'approved'] },
    { en: ['Voters can check their registration online.', 'approved'] },
    { en: ['polling stations open at 7:00', 'approved'] },
    { en: [MONDAY, 'approved'] },
    { en: ['Something else entirely, unrelated to any stored text.', 'approved'] },
  ]);
});

afterAll(removeTempDirs);

describe('translation memory (tm.suggest)', () => {
  it('suggests a reviewed translation of a similar source, with the match and the differing words', async () => {
    const [p1] = await segmentIds(draft);
    const result: TmSuggestResult = await call('tm.suggest', {
      articleId: draft,
      segmentId: p1!,
      lang: 'ar',
    });
    expect(result).toMatchObject({ sourceLang: 'en', targetLang: 'ar' });
    expect(result.suggestions).toHaveLength(1);
    const [suggestion] = result.suggestions;
    expect(suggestion).toMatchObject({ articleId: memory, target: MONDAY_AR, status: 'reviewed', match: 80 });
    const slice = (text: string, ranges: { start: number; end: number }[]) =>
      ranges.map((r) => text.slice(r.start, r.end));
    expect(slice(result.source, suggestion!.diff.query)).toEqual(['2027', 'Tuesday']);
    expect(slice(suggestion!.source, suggestion!.diff.source)).toEqual(['2026', 'Monday']);
  });

  it('offers an identical source at 100%, and one differing only in case and punctuation at 99%', async () => {
    const [, , p3, p4] = await segmentIds(draft);
    const exact = await call('tm.suggest', { articleId: draft, segmentId: p4!, lang: 'ar' });
    expect(exact.suggestions[0]).toMatchObject({
      match: 100,
      target: MONDAY_AR,
      diff: { query: [], source: [] },
    });
    const close = await call('tm.suggest', { articleId: draft, segmentId: p3!, lang: 'ckb' });
    expect(close.suggestions[0]).toMatchObject({ match: 99, status: 'approved' });
  });

  it('never suggests unchecked translations, but uses a reviewed translation paired with its source', async () => {
    const [, p2] = await segmentIds(draft);
    const result = await call('tm.suggest', { articleId: draft, segmentId: p2!, lang: 'ar' });
    // memory's ar is only "translated"; the Arabic-source article has a reviewed English version.
    expect(result.suggestions.map((s) => [s.articleId, s.target, s.match])).toEqual([
      [reverse, 'يمكن للناخبين التحقق من تسجيلهم عبر الإنترنت.', 100],
    ]);
  });

  it('suggests nothing below the minimum match, and honours minMatch', async () => {
    const [, , , , p5] = await segmentIds(draft);
    expect((await call('tm.suggest', { articleId: draft, segmentId: p5!, lang: 'ar' })).suggestions).toEqual(
      [],
    );
    const [p1] = await segmentIds(draft);
    expect(
      (await call('tm.suggest', { articleId: draft, segmentId: p1!, lang: 'ar', minMatch: 90 })).suggestions,
    ).toEqual([]);
  });

  it('finds corpus translations once they are reviewed', async () => {
    const film = 'pub-003-duhok-short-film';
    const stored = await call('articles.get', { id: film });
    const p2 = stored.segments.find((s) => s.id === 'p2')!;
    await call('segments.setStatus', { articleId: film, segmentId: 'p2', lang: 'ar', status: 'reviewed' });
    const changed = p2.versions.en.text.replace('three women', 'four women');
    const id = await article('en', [{ en: [changed, 'approved'] }]);
    const result = await call('tm.suggest', { articleId: id, segmentId: 'p1', lang: 'ar' });
    expect(result.suggestions[0]).toMatchObject({
      articleId: film,
      segmentId: 'p2',
      target: p2.versions.ar.text,
    });
    expect(result.suggestions[0]!.match).toBeGreaterThanOrEqual(90);
    expect(result.suggestions[0]!.match).toBeLessThan(99);
  });

  it('refuses the source language as target, and reports unknown segments', async () => {
    await expect(call('tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'en' })).rejects.toThrow(
      /invalid-input/,
    );
    await expect(call('tm.suggest', { articleId: draft, segmentId: 'nope', lang: 'ar' })).rejects.toThrow(
      /not-found/,
    );
  });
});

describe('concordance (tm.concordance)', () => {
  it('finds trusted pairs whose source holds the phrase, with the phrase highlighted', async () => {
    const result: ConcordanceResult = await call('tm.concordance', {
      phrase: 'Provincial Council',
      sourceLang: 'en',
      targetLang: 'ar',
    });
    expect(result.entries).toHaveLength(1);
    const [entry] = result.entries;
    expect(entry).toMatchObject({ articleId: memory, target: MONDAY_AR, status: 'reviewed' });
    expect(entry!.highlights.map((r) => entry!.source.slice(r.start, r.end))).toEqual(['provincial council']);
  });

  it('needs the words in order, and searches every other language when no source is given', async () => {
    expect(
      (await call('tm.concordance', { phrase: 'council provincial', targetLang: 'ar' })).entries,
    ).toEqual([]);
    const fromArabic = await call('tm.concordance', { phrase: 'للناخبين', targetLang: 'en' });
    expect(fromArabic.entries.map((e) => [e.sourceLang, e.target])).toEqual([
      ['ar', 'Voters can check their registration online.'],
    ]);
    // Folding applies: digits and spelling variants.
    const digits = await call('tm.concordance', { phrase: 'عام 2026', sourceLang: 'ar', targetLang: 'en' });
    expect(digits.entries.map((e) => e.articleId)).toEqual([memory]);
  });

  it('refuses the same language on both sides', async () => {
    const result = await dispatch(table, 'tm.concordance', {
      phrase: 'x',
      sourceLang: 'ar',
      targetLang: 'ar',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('word similarity', () => {
  const words = (text: string): Word[] => tokenize(text);
  const terms = (text: string): string[] => plainTerms(text);

  it('counts word edits on folded words and points at the changed ones', () => {
    const a = 'بلغت الموازنة ٣٨٪ هذا العام';
    const b = 'بلغت الموازنة 40% هذا العام';
    const diff = diffWords(terms(a), terms(b));
    expect(diff.distance).toBe(1);
    expect(joinRanges(a, words(a), diff.a).map((r) => a.slice(r.start, r.end))).toEqual(['٣٨٪']);
    expect(matchPercent(a, b, terms(a), terms(b), diff.distance)).toBe(80);
    expect(diffWords(terms('پێش‌بینی دەکرێت'), terms('پێشبینی دەکرێت')).distance).toBe(0);
    expect(terms('١٬٠٠٠ دينار')).toEqual(tokenize('1,000 دینار').map((w) => w.term));
  });

  it('joins neighbouring changed words into one range', () => {
    const a = 'one two three four';
    const diff = diffWords(terms(a), terms('one five six four'));
    expect(joinRanges(a, words(a), diff.a)).toEqual([{ start: 4, end: 13 }]);
    expect(diff.distance).toBe(2);
  });

  it('handles insertions and deletions', () => {
    const diff = diffWords(terms('a b c'), terms('a x b c y'));
    expect(diff.distance).toBe(2);
    expect(diff.a).toEqual([]);
    expect(diff.b).toEqual([1, 4]);
  });

  it('bounds the match from shared words, never below the real match', () => {
    const pairs = [
      ['the council met on Monday', 'the council met on Tuesday'],
      ['a b c d', 'd c b a'],
      ['one', 'one one one'],
      ['x y', ''],
    ] as const;
    for (const [a, b] of pairs) {
      const real = matchPercent(a, b, terms(a), terms(b), diffWords(terms(a), terms(b)).distance);
      expect(matchBound(terms(a), terms(b))).toBeGreaterThanOrEqual(Math.min(real, 98));
    }
  });
});
