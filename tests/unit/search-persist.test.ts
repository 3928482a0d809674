// The persisted search index (search-index.json): an unchanged library loads it without reading
// the articles; files changed, added or removed behind Pird's back are caught up; a damaged file is
// rebuilt from the articles and one from a newer Pird is left alone. The bulk build gives the same
// index as adding the articles one by one.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { setSegmentText } from '../../electron/core/article-ops.ts';
import { serializeArticleFile } from '../../electron/core/envelope.ts';
import { Library } from '../../electron/core/node/library.ts';
import { LibrarySearch } from '../../electron/core/node/library-search.ts';
import type { SearchIndexSnapshot } from '../../electron/core/search/search-index.ts';
import { SearchIndex } from '../../electron/core/search/search-index.ts';
import { SEARCH_INDEX_FILE, parseSearchIndexFile } from '../../electron/core/search/search-index-file.ts';
import { TermSet, addIndexTerms, indexTerms } from '../../electron/core/search/tokenize.ts';
import type { Lang } from '../../electron/core/model.ts';
import { LANGUAGES } from '../../electron/core/model.ts';
import { corpusFiles, makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

const BUDGET = 'pub-001-sulaymaniyah-budget';
const KIRKUK = 'pub-002-kirkuk-voter-cards';

let dir: string;

/** A fresh process's view: a new Library object and its search, as after a restart. */
async function restart(): Promise<LibrarySearch> {
  return LibrarySearch.of(await Library.open(dir));
}

async function ids(search: LibrarySearch, query: string, lang?: 'en' | 'ar' | 'ckb'): Promise<string[]> {
  const result = await search.search({ query, ...(lang ? { lang } : {}) });
  return result.groups.map((g) => g.articleId);
}

/** Rewrites an article file directly, as another program would (no hook, no lock). */
async function editBehindTheBack(id: string, text: string): Promise<void> {
  const library = await Library.open(dir);
  const article = setSegmentText(
    await library.get(id),
    'p1',
    'en',
    text,
    undefined,
    'elsewhere',
    '2026-11-25T10:00:00.000Z',
  );
  await writeFile(path.join(dir, 'articles', `${id}.json`), serializeArticleFile(article));
}

beforeEach(async () => {
  dir = await makeTempDir('pird-search-persist-');
  const library = await Library.open(dir);
  await library.importFiles(await corpusFiles(), 'tester');
  const first = LibrarySearch.of(library);
  await first.ensureFresh();
  await first.flush();
  expect(first.start?.from).toBe('articles');
});

afterAll(removeTempDirs);

describe('the persisted search index', () => {
  it('is written after the first build and loaded, without reading any article, at the next start', async () => {
    const raw = await readFile(path.join(dir, SEARCH_INDEX_FILE), 'utf8');
    expect(parseSearchIndexFile(raw).ok).toBe(true);
    const search = await restart();
    expect(await ids(search, 'IHEC', 'en')).toEqual([KIRKUK]);
    expect(search.start).toMatchObject({ from: 'file', reread: 0, rebuiltBecause: null });
  });

  it('rereads an article file that changed behind its back, and forgets its old words', async () => {
    await editBehindTheBack(KIRKUK, 'Quokka sightings in the paragraph');
    expect(await ids(await restart(), 'quokka')).toEqual([KIRKUK]);
    await editBehindTheBack(KIRKUK, 'Zanzibar replaces the paragraph');
    const search = await restart();
    expect(await ids(search, 'zanzibar')).toEqual([KIRKUK]);
    expect(await ids(search, 'quokka')).toEqual([]);
    expect(search.start).toMatchObject({ from: 'file', reread: 1 });
  });

  it('drops an article whose file was removed, and adds one that appeared, behind its back', async () => {
    const budgetFile = path.join(dir, 'articles', `${BUDGET}.json`);
    const content = await readFile(budgetFile, 'utf8');
    await rm(budgetFile);
    let search = await restart();
    expect(await ids(search, 'budget', 'en')).not.toContain(BUDGET);
    expect(search.start).toMatchObject({ from: 'file', reread: 1 });
    await writeFile(budgetFile, content);
    search = await restart();
    expect(await ids(search, 'budget', 'en')).toContain(BUDGET);
  });

  it('rebuilds from the articles when the file is damaged, and writes a good one', async () => {
    const file = path.join(dir, SEARCH_INDEX_FILE);
    const raw = await readFile(file, 'utf8');
    for (const damaged of [
      raw.slice(0, raw.length / 2),
      '{"format":"pird.search-index","version":1}',
      'garbage',
    ]) {
      await writeFile(file, damaged);
      const search = await restart();
      expect(await ids(search, 'IHEC', 'en')).toEqual([KIRKUK]);
      expect(search.start?.from).toBe('articles');
      expect(search.start?.rebuiltBecause).toMatch(/search-index/);
      await search.flush();
      expect(parseSearchIndexFile(await readFile(file, 'utf8')).ok).toBe(true);
    }
  });

  it('rebuilds when the file is well-formed but lists articles its engines do not hold', async () => {
    const file = path.join(dir, SEARCH_INDEX_FILE);
    const json = JSON.parse(await readFile(file, 'utf8')) as { articles: Record<string, unknown> };
    json.articles['ghost-article'] = { headline: { en: 'x', ar: '', ckb: '' }, langs: ['en'], pairs: [] };
    await writeFile(file, JSON.stringify(json));
    const search = await restart();
    expect(await ids(search, 'IHEC', 'en')).toEqual([KIRKUK]);
    expect(search.start?.from).toBe('articles');
    expect(search.start?.rebuiltBecause).toMatch(/ghost-article/);
  });

  it('rebuilds when the postings are cut short or do not match the terms', async () => {
    const file = path.join(dir, SEARCH_INDEX_FILE);
    const good = await readFile(file, 'utf8');
    type Engines = Record<string, { terms: string[]; postings: string }>;
    const damages: ((engines: Engines) => void)[] = [
      (engines) => {
        engines.en!.postings = engines.en!.postings.slice(0, -3);
      },
      (engines) => {
        engines.ar!.terms.pop();
      },
      (engines) => {
        engines.ckb!.postings = `${engines.ckb!.postings.slice(0, 10)}*${engines.ckb!.postings.slice(11)}`;
      },
    ];
    for (const damage of damages) {
      const json = JSON.parse(good) as { engines: Engines };
      damage(json.engines);
      await writeFile(file, JSON.stringify(json));
      const search = await restart();
      expect(await ids(search, 'IHEC', 'en')).toEqual([KIRKUK]);
      expect(search.start?.from).toBe('articles');
      expect(search.start?.rebuiltBecause).toMatch(/damaged.*postings/);
      await search.flush();
    }
  });

  it('leaves a file written by a newer Pird alone and builds in memory', async () => {
    const file = path.join(dir, SEARCH_INDEX_FILE);
    const newer = JSON.stringify({ format: 'pird.search-index', version: 99 });
    await writeFile(file, newer);
    const search = await restart();
    expect(await ids(search, 'IHEC', 'en')).toEqual([KIRKUK]);
    await search.flush();
    await search.persist();
    expect(await readFile(file, 'utf8')).toBe(newer);
  });

  it('keeps saves made through the library, and writes them once enough have gathered', async () => {
    const library = await Library.open(dir);
    const search = LibrarySearch.of(library);
    await search.ensureFresh();
    await library.update(BUDGET, (a, now) =>
      setSegmentText(a, 'p1', 'en', 'Quetzal budget line', undefined, 't', now),
    );
    expect(await ids(search, 'quetzal')).toEqual([BUDGET]);
    await search.persist();
    const after = await restart();
    expect(await ids(after, 'quetzal')).toEqual([BUDGET]);
    expect(after.start).toMatchObject({ from: 'file', reread: 0 });
  });
});

describe('a loaded index', () => {
  it('matches, after edits and a second round trip, the index built from the edited articles', async () => {
    const library = await Library.open(dir);
    const articles = await Promise.all((await library.list()).articles.map((s) => library.get(s.id)));
    const builder = SearchIndex.builder();
    for (const article of articles) builder.add(article);
    const loaded = SearchIndex.fromSnapshot(
      JSON.parse(JSON.stringify(builder.finish().toSnapshot())) as SearchIndexSnapshot,
    );
    const budget = articles.find((a) => a.id === BUDGET)!;
    const edited = setSegmentText(budget, 'p1', 'en', 'Quetzal budget of 38%', undefined, 't', 'now');
    loaded.setArticle(edited);
    loaded.removeArticle(KIRKUK);
    // Some terms were decoded by the edits, the others are written back as they were read.
    const again = SearchIndex.fromSnapshot(
      JSON.parse(JSON.stringify(loaded.toSnapshot())) as SearchIndexSnapshot,
    );
    const fresh = new SearchIndex();
    for (const article of articles)
      if (article.id !== KIRKUK) fresh.setArticle(article.id === BUDGET ? edited : article);
    for (const [lang, terms] of [
      ['en', ['quetzal']],
      ['en', ['budget']],
      ['en', ['38']],
      ['ar', ['امريكي']],
      ['ckb', ['سووداني']],
    ] as const) {
      // The same articles (scores differ: the edited index still counts the removed documents' words).
      const expected = fresh
        .matchArticles(lang, [...terms], { all: true })
        .map((r) => r.id)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      for (const index of [loaded, again])
        expect(
          index
            .matchArticles(lang, [...terms], { all: true })
            .map((r) => r.id)
            .sort(),
        ).toEqual(expected);
    }
    expect(again.matchArticles('en', ['quetzal'], { all: true }).map((r) => r.id)).toEqual([BUDGET]);
    expect(again.matchArticles('en', ['ihec'], { all: true })).toEqual([]);
  });
});

describe('the bulk build', () => {
  it('indexes the same terms as the tokenizer, numbers, thousands and Arabic articles included', async () => {
    const library = await Library.open(dir);
    const articles = await Promise.all((await library.list()).articles.map((s) => library.get(s.id)));
    const texts: [string, Lang][] = [
      ['والسوداني بالأمريكية للمفوضية التي ١٬٠٤٦٬٠٠٠ و٣٨٪ی 7:30ی 1,046,000 3.8', 'ar'],
      ['پێش‌بینی ٢٠٢٥ی ٣٨٪ی Dengbêj', 'ckb'],
    ];
    for (const article of articles)
      for (const segment of article.segments)
        for (const lang of LANGUAGES) texts.push([segment.versions[lang].text, lang]);
    for (const [text, lang] of texts)
      expect([...addIndexTerms(text, lang, new TermSet())].sort()).toEqual(
        [...new Set(indexTerms(text, lang))].sort(),
      );
  });

  it('gives the same matches and scores as adding the articles one by one', async () => {
    const library = await Library.open(dir);
    const articles = await Promise.all((await library.list()).articles.map((s) => library.get(s.id)));
    const one = new SearchIndex();
    const builder = SearchIndex.builder();
    for (const article of articles) {
      one.setArticle(article);
      builder.add(article);
    }
    const bulk = builder.finish();
    const roundTrip = SearchIndex.fromSnapshot(
      JSON.parse(JSON.stringify(bulk.toSnapshot())) as SearchIndexSnapshot,
    );
    for (const [lang, terms] of [
      ['en', ['budget']],
      ['en', ['the', 'of']],
      ['ar', ['امريكي']],
      ['ckb', ['سووداني']],
      ['ar', ['38']],
    ] as const) {
      const expected = one.matchArticles(lang, [...terms], { all: true });
      expect(expected.length).toBeGreaterThan(0);
      for (const index of [bulk, roundTrip]) {
        const got = index.matchArticles(lang, [...terms], { all: true });
        expect(got.map((r) => r.id)).toEqual(expected.map((r) => r.id));
        got.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 9));
      }
    }
  });
});
