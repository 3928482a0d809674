// XLIFF 2.0 export and import (issue 5): exact round trips of texts and statuses, well-formed output
// that an independent parser reads back, alignment checks, and hostile text that stays text.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { xliff2js } from 'xliff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSegmentText } from '../../electron/core/article-ops.ts';
import type { Article, Channel, RequestOf, Status } from '../../electron/core/contract.ts';
import { STATUSES } from '../../electron/core/contract.ts';
import type { HandlerTable } from '../../electron/core/handlers.ts';
import { createHandlers, dispatch } from '../../electron/core/handlers.ts';
import { callOk } from './helpers/handlers.ts';
import { Library } from '../../electron/core/node/library.ts';
import {
  decodeId,
  encodeId,
  exportXliff,
  parseXliff,
  statusOf,
  xmlText,
} from '../../electron/core/xliff/xliff.ts';
import { corpusFiles, makeTempDir, removeTempDirs } from './fixtures/library-fixtures.ts';

const BUDGET = 'pub-001-sulaymaniyah-budget';

let library: Library;
let table: HandlerTable;
let work: string;

const call = <C extends Channel>(channel: C, request: RequestOf<C>) => callOk(table, channel, request);

/** Texts that must come back exactly: format characters, markup, entities, quotes, line breaks. */
const HOSTILE: string[] = [
  'پێش\u200cبینی دەکرێت \u200f(UNDP)\u200f',
  '<script>alert("x")</script> & &amp; &lt; ]]> \'single\' "double"',
  '\u202bembedded\u202c \u2067isolate\u2069 \u061c ALM',
  'line one\nline two\r\nline three\ttabbed  double  spaces ',
  ' leading and trailing ',
  'emoji 🎉 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '<!DOCTYPE x [<!ENTITY e "boom">]> &e; <![CDATA[ not cdata ]]>',
];
/** Characters XML 1.0 cannot hold: they travel as <cp/>. */
const CONTROL = 'bell\u0007 nul\u0000 esc\u001b lone\ud800 fffe\ufffe vt\u000b';

function xmllint(file: string): { available: boolean; ok: boolean; output: string } {
  const result = spawnSync('xmllint', ['--noout', '--nonet', file], { encoding: 'utf8' });
  if (result.error) return { available: false, ok: false, output: String(result.error) };
  return { available: true, ok: result.status === 0, output: result.stderr };
}

/** The budget article with hostile target texts and every status, as stored. */
async function hostileArticle(): Promise<Article> {
  return library.update(BUDGET, (article, now) => {
    let next = article;
    const texts = [...HOSTILE, CONTROL];
    next.segments.forEach((segment, i) => {
      const status: Status = STATUSES[(i % (STATUSES.length - 1)) + 1]!;
      next = setSegmentText(next, segment.id, 'ar', texts[i % texts.length]!, status, 'tester', now);
    });
    // One untranslated segment and one empty draft: "not translated" must survive too.
    next = setSegmentText(next, 'kicker', 'ar', '', 'empty', 'tester', now);
    next = setSegmentText(next, 'dateline', 'ar', '', 'draft', 'tester', now);
    return next;
  });
}

function versions(article: Article, lang: 'ar' | 'ckb' | 'en') {
  return article.segments.map((s) => [s.id, s.versions[lang].text, s.versions[lang].status]);
}

beforeAll(async () => {
  library = await Library.open(await makeTempDir('pird-xliff-'));
  await library.importFiles(await corpusFiles(), 'tester');
  table = createHandlers({ library, userDataDir: await makeTempDir(), shell: 'cli', version: 'test' });
  work = await makeTempDir('pird-xliff-out-');
});

afterAll(removeTempDirs);

