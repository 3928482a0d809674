// TMX 1.4b interchange of the translation memory (issue 5): the library's trusted pairs out, any
// TMX's pairs in (stored as tm-imported.json), well-formed, exact round trips, hostile text as text.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Lang, RequestOf, Status } from '../../electron/core/contract.ts';
import type { HandlerTable } from '../../electron/core/handlers.ts';
import { createHandlers } from '../../electron/core/handlers.ts';
import { callOk } from './helpers/handlers.ts';
import { readImportedTm, TM_IMPORTED_FILE } from '../../electron/core/node/glossary-store.ts';
import { Library } from '../../electron/core/node/library.ts';
import type { TmUnit } from '../../electron/core/tmx/tmx.ts';
import { exportTmx, mergeUnits, parseTmx } from '../../electron/core/tmx/tmx.ts';
import { makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';
import { runPird } from './helpers/cli.ts';
import { tempDir } from './helpers/paths.ts';

const HOSTILE: TmUnit[] = [
  {
    sourceLang: 'en',
    targetLang: 'ckb',
    source: 'Coordination Framework <b>&amp; "quotes"</b> > 3',
    target: 'چوارچێوەی\u200cهەماهەنگی \u202bRTL\u202c \u2066iso\u2069 & <',
    origin: 'a/p1',
    changedBy: 'Hêvî "H" <Rasul>',
    changedAt: '2026-11-30T09:05:07.000Z',
  },
  {
    sourceLang: 'en',
    targetLang: 'ckb',
    source: '  leading and trailing spaces\r\nCRLF\ttab  ',
    target: 'control \u0001 char, lone \ud800 surrogate, emoji 😀',
    origin: 'a/"p2"&<',
  },
  { sourceLang: 'en', targetLang: 'ckb', source: ']]> <![CDATA[ x', target: '&lt; stays literal' },
];

function xmllint(content: string): { skipped: string } | { code: number | null; stderr: string } {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined) return { skipped: 'xmllint not installed (Debian: libxml2-utils)' };
  const result = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: content, encoding: 'utf8' });
  return { code: result.status, stderr: result.stderr };
}

describe('TMX writing and reading', () => {
  it('keeps who changed a pair and when: changeid / changedate, else creationid / creationdate', () => {
    const written = exportTmx(HOSTILE, 'en');
    expect(written).toContain(
      'changeid="Hêvî &#x22;H&#x22; &#x3C;Rasul&#x3E;" changedate="20261130T090507Z"',
    );
    const [first] = parseTmx(written);
    expect(first).toMatchObject({ changedBy: 'Hêvî "H" <Rasul>', changedAt: '2026-11-30T09:05:07.000Z' });
    const tool = `<tmx version="1.4"><header srclang="en"/><body>
<tu creationid="OMEGAT" creationdate="20250302T101500Z"><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ar"><seg>ب</seg></tuv></tu>
<tu changeid="kh" changedate="20250230T101500Z"><tuv xml:lang="en"><seg>c</seg></tuv><tuv xml:lang="ar"><seg>د</seg></tuv></tu>
</body></tmx>`;
    expect(parseTmx(tool)).toEqual([
      {
        sourceLang: 'en',
        targetLang: 'ar',
        source: 'a',
        target: 'ب',
        changedBy: 'OMEGAT',
        changedAt: '2025-03-02T10:15:00.000Z',
      },
      // 30 February is no date: left out, not rolled over into March.
      { sourceLang: 'en', targetLang: 'ar', source: 'c', target: 'د', changedBy: 'kh' },
    ]);
  });

  it('round-trips text exactly: ZWNJ, bidi controls, < & >, CR, control characters, surrogates', () => {
    const tmx = exportTmx(HOSTILE, 'en', '1.0');
    expect(parseTmx(tmx)).toEqual(HOSTILE);
    expect(tmx).toContain('<tmx version="1.4">');
    expect(tmx).toContain('srclang="en"');
    expect(tmx).toContain('&lt;b&gt;&amp;amp;');
    expect(tmx).toContain('\u200c');
  });

  it('is well-formed XML (xmllint --noout --nonet)', () => {
    const lint = xmllint(exportTmx(HOSTILE, 'en'));
    if ('skipped' in lint) {
      console.log(`skipped xmllint check: ${lint.skipped}`);
      return;
    }
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
  });

  it('reads every Pird language pair of a multilingual <tu>, with subtags, ignoring others', () => {
    const tmx = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ar-IQ" segtype="sentence"/>
      <body><tu><tuv xml:lang="en-GB"><seg>al-Sudani</seg></tuv><tuv xml:lang="ar-IQ"><seg>السوداني</seg></tuv>
      <tuv xml:lang="ckb"><seg>سوودانی</seg></tuv><tuv xml:lang="fr"><seg>al-Soudani</seg></tuv></tu>
      <tu><tuv xml:lang="en"><seg>only one side</seg></tuv></tu></body></tmx>`;
    expect(parseTmx(tmx)).toEqual([
      { sourceLang: 'ar', targetLang: 'en', source: 'السوداني', target: 'al-Sudani' },
      { sourceLang: 'ar', targetLang: 'ckb', source: 'السوداني', target: 'سوودانی' },
    ]);
  });

  it('refuses a DOCTYPE (no entity expansion, no external entities), other roots and bad XML', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>`;
    expect(() => parseTmx(xxe)).toThrow(/DTD/);
    expect(() => parseTmx('<xliff version="2.0"/>')).toThrow(/<tmx>/);
    expect(() => parseTmx('<tmx version="1.4"><body>')).toThrow(/well-formed/);
  });

  it('merges without duplicates', () => {
    const first = mergeUnits([], HOSTILE);
    expect(first.added).toBe(3);
    const again = mergeUnits(first.units, HOSTILE);
    expect(again).toEqual({ units: first.units, added: 0 });
  });
});

