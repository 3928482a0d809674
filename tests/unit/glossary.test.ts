// Glossary (issue 5): term matching with Arabic-script folding, CSV and TBX interchange, the
// glossary.* channels over a library (glossary.json), and `pird glossary import|export`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult, Channel, RequestOf } from '../../electron/core/contract.ts';
import type { Glossary } from '../../electron/core/glossary/glossary.ts';
import {
  containsTerm,
  glossaryFromCsv,
  glossaryFromTbx,
  glossaryToCsv,
  glossaryToTbx,
  matchTerms,
  parseCsv,
} from '../../electron/core/glossary/glossary.ts';
import type { HandlerTable } from '../../electron/core/handlers.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { callOk } from './helpers/handlers.ts';
import { GLOSSARY_FILE } from '../../electron/core/node/glossary-store.ts';
import { Library } from '../../electron/core/node/library.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';
import { runPird } from './helpers/cli.ts';
import { tempDir } from './helpers/paths.ts';

const SUDANI = { en: 'al-Sudani', ar: 'السوداني', ckb: 'سوودانی' };
const FRAMEWORK = { en: 'Coordination Framework', ar: 'الإطار التنسيقي', ckb: 'چوارچێوەی هەماهەنگی' };
const GLOSSARY: Glossary = {
  entries: [
    { id: 'sudani', terms: SUDANI, note: 'Prime Minister Mohammed Shia al-Sudani' },
    { id: 'cf', terms: FRAMEWORK },
  ],
};

function found(text: string, lang: 'en' | 'ar' | 'ckb'): string[] {
  return matchTerms(GLOSSARY, text, lang).flatMap((hit) =>
    hit.ranges.map((r) => `${hit.entryId}:${text.slice(r.start, r.end)}`),
  );
}

describe('matching terms', () => {
  it('finds al-Sudani and the Coordination Framework in English, whole words, any case', () => {
    expect(found('Prime Minister Mohammed Shia’ al-Sudani’s role', 'en')).toEqual(['sudani:al-Sudani']);
    expect(found('partners outside the coordination framework.', 'en')).toEqual([
      'cf:coordination framework',
    ]);
    expect(found('Al Sudani met AL-SUDANI', 'en')).toEqual(['sudani:Al Sudani', 'sudani:AL-SUDANI']);
    expect(found('the al-Sudanis and al-Sudaniya', 'en')).toEqual([]);
    expect(found('Coordination Frameworks', 'en')).toEqual([]);
  });

  it('finds السوداني inside a full name, with tashkeel and with Arabic proclitics', () => {
    expect(found('رئيس الوزراء محمد شياع السوداني يزور أربيل', 'ar')).toEqual(['sudani:السوداني']);
    expect(found('والسوداني', 'ar')).toEqual(['sudani:والسوداني']);
    expect(found('بالسوداني', 'ar')).toEqual(['sudani:بالسوداني']);
    expect(found('للسوداني', 'ar')).toEqual(['sudani:للسوداني']);
    expect(found('السُّودانيّ', 'ar')).toEqual(['sudani:السُّودانيّ']);
  });

  it('does not match the ال-less adjective, a suffixed word or an infix', () => {
    expect(found('الجيش سوداني', 'ar')).toEqual([]); // "Sudanese", not the name
    expect(found('السودانيون', 'ar')).toEqual([]);
    expect(found('والسودانيين', 'ar')).toEqual([]);
    expect(found('ابالسوداني', 'ar')).toEqual([]); // two letters before: not a clitic
  });

  it('folds hamza forms and matches multi-word terms across clitics', () => {
    expect(found('قوى الاطار التنسيقي', 'ar')).toEqual(['cf:الاطار التنسيقي']);
    expect(found('وقال قادة في الإطار التنسيقي،', 'ar')).toEqual(['cf:الإطار التنسيقي']);
    expect(found('بالإطار التنسيقي', 'ar')).toEqual(['cf:بالإطار التنسيقي']);
    expect(found('الإطار التنسيقية', 'ar')).toEqual([]);
  });

  it('finds Sorani terms with the Arabic yaa/heh forms and ZWNJ folded, and never as an infix', () => {
    expect(found('سەرۆک وەزیران سوودانی', 'ckb')).toEqual(['sudani:سوودانی']);
    expect(found('سوودانى', 'ckb')).toEqual(['sudani:سوودانى']);
    expect(found('چوارچێوەی هەماهەنگی', 'ckb')).toEqual(['cf:چوارچێوەی هەماهەنگی']);
    expect(found('چوارچێوەی\u200cهەماهەنگی', 'ckb')).toEqual([]); // ZWNJ joins them into one word
    expect(found('سوودانییەکان', 'ckb')).toEqual([]);
    expect(containsTerm('محمد شياع السوداني', 'السوداني', 'ar')).toBe(true);
  });
});