describe('XLIFF 2.0 export', () => {
  it('writes well-formed XLIFF 2.0 that follows the core rules', async () => {
    const exported = await call('xliff.export', { id: BUDGET, sourceLang: 'en', targetLang: 'ar' });
    expect(exported.fileName).toMatch(/\.en-ar\.xlf$/);
    const xml = exported.content;
    expect(xml).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2\.0" version="2\.0" srcLang="en" trgLang="ar">/,
    );
    const unitIds = [...xml.matchAll(/<unit id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(unitIds).size).toBe(unitIds.length);
    expect(unitIds).toEqual(['kicker', 'headline', 'dateline', 'p1', 'p2', 'p3', 'p4', 'p5']);
    const segments = [...xml.matchAll(/<segment id="([^"]+)" state="([^"]+)" subState="([^"]+)"/g)];
    expect(segments.map((m) => m[1])).toEqual(unitIds);
    for (const [, , state, subState] of segments) {
      expect(['initial', 'translated', 'reviewed', 'final']).toContain(state);
      expect(subState).toMatch(/^pird:(empty|draft|translated|reviewed|approved)$/);
    }
    const file = path.join(work, 'plain.xlf');
    writeFileSync(file, xml);
    const lint = xmllint(file);
    if (!lint.available) console.warn(`xmllint not found (install libxml2-utils); skipped: ${lint.output}`);
    else expect(lint.ok, lint.output).toBe(true);
  });

  it('is read back by an independent parser (npm xliff, xliff2js)', async () => {
    const article = await hostileArticle();
    const xml = exportXliff(article, 'en', 'ar').content;
    const parsed = await xliff2js(xml);
    expect(parsed).toMatchObject({ sourceLanguage: 'en', targetLanguage: 'ar' });
    const units = parsed.resources.f1!;
    expect(Object.keys(units)).toEqual(article.segments.map((s) => s.id));
    for (const segment of article.segments) {
      const unit = units[segment.id]!;
      expect(unit.source).toBe(segment.versions.en.text);
      const target = segment.versions.ar.text;
      // <cp/> elements come back as inline objects there; every other text must be identical.
      if (target === CONTROL) expect(Array.isArray(unit.target)).toBe(true);
      else if (target === '' && segment.versions.ar.status !== 'translated')
        expect(unit.target ?? '').toBe('');
      else expect(unit.target).toBe(target);
    }
  });

  it('escapes markup and writes characters XML cannot hold as <cp/>, keeping ZWNJ and bidi controls', async () => {
    expect(xmlText('<a href="x">&</a>\r\n')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;&#xD;\n');
    expect(xmlText('\u0000\u0007\ud800\ufffe🎉')).toBe(
      '<cp hex="0000"/><cp hex="0007"/><cp hex="D800"/><cp hex="FFFE"/>🎉',
    );
    expect(xmlText('پێش\u200cبینی \u202b\u2067')).toBe('پێش\u200cبینی \u202b\u2067');
    const article = await hostileArticle();
    const file = path.join(work, 'hostile.xlf');
    writeFileSync(file, exportXliff(article, 'en', 'ar').content);
    const lint = xmllint(file);
    if (!lint.available) console.warn(`xmllint not found (install libxml2-utils); skipped: ${lint.output}`);
    else expect(lint.ok, lint.output).toBe(true);
  });

  it('refuses the article source language as the target', async () => {
    await expect(call('xliff.export', { id: BUDGET, sourceLang: 'ar', targetLang: 'en' })).rejects.toThrow(
      /invalid-input/,
    );
    const same = await dispatch(table, 'xliff.export', { id: BUDGET, sourceLang: 'ar', targetLang: 'ar' });
    expect(same).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});

describe('XLIFF 2.0 import', () => {
  it('round-trips every text and status exactly', async () => {
    const article = await hostileArticle();
    const { content } = await call('xliff.export', { id: BUDGET, sourceLang: 'en', targetLang: 'ar' });
    // Clear the Arabic, then bring it back from the file.
    await library.update(BUDGET, (a, now) =>
      a.segments.reduce((next, s) => setSegmentText(next, s.id, 'ar', '', 'empty', 'someone', now), a),
    );
    const result = await call('xliff.import', { content });
    expect(result).toMatchObject({
      articleId: BUDGET,
      sourceLang: 'en',
      targetLang: 'ar',
      units: 8,
      missing: [],
    });
    const after = await library.get(BUDGET);
    expect(versions(after, 'ar')).toEqual(versions(article, 'ar'));
    expect(versions(after, 'en')).toEqual(versions(article, 'en'));
    expect(versions(after, 'ckb')).toEqual(versions(article, 'ckb'));
    // Importing the same file again changes nothing and saves nothing.
    const again = await call('xliff.import', { content });
    expect(again.updated).toEqual([]);
    expect((await library.get(BUDGET)).revision).toBe(after.revision);
  });

  it("takes a CAT tool's edits: new target text and state, with subState believed only when it agrees", async () => {
    await hostileArticle();
    const { content } = await call('xliff.export', { id: BUDGET, sourceLang: 'en', targetLang: 'ar' });
    const edited = content
      .replace(/(<unit id="p1"[\s\S]*?<segment id="p1") state="[^"]+" subState="[^"]+"/, '$1 state="final"')
      .replace(
        /(<unit id="p1"[\s\S]*?<target xml:space="preserve">)[\s\S]*?(<\/target>)/,
        '$1نص جديد من OmegaT$2',
      )
      .replace(/(<segment id="p2") state="[^"]+"/, '$1 state="reviewed"');
    const result = await call('xliff.import', { content: edited });
    expect(result.updated).toEqual(expect.arrayContaining(['p1', 'p2']));
    const after = await library.get(BUDGET);
    const p1 = after.segments.find((s) => s.id === 'p1')!.versions.ar;
    expect(p1).toMatchObject({ text: 'نص جديد من OmegaT', status: 'approved' });
    expect(after.segments.find((s) => s.id === 'p2')!.versions.ar.status).toBe('reviewed');
  });

  it('maps states to statuses, with subState kept only where it agrees with the state', () => {
    const unit = (
      state: 'initial' | 'translated' | 'reviewed' | 'final',
      subState: string | null,
      target: string | null,
    ) => statusOf({ state, subState, target });
    expect(unit('initial', 'pird:empty', null)).toBe('empty');
    expect(unit('initial', 'pird:draft', '')).toBe('draft');
    expect(unit('initial', null, 'text')).toBe('draft');
    expect(unit('initial', 'pird:empty', 'text')).toBe('draft');
    expect(unit('translated', 'pird:translated', 'x')).toBe('translated');
    expect(unit('reviewed', 'pird:translated', 'x')).toBe('reviewed');
    expect(unit('final', 'pird:reviewed', 'x')).toBe('approved');
    expect(unit('final', 'pird:approved', 'x')).toBe('approved');
    expect(unit('translated', 'other:thing', 'x')).toBe('translated');
  });

  it('refuses a file that does not line up with the article, and writes nothing', async () => {
    const { content } = await call('xliff.export', { id: BUDGET, sourceLang: 'en', targetLang: 'ckb' });
    const before = await library.get(BUDGET);
    const cases: [string, RegExp][] = [
      [
        content.replace('<unit id="p2"', '<unit id="p99"').replace('<segment id="p2"', '<segment id="p99"'),
        /not a segment/,
      ],
      [content.replace(/(<source xml:space="preserve">)The /, '$1A '), /source of "p1" is not the article's/],
      [content.replace('pird:article:' + BUDGET, 'pird:article:pub-002-kirkuk-voter-cards'), /source of/],
      [content.replace('trgLang="ckb"', 'trgLang="en"'), /srcLang and trgLang|source language/],
      [content.replace('trgLang="ckb"', 'trgLang="fr"'), /trgLang/],
      [content.replace('version="2.0"', 'version="1.2"'), /version/],
      [content.replace('</xliff>', ''), /well-formed/],
    ];
    const dup = content.replace(/(<unit id="p1"[\s\S]*?<\/unit>)/, '$1\n$1');
    cases.push([dup, /appears twice/]);
    for (const [xml, message] of cases) {
      const result = await dispatch(table, 'xliff.import', { content: xml });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
    const missing = content.replace('pird:article:' + BUDGET, 'pird:article:no-such-article');
    expect(await dispatch(table, 'xliff.import', { content: missing })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const after = await library.get(BUDGET);
    expect(after.revision).toBe(before.revision);
  });

  it('never expands entities beyond the predefined five, and fetches nothing', () => {
    const header = '<?xml version="1.0"?>\n';
    const body =
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ar"><file id="f1" original="pird:article:x"><unit id="p1"><segment><source>&e;</source></segment></unit></file></xliff>';
    for (const doctype of [
      '<!DOCTYPE xliff [<!ENTITY e "boom">]>',
      '<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE xliff SYSTEM "http://example.invalid/x.dtd">',
      '<!doctype xliff [<!ENTITY e "boom">]>',
    ]) {
      expect(() => parseXliff(header + doctype + body)).toThrow(/DTD or entities/);
    }
    // Without a declaration an unknown entity is an error, not text.
    expect(() => parseXliff(header + body)).toThrow(/not well-formed/);
    const escaped = parseXliff(
      header +
        body.replace('&e;', '&lt;script&gt;&amp;amp;&#x200C;&quot;<cp hex="0007"/><mrk id="m1">in</mrk>'),
    );
    expect(escaped.units[0]!.source).toBe('<script>&amp;\u200c"\u0007in');
  });

  it('joins a unit that a tool split into several segments', () => {
    const xml = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ar">
      <file id="f1" original="pird:article:a1"><unit id="p1">
        <segment id="s1" state="final"><source>One.</source><target>واحد.</target></segment>
        <ignorable><source> </source></ignorable>
        <segment id="s2" state="translated"><source>Two.</source><target>اثنان.</target></segment>
      </unit></file></xliff>`;
    expect(parseXliff(xml).units).toEqual([
      { segmentId: 'p1', source: 'One. Two.', target: 'واحد. اثنان.', state: 'translated', subState: null },
    ]);
  });

  it('escapes segment ids that are not XML names, reversibly', () => {
    for (const id of ['p1', 's-abc234', 'headline', 'with space', 'کوردی', '_under_', 'x_0041', '1st']) {
      const encoded = encodeId(id);
      expect(encoded).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(decodeId(encoded)).toBe(id);
    }
    expect(() => decodeId('bad id')).toThrow(/not written by Pird/);
  });
});
