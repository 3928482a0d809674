import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article, ArticleList, ImportResult } from '../../electron/core/contract.ts';
import { runPird } from './helpers/cli.ts';
import { corpusDir, tempDir } from './helpers/paths.ts';

let home: string;
let workDir: string;

function pird(...args: string[]) {
  return runPird(home, workDir, args);
}

function json<T>(...args: string[]): T {
  const result = pird(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Every file under the library with its size and mtime: "nothing written" means this does not change. */
function snapshot(dir: string): string {
  if (!existsSync(dir)) return '(none)';
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => {
      const s = statSync(path.join(dir, f));
      return `${f} ${s.size} ${s.mtimeMs}`;
    })
    .join('\n');
}

beforeAll(() => {
  home = tempDir('pird-cli-');
  workDir = tempDir('pird-cli-work-');
  copyFileSync(path.join(corpusDir, 'seed-article.en.txt'), path.join(workDir, 'seed.txt'));
});

describe('pird CLI', () => {
  it('imports files given relative to the folder the user ran it in, into the default library', () => {
    const result = json<ImportResult>(
      'import',
      'seed.txt',
      path.join(corpusDir, 'article-002-kirkuk-voter-cards.json'),
    );
    expect(result.ids).toHaveLength(2);
    expect(result.ids).toContain('pub-002-kirkuk-voter-cards');
    expect(existsSync(path.join(home, 'library'))).toBe(true);
  });

  it('lists articles with progress per language', () => {
    const list = json<ArticleList>('list');
    const kirkuk = list.articles.find((a) => a.id === 'pub-002-kirkuk-voter-cards');
    expect(kirkuk?.progress.ckb.total).toBe(8);
    expect(kirkuk?.progress.ckb.byStatus.empty).toBe(1);
    const human = pird('list');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('pub-002-kirkuk-voter-cards');
  });

  it('shows the seed as 11 segments in order, each with its id', () => {
    const seedId = json<ArticleList>('list').articles.find((a) => a.id !== 'pub-002-kirkuk-voter-cards')!.id;
    const article = json<Article>('show', seedId);
    expect(article.segments.map((s) => s.kind)).toEqual([
      'kicker',
      'headline',
      'dateline',
      ...Array<string>(8).fill('paragraph'),
    ]);
    expect(article.segments[0]?.versions.en.text).toBe('Talking to 964media');
    expect(new Set(article.segments.map((s) => s.id)).size).toBe(11);
  });

  it('sets text: an empty segment becomes draft, an explicit status wins, Sorani code points kept', () => {
    const id = 'pub-002-kirkuk-voter-cards';
    const before = json<Article>('show', id);
    const untranslated = before.segments.find(
      (s) => s.kind === 'paragraph' && s.versions.ckb.status === 'empty',
    )!;
    const sorani = 'پێش‌بینی ٢١٪ی «IHEC»';
    const after = json<Article>(
      'set-text',
      id,
      '--segment',
      untranslated.id,
      '--lang',
      'ckb',
      '--text',
      sorani,
    );
    const saved = after.segments.find((s) => s.id === untranslated.id)!.versions.ckb;
    expect(saved.text).toBe(sorani);
    expect(saved.status).toBe('draft');
    const reviewed = json<Article>(
      'set-text',
      id,
      '--segment',
      untranslated.id,
      '--lang',
      'ckb',
      '--text',
      sorani,
      '--status',
      'reviewed',
    );
    expect(reviewed.segments.find((s) => s.id === untranslated.id)!.versions.ckb.status).toBe('reviewed');
    const shown = json<Article>('show', id);
    expect(shown.segments.find((s) => s.id === untranslated.id)!.versions.ckb).toMatchObject({
      text: sorani,
      status: 'reviewed',
    });
  });

  it('sets metadata', () => {
    const article = json<Article>(
      'set-meta',
      'pub-002-kirkuk-voter-cards',
      '--desk',
      'Politics',
      '--date',
      '2026-11-25',
      '--tags',
      'elections, Kirkuk',
      '--byline',
      'Desk',
    );
    expect(article.meta).toMatchObject({
      desk: 'Politics',
      editionDate: '2026-11-25',
      tags: ['elections', 'Kirkuk'],
      byline: 'Desk',
    });
  });

  it.each([
    [['list', '--nope']],
    [['frobnicate']],
    [['set-text', 'pub-002-kirkuk-voter-cards', '--segment', 'p1', '--lang', 'fr', '--text', 'x']],
    [
      [
        'set-text',
        'pub-002-kirkuk-voter-cards',
        '--segment',
        'p1',
        '--lang',
        'ar',
        '--text',
        'x',
        '--status',
        'done',
      ],
    ],
    [
      [
        'set-text',
        'pub-002-kirkuk-voter-cards',
        '--segment',
        'no-such-segment',
        '--lang',
        'ar',
        '--text',
        'x',
      ],
    ],
    [['set-text', 'no-such-article', '--segment', 'p1', '--lang', 'ar', '--text', 'x']],
    [['set-text', 'pub-002-kirkuk-voter-cards', '--lang', 'ar', '--text', 'x']],
    [['set-meta', 'pub-002-kirkuk-voter-cards', '--date', '25/11/2026']],
    [['show', '../../etc/passwd']],
    [['import', 'does-not-exist.txt']],
  ])('rejects bad input %j with a message, exit code 2 and nothing written', (args) => {
    const library = path.join(home, 'library');
    const before = snapshot(library);
    const result = pird(...args);
    expect(result.code).toBe(2);
    expect(result.stderr.length).toBeGreaterThan(10);
    expect(snapshot(library)).toBe(before);
  });

  it('keeps --json output free of anything but JSON', () => {
    const result = pird('list', '--json');
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    expect(readFileSync(path.join(corpusDir, 'seed-article.en.txt')).length).toBe(3334);
  });
});
