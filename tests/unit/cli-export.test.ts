import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult, LibrarySettings, QaRunResult } from '../../electron/core/contract.ts';
import { COLD_WORKER_MIN_BUNDLES } from '../../electron/core/node/export-workers.ts';
import { runPird } from './helpers/cli.ts';
import { corpusDir, tempDir } from './helpers/paths.ts';

const BUDGET = 'pub-001-sulaymaniyah-budget';
const VOTERS = 'pub-002-kirkuk-voter-cards';
const FILM = 'pub-003-duhok-short-film';

let home: string;
let workDir: string;

function pird(...args: string[]) {
  return runPird(home, workDir, args);
}

beforeAll(() => {
  home = tempDir('pird-cli-export-');
  workDir = tempDir('pird-cli-export-work-');
  const files = [
    'article-001-sulaymaniyah-budget.json',
    'article-002-kirkuk-voter-cards.json',
    'article-003-duhok-short-film.json',
  ];
  const imported = pird('import', '--library', 'lib', ...files.map((f) => path.join(corpusDir, f)));
  expect(imported.code).toBe(0);
  expect(pird('set-meta', '--library', 'lib', FILM, '--desk', 'Culture', '--date', '2026-11-25').code).toBe(
    0,
  );
});

describe('pird qa', () => {
  it('exits 1 and reports the planted errors, with --json giving the findings', () => {
    const human = pird('qa', '--library', 'lib', BUDGET, VOTERS, FILM);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`ERROR    numbers-differ         ${BUDGET} ar paragraph 4`);
    expect(human.stdout).toContain(`ERROR    missing-translation    ${VOTERS} ckb paragraph 4`);
    expect(human.stdout).toContain('QA: 2 errors, 0 warnings in 3 articles.');
    expect(human.stderr).toContain('QA found 2 errors');

    const json = pird('qa', '--library', 'lib', BUDGET, VOTERS, '--json');
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as QaRunResult;
    expect(result.findings.map((f) => [f.articleId, f.lang, f.segmentId, f.code])).toEqual([
      [BUDGET, 'ar', 'p4', 'numbers-differ'],
      [VOTERS, 'ckb', 'p4', 'missing-translation'],
    ]);
  });

  it('exits 0 when there is no error, and 2 for bad usage', () => {
    expect(pird('qa', '--library', 'lib', FILM).code).toBe(0);
    expect(pird('qa', '--library', 'lib', VOTERS, '--lang', 'en,ar').code).toBe(0);
    expect(pird('qa', '--library', 'lib').code).toBe(2);
    expect(pird('qa', '--library', 'lib', FILM, '--lang', 'ku').code).toBe(2);
    expect(pird('qa', '--library', 'lib', 'no-such-article').code).toBe(2);
  });
});

