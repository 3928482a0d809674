// "Needs update" (issue 5): a translation whose source text changed after it was made is marked,
// derived from each translation's basis and the texts, through every operation that writes them.
import { afterAll, describe, expect, it } from 'vitest';
import {
  createArticle,
  mergeWithNext,
  setSegmentStatus,
  setSegmentText,
  setSourceLang,
  splitSegment,
  summarizeArticle,
} from '../../electron/core/article-ops.ts';
import type { ApiResult, Channel, RequestOf, ResultOf } from '../../electron/core/contract.ts';
import { parseArticleFile, serializeArticleFile } from '../../electron/core/envelope.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { importArticleFile } from '../../electron/core/import/index.ts';
import type { Article, Lang } from '../../electron/core/model.ts';
import { needsUpdate, sourceChanges } from '../../electron/core/needs-update.ts';
import { parseIndex } from '../../electron/core/node/library-index.ts';
import { Library } from '../../electron/core/node/library.ts';
import { qaArticle } from '../../electron/core/qa/qa.ts';
import { isTrusted } from '../../electron/core/tm/trust.ts';
import { applyXliff, exportXliff, parseXliff } from '../../electron/core/xliff/xliff.ts';
import {
  corpusDir,
  deepFreeze,
  makeTempDir,
  readCorpusText,
  removeTempDirs,
} from './fixtures/library-fixtures.ts';
import { runPird } from './helpers/cli.ts';

afterAll(removeTempDirs);

const NOW = '2026-11-25T10:00:00.000Z';
const LATER = '2026-11-25T11:00:00.000Z';
const SEED = 'seed-000-817f1db3f74f0db0';

const EN = 'The budget passed on Monday.';
const AR = 'أُقرّت الموازنة يوم الاثنين.';

/** An English-source article whose first paragraph is translated into Arabic. */
function translated(): Article {
  let a = createArticle({ id: 'budget', sourceLang: 'en', headline: 'Budget' }, 'Rawa', NOW);
  a = setSegmentText(a, 'p1', 'en', EN, undefined, 'Rawa', NOW);
  a = setSegmentText(a, 'p1', 'ar', AR, 'translated', 'Shno', NOW);
  return deepFreeze(a);
}

const segment = (a: Article, id: string) => a.segments.find((s) => s.id === id)!;
const stale = (a: Article, id: string, lang: Lang): boolean =>
  needsUpdate(segment(a, id), lang, a.sourceLang);

async function seed(): Promise<Article> {
  const [outcome] = importArticleFile('seed.json', await readCorpusText('seed-article.json'), {
    author: 'importer',
    now: NOW,
    existing: () => null,
  });
  return deepFreeze(outcome!.article);
}

