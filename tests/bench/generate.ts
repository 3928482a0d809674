// Builds a benchmark library quickly: N articles × en/ar/ckb × ~10 paragraphs, written directly as
// article files (the format the store writes), with text drawn from the trilingual corpus.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Article, Lang, Segment } from '../../electron/core/contract.ts';
import { LANGUAGES } from '../../electron/core/contract.ts';
import { serializeArticleFile } from '../../electron/core/envelope.ts';

interface CorpusArticle {
  languages: Record<Lang, { kicker: string; headline: string; dateline: string; paragraphs: string[] }>;
}

const corpusDir = path.resolve(import.meta.dirname, '../../../shared/corpus');

function loadCorpus(): CorpusArticle[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(corpusDir, f), 'utf8')) as CorpusArticle);
}

export function generateLibrary(dir: string, count: number, paragraphs = 10): void {
  const corpus = loadCorpus();
  mkdirSync(path.join(dir, 'articles'), { recursive: true });
  writeFileSync(
    path.join(dir, 'library.json'),
    JSON.stringify({ format: 'pird.library', version: 1, createdAt: new Date().toISOString() }, null, 2),
  );
  const desks = ['Politics', 'Economy', 'Culture', 'Security', 'Local'];
  for (let n = 0; n < count; n++) {
    const source = corpus[n % corpus.length]!;
    const when = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
    const version = (lang: Lang, text: string, translated: boolean) => ({
      text: translated ? text : '',
      status: translated ? (lang === 'en' ? 'approved' : 'translated') : 'empty',
      changedBy: 'bench',
      changedAt: when,
    });
    const segment = (id: string, kind: Segment['kind'], pick: (lang: Lang) => string): Segment => ({
      id,
      kind,
      versions: Object.fromEntries(
        LANGUAGES.map((lang) => [lang, version(lang, pick(lang), lang !== 'ckb' || n % 3 !== 0)]),
      ) as Segment['versions'],
    });
    const segments: Segment[] = [
      segment('kicker', 'kicker', (l) => source.languages[l].kicker),
      segment('headline', 'headline', (l) => `${source.languages[l].headline} ${n}`),
      segment('dateline', 'dateline', (l) => source.languages[l].dateline),
    ];
    for (let p = 0; p < paragraphs; p++) {
      const texts = source.languages;
      segments.push(
        segment(`p${p + 1}`, 'paragraph', (l) => texts[l].paragraphs[p % texts[l].paragraphs.length] ?? ''),
      );
    }
    const article: Article = {
      id: `bench-${String(n).padStart(5, '0')}`,
      sourceLang: 'en',
      meta: {
        slug: `bench-${n}`,
        desk: desks[n % desks.length]!,
        editionDate: '2026-11-25',
        byline: 'Bench',
        tags: [],
        url: null,
      },
      segments,
      createdAt: when,
      updatedAt: when,
      revision: 1,
    };
    writeFileSync(path.join(dir, 'articles', `${article.id}.json`), serializeArticleFile(article));
  }
}
