import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticle, setSegmentStatus, setSegmentText } from '../../electron/core/article-ops.ts';
import type { QaRunResult } from '../../electron/core/contract.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { defaultLibrarySettings } from '../../electron/core/library-settings.ts';
import type { Article, Lang } from '../../electron/core/model.ts';
import { Library } from '../../electron/core/node/library.ts';
import {
  canonicalNumber,
  compareNumbers,
  extractNumbers,
  toAsciiDigits,
} from '../../electron/core/qa/numbers.ts';
import type { QaFinding } from '../../electron/core/qa/qa.ts';
import { qaArticle, qaArticles, summarizeFindings } from '../../electron/core/qa/qa.ts';
import { findLinks, stripBidiControls } from '../../electron/core/qa/text-checks.ts';
import {
  CORPUS_JSON_FILES,
  makeTempDir,
  readCorpusText,
  removeTempDirs,
} from './fixtures/library-fixtures.ts';

const NOW = '2026-11-25T10:00:00.000Z';
const CORPUS_IDS = [
  'seed-000-817f1db3f74f0db0',
  'pub-001-sulaymaniyah-budget',
  'pub-002-kirkuk-voter-cards',
  'pub-003-duhok-short-film',
];

let library: Library;
let corpus: Article[];

beforeAll(async () => {
  library = await Library.open(await makeTempDir('pird-qa-'));
  const files = await Promise.all(
    CORPUS_JSON_FILES.map(async (name) => ({ name, content: await readCorpusText(name) })),
  );
  await library.importFiles(files, 'importer');
  corpus = await Promise.all(CORPUS_IDS.map((id) => library.get(id)));
});
afterAll(removeTempDirs);

function values(text: string): string[] {
  return extractNumbers(text).map((n) => n.value);
}

/** A small en → ar/ckb article with one paragraph, every text `translated` (the source `approved`). */
function article(
  texts: Partial<Record<Lang, string>>,
  headline: Partial<Record<Lang, string>> = {},
): Article {
  let a = createArticle({ id: 'qa-test', sourceLang: 'en' }, 'tester', NOW);
  const heads = { en: 'Headline', ar: 'عنوان', ckb: 'سەردێڕ', ...headline };
  for (const lang of ['en', 'ar', 'ckb'] as const) {
    const status = lang === 'en' ? 'approved' : 'translated';
    if (heads[lang] !== '') a = setSegmentText(a, 'headline', lang, heads[lang], status, 'tester', NOW);
    const text = texts[lang];
    if (text !== undefined && text !== '') a = setSegmentText(a, 'p1', lang, text, status, 'tester', NOW);
  }
  return a;
}

function codes(findings: QaFinding[]): string[] {
  return findings.map((f) => `${f.lang}:${f.segmentId}:${f.code}`);
}

describe('QA of the public corpus', () => {
  it('finds exactly the two planted errors (T1, T2) and nothing else', () => {
    const findings = qaArticles(corpus);
    const errors = findings.filter((f) => f.severity === 'error');
    expect(
      errors.map((f) => ({ articleId: f.articleId, lang: f.lang, segmentId: f.segmentId, code: f.code })),
    ).toEqual([
      { articleId: 'pub-001-sulaymaniyah-budget', lang: 'ar', segmentId: 'p4', code: 'numbers-differ' },
      { articleId: 'pub-002-kirkuk-voter-cards', lang: 'ckb', segmentId: 'p4', code: 'missing-translation' },
    ]);
    // No false positives of any severity on copy the corpus calls consistent.
    expect(findings.filter((f) => f.severity === 'warning')).toEqual([]);
  });

  it('reports T1 as en {21, 60} against ar {12, 60}, after normalising Arabic-Indic digits', () => {
    const t1 = qaArticles(corpus).find((f) => f.code === 'numbers-differ')!;
    expect(t1.detail).toMatchObject({
      expected: ['21', '60'],
      found: ['12', '60'],
      missing: ['21'],
      extra: ['12'],
    });
    expect(t1.message).toContain('en {21, 60} vs ar {12, 60}');
  });

  it('is what the qa.run channel answers, with a summary', async () => {
    const table = createHandlers({
      library,
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: '0.0.0',
    });
    const result = await dispatch(table, 'qa.run', { ids: CORPUS_IDS });
    expect(result.ok).toBe(true);
    const value = (result as { ok: true; value: QaRunResult }).value;
    expect(value.summary).toEqual({
      errors: 2,
      warnings: 0,
      byCode: { 'missing-translation': 1, 'numbers-differ': 1 },
    });
    const onlyArabic = await dispatch(table, 'qa.run', { ids: CORPUS_IDS, langs: ['en', 'ar'] });
    expect((onlyArabic as { ok: true; value: QaRunResult }).value.summary.errors).toBe(1);
    expect((await dispatch(table, 'qa.run', { ids: [] })).ok).toBe(false);
  });

  it('checks statuses against the level the desk requires (imported translations are `translated`)', async () => {
    const budget = corpus[1]!;
    expect(
      qaArticle(budget, { requiredStatus: 'translated' }).filter((f) => f.code === 'status-below-required'),
    ).toEqual([]);
    const reviewed = qaArticle(budget, { requiredStatus: 'reviewed' }).filter(
      (f) => f.code === 'status-below-required',
    );
    // Every ar and ckb text (8 segments each); the English source was imported `approved`.
    expect(reviewed).toHaveLength(16);
    expect(new Set(reviewed.map((f) => f.lang))).toEqual(new Set(['ar', 'ckb']));

    const settings = { ...defaultLibrarySettings(), deskRequiredStatus: { Economy: 'approved' as const } };
    const onDesk = { ...budget, meta: { ...budget.meta, desk: 'Economy' } };
    expect(qaArticle(onDesk, { settings }).filter((f) => f.code === 'status-below-required')).toHaveLength(
      16,
    );
    expect(qaArticle(budget, { settings }).filter((f) => f.code === 'status-below-required')).toHaveLength(0);

    await library.updateSettings({ requiredStatus: 'reviewed' });
    const table = createHandlers({
      library,
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: '0.0.0',
    });
    const result = (await dispatch(table, 'qa.run', { ids: [budget.id] })) as {
      ok: true;
      value: QaRunResult;
    };
    expect(result.value.summary.byCode['status-below-required']).toBe(16);
    await library.updateSettings({ requiredStatus: 'translated' });
  });

  it('flags a draft translation at the default level', () => {
    let a = article({ en: 'Ten people.', ar: 'عشرة أشخاص.', ckb: 'دە کەس.' });
    a = setSegmentStatus(a, 'p1', 'ckb', 'draft', 'tester', NOW);
    expect(codes(qaArticle(a))).toEqual(['ckb:p1:status-below-required']);
  });
});