describe('needs update', () => {
  it('records the source text a translation was made against, and marks it when the source changes', () => {
    const a = translated();
    expect(segment(a, 'p1').versions.ar.basis).toEqual({ lang: 'en', text: EN });
    expect(segment(a, 'p1').versions.en.basis).toBeUndefined();
    expect(stale(a, 'p1', 'ar')).toBe(false);

    const edited = setSegmentText(
      a,
      'p1',
      'en',
      'The federal budget passed on Tuesday.',
      undefined,
      'Rawa',
      LATER,
    );
    expect(stale(edited, 'p1', 'ar')).toBe(true);
    // The translation itself is untouched: the mark is derived, so it cannot disagree with the texts.
    expect(segment(edited, 'p1').versions.ar).toBe(segment(a, 'p1').versions.ar);
    expect(sourceChanges(segment(edited, 'p1'), 'ar', 'en')).toEqual([
      { kind: 'same', text: 'The ' },
      { kind: 'added', text: 'federal ' },
      { kind: 'same', text: 'budget passed on ' },
      { kind: 'removed', text: 'Monday' },
      { kind: 'added', text: 'Tuesday' },
      { kind: 'same', text: '.' },
    ]);
    expect(summarizeArticle(edited).progress.ar.needsUpdate).toBe(1);
    expect(summarizeArticle(edited).progress.en.needsUpdate).toBe(0);

    // Changing the source back clears it again.
    const reverted = setSegmentText(edited, 'p1', 'en', EN, undefined, 'Rawa', LATER);
    expect(stale(reverted, 'p1', 'ar')).toBe(false);
  });

  it('clears the mark when the translator edits the translation or marks it up to date', () => {
    const edited = setSegmentText(
      translated(),
      'p1',
      'en',
      'The budget passed on Tuesday.',
      undefined,
      'R',
      LATER,
    );
    const retyped = setSegmentText(
      edited,
      'p1',
      'ar',
      'أُقرّت الموازنة يوم الثلاثاء.',
      undefined,
      'Shno',
      LATER,
    );
    expect(stale(retyped, 'p1', 'ar')).toBe(false);

    // "Mark as up to date": the same status again confirms the translation against the new source.
    const confirmed = setSegmentStatus(edited, 'p1', 'ar', 'translated', 'Shno', LATER);
    expect(stale(confirmed, 'p1', 'ar')).toBe(false);
    expect(segment(confirmed, 'p1').versions.ar).toMatchObject({
      text: AR,
      status: 'translated',
      changedBy: 'Shno',
      changedAt: LATER,
      basis: { lang: 'en', text: 'The budget passed on Tuesday.' },
    });
    // Re-setting the status of a translation that is up to date writes nothing.
    expect(setSegmentStatus(confirmed, 'p1', 'ar', 'translated', 'Shno', LATER)).toBe(confirmed);
  });

  it('never marks an empty translation, the source language, or a translation of unknown basis', () => {
    let a = translated();
    a = setSegmentText(a, 'p1', 'ckb', 'بودجە پەسەند کرا.', undefined, 'S', NOW);
    a = setSegmentText(a, 'p1', 'ckb', '', undefined, 'S', NOW);
    expect(segment(a, 'p1').versions.ckb.basis).toBeUndefined();
    // A translation from before Pird kept bases (an older file) has none.
    const old = { ...segment(a, 'p1').versions.ar };
    delete old.basis;
    const oldFile: Article = {
      ...a,
      segments: a.segments.map((s) => (s.id === 'p1' ? { ...s, versions: { ...s.versions, ar: old } } : s)),
    };
    const edited = setSegmentText(oldFile, 'p1', 'en', 'Something else entirely.', undefined, 'R', LATER);
    for (const lang of ['en', 'ar', 'ckb'] as const) expect(stale(edited, 'p1', lang)).toBe(false);
    expect(summarizeArticle(edited).progress.ar.needsUpdate).toBe(0);
  });

  it('measures translations against the current source language only, and again after switching back', () => {
    const edited = setSegmentText(
      translated(),
      'p1',
      'en',
      'The budget passed on Tuesday.',
      undefined,
      'R',
      LATER,
    );
    const arabicSource = setSourceLang(edited, 'ar');
    // The Arabic is now the source; the English was never a translation of it: nothing is marked.
    expect(stale(arabicSource, 'p1', 'en')).toBe(false);
    expect(stale(arabicSource, 'p1', 'ar')).toBe(false);
    // The Arabic was made against an older English; with English the source again, that counts again.
    expect(stale(setSourceLang(arabicSource, 'en'), 'p1', 'ar')).toBe(true);
  });

  it('keeps a translation cut with its source up to date when split, and marks one left whole', () => {
    const a = translated();
    const enCut = EN.indexOf('on Monday');
    const arCut = AR.indexOf('يوم');
    const both = splitSegment(a, 'p1', { en: enCut, ar: arCut }, 'R', LATER);
    const [first, second] = [both.segments[3]!, both.segments[4]!];
    expect(needsUpdate(first, 'ar', 'en')).toBe(false);
    expect(needsUpdate(second, 'ar', 'en')).toBe(false);
    expect(second.versions.ar.basis).toEqual({ lang: 'en', text: 'on Monday.' });

    // Only the source cut: the whole Arabic now also translates the next part's text.
    const sourceOnly = splitSegment(a, 'p1', { en: enCut }, 'R', LATER);
    expect(needsUpdate(sourceOnly.segments[3]!, 'ar', 'en')).toBe(true);
    expect(sourceChanges(sourceOnly.segments[3]!, 'ar', 'en')).toEqual([
      { kind: 'same', text: 'The budget passed' },
      { kind: 'removed', text: ' on Monday.' },
    ]);
    // The new part has no Arabic yet: untranslated, not "needs update".
    expect(needsUpdate(sourceOnly.segments[4]!, 'ar', 'en')).toBe(false);
  });

  it('keeps merged translations up to date when both parts were, and shows the source a merge left untranslated', () => {
    let a = translated();
    a = setSegmentText(a, 'p1', 'en', 'First.', undefined, 'R', NOW);
    a = setSegmentText(a, 'p1', 'ar', 'الأولى.', undefined, 'R', NOW);
    a = splitSegment(a, 'p1', {}, 'R', NOW);
    const secondId = a.segments[4]!.id;
    a = setSegmentText(a, secondId, 'en', 'Second.', undefined, 'R', NOW);
    const untranslatedSecond = mergeWithNext(a, 'p1', 'R', LATER);
    expect(segment(untranslatedSecond, 'p1').versions.en.text).toBe('First. Second.');
    expect(sourceChanges(segment(untranslatedSecond, 'p1'), 'ar', 'en')).toEqual([
      { kind: 'same', text: 'First.' },
      { kind: 'added', text: ' Second.' },
    ]);

    const bothTranslated = setSegmentText(a, secondId, 'ar', 'الثانية.', undefined, 'R', NOW);
    const merged = mergeWithNext(bothTranslated, 'p1', 'R', LATER);
    expect(segment(merged, 'p1').versions.ar).toMatchObject({
      text: 'الأولى. الثانية.',
      basis: { lang: 'en', text: 'First. Second.' },
    });
    expect(stale(merged, 'p1', 'ar')).toBe(false);
  });

  it('gives imported translations the imported source as basis, and marks those a re-import leaves behind', async () => {
    const a = await seed();
    for (const s of a.segments) {
      expect(s.versions.ar.basis).toEqual({ lang: 'en', text: s.versions.en.text });
      expect(s.versions.en.basis).toBeUndefined();
    }
    expect(summarizeArticle(a).progress.ar.needsUpdate).toBe(0);
    // A new English version of the file, with the Arabic as it was: the Arabic of p2 needs an update.
    const file = JSON.parse(await readCorpusText('seed-article.json')) as {
      paragraphs: string[];
      languages: { en: { paragraphs: string[] } };
    };
    file.languages.en.paragraphs[1] = `${file.languages.en.paragraphs[1]} A new closing sentence.`;
    file.paragraphs[1] = file.languages.en.paragraphs[1];
    const [outcome] = importArticleFile('seed.json', JSON.stringify(file), {
      author: 'importer',
      now: LATER,
      existing: () => a,
    });
    const updated = outcome!.article;
    expect(stale(updated, 'p2', 'ar')).toBe(true);
    expect(stale(updated, 'p1', 'ar')).toBe(false);
    expect(sourceChanges(segment(updated, 'p2'), 'ckb', 'en')?.filter((p) => p.kind !== 'same')).toEqual([
      { kind: 'added', text: ' A new closing sentence.' },
    ]);
  });

  it('gives a translation imported from XLIFF the current source as basis', async () => {
    const a = await seed();
    const edited = setSegmentText(a, 'p1', 'en', 'A shorter first paragraph.', undefined, 'R', LATER);
    expect(stale(edited, 'p1', 'ar')).toBe(true);
    // The CAT tool works on the new English and sends back a new Arabic.
    const xliff = exportXliff(edited, 'en', 'ar').content.replace(
      /(<unit id="p1"[\s\S]*?<target xml:space="preserve">)[\s\S]*?(<\/target>)/,
      '$1فقرة أولى أقصر.$2',
    );
    const { article } = applyXliff(edited, parseXliff(xliff), 'OmegaT user', LATER);
    expect(segment(article, 'p1').versions.ar).toMatchObject({
      text: 'فقرة أولى أقصر.',
      basis: { lang: 'en', text: 'A shorter first paragraph.' },
    });
    expect(stale(article, 'p1', 'ar')).toBe(false);
  });

  it('is a QA warning, with the added and removed words, that never blocks export', () => {
    const edited = setSegmentText(
      translated(),
      'p1',
      'en',
      'The budget passed on Tuesday.',
      undefined,
      'R',
      LATER,
    );
    const findings = qaArticle(edited).filter((f) => f.code === 'needs-update');
    expect(findings).toEqual([
      expect.objectContaining({
        lang: 'ar',
        segmentId: 'p1',
        severity: 'warning',
        detail: { sourceLang: 'en', added: ['Tuesday'], removed: ['Monday'] },
      }),
    ]);
    expect(findings[0]!.message).toMatch(/the en source changed after this translation was made/);
    expect(qaArticle(translated()).some((f) => f.code === 'needs-update')).toBe(false);
  });
});

