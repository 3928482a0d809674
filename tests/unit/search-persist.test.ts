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

describe('the bulk build', () => {
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
