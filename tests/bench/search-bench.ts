// Search and translation-memory benchmark (issue 5) on the generated library: building the index
// (time, memory), query latency over 200 mixed Arabic, Sorani and English queries, a
// translation-memory lookup for one segment, and the index update after one segment edit.
// Run by tests/bench/run.ts; alone: `npx tsx tests/bench/search-bench.ts [ARTICLES]`, or on a library
// generated before (it is changed: every tenth Arabic translation is marked reviewed):
// `PIRD_BENCH_LIBRARY=DIR npx tsx tests/bench/search-bench.ts`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { setSegmentText } from '../../electron/core/article-ops.ts';
import type { Article, TmSuggestResult } from '../../electron/core/contract.ts';
import { parseArticleFile, serializeArticleFile } from '../../electron/core/envelope.ts';
import { Library } from '../../electron/core/node/library.ts';
import { importTmUnits } from '../../electron/core/node/glossary-store.ts';
import { LibrarySearch } from '../../electron/core/node/library-search.ts';
import { SEARCH_INDEX_FILE } from '../../electron/core/search/search-index-file.ts';
import type { TmUnit } from '../../electron/core/tmx/tmx.ts';
import { flushWriteBack } from './flush.ts';
import { generateLibrary } from './generate.ts';

type Record = (name: string, value: number, unit: string, target: string) => void;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => sorted(xs)[Math.floor(xs.length * 0.95)]!;

/** Queries of every kind a desk types: words, prefixes, names, numbers in both digit systems. */
const QUERIES: { query: string; lang?: 'en' | 'ar' | 'ckb' }[] = [
  { query: 'official' },
  { query: 'Sudani' },
  { query: 'dialogue Iraq' },
  { query: 'budget' },
  { query: 'dengbej' },
  { query: 'IHEC', lang: 'en' },
  { query: 'Kirk' },
  { query: 'water networks' },
  { query: 'أمريكي' },
  { query: 'امريكي', lang: 'ar' },
  { query: 'السوداني' },
  { query: 'الحكومة العراقية' },
  { query: 'موازنة' },
  { query: 'كانون', lang: 'ar' },
  { query: 'پێشبینی' },
  { query: 'شارەوانی' },
  { query: 'هەرێمی کوردستان' },
  { query: 'سوودانی', lang: 'ckb' },
  { query: 'بودجە' },
  { query: '٣٨' },
  { query: '38%' },
  { query: '2025' },
];

/** Marks the Arabic of every tenth article reviewed, so the translation memory has pairs to offer. */
function reviewSome(dir: string): number {
  const articlesDir = path.join(dir, 'articles');
  let count = 0;
  for (const [i, name] of readdirSync(articlesDir).sort().entries()) {
    if (i % 10 !== 0) continue;
    const file = path.join(articlesDir, name);
    const parsed = parseArticleFile(readFileSync(file, 'utf8'), name);
    if (!parsed.ok) continue;
    const article: Article = {
      ...parsed.article,
      segments: parsed.article.segments.map((s) =>
        s.versions.ar.text === ''
          ? s
          : { ...s, versions: { ...s.versions, ar: { ...s.versions.ar, status: 'reviewed' } } },
      ),
    };
    writeFileSync(file, serializeArticleFile(article));
    count++;
  }
  return count;
}

interface ColdStart {
  ms: number;
  queryMs: number;
  rssMb: number;
  start: { from: 'file' | 'articles'; reread: number; rebuiltBecause: string | null };
}

function coldStart(dir: string): ColdStart {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'search-cold.ts'), dir],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as ColdStart;
}

/**
 * The heap in use once garbage is collected: what the index keeps. Without a collection the figure
 * depended on when V8 last collected (it once came out negative).
 */
function retainedHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