describe('needs update and the translation memory', () => {
  it('offers a reviewed translation only while it still translates its source', () => {
    const reviewed = setSegmentStatus(translated(), 'p1', 'ar', 'reviewed', 'Editor', NOW);
    expect(isTrusted(reviewed, segment(reviewed, 'p1'), 'ar')).toBe(true);
    const edited = setSegmentText(
      reviewed,
      'p1',
      'en',
      'The budget failed on Monday.',
      undefined,
      'R',
      LATER,
    );
    // Paired with the new English, the Arabic would teach the memory a wrong translation.
    expect(isTrusted(edited, segment(edited, 'p1'), 'ar')).toBe(false);
    const confirmed = setSegmentStatus(edited, 'p1', 'ar', 'reviewed', 'Editor', LATER);
    expect(isTrusted(confirmed, segment(confirmed, 'p1'), 'ar')).toBe(true);
  });
});

describe('needs update in files', () => {
  it('stores the basis in the article file and reads it back', () => {
    const edited = setSegmentText(translated(), 'p1', 'en', 'Changed.', undefined, 'R', LATER);
    const parsed = parseArticleFile(serializeArticleFile(edited), 'budget.json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(segment(parsed.article, 'p1').versions.ar.basis).toEqual({ lang: 'en', text: EN });
    expect(stale(parsed.article, 'p1', 'ar')).toBe(true);
  });

  it('opens an article file written before bases existed, with nothing marked', () => {
    const a = translated();
    // The file as an older Pird wrote it: the same envelope, versions without `basis`.
    const raw = serializeArticleFile(a).replace(/,\n\s*"basis": \{[^}]*\}/g, '');
    expect(raw).not.toContain('basis');
    const parsed = parseArticleFile(raw, 'budget.json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const edited = setSegmentText(parsed.article, 'p1', 'en', 'Changed.', undefined, 'R', LATER);
    expect(summarizeArticle(edited).progress.ar.needsUpdate).toBe(0);
  });

  it('reads a library index written before needsUpdate existed', () => {
    const progress = { total: 1, byStatus: { empty: 0, draft: 0, translated: 1, reviewed: 0, approved: 0 } };
    const raw = JSON.stringify({
      format: 'pird.index',
      version: 1,
      entries: {
        'a.json': {
          identity: { size: '1', mtimeNs: '1', ino: '1' },
          summary: {
            id: 'a',
            sourceLang: 'en',
            headline: { en: 'x', ar: '', ckb: '' },
            desk: '',
            editionDate: null,
            slug: 'x',
            updatedAt: NOW,
            updatedBy: null,
            progress: { en: progress, ar: progress, ckb: progress },
          },
        },
      },
    });
    const parsed = parseIndex(raw);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const entry = parsed.value.get('a.json')!;
    expect('summary' in entry && entry.summary.progress.ar.needsUpdate).toBe(0);
  });
});

describe('needs update through the handlers (what the editor and the CLI use)', () => {
  it('marks the translation after a source edit and clears it with the same status again', async () => {
    const library = await Library.open(await makeTempDir());
    const table = createHandlers({
      library,
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: 'test',
    });
    const call = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>> => {
      const result = (await dispatch(table, channel, request)) as ApiResult<ResultOf<C>>;
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value;
    };
    await call('articles.import', {
      files: [{ name: 'seed.json', content: await readCorpusText('seed-article.json') }],
    });
    await call('segments.setText', { articleId: SEED, segmentId: 'p3', lang: 'en', text: 'Rewritten.' });
    const list = await call('articles.list', {});
    expect(list.articles[0]!.progress).toMatchObject({
      en: { needsUpdate: 0 },
      ar: { needsUpdate: 1 },
      ckb: { needsUpdate: 1 },
    });
    const after = await call('segments.setStatus', {
      articleId: SEED,
      segmentId: 'p3',
      lang: 'ar',
      status: 'translated',
    });
    expect(stale(after, 'p3', 'ar')).toBe(false);
    expect(stale(after, 'p3', 'ckb')).toBe(true);
    expect((await call('articles.list', {})).articles[0]!.progress.ar.needsUpdate).toBe(0);
  });
});

describe('needs update in the CLI', () => {
  it('marks the translation in `show` and `list`, and gives its basis in `show --json`', async () => {
    const home = await makeTempDir('pird-home-');
    const lib = await makeTempDir();
    const pird = (...args: string[]) => runPird(home, corpusDir, [...args, '--library', lib]);
    expect(pird('import', 'seed-article.json').code).toBe(0);
    expect(pird('set-text', SEED, '--segment', 'p3', '--lang', 'en', '--text', 'Rewritten.').code).toBe(0);

    const shown = pird('show', SEED).stdout.split('\n');
    const p3 = shown.indexOf(`[p3] paragraph`);
    expect(shown[p3 + 1]).toMatch(/^ {2}en {2}approved {3}Rewritten\.$/);
    expect(shown[p3 + 2]).toMatch(/^ {2}ar {2}translated {1}\[needs update\] /);
    expect(shown[p3 + 3]).toMatch(/^ {2}ckb translated {1}\[needs update\] /);
    expect(shown.filter((line) => line.includes('[needs update]'))).toHaveLength(2);

    expect(pird('list').stdout).toMatch(
      /en 11\/11 {2}ar 11\/11 \(1 to update\) {2}ckb 11\/11 \(1 to update\)/,
    );
    const article = JSON.parse(pird('show', SEED, '--json').stdout) as Article;
    const ar = article.segments.find((s) => s.id === 'p3')!.versions.ar;
    expect(ar.basis?.lang).toBe('en');
    expect(ar.basis?.text).not.toBe('Rewritten.');
  });
});