const HOSTILE: Glossary = {
  entries: [
    { id: 'a', terms: { en: 'Smith, "Jr."', ar: 'سميث' }, note: 'line one\nline two\r\nthree' },
    { id: 'b', terms: { en: '=HYPERLINK("http://evil")', ckb: '+1' }, note: '-2' },
    { id: 'c', terms: { en: "'=already quoted", ar: '@SUM(A1)' } },
    { id: 'd', terms: { en: '<script>&amp;</script>', ar: 'الإطار\u200cالتنسيقي\u202b' } },
    { id: 'e', terms: { ckb: 'چوارچێوەی هەماهەنگی' } },
  ],
};

function withoutIds(glossary: Glossary) {
  return glossary.entries.map(({ id: _id, ...rest }) => rest);
}

describe('CSV', () => {
  it('writes the header, RFC 4180 quoting, CRLF, no BOM and defuses formulas', () => {
    const csv = glossaryToCsv(HOSTILE);
    expect(csv.startsWith('en,ar,ckb,note\r\n')).toBe(true);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv).toContain('"Smith, ""Jr."""');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")",,'+1,'-2`);
    expect(csv).toContain("''=already quoted,'@SUM(A1)");
    for (const row of parseCsv(csv)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('round-trips commas, quotes, newlines, formulas and bidi text exactly', () => {
    expect(glossaryFromCsv(glossaryToCsv(HOSTILE))).toEqual(withoutIds(HOSTILE));
  });

  it('accepts a BOM, LF line ends and columns in any order', () => {
    const entries = glossaryFromCsv('\uFEFFar,en\nالسوداني,al-Sudani\n');
    expect(entries).toEqual([{ terms: { en: 'al-Sudani', ar: 'السوداني' } }]);
  });

  it('refuses a file without language columns and an unclosed quote', () => {
    expect(() => glossaryFromCsv('a,b\n1,2')).toThrow(/header/);
    expect(() => glossaryFromCsv('en\n"open')).toThrow(/not closed/);
  });
});

describe('TBX', () => {
  it('round-trips terms and notes exactly, hostile text staying text', () => {
    const tbx = glossaryToTbx(HOSTILE);
    expect(tbx).toContain('<langSet xml:lang="ar"><tig><term>');
    expect(tbx).toContain('&lt;script&gt;&amp;amp;&lt;/script&gt;');
    expect(glossaryFromTbx(tbx)).toEqual(withoutIds(HOSTILE));
  });

  it('is well-formed XML (xmllint --noout --nonet)', () => {
    if (spawnSync('xmllint', ['--version']).error !== undefined) {
      console.log('skipped xmllint check: xmllint not installed (Debian: libxml2-utils)');
      return;
    }
    const lint = spawnSync('xmllint', ['--noout', '--nonet', '-'], {
      input: glossaryToTbx(HOSTILE),
      encoding: 'utf8',
    });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('reads TBX with language subtags and takes the first term of a language', () => {
    const tbx = `<?xml version="1.0"?><martif type="TBX-Basic"><text><body>
      <termEntry><langSet xml:lang="en-US"><tig><term>al-Sudani</term></tig><tig><term>Sudani</term></tig></langSet>
      <langSet xml:lang="ar-IQ"><tig><term>السوداني</term></tig></langSet><langSet xml:lang="fr"><tig><term>x</term></tig></langSet></termEntry>
      </body></text></martif>`;
    expect(glossaryFromTbx(tbx)).toEqual([{ terms: { en: 'al-Sudani', ar: 'السوداني' } }]);
  });

  it('refuses a DOCTYPE (no entity expansion, no external entity) and malformed XML', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&x;</term></tig></langSet></termEntry></body></text></martif>`;
    expect(() => glossaryFromTbx(xxe)).toThrow(/DTD/);
    expect(() => glossaryFromTbx('<martif><text><body>')).toThrow(/well-formed/);
    expect(() => glossaryFromTbx('<tmx/>')).toThrow(/martif/);
  });
});