describe('tmx channels and CLI', () => {
  let table: HandlerTable;
  let library: Library;

  const call = <C extends Channel>(channel: C, request: RequestOf<C>) => callOk(table, channel, request);

  async function setText(articleId: string, lang: Lang, text: string, status?: Status) {
    await call('segments.setText', {
      articleId,
      segmentId: 'p1',
      lang,
      text,
      ...(status ? { status } : {}),
    });
  }

  beforeAll(async () => {
    library = await Library.open(await makeTempDir('pird-tmx-'));
    table = createHandlers({ library, userDataDir: await makeTempDir(), shell: 'cli', version: 'test' });
    const trusted = (await call('articles.create', { sourceLang: 'en' })).id;
    await setText(trusted, 'en', HOSTILE[0]!.source);
    await setText(trusted, 'ckb', HOSTILE[0]!.target, 'reviewed');
    const unchecked = (await call('articles.create', { sourceLang: 'en' })).id;
    await setText(unchecked, 'en', 'A draft sentence.');
    await setText(unchecked, 'ckb', 'ڕستەیەکی ڕەشنووس.', 'translated');
  });
  afterAll(removeTempDirs);

  it('exports only trusted pairs (reviewed or approved), exactly', async () => {
    const exported = await call('tmx.export', { sourceLang: 'en', targetLang: 'ckb' });
    expect(exported.units).toBe(1);
    expect(exported.fileName).toBe('pird-tm.en-ckb.tmx');
    const units = parseTmx(exported.content);
    expect(units.map(({ source, target }) => ({ source, target }))).toEqual([
      { source: HOSTILE[0]!.source, target: HOSTILE[0]!.target },
    ]);
    expect((await call('tmx.export', { sourceLang: 'en', targetLang: 'ar' })).units).toBe(0);
  });

  it('imports into tm-imported.json (pird.tm v2), without duplicates on a second import', async () => {
    const content = exportTmx(HOSTILE, 'en');
    expect(await call('tmx.import', { content })).toEqual({ units: 3, added: 3, total: 3 });
    expect(await call('tmx.import', { content })).toEqual({ units: 3, added: 0, total: 3 });
    const stored = JSON.parse(readFileSync(path.join(library.dir, TM_IMPORTED_FILE), 'utf8')) as {
      format: string;
      version: number;
    };
    expect([stored.format, stored.version]).toEqual(['pird.tm', 2]);
    expect(await readImportedTm(library.dir)).toEqual(HOSTILE);
  });

  it('reads a version-1 file (before who and when were kept) as it is', async () => {
    const lib = await Library.open(await makeTempDir('pird-tmx-v1-'));
    const v1 = {
      format: 'pird.tm',
      version: 1,
      units: [{ sourceLang: 'en', targetLang: 'ar', source: 'a', target: 'ب' }],
    };
    writeFileSync(path.join(lib.dir, TM_IMPORTED_FILE), JSON.stringify(v1));
    expect(await readImportedTm(lib.dir)).toEqual(v1.units);
  });

  it('pird tmx export|import', () => {
    const home = tempDir('pird-cli-tmx-');
    const work = tempDir('pird-cli-tmx-work-');
    const pird = (...args: string[]) => runPird(home, work, args);
    writeFileSync(path.join(work, 'in.tmx'), exportTmx(HOSTILE, 'en'));
    const imported = pird('tmx', 'import', '--library', 'lib', 'in.tmx', '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ units: 3, added: 3, total: 3 });
    const exported = pird(
      'tmx',
      'export',
      '--library',
      'lib',
      '--source',
      'en',
      '--target',
      'ar',
      '--out',
      'o.tmx',
    );
    expect(exported.code).toBe(0);
    expect(parseTmx(readFileSync(path.join(work, 'o.tmx'), 'utf8'))).toEqual([]);
    expect(
      pird('tmx', 'export', '--library', 'lib', '--source', 'en', '--target', 'en', '--out', 'o').code,
    ).toBe(2);
    expect(pird('tmx', 'import', '--library', 'lib', 'missing.tmx').code).toBe(2);
  });
});
