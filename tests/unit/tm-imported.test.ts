// A memory imported from another tool (`tmx import`: OmegaT, Trados) is used: its pairs are offered
// as suggestions and in the concordance beside the library's own trusted translations.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Lang, RequestOf, Status } from '../../electron/core/contract.ts';
import type { HandlerTable } from '../../electron/core/handlers.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { callOk } from './helpers/handlers.ts';
import { TM_IMPORTED_FILE } from '../../electron/core/node/glossary-store.ts';
import { Library } from '../../electron/core/node/library.ts';
import { ImportedMemory } from '../../electron/core/tm/imported-memory.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

let table: HandlerTable;
let library: Library;

const call = <C extends Channel>(channel: C, request: RequestOf<C>) => callOk(table, channel, request);

/** A one-paragraph article with the given texts; its paragraph's id. */
async function article(sourceLang: Lang, texts: Partial<Record<Lang, [string, Status]>>): Promise<string> {
  const { id } = await call('articles.create', { sourceLang });
  for (const [lang, [text, status]] of Object.entries(texts) as [Lang, [string, Status]][])
    await call('segments.setText', { articleId: id, segmentId: 'p1', lang, text, status });
  return id;
}

function tmx(
  units: { tuid?: string; attributes?: string; tuvs: [string, string][] }[],
  srclang = 'en-US',
): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = units
    .map(
      (u) =>
        `<tu${u.tuid ? ` tuid="${u.tuid}"` : ''}${u.attributes ? ` ${u.attributes}` : ''}>` +
        u.tuvs.map(([lang, text]) => `<tuv xml:lang="${lang}"><seg>${escape(text)}</seg></tuv>`).join('') +
        '</tu>',
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="Trados" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="${srclang}" datatype="plaintext"/>
<body>
${body}
</body></tmx>`;
}

const BRIDGE = 'The new bridge over the Tigris opens to traffic in Mosul on Thursday.';
const BRIDGE_AR = 'يُفتح الجسر الجديد على نهر دجلة أمام حركة المرور في الموصل يوم الخميس.';
const POWER = 'Electricity supply in Basra improved after the new power station opened.';
const POWER_AR = 'تحسّن التيار الكهربائي في البصرة بعد افتتاح محطة الكهرباء الجديدة.';
const POWER_CKB = 'دابینکردنی کارەبا لە بەسرە باشتر بوو دوای کردنەوەی وێستگە نوێیەکە.';

beforeAll(async () => {
  library = await Library.open(await makeTempDir('pird-tm-imported-'));
  table = createHandlers({ library, userDataDir: await makeTempDir(), shell: 'cli', version: 'test' });
});

afterAll(removeTempDirs);

describe('imported translation memory', () => {
  it('offers an imported pair once it is imported, marked as imported, with the differing words', async () => {
    const draft = await article('en', {
      en: ['The new bridge over the Tigris opens to traffic in Mosul on Friday.', 'approved'],
    });
    const before = await call('tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'ar' });
    expect(before.suggestions).toEqual([]);

    const imported = await call('tmx.import', {
      content: tmx([
        {
          tuid: 'trados-1',
          attributes: 'changeid="Layla" changedate="20250302T101500Z"',
          tuvs: [
            ['en-US', BRIDGE],
            ['ar-IQ', BRIDGE_AR],
          ],
        },
        {
          tuvs: [
            ['en-US', POWER],
            ['ckb-IQ', POWER_CKB],
          ],
        },
      ]),
    });
    expect(imported).toMatchObject({ units: 2, added: 2 });

    const after = await call('tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'ar' });
    expect(after.suggestions).toHaveLength(1);
    const [suggestion] = after.suggestions;
    expect(suggestion).toMatchObject({
      from: 'imported',
      articleId: null,
      segmentId: null,
      status: null,
      source: BRIDGE,
      target: BRIDGE_AR,
      // Who and when, as the TMX said.
      changedBy: 'Layla',
      changedAt: '2025-03-02T10:15:00.000Z',
    });
    expect(suggestion!.match).toBeGreaterThanOrEqual(90);
    expect(suggestion!.match).toBeLessThan(100);
    const words = suggestion!.diff.source.map((r) => BRIDGE.slice(r.start, r.end));
    expect(words).toEqual(['Thursday']);
    // A pair into another language is not offered for Arabic.
    expect(after.suggestions.some((s) => s.target === POWER_CKB)).toBe(false);
  });

  it('serves both directions: an en→ar pair helps translate an Arabic source into English', async () => {
    const arabic = await article('ar', { ar: [BRIDGE_AR, 'approved'] });
    const result = await call('tm.suggest', { articleId: arabic, segmentId: 'p1', lang: 'en' });
    expect(result.suggestions.map((s) => [s.from, s.match, s.source, s.target])).toEqual([
      ['imported', 100, BRIDGE_AR, BRIDGE],
    ]);
  });

  it('offers a pair the library holds too once, as the library’s, and ranks the library first', async () => {
    const stored = await article('en', { en: [POWER, 'approved'], ar: [POWER_AR, 'reviewed'] });
    await call('tmx.import', {
      content: tmx([
        {
          tuvs: [
            ['en', POWER],
            ['ar', POWER_AR],
          ],
        },
        // The same source with another translation: a second suggestion, after the library's.
        {
          tuvs: [
            ['en', POWER],
            ['ar', 'تحسّنت الكهرباء في البصرة بعد افتتاح المحطة الجديدة.'],
          ],
        },
      ]),
    });
    const draft = await article('en', { en: [POWER, 'approved'] });
    const result = await call('tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'ar' });
    expect(result.suggestions.map((s) => [s.from, s.articleId, s.match, s.target])).toEqual([
      ['library', stored, 100, POWER_AR],
      ['imported', null, 100, 'تحسّنت الكهرباء في البصرة بعد افتتاح المحطة الجديدة.'],
    ]);
  });

  it('does not offer a segment its own pair back (a TMX exported from this library, imported again)', async () => {
    const own = await article('en', {
      en: ['The Erbil airport reopens to international flights.', 'approved'],
      ar: ['يعاود مطار أربيل استقبال الرحلات الدولية.', 'reviewed'],
    });
    await call('tmx.import', {
      content: tmx([
        {
          tuvs: [
            ['en', 'The Erbil airport reopens to international flights.'],
            ['ar', 'يعاود مطار أربيل استقبال الرحلات الدولية.'],
          ],
        },
      ]),
    });
    const result = await call('tm.suggest', { articleId: own, segmentId: 'p1', lang: 'ar' });
    expect(result.suggestions).toEqual([]);
  });

  it('finds imported pairs in the concordance, after the library’s, with the phrase highlighted', async () => {
    const result = await call('tm.concordance', { phrase: 'new bridge', sourceLang: 'en', targetLang: 'ar' });
    expect(result.entries).toHaveLength(1);
    const [entry] = result.entries;
    expect(entry).toMatchObject({
      from: 'imported',
      articleId: null,
      source: BRIDGE,
      target: BRIDGE_AR,
      // Who and when, as the TMX said, as for suggestions.
      changedBy: 'Layla',
      changedAt: '2025-03-02T10:15:00.000Z',
    });
    expect(entry!.highlights.map((r) => BRIDGE.slice(r.start, r.end))).toEqual(['new bridge']);

    // Arabic folding and the article alias apply as in the library's concordance: "جسر" finds "الجسر".
    const arabic = await call('tm.concordance', { phrase: 'جسر', sourceLang: 'ar', targetLang: 'en' });
    expect(arabic.entries.map((e) => [e.from, e.target])).toEqual([['imported', BRIDGE]]);

    const both = await call('tm.concordance', { phrase: 'Basra', sourceLang: 'en', targetLang: 'ar' });
    expect(both.entries.map((e) => e.from)).toEqual(['library', 'imported']);
    // A library pair says when its translation was last changed, from the article itself.
    const [fromLibrary] = both.entries;
    const stored = await library.get(fromLibrary!.articleId!);
    const version = stored.segments.find((s) => s.id === fromLibrary!.segmentId)!.versions.ar;
    expect(fromLibrary).toMatchObject({ changedBy: version.changedBy, changedAt: version.changedAt });
    expect(fromLibrary!.changedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Words out of order are not the phrase.
    const reversed = await call('tm.concordance', {
      phrase: 'bridge new',
      sourceLang: 'en',
      targetLang: 'ar',
    });
    expect(reversed.entries).toEqual([]);
  });

  it('picks up a memory the file on disk gained since the last lookup (another process imported it)', async () => {
    const draft = await article('en', { en: ['Schools in Duhok close for the holiday.', 'approved'] });
    expect(
      (await call('tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'ckb' })).suggestions,
    ).toEqual([]);
    // Another Pird (the CLI) imports into the same library: a new file in place of the old one.
    const other = createHandlers({
      library: await Library.open(library.dir),
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: 'test',
    });
    const result = await dispatch(other, 'tmx.import', {
      content: tmx([
        {
          tuvs: [
            ['en', 'Schools in Duhok close for the holidays.'],
            ['ckb', 'قوتابخانەکانی دهۆک بۆ پشوو دادەخرێن.'],
          ],
        },
      ]),
    });
    expect(result.ok).toBe(true);
    const after = await call('tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'ckb' });
    expect(after.suggestions.map((s) => [s.from, s.target])).toEqual([
      ['imported', 'قوتابخانەکانی دهۆک بۆ پشوو دادەخرێن.'],
    ]);
  });

  it('summarises the imported memory per direction, and empties it on request', async () => {
    const summary = await call('tmx.imported', {});
    expect(summary.total).toBeGreaterThan(0);
    expect(summary.pairs).toContainEqual({ sourceLang: 'en', targetLang: 'ckb', units: 2 });
    expect(summary.pairs.reduce((sum, p) => sum + p.units, 0)).toBe(summary.total);

    const arabic = await article('ar', { ar: [BRIDGE_AR, 'approved'] });
    expect(
      (await call('tm.suggest', { articleId: arabic, segmentId: 'p1', lang: 'en' })).suggestions,
    ).toHaveLength(1);
    expect(await call('tmx.clearImported', {})).toEqual({ removed: summary.total, setAside: null });
    expect(await call('tmx.imported', {})).toEqual({ total: 0, pairs: [] });
    // Nothing imported is offered any more; the library's own pairs still are.
    expect(
      (await call('tm.suggest', { articleId: arabic, segmentId: 'p1', lang: 'en' })).suggestions,
    ).toEqual([]);
    const draft = await article('en', { en: [POWER, 'approved'] });
    const library = await call('tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'ar' });
    expect(library.suggestions.map((s) => s.from)).toEqual(['library']);
    expect(await call('tmx.clearImported', {})).toEqual({ removed: 0, setAside: null });
  });

  it('reports a damaged memory file clearly instead of ignoring it', async () => {
    const damagedLibrary = await Library.open(await makeTempDir('pird-tm-damaged-'));
    table = createHandlers({
      library: damagedLibrary,
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: 'test',
    });
    const draft = await article('en', { en: [BRIDGE, 'approved'] });
    await writeFile(path.join(damagedLibrary.dir, TM_IMPORTED_FILE), '{"format": "pird.tm-imported", "ver');
    const result = await dispatch(table, 'tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'ar' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    expect(JSON.stringify(result)).toContain(TM_IMPORTED_FILE);
    expect(await dispatch(table, 'tmx.imported', {})).toMatchObject({
      ok: false,
      error: { code: 'unreadable' },
    });

    // Removing it moves the damaged file aside, byte for byte, and lookups work again.
    const cleared = await call('tmx.clearImported', {});
    expect(cleared.removed).toBe(0);
    expect(cleared.setAside).toMatch(/^tm-imported\.set-aside-\d+\.json$/);
    expect(await readFile(path.join(damagedLibrary.dir, cleared.setAside!), 'utf8')).toBe(
      '{"format": "pird.tm-imported", "ver',
    );
    expect(await call('tmx.imported', {})).toEqual({ total: 0, pairs: [] });
    expect((await call('tm.suggest', { articleId: draft, segmentId: 'p1', lang: 'ar' })).suggestions).toEqual(
      [],
    );
  });
});

describe('ImportedMemory', () => {
  it('finds candidates by shared words only in the asked direction, most shared words first', () => {
    const memory = new ImportedMemory([
      { sourceLang: 'en', targetLang: 'ar', source: 'Mosul bridge opens', target: 'جسر الموصل يفتح' },
      { sourceLang: 'en', targetLang: 'ar', source: 'Mosul market', target: 'سوق الموصل' },
      { sourceLang: 'en', targetLang: 'ckb', source: 'Mosul bridge opens', target: 'پردی موسڵ دەکرێتەوە' },
    ]);
    expect(memory.candidates('en', 'ar', ['bridge', 'mosul']).map((p) => p.target)).toEqual([
      'جسر الموصل يفتح',
      'سوق الموصل',
    ]);
    expect(memory.candidates('ar', 'en', ['جسر']).map((p) => p.target)).toEqual(['Mosul bridge opens']);
    expect(memory.candidates('ar', 'ckb', ['جسر'])).toEqual([]);
    expect(memory.holdingAll('en', 'ar', ['mosul', 'market']).map((p) => p.target)).toEqual(['سوق الموصل']);
    expect(memory.holdingAll('en', 'ar', ['market', 'opens'])).toEqual([]);
  });
});