describe('glossary channels', () => {
  let table: HandlerTable;
  let library: Library;
  let articleId: string;

  const call = <C extends Channel>(channel: C, request: RequestOf<C>) => callOk(table, channel, request);

  beforeAll(async () => {
    library = await Library.open(await makeTempDir('pird-glossary-'));
    table = createHandlers({ library, userDataDir: await makeTempDir(), shell: 'cli', version: 'test' });
    const article = await call('articles.create', { sourceLang: 'ar' });
    articleId = article.id;
    await call('segments.setText', {
      articleId,
      segmentId: 'p1',
      lang: 'ar',
      text: 'قال محمد شياع السوداني إن قوى الإطار التنسيقي تدعم الحكومة.',
    });
  });
  afterAll(removeTempDirs);

  it('starts empty, imports CSV into a versioned glossary.json, and matches a segment', async () => {
    expect((await call('glossary.list', {})).entries).toEqual([]);
    const csv = glossaryToCsv(GLOSSARY);
    const imported = await call('glossary.import', { format: 'csv', content: csv });
    expect(imported).toEqual({ entries: 2, added: 2, updated: 0, total: 2 });
    const stored = JSON.parse(readFileSync(path.join(library.dir, GLOSSARY_FILE), 'utf8')) as {
      format: string;
      version: number;
    };
    expect([stored.format, stored.version]).toEqual(['pird.glossary', 1]);

    const match = await call('glossary.match', { articleId, segmentId: 'p1', lang: 'ckb' });
    expect(match.sourceLang).toBe('ar');
    expect(
      match.matches.map((m) => [
        m.term,
        m.translation,
        match.source.slice(m.ranges[0]!.start, m.ranges[0]!.end),
      ]),
    ).toEqual([
      ['السوداني', 'سوودانی', 'السوداني'],
      ['الإطار التنسيقي', 'چوارچێوەی هەماهەنگی', 'الإطار التنسيقي'],
    ]);
  });

  it('merges a re-import by shared term instead of duplicating, and exports TBX and CSV', async () => {
    const again = await call('glossary.import', {
      format: 'tbx',
      content: glossaryToTbx({ entries: [{ id: 'x', terms: { ar: 'السوداني', en: 'Sudani' } }] }),
    });
    expect(again).toEqual({ entries: 1, added: 0, updated: 1, total: 2 });
    const list = await call('glossary.list', {});
    expect(list.entries[0]!.terms).toEqual({ en: 'Sudani', ar: 'السوداني', ckb: 'سوودانی' });
    const tbx = await call('glossary.export', { format: 'tbx' });
    expect(glossaryFromTbx(tbx.content)).toEqual(withoutIds(list));
    const csv = await call('glossary.export', { format: 'csv' });
    expect(glossaryFromCsv(csv.content)).toEqual(withoutIds(list));
  });

  it('QA warns when a target lacks the approved translation of a source term', async () => {
    await call('segments.setText', {
      articleId,
      segmentId: 'p1',
      lang: 'ckb',
      text: 'محەمەد شیاع سوودانی وتی هێزەکانی چوارچێوە پشتگیری حکومەت دەکەن.',
    });
    const qa = await call('qa.run', { ids: [articleId], langs: ['ckb'] });
    const missing = qa.findings.filter((f) => f.code === 'glossary-term-missing');
    expect(missing.map((f) => [f.severity, f.segmentId, f.detail?.['approved']])).toEqual([
      ['warning', 'p1', 'چوارچێوەی هەماهەنگی'],
    ]);
  });

  it('refuses a TBX with a DOCTYPE as invalid input, leaving the glossary as it was', async () => {
    const result = await dispatch(table, 'glossary.import', {
      format: 'tbx',
      content: '<!DOCTYPE martif [<!ENTITY a "b">]><martif/>',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid-input');
    expect((await call('glossary.list', {})).entries).toHaveLength(2);
  });
});

describe('editing entries (glossary.save, glossary.remove)', () => {
  let table: HandlerTable;
  let library: Library;

  const call = <C extends Channel>(channel: C, request: RequestOf<C>) => callOk(table, channel, request);

  beforeAll(async () => {
    library = await Library.open(await makeTempDir('pird-glossary-edit-'));
    table = createHandlers({ library, userDataDir: await makeTempDir(), shell: 'cli', version: 'test' });
    await call('glossary.import', { format: 'csv', content: glossaryToCsv(GLOSSARY) });
  });
  afterAll(removeTempDirs);

  it('adds an entry with its texts trimmed and NFC, and keeps it in glossary.json', async () => {
    const saved = await call('glossary.save', {
      terms: { en: '  Kurdistan Regional Government ', ar: 'حكومة إقليم كوردستان', ckb: '  ' },
      note: ' KRG ',
    });
    expect(saved.entry.terms).toEqual({ en: 'Kurdistan Regional Government', ar: 'حكومة إقليم كوردستان' });
    expect(saved.entry.note).toBe('KRG');
    expect(saved.entry.id).toMatch(/^g-/);
    expect(saved.entries).toHaveLength(3);
    const reopened = createHandlers({
      library: await Library.open(library.dir),
      userDataDir: await makeTempDir(),
      shell: 'cli',
      version: 'test',
    });
    const listed = (await dispatch(reopened, 'glossary.list', {})) as ApiResult<{ entries: unknown[] }>;
    expect(listed.ok && listed.value.entries).toContainEqual(saved.entry);
  });

  it('edits an entry in place: its terms and note are replaced, a blank one removed', async () => {
    const [sudani] = (await call('glossary.list', {})).entries;
    const saved = await call('glossary.save', {
      id: sudani!.id,
      terms: { en: 'Mohammed Shia al-Sudani', ar: 'السوداني', ckb: '' },
    });
    expect(saved.entry).toEqual({ id: sudani!.id, terms: { en: 'Mohammed Shia al-Sudani', ar: 'السوداني' } });
    expect(saved.entries[0]).toEqual(saved.entry);
    expect(saved.entries).toHaveLength(3);
  });

  it('refuses an entry without a term, one sharing a term with another entry, and unknown ids', async () => {
    const before = await call('glossary.list', {});
    const refused = (request: RequestOf<'glossary.save'>) => dispatch(table, 'glossary.save', request);
    expect(await refused({ terms: { en: ' ', ar: '' }, note: 'only a note' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    // Compared as matching folds them: hamza and tashkeel do not make another term.
    const clash = await refused({ terms: { ar: 'الاطار التنسيقي' } });
    expect(clash).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(clash)).toContain('الإطار التنسيقي');
    expect(await refused({ id: 'g-missing', terms: { en: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await dispatch(table, 'glossary.save', { terms: { fr: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await call('glossary.list', {})).toEqual(before);
  });

  it('removes an entry, and reports an unknown one', async () => {
    const before = await call('glossary.list', {});
    const removed = await call('glossary.remove', { id: before.entries[1]!.id });
    expect(removed.entries.map((e) => e.id)).toEqual([before.entries[0]!.id, before.entries[2]!.id]);
    expect(await dispatch(table, 'glossary.remove', { id: before.entries[1]!.id })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});

describe('pird glossary list|add|edit|remove', () => {
  it('adds, edits only what is given, lists and removes entries', () => {
    const home = tempDir('pird-cli-glossary-edit-');
    const work = tempDir('pird-cli-glossary-edit-work-');
    const pird = (...args: string[]) => runPird(home, work, args);
    const added = pird(
      'glossary',
      'add',
      '--library',
      'lib',
      '--en',
      'al-Sudani',
      '--ar',
      'السوداني',
      '--json',
    );
    expect(added.code).toBe(0);
    const { entry } = JSON.parse(added.stdout) as { entry: { id: string } };
    expect(pird('glossary', 'add', '--library', 'lib', '--ar', 'السوداني').code).toBe(2);
    expect(pird('glossary', 'add', '--library', 'lib', '--note', 'no term').code).toBe(2);
    const edited = pird('glossary', 'edit', '--library', 'lib', entry.id, '--ckb', 'سوودانی', '--note', 'PM');
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('en: al-Sudani | ar: السوداني | ckb: سوودانی  (PM)');
    const listed = pird('glossary', 'list', '--library', 'lib');
    expect(listed.stdout).toBe(`${entry.id}  en: al-Sudani | ar: السوداني | ckb: سوودانی  (PM)\n`);
    expect(pird('glossary', 'edit', '--library', 'lib', 'g-nope', '--en', 'x').code).toBe(2);
    expect(pird('glossary', 'remove', '--library', 'lib', entry.id).code).toBe(0);
    expect(pird('glossary', 'list', '--library', 'lib').stdout).toBe('The glossary is empty.\n');
    expect(pird('glossary', 'remove', '--library', 'lib', entry.id).code).toBe(2);
  });
});

describe('pird glossary import|export', () => {
  it('imports by extension and exports CSV and TBX files', () => {
    const home = tempDir('pird-cli-glossary-');
    const work = tempDir('pird-cli-glossary-work-');
    const pird = (...args: string[]) => runPird(home, work, args);
    writeFileSync(path.join(work, 'terms.csv'), glossaryToCsv(GLOSSARY));
    const imported = pird('glossary', 'import', '--library', 'lib', 'terms.csv');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('2 added');
    expect(pird('glossary', 'export', '--library', 'lib', '--format', 'tbx', '--out', 'out.tbx').code).toBe(
      0,
    );
    expect(glossaryFromTbx(readFileSync(path.join(work, 'out.tbx'), 'utf8'))).toEqual(withoutIds(GLOSSARY));
    expect(pird('glossary', 'export', '--library', 'lib', '--format', 'csv', '--out', 'out.csv').code).toBe(
      0,
    );
    expect(readFileSync(path.join(work, 'out.csv'), 'utf8')).toBe(glossaryToCsv(GLOSSARY));
    expect(pird('glossary', 'import', '--library', 'lib', 'terms.txt').code).toBe(2);
    expect(pird('glossary', 'export', '--library', 'lib', '--format', 'xml', '--out', 'x').code).toBe(2);
  });
});