describe('numbers across digit systems', () => {
  it('maps Arabic-Indic and Extended digits and the Arabic separators one to one', () => {
    expect(toAsciiDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ ٤٧٫٥ ١٬٠٠٠')).toBe('0123456789 0123456789 47.5 1,000');
  });

  it('reads percentages, decimals and thousands in every digit system as the same values', () => {
    expect(values('21% and ٢١٪ and ۲۱٪')).toEqual(['21', '21', '21']);
    expect(values('٤٧٫٥٪ 47.5% ۴۷٫۵')).toEqual(['47.5', '47.5', '47.5']);
    expect(values('1,046,000 ١٬٠٤٦٬٠٠٠ ٣٬٠٠٠ 3,000 ١٠٬٠٠٠')).toEqual([
      '1046000',
      '1046000',
      '3000',
      '3000',
      '10000',
    ]);
    expect(values('1,234.5 vs ١٬٢٣٤٫٥')).toEqual(['1234.5', '1234.5']);
  });

  it('is not broken by Kurdish suffixes glued onto numbers', () => {
    expect(values('٣٨٪ی خەرجییەکان')).toEqual(['38']);
    expect(values('ساڵی ٢٠٢٥ی')).toEqual(['2025']);
    expect(values('٤٧٫٥٪ی کۆی گشتی')).toEqual(['47.5']);
    expect(values('لە ١ی نیسانی ٢٠٢٥')).toEqual(['1', '2025']);
    expect(values('61%ی و 30ی حوزەیران')).toEqual(['61', '30']);
  });

  it('compares dates and times as their numeric parts', () => {
    expect(values('at 7:30 and ٧:٣٠ی')).toEqual(['7', '30', '7', '30']);
    expect(values('08:00 until 11:30')).toEqual(['8', '0', '11', '30']);
    expect(compareNumbers('from 8:00 to 11:30', 'من ١١:٣٠ إلى ٨:٠٠')).toEqual({ missing: [], extra: [] });
  });

  it('keeps separate numbers separate and ends a number at a full stop', () => {
    expect(values('12, 13 and 14')).toEqual(['12', '13', '14']);
    expect(values('12,5')).toEqual(['12', '5']);
    expect(values('the budget for 2025.')).toEqual(['2025']);
    expect(values('iPhone 15 Pro')).toEqual(['15']);
    expect(values('U.S. officials, no numbers')).toEqual([]);
  });

  it('canonicalises leading and trailing zeros', () => {
    expect(canonicalNumber('08')).toBe('8');
    expect(canonicalNumber('3.50')).toBe('3.5');
    expect(canonicalNumber('0.0')).toBe('0');
    expect(canonicalNumber('1,000.00')).toBe('1000');
  });

  it('compares multisets: order does not matter, multiplicity does', () => {
    expect(compareNumbers('21% and 60%', 'بنسبة ١٢٪ و٦٠٪')).toEqual({ missing: ['21'], extra: ['12'] });
    expect(compareNumbers('60 then 21', '٢١ ثم ٦٠')).toEqual({ missing: [], extra: [] });
    expect(compareNumbers('5 and 5', '٥')).toEqual({ missing: ['5'], extra: [] });
  });
});

describe('text checks', () => {
  it('flags bidi embeddings, overrides and isolates as errors and LRM/RLM/ALM as warnings, never ZWNJ', () => {
    const a = article({
      en: 'Plain text.',
      ar: 'نص \u202eمعكوس\u202c و\u2067معزول\u2069.',
      ckb: 'پێش\u200cبینی \u200fدەکرێت\u061c.',
    });
    const findings = qaArticle(a);
    expect(codes(findings)).toEqual(['ar:p1:bidi-controls', 'ckb:p1:direction-marks']);
    expect(findings[0]!.severity).toBe('error');
    expect(findings[0]!.detail).toMatchObject({
      characters: [
        { char: 'U+202E', offset: 3 },
        { char: 'U+202C', offset: 9 },
        { char: 'U+2067', offset: 12 },
        { char: 'U+2069', offset: 18 },
      ],
    });
    expect(findings[1]!.severity).toBe('warning');
  });

  it('strips bidi controls (and marks on request) but never the ZWNJ', () => {
    const text = '\u202bپێش\u200cبینی\u202c \u200fو\u2066x\u2069\u061c';
    expect(stripBidiControls(text)).toBe('پێش\u200cبینی \u200fوx\u061c');
    expect(stripBidiControls(text, { marks: true })).toBe('پێش\u200cبینی وx');
  });

  it('flags an empty headline and an untranslated segment, not a segment empty in every language', () => {
    const a = article({ en: 'Text.', ar: 'نص.' }, { ckb: '' });
    expect(codes(qaArticle(a))).toEqual(['ckb:headline:empty-headline', 'ckb:p1:missing-translation']);
    const allEmpty = createArticle({ id: 'empty', sourceLang: 'en', headline: 'Only a headline' }, 't', NOW);
    expect(codes(qaArticle(allEmpty, { langs: ['en'], requiredStatus: 'translated' }))).toEqual([
      'en:headline:status-below-required',
    ]);
  });

  it('warns about text that looks like HTML', () => {
    const a = article({
      en: 'He wrote <img src=x onerror=alert(1)> in the form.',
      ar: 'كتب <img src=x onerror=alert(1)> في الاستمارة.',
      ckb: 'نووسی <b>١</b> لە فۆرمەکەدا.',
    });
    expect(codes(qaArticle(a))).toEqual([
      'en:p1:looks-like-html',
      'ar:p1:looks-like-html',
      'ckb:p1:looks-like-html',
    ]);
    expect(qaArticle(article({ en: 'a < b and c > d', ar: 'أ < ب', ckb: 'ئ > ب' }))).toEqual([]);
  });

  it('warns about Latin ? ; , in Arabic-script copy but not in numbers, links or Latin phrases', () => {
    const a = article({
      en: 'Is it 1,046,000? Yes; see https://x.example/a?b=1,2;c',
      ar: 'هل هي 1,046,000? نعم; انظر https://x.example/a?b=1,2;c',
      ckb: 'ئایا 1,046,000 بوو؟ بەڵێ؛ بڕوانە https://x.example/a?b=1,2;c، وتی "Yes, we can".',
    });
    const findings = qaArticle(a);
    expect(codes(findings)).toEqual(['ar:p1:latin-punctuation']);
    expect(findings[0]!.detail).toMatchObject({ characters: [{ char: '?' }, { char: ';' }] });
  });

  it('compares links and e-mails across languages without the punctuation glued to them (T6)', () => {
    const en = 'See https://voters.ihec.example/kirkuk, or write to kirkuk.cards@ihec.example.';
    const ar = 'راجع https://voters.ihec.example/kirkuk، أو راسل kirkuk.cards@ihec.example.';
    expect(findLinks(ar).map((l) => l.value)).toEqual([
      'https://voters.ihec.example/kirkuk',
      'kirkuk.cards@ihec.example',
    ]);
    expect(qaArticle(article({ en, ar, ckb: ar }))).toEqual([]);
    const wrong = article({
      en,
      ar: ar.replace('kirkuk،', 'kirkuk2،'),
      ckb: ar.replace('kirkuk.cards', 'kirkuk.card'),
    });
    const findings = qaArticle(wrong);
    expect(codes(findings)).toEqual(['ar:p1:link-differs', 'ckb:p1:link-differs']);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
  });

  it('summarises findings by severity and code', () => {
    const a = article({ en: '21 of 60', ar: '١٢ من ٦٠ \u202e', ckb: '' });
    expect(summarizeFindings(qaArticle(a))).toEqual({
      errors: 3,
      warnings: 0,
      byCode: { 'missing-translation': 1, 'numbers-differ': 1, 'bidi-controls': 1 },
    });
  });
});
