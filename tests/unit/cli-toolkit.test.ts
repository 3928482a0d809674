// `pird search`, `pird tm`, `pird concordance`, `pird xliff export|import` (issue 5), run as a user would.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  Article,
  ConcordanceResult,
  SearchResult,
  TmSuggestResult,
  XliffImportResult,
} from '../../electron/core/contract.ts';
import { runPird } from './helpers/cli.ts';
import { corpusDir, tempDir } from './helpers/paths.ts';

const BUDGET = 'pub-001-sulaymaniyah-budget';
const VOTERS = 'pub-002-kirkuk-voter-cards';

let home: string;
let workDir: string;

function pird(...args: string[]) {
  return runPird(home, workDir, args);
}

beforeAll(() => {
  home = tempDir('pird-cli-toolkit-');
  workDir = tempDir('pird-cli-toolkit-work-');
  const files = ['article-001-sulaymaniyah-budget.json', 'article-002-kirkuk-voter-cards.json'];
  expect(pird('import', '--library', 'lib', ...files.map((f) => path.join(corpusDir, f))).code).toBe(0);
});

describe('pird search', () => {
  it('prints matches grouped by article with the words marked, or the contract result with --json', () => {
    const human = pird('search', '--library', 'lib', 'پێشبینی');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(BUDGET);
    expect(human.stdout).toContain('ckb p3');
    expect(human.stdout).toContain('[پێش\u200cبینی]');
    expect(human.stdout).toContain('1 article matches.');

    const json = pird('search', '--library', 'lib', '38', '--lang', 'ar', '--json');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as SearchResult;
    expect(result.groups.map((g) => g.articleId)).toEqual([BUDGET]);
    const hit = result.groups[0]!.hits[0]!;
    expect(hit.text.slice(hit.highlights[0]!.start, hit.highlights[0]!.end)).toBe('٣٨');
  });

  it('exits 2 on bad usage', () => {
    expect(pird('search', '--library', 'lib').code).toBe(2);
    expect(pird('search', '--library', 'lib', 'x', '--lang', 'fr').code).toBe(2);
    expect(pird('tm', '--library', 'lib', BUDGET, '--lang', 'ar').code).toBe(2);
  });
});

describe('pird tm and concordance', () => {
  it('suggests reviewed translations of similar segments', () => {
    const budget = JSON.parse(pird('show', '--library', 'lib', BUDGET, '--json').stdout) as Article;
    const p4 = budget.segments.find((s) => s.id === 'p4')!;
    const set = (id: string, lang: string, text: string, status: string) =>
      pird(
        'set-text',
        '--library',
        'lib',
        id,
        '--segment',
        'p1',
        '--lang',
        lang,
        '--text',
        text,
        '--status',
        status,
      );
    // Budget p4's Sorani translation, reviewed, is the memory; voters p1 gets a near-copy of its English.
    expect(
      pird(
        'set-text',
        '--library',
        'lib',
        BUDGET,
        '--segment',
        'p4',
        '--lang',
        'ckb',
        '--text',
        p4.versions.ckb.text,
        '--status',
        'reviewed',
      ).code,
    ).toBe(0);
    expect(set(VOTERS, 'en', p4.versions.en.text.replace('21%', '22%'), 'approved').code).toBe(0);
    const json = pird('tm', '--library', 'lib', VOTERS, '--segment', 'p1', '--lang', 'ckb', '--json');
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as TmSuggestResult;
    expect(result.suggestions[0]).toMatchObject({
      articleId: BUDGET,
      segmentId: 'p4',
      target: p4.versions.ckb.text,
    });
    const human = pird('tm', '--library', 'lib', VOTERS, '--segment', 'p1', '--lang', 'ckb');
    expect(human.stdout).toMatch(/ 9\d% {2}reviewed {2}pub-001-sulaymaniyah-budget p4/);
    expect(human.stdout).toContain('[21%]');

    const concordance = pird('concordance', '--library', 'lib', 'Regional Government', '--target', 'ckb');
    expect(concordance.code).toBe(0);
    expect(concordance.stdout).toContain('[Regional Government]');
  });
});