describe('pird export', () => {
  it('refuses to export over QA errors (exit 1, nothing written), and exports anyway with --force', () => {
    const blocked = pird('export', '--library', 'lib', BUDGET, '--out', 'blocked');
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain('nothing was exported');
    expect(existsSync(path.join(workDir, 'blocked'))).toBe(false);

    const forced = pird(
      'export',
      '--library',
      'lib',
      BUDGET,
      FILM,
      '--out',
      'out',
      '--force',
      '--zip',
      '--date',
      '2026-11-25',
      '--json',
    );
    expect(forced.code).toBe(0);
    const result = JSON.parse(forced.stdout) as ExportResult;
    expect(result.status).toBe('exported');
    expect(result.outDir).toBe(path.join(workDir, 'out'));
    expect(result.bundles.map((b) => b.name).sort()).toEqual(readdirSync(path.join(workDir, 'out')).sort());
    expect(result.bundles.every((b) => b.kind === 'zip' && b.name.endsWith('.zip'))).toBe(true);
  });

  it('exports an edition of one desk into folders with edition.json', () => {
    const result = pird(
      'export',
      '--library',
      'lib',
      '--edition',
      '2026-11-25',
      '--desk',
      'Culture',
      '--out',
      'edition',
      '--lang',
      'en,ckb',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exported 1 bundle (en, ckb)');
    const edition = JSON.parse(readFileSync(path.join(workDir, 'edition', 'edition.json'), 'utf8')) as {
      bundles: { articleId: string; path: string }[];
    };
    expect(edition.bundles.map((b) => b.articleId)).toEqual([FILM]);
    expect(readdirSync(path.join(workDir, 'edition', edition.bundles[0]!.path)).sort()).toEqual([
      'ckb',
      'en',
      'manifest.json',
    ]);
  });

  it('exports a large selection (worker threads) and exits when done', () => {
    // More articles in a library of their own: enough bundles for worker threads started by a
    // process that has none waiting (a CLI call never has).
    const stories = Array.from({ length: COLD_WORKER_MIN_BUNDLES - 2 }, (_, i) => {
      const file = path.join(workDir, `story-${i}.md`);
      writeFileSync(file, `---\nid: story-${i}\nlang: en\n---\n\n# Story ${i}\n\nParagraph ${i}.\n`);
      return file;
    });
    const files = ['article-001-sulaymaniyah-budget.json', 'article-002-kirkuk-voter-cards.json'];
    const imported = pird(
      'import',
      '--library',
      'big',
      ...files.map((f) => path.join(corpusDir, f)),
      ...stories,
    );
    expect(imported.code).toBe(0);
    const ids = [BUDGET, VOTERS, ...stories.map((_, i) => `story-${i}`)];
    // spawnSync returns only once the process exits: workers left running would hang it here.
    const run = pird('export', '--library', 'big', ...ids, '--out', 'big-out', '--force', '--json');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as ExportResult;
    expect(result.bundles).toHaveLength(ids.length);
    const out = path.join(workDir, 'big-out');
    expect(readdirSync(out).sort()).toEqual(result.bundles.map((b) => b.name).sort());
    for (const bundle of result.bundles) {
      const manifest = JSON.parse(readFileSync(path.join(out, bundle.name, 'manifest.json'), 'utf8')) as {
        articleId: string;
        files: { path: string; sha256: string }[];
      };
      expect(manifest.articleId).toBe(bundle.articleId);
      for (const file of manifest.files)
        expect(
          createHash('sha256')
            .update(readFileSync(path.join(out, bundle.name, file.path)))
            .digest('hex'),
        ).toBe(file.sha256);
    }
  }, 60_000);

  it('exits 2 for bad usage', () => {
    expect(pird('export', '--library', 'lib', FILM).code).toBe(2);
    expect(pird('export', '--library', 'lib', '--out', 'x').code).toBe(2);
    expect(pird('export', '--library', 'lib', FILM, '--edition', '2026-11-25', '--out', 'x').code).toBe(2);
    expect(pird('export', '--library', 'lib', FILM, '--desk', 'Culture', '--out', 'x').code).toBe(2);
    expect(pird('export', '--library', 'lib', FILM, '--out', 'x', '--date', 'tomorrow').code).toBe(2);
    expect(existsSync(path.join(workDir, 'x'))).toBe(false);
  });
});

describe('pird library-settings', () => {
  it('sets the required status (for the library or one desk) and the base URL', () => {
    const set = pird('library-settings', '--library', 'lib', '--base-url', 'https://news.example/', '--json');
    expect(set.code).toBe(0);
    expect((JSON.parse(set.stdout) as LibrarySettings).baseUrl).toBe('https://news.example');
    expect(
      pird('library-settings', '--library', 'lib', '--required-status', 'reviewed', '--desk', 'Culture').code,
    ).toBe(0);
    // The film is on the Culture desk: its imported translations are only `translated`.
    expect(pird('qa', '--library', 'lib', FILM).code).toBe(1);
    const shown = pird('library-settings', '--library', 'lib');
    expect(shown.stdout).toContain('required status: translated');
    expect(shown.stdout).toContain('Culture: reviewed');
    expect(pird('library-settings', '--library', 'lib', '--base-url', 'javascript:alert(1)').code).toBe(2);
    expect(pird('library-settings', '--library', 'lib', '--required-status', 'draft').code).toBe(2);
  });
});