export async function benchSearch(libraryDir: string, record: Record): Promise<void> {
  reviewSome(libraryDir);
  const library = await Library.open(libraryDir);
  const search = LibrarySearch.of(library);
  const { articles } = await library.list();

  // A first build: no persisted index (a previous run may have left one).
  rmSync(path.join(libraryDir, SEARCH_INDEX_FILE), { force: true });
  const heapBefore = retainedHeap();
  flushWriteBack();
  let start = performance.now();
  await search.ensureFresh();
  const buildMs = performance.now() - start;
  const heapMb = (retainedHeap() - heapBefore) / 1024 / 1024;
  record(`search: build the index, ${search.index.size} articles`, buildMs, 'ms', '< 5000');
  record('search: index memory (heap kept after the build)', heapMb, 'MB', 'informative');
  start = performance.now();
  await search.flush();
  record('search: write search-index.json after the build', performance.now() - start, 'ms', 'informative');
  record(
    'search: process memory after the build (RSS)',
    process.memoryUsage().rss / 1024 / 1024,
    'MB',
    'informative',
  );

  // The next start, in a fresh process: search-index.json loaded, every file's identity checked.
  const cold = coldStart(libraryDir);
  if (cold.start.from !== 'file')
    throw new Error(`the next start rebuilt the index: ${cold.start.rebuiltBecause}`);
  record('search: next start, index loaded from search-index.json', cold.ms, 'ms', '< 1000');
  record('search: next start, process memory (RSS)', cold.rssMb, 'MB', 'informative');
  record('search: next start, first query', cold.queryMs, 'ms', 'informative');

  // 200 queries, in a fixed shuffled order, each after the one before (no caching of results).
  flushWriteBack();
  const times: number[] = [];
  const byQuery = new Map<string, { times: number[]; total: number }>();
  let found = 0;
  for (let i = 0; i < 200; i++) {
    const { query, lang } = QUERIES[(i * 7) % QUERIES.length]!;
    start = performance.now();
    const result = await search.search({ query, ...(lang ? { lang } : {}) });
    const ms = performance.now() - start;
    times.push(ms);
    const key = `"${query}"${lang ? ` (${lang})` : ''}`;
    const entry = byQuery.get(key) ?? { times: [], total: result.total };
    entry.times.push(ms);
    byQuery.set(key, entry);
    if (result.total > 0) found++;
  }
  if (found < 150) throw new Error(`only ${found} of 200 bench queries found anything`);
  record('search: query latency, 200 mixed ar/ckb/en queries (p50)', median(times), 'ms', 'informative');
  record('search: query latency, 200 mixed ar/ckb/en queries (p95)', p95(times), 'ms', '< 20');
  // Which query sets the p95 (the median of each query's runs): the place to look when it moves.
  const [slowest, { times: slowTimes, total }] = [...byQuery].sort(
    ([, a], [, b]) => median(b.times) - median(a.times),
  )[0]!;
  record(
    `search: slowest query, ${slowest}, ${total} articles (median)`,
    median(slowTimes),
    'ms',
    'informative',
  );

  // Translation memory: suggestions into Arabic for paragraphs of articles across the library.
  const tmLookups = async (): Promise<{ ms: number; result: TmSuggestResult }[]> => {
    const lookups: { ms: number; result: TmSuggestResult }[] = [];
    for (let i = 0; i < 60; i++) {
      const article = articles[(i * 163) % articles.length]!;
      const begin = performance.now();
      const result = await search.suggest({
        articleId: article.id,
        segmentId: `p${(i % 10) + 1}`,
        lang: 'ar',
      });
      lookups.push({ ms: performance.now() - begin, result });
    }
    return lookups;
  };
  const plain = await tmLookups();
  if (plain.every(({ result }) => result.suggestions.length === 0))
    throw new Error('the translation memory suggested nothing');
  const tmTimes = plain.slice(5).map(({ ms }) => ms);
  record('tm: suggestions for one segment (p50)', median(tmTimes), 'ms', 'informative');
  record('tm: suggestions for one segment (p95)', p95(tmTimes), 'ms', '< 50');

  // The same lookups with a memory imported from another tool (tmx import): the en→ar paragraphs
  // of the last 5,000 articles with other numbers (about 40,000 distinct pairs). Nearly every pair
  // shares the words of every lookup: the worst case for finding candidates (a real memory's
  // sentences differ more).
  const pairs: TmUnit[] = [];
  for (const { id } of articles.slice(-5000)) {
    const article = await library.get(id);
    for (const segment of article.segments) {
      if (segment.kind !== 'paragraph' || segment.versions.ar.text === '') continue;
      const other = (n: string) => String(Number(n) + pairs.length + 1);
      pairs.push({
        sourceLang: 'en',
        targetLang: 'ar',
        source: segment.versions.en.text.replace(/\d+/g, other),
        target: segment.versions.ar.text,
      });
    }
  }
  start = performance.now();
  const { total: storedPairs } = await importTmUnits(library.dir, pairs);
  record(
    `tm: import a memory of ${storedPairs} distinct pairs`,
    performance.now() - start,
    'ms',
    'informative',
  );
  const withImported = await tmLookups();
  if (!withImported.some(({ result }) => result.suggestions.some((x) => x.from === 'imported')))
    throw new Error('the imported memory suggested nothing');
  // The first lookup indexes the imported pairs of its direction.
  record('tm: first lookup after the import (indexes it)', withImported[0]!.ms, 'ms', 'informative');
  record(
    'tm: suggestions with the imported memory (p95)',
    p95(withImported.slice(5).map(({ ms }) => ms)),
    'ms',
    '< 50',
  );

  // Index update after one segment edit: the hook's work (the save itself is measured by run.ts),
  // and the whole round: save, then a search that finds the new word.
  const id = articles[0]!.id;
  const updates: number[] = [];
  const rounds: number[] = [];
  for (let i = 0; i < 40; i++) {
    const word = `benchword${i}`;
    start = performance.now();
    const saved = await library.update(id, (a, now) =>
      setSegmentText(a, 'p2', 'en', `${word} in a new sentence`, undefined, 'bench', now),
    );
    const t0 = performance.now();
    search.index.setArticle(saved); // what the change hook does, timed alone
    updates.push(performance.now() - t0);
    const result = await search.search({ query: word, lang: 'en' });
    rounds.push(performance.now() - start);
    if (result.groups[0]?.articleId !== id) throw new Error(`the edit was not found: ${word}`);
  }
  record('search: index update after one segment edit (median)', median(updates.slice(5)), 'ms', '< 10');
  record('search: index update after one segment edit (p95)', p95(updates.slice(5)), 'ms', 'informative');
  record('search: save + search finding the edit (median)', median(rounds.slice(5)), 'ms', 'informative');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const reuse = process.env.PIRD_BENCH_LIBRARY;
  const count = Number(process.argv[2] ?? process.env.PIRD_BENCH_ARTICLES ?? 10_000);
  const dir = reuse ?? path.join(os.tmpdir(), `pird-search-bench-${process.pid}`);
  if (reuse === undefined) {
    rmSync(dir, { recursive: true, force: true });
    generateLibrary(dir, count);
  }
  await benchSearch(dir, (name, value, unit, target) =>
    console.log(
      `${name.padEnd(58)} ${String(Math.round(value * 10) / 10).padStart(9)} ${unit.padEnd(3)} (target ${target})`,
    ),
  );
  if (reuse === undefined) rmSync(dir, { recursive: true, force: true });
}
