// Search (issue 5): Arabic-script, Sorani and Latin folding, tokens, highlights in the stored text's
// offsets, results grouped by article, and an index that follows saves.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, SearchResult } from '../../electron/core/contract.ts';
import type { HandlerTable } from '../../electron/core/handlers.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { Library } from '../../electron/core/node/library.ts';
import { LibrarySearch } from '../../electron/core/node/library-search.ts';
import { foldForSearch, foldText } from '../../electron/core/search/normalize.ts';
import { highlightTerms, SearchIndex } from '../../electron/core/search/search-index.ts';
import { indexTerms, queryTerms, tokenize } from '../../electron/core/search/tokenize.ts';
import { corpusFiles, makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

const SEED = 'seed-000-817f1db3f74f0db0';
const BUDGET = 'pub-001-sulaymaniyah-budget';
const FILM = 'pub-003-duhok-short-film';

let library: Library;
let table: HandlerTable;

async function search(request: { query: string; lang?: string; limit?: number }): Promise<SearchResult> {
  const result = (await dispatch(table, 'search.query', request)) as ApiResult<SearchResult>;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The highlighted words of a result, as they are in the stored texts. */
function highlighted(result: SearchResult, lang?: string): string[] {
  return result.groups.flatMap((g) =>
    g.hits
      .filter((h) => lang === undefined || h.lang === lang)
      .flatMap((h) => h.highlights.map((r) => h.text.slice(r.start, r.end))),
  );
}

function articleIds(result: SearchResult): string[] {
  return result.groups.map((g) => g.articleId);
}

beforeAll(async () => {
  const dir = await makeTempDir('pird-search-');
  library = await Library.open(dir);
  await library.importFiles(await corpusFiles(), 'tester');
  table = createHandlers({ library, userDataDir: await makeTempDir(), shell: 'cli', version: 'test' });
});

afterAll(removeTempDirs);

describe('search normalisation', () => {
  it('folds Arabic tashkeel, tanwin, superscript alef, tatweel and the alef forms', () => {
    expect(foldForSearch('نظراً')).toBe('نظرا');
    expect(foldForSearch('مُحَمَّدٌ')).toBe('محمد');
    expect(foldForSearch('رحمٰن')).toBe('رحمن');
    expect(foldForSearch('الـــعراق')).toBe('العراق');
    expect(['أمريكي', 'إمريكي', 'آمريكي', 'ٱمريكي'].map(foldForSearch)).toEqual(Array(4).fill('امريكي'));
  });

  it('folds taa marbuta, alef maqsura and the Kurdish and Arabic kaf, yaa and heh', () => {
    expect(foldForSearch('مدرسة')).toBe(foldForSearch('مدرسه'));
    expect(foldForSearch('على')).toBe(foldForSearch('علي'));
    expect(foldForSearch('کوردی')).toBe(foldForSearch('كوردي'));
    expect(foldForSearch('هەولێر')).toBe(foldForSearch('ھەولێر'));
    expect(foldForSearch('بەڕێوەبەر')).toBe(foldForSearch('به‌ڕێوه‌به‌ر'));
  });

  it('keeps the Sorani letters and hamza carriers: folding is not transliteration', () => {
    for (const letter of ['ڕ', 'ڵ', 'ێ', 'ۆ', 'ڤ', 'ئ', 'ؤ']) expect(foldForSearch(letter)).toBe(letter);
    expect(foldForSearch('کانوون')).not.toBe(foldForSearch('كانون'));
  });

  it('removes ZWNJ and bidi controls, and maps every digit system to ASCII', () => {
    expect(foldForSearch('پێش\u200cبینی')).toBe(foldForSearch('پێشبینی'));
    expect(foldForSearch('\u202bنص\u202c \u2067x\u2069 \u200f\u061c')).toBe('نص x ');
    expect(foldForSearch('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
    expect(foldForSearch('٤٧٫٥٪ ١٬٠٠٠')).toBe('47.5% 1,000');
  });

  it('folds Latin case and accents', () => {
    expect(foldForSearch('Dengbêj DENGBÊJ Çiya Ünal')).toBe('dengbej dengbej ciya unal');
  });

  it('maps every folded character back to the original text', () => {
    const original = 'أ\u200cبً جـد';
    const folded = foldText(original);
    expect(folded.text).toBe('اب جد');
    // ب keeps the tanwin on it and ج the tatweel after it; the ZWNJ is part of no letter.
    expect(folded.starts).toEqual([0, 2, 4, 5, 7]);
    expect(folded.ends).toEqual([1, 4, 5, 7, 8]);
  });
});

describe('search tokens', () => {
  it('keeps Kurdish suffixed numbers whole, and also indexes their value', () => {
    const text = '٣٨٪ی ٤٧٫٥٪ی ٢٠٢٥ی ١ی نیسانی 61%ی ٧:٣٠ی «زێڕین»ی';
    expect(queryTerms(text)).toEqual([
      '38%ي',
      '47.5%ي',
      '2025ي',
      '1ي',
      'نيساني',
      '61%ي',
      '7:30ي',
      'زێڕين',
      'ي',
    ]);
    expect(indexTerms(text, 'ckb')).toEqual([
      '38%ي',
      '38',
      '47.5%ي',
      '47.5',
      '2025ي',
      '2025',
      '1ي',
      '1',
      'نيساني',
      '61%ي',
      '61',
      '7:30ي',
      '7:30',
      'زێڕين',
      'ي',
    ]);
  });

  it('drops thousands separators in every digit system', () => {
    expect(queryTerms('1,046,000 ١٬٠٤٦٬٠٠٠ 3,000 ٣٬٠٠٠ 1,2')).toEqual([
      '1046000',
      '1046000',
      '3000',
      '3000',
      '1,2',
    ]);
  });

  it('indexes Arabic words also without the article, never a stub of one or two letters', () => {
    expect(indexTerms('الأمريكية والسوداني للمفوضية التي', 'ar')).toEqual([
      'الامريكيه',
      'امريكيه',
      'والسوداني',
      'سوداني',
      'للمفوضيه',
      'مفوضيه',
      'التي',
    ]);
    // Sorani text has no Arabic article to strip.
    expect(indexTerms('ئەلسوودانی', 'ckb')).toEqual(['ئهلسووداني']);
  });

  it('gives the same terms fast (index) and with offsets (highlights)', () => {
    const text = 'Revenue rose by 21%, ٣٨٪ی و «الأمريكية» — پێش‌بینی 1,046,000.';
    for (const lang of ['en', 'ar', 'ckb']) {
      expect(tokenize(text, { aliases: true, lang }).map((t) => t.term)).toEqual(indexTerms(text, lang));
    }
    for (const token of tokenize(text, { aliases: true, lang: 'ar' })) {
      expect(foldForSearch(text.slice(token.start, token.end)).replace(/[,٬]/g, '')).toContain(
        token.term.replace(/,/g, ''),
      );
    }
  });
});

describe('search across the library (search.query)', () => {
  it('finds پێش‌بینی (with a ZWNJ) from پێشبینی, and highlights the stored word (corpus trap T3)', async () => {
    for (const query of ['پێشبینی', 'پێش\u200cبینی']) {
      const result = await search({ query });
      expect(articleIds(result)).toEqual([BUDGET]);
      const hit = result.groups[0]!.hits[0]!;
      expect(hit).toMatchObject({ lang: 'ckb', segmentId: 'p3' });
      const at = hit.text.indexOf('پێش\u200cبینی');
      expect(at).toBeGreaterThan(0);
      expect(hit.highlights).toEqual([{ start: at, end: at + 8 }]);
    }
  });

  it('finds numbers across digit systems: ٣٨ finds 38 and 38 finds ٣٨٪ی', async () => {
    const eastern = await search({ query: '٣٨' });
    expect(articleIds(eastern)).toEqual([BUDGET]);
    expect(new Set(eastern.groups[0]!.hits.map((h) => h.lang))).toEqual(new Set(['en', 'ar', 'ckb']));
    expect(highlighted(eastern, 'en')).toContain('38');
    expect(highlighted(eastern, 'ar')).toContain('٣٨');
    const western = await search({ query: '38', lang: 'ckb' });
    expect(highlighted(western)).toEqual(expect.arrayContaining(['٣٨']));
    expect(western.groups[0]!.hits[0]!.text).toContain('٣٨٪ی');
    // ٪ and % are one sign: ٢١٪ finds "21%" in English and ٢١٪ in Sorani (corpus trap T9).
    const percent = await search({ query: '٢١٪', lang: 'en' });
    expect(highlighted(percent)).toContain('21%');
  });

  it('matches a number by value, never a longer number or a prefix of one', async () => {
    expect(
      (await search({ query: '3' })).groups.flatMap((g) => g.hits).map((h) => h.text),
    ).not.toContainEqual(expect.stringContaining('38%'));
    expect(highlighted(await search({ query: '٢١' }))).not.toContain('٢١٠');
    expect(highlighted(await search({ query: '1,046,000' }))).toEqual(expect.arrayContaining(['1,046,000']));
  });

  it('finds أمريكي from امريكي, also inside الأمريكية, highlighting the word without its article', async () => {
    const result = await search({ query: 'امريكي', lang: 'ar' });
    expect(articleIds(result)).toEqual([SEED]);
    const words = highlighted(result);
    expect(result.groups[0]!.hitCount).toBeGreaterThan(5);
    expect(new Set(words)).toEqual(new Set(['أمريكي']));
    // Inside الأمريكية the highlight starts after the article.
    const seed = await library.get(SEED);
    const inside = seed.segments.flatMap((s) => {
      const text = s.versions.ar.text;
      return highlightTerms(text, ['امريكي'], 'ar').highlights.map((r) => text.slice(r.start - 2, r.end + 1));
    });
    expect(inside).toContain('الأمريكية');
    expect(highlighted(await search({ query: 'أمريكي', lang: 'ar' }))).toEqual(words);
  });

  it('folds only real spelling variants: Arabic كانون does not find Sorani کانوونی', async () => {
    expect(articleIds(await search({ query: 'كانون', lang: 'ar' }))).toEqual([SEED]);
    expect((await search({ query: 'كانون', lang: 'ckb' })).total).toBe(0);
    expect(articleIds(await search({ query: 'کانوون', lang: 'ckb' }))).toEqual([SEED]);
    expect((await search({ query: 'کانوون', lang: 'ar' })).total).toBe(0);
  });

  it('is case and accent insensitive in Latin text, and prefix-matches', async () => {
    for (const query of ['dengbej', 'DENGBÊJ', 'Dengb']) {
      const result = await search({ query });
      expect(articleIds(result)).toEqual([FILM]);
      expect(highlighted(result)[0]!.toLowerCase()).toContain('dengb');
    }
  });

  it('never matches inside a word', async () => {
    expect((await search({ query: 'udani' })).total).toBe(0); // in Sudani
    expect((await search({ query: 'ودان' })).total).toBe(0); // in السوداني
    expect((await search({ query: 'شبینی' })).total).toBe(0); // in پێش‌بینی
    expect((await search({ query: 'engbej' })).total).toBe(0);
  });

  it('needs every word of the query, and groups the hits by article with the best segments first', async () => {
    const result = await search({ query: 'Sudani Biden' });
    // The seed article twice: as corpus JSON and as the plain-text English file.
    expect(articleIds(result)).toContain(SEED);
    expect(result.total).toBe(2);
    for (const group of result.groups) {
      const counts = group.hits.map((h) => h.matchedTerms);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(group.hitCount).toBeGreaterThanOrEqual(2);
      expect(group.headline.en).toContain('U.S. Official');
    }
    expect((await search({ query: 'Sudani dengbej' })).total).toBe(0);
  });

  it('searches one language when asked, and returns nothing for a query without words', async () => {
    expect(articleIds(await search({ query: 'UNDP', lang: 'ckb' }))).toEqual([BUDGET]);
    expect((await search({ query: 'Sudani', lang: 'ar' })).total).toBe(0);
    expect(await search({ query: ' «» , ' })).toMatchObject({ total: 0, groups: [], terms: [] });
  });

  it('refuses a malformed request', async () => {
    const result = await dispatch(table, 'search.query', { query: 'x', lang: 'fr' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('never changes the stored text', async () => {
    const file = path.join(library.dir, 'articles', `${BUDGET}.json`);
    const before = await readFile(file, 'utf8');
    await search({ query: 'پێشبینی' });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(before).toContain('پێش\u200cبینی');
  });
});

describe('the index follows the library', () => {
  it('sees a save at once, without reading the library again', async () => {
    await search({ query: 'anything' }); // built
    const set = await dispatch(table, 'segments.setText', {
      articleId: FILM,
      segmentId: 'p2',
      lang: 'ckb',
      text: 'دەنگبێژی کۆن لە زاخۆ: فیلمی نوێی ئاڤین ٢٠٢٦ی',
    });
    expect(set.ok).toBe(true);
    const result = await search({ query: 'دەنگبێژ', lang: 'ckb' });
    expect(articleIds(result)).toEqual([FILM]);
    expect(highlighted(result)).toEqual(['دەنگبێژ']);
    expect(articleIds(await search({ query: '2026', lang: 'ckb' }))).toEqual([FILM]);
  });

  it('sees a save made by another process (another Library object on the same folder)', async () => {
    await search({ query: 'anything' });
    const other = await Library.open(library.dir);
    await other.update(BUDGET, (article) => ({
      ...article,
      segments: article.segments.map((s) =>
        s.id === 'p1'
          ? { ...s, versions: { ...s.versions, en: { ...s.versions.en, text: 'Zanzibar rules' } } }
          : s,
      ),
    }));
    expect(articleIds(await search({ query: 'zanzibar' }))).toEqual([BUDGET]);
  });

  it('drops an article moved to the trash and takes it back when restored', async () => {
    expect(articleIds(await search({ query: 'IHEC', lang: 'en' }))).toEqual(['pub-002-kirkuk-voter-cards']);
    await library.delete('pub-002-kirkuk-voter-cards');
    expect((await search({ query: 'IHEC', lang: 'en' })).total).toBe(0);
    await library.restore('pub-002-kirkuk-voter-cards');
    expect((await search({ query: 'IHEC', lang: 'en' })).total).toBe(1);
  });

  it('updates one article in the index without touching the others', () => {
    const index = new SearchIndex();
    const article = (id: string, text: string) => ({
      id,
      sourceLang: 'en' as const,
      meta: { slug: id, desk: '', editionDate: null, byline: '', tags: [], url: null },
      segments: [
        {
          id: 'p1',
          kind: 'paragraph' as const,
          versions: {
            en: { text, status: 'approved' as const, changedBy: null, changedAt: null },
            ar: { text: '', status: 'empty' as const, changedBy: null, changedAt: null },
            ckb: { text: '', status: 'empty' as const, changedBy: null, changedAt: null },
          },
        },
      ],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      revision: 1,
    });
    index.setArticle(article('a', 'official statement'));
    index.setArticle(article('b', 'unofficial statement'));
    expect(index.matchArticles('en', ['official'], { all: true }).map((r) => r.id)).toEqual(['a']);
    index.setArticle(article('a', 'nothing here'));
    expect(index.matchArticles('en', ['official'], { all: true })).toEqual([]);
    expect(index.matchArticles('en', ['unofficial'], { all: true }).map((r) => r.id)).toEqual(['b']);
    index.removeArticle('b');
    expect(index.size).toBe(1);
  });

  it('shares one index per Library object', () => {
    expect(LibrarySearch.of(library)).toBe(LibrarySearch.of(library));
  });
});

describe('highlights', () => {
  it('cover the matched part of a word and the marks on its last letter', () => {
    const text = 'قال إنّ الأمريكيين نظراً للوضع';
    const { highlights, matched } = highlightTerms(text, queryTerms('امريكي نظرا'), 'ar');
    expect(matched).toBe(2);
    expect(highlights.map((r) => text.slice(r.start, r.end))).toEqual(['أمريكي', 'نظراً']);
  });
});