describe('pird tmx import, then tm and concordance', () => {
  it('offers the imported pairs, marked as imported', () => {
    const budget = JSON.parse(pird('show', '--library', 'lib', BUDGET, '--json').stdout) as Article;
    const p2 = budget.segments.find((s) => s.id === 'p2')!;
    const tmxFile = path.join(workDir, 'from-trados.tmx');
    const seg = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    writeFileSync(
      tmxFile,
      `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="Trados" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/>
<body><tu tuid="7" creationid="Karwan Aziz" creationdate="20251120T083000Z"><tuv xml:lang="en-US"><seg>${seg(p2.versions.en.text)}</seg></tuv><tuv xml:lang="ar-IQ"><seg>ترجمة من ذاكرة مستوردة.</seg></tuv></tu></body></tmx>`,
    );
    expect(pird('tmx', 'import', '--library', 'lib', tmxFile).code).toBe(0);
    const human = pird('tm', '--library', 'lib', BUDGET, '--segment', 'p2', '--lang', 'ar');
    expect(human.code).toBe(0);
    // Marked as imported, with who made it and when, as the TMX file says.
    expect(human.stdout).toContain('100%  imported (TMX)  (Karwan Aziz, 2025-11-20T08:30:00.000Z)');
    expect(human.stdout).toContain('ترجمة من ذاكرة مستوردة.');
    const word = p2.versions.en.text.split(' ').find((w) => /^[A-Za-z]{6,}$/.test(w))!;
    const json = pird('concordance', '--library', 'lib', word, '--target', 'ar', '--source', 'en', '--json');
    expect(json.code).toBe(0);
    const entries = (JSON.parse(json.stdout) as ConcordanceResult).entries;
    expect(entries.map((e) => [e.from, e.target])).toContainEqual(['imported', 'ترجمة من ذاكرة مستوردة.']);
    const readable = pird('concordance', '--library', 'lib', word, '--target', 'ar', '--source', 'en');
    expect(readable.stdout).toContain('imported (TMX)  (Karwan Aziz, 2025-11-20T08:30:00.000Z)');

    const summary = pird('tmx', 'imported', '--library', 'lib');
    expect(summary.stdout).toBe("the library's imported memory holds 1 translation pair\n  en → ar: 1\n");
    const cleared = pird('tmx', 'clear-imported', '--library', 'lib', '--json');
    expect(JSON.parse(cleared.stdout)).toEqual({ removed: 1, setAside: null });
    const after = pird('tm', '--library', 'lib', BUDGET, '--segment', 'p2', '--lang', 'ar');
    expect(after.stdout).not.toContain('imported (TMX)');
    expect(pird('tmx', 'imported', '--library', 'lib', 'extra').code).toBe(2);
  });
});

describe('pird xliff', () => {
  it('exports a language pair and imports the edited file back', () => {
    const out = pird(
      'xliff',
      'export',
      '--library',
      'lib',
      BUDGET,
      '--source',
      'en',
      '--target',
      'ar',
      '--out',
      'b.xlf',
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('8 units, en → ar');
    const file = path.join(workDir, 'b.xlf');
    const edited = readFileSync(file, 'utf8').replace(
      /(<unit id="p4"[\s\S]*?<segment id="p4") state="[^"]+" subState="[^"]+"([\s\S]*?<target xml:space="preserve">)([^<]*)/,
      (_, head: string, middle: string, text: string) =>
        `${head} state="final"${middle}${text.replace('١٢٪', '٢١٪')}`,
    );
    writeFileSync(file, edited);
    const imported = pird('xliff', 'import', '--library', 'lib', 'b.xlf', '--json');
    expect(imported.code).toBe(0);
    const result = JSON.parse(imported.stdout) as XliffImportResult;
    expect(result.updated).toEqual(['p4']);
    const p4 = result.article.segments.find((s) => s.id === 'p4')!.versions.ar;
    expect(p4.status).toBe('approved');
    expect(p4.text).toContain('٢١٪');
    expect(pird('xliff', 'import', '--library', 'lib', 'missing.xlf').code).toBe(2);
    expect(pird('xliff', 'frobnicate').code).toBe(2);
  });
});
