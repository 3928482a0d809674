import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi, afterAll } from 'vitest';
import { setSegmentText } from '../../electron/core/article-ops.ts';
import { PirdError, toApiError } from '../../electron/core/errors.ts';
import { Library } from '../../electron/core/node/library.ts';
import { withLibraryLock } from '../../electron/core/node/library-lock.ts';
import {
  corpusFiles,
  makeTempDir,
  readCorpusJson,
  readCorpusText,
  removeTempDirs,
} from './fixtures/library-fixtures.ts';

afterAll(removeTempDirs);

const SEED_ID = 'seed-000-817f1db3f74f0db0';
/** Children run with the repository as working folder, so `--import tsx` resolves. */
const repoRoot = path.resolve(import.meta.dirname, '../..');

async function seededLibrary(): Promise<Library> {
  const library = await Library.open(await makeTempDir());
  await library.importFiles(await corpusFiles(), 'importer');
  return library;
}

async function rejection(promise: Promise<unknown>): Promise<PirdError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PirdError);
    return error as PirdError;
  }
  throw new Error('expected a PirdError');
}

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('Library: files and versions', () => {
  it('creates the folder layout with a versioned library file', async () => {
    const dir = path.join(await makeTempDir(), 'new', 'library');
    const library = await Library.open(dir);
    expect(library.dir).toBe(dir);
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'library.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({ format: 'pird.library', version: 1 });
    expect((await fs.stat(path.join(dir, 'articles'))).isDirectory()).toBe(true);
  });

  it('refuses a library made by a newer Pird, and a folder whose library.json is something else', async () => {
    const dir = await makeTempDir();
    await fs.writeFile(
      path.join(dir, 'library.json'),
      '{"format":"pird.library","version":7,"createdAt":"x"}',
    );
    const newer = await rejection(Library.open(dir));
    expect(newer.code).toBe('newer-version');
    expect(newer.message).toMatch(/newer Pird/);
    await fs.writeFile(path.join(dir, 'library.json'), '{"name":"some other app"}');
    expect((await rejection(Library.open(dir))).code).toBe('unreadable');
  });

  it('saves an article and reads it back after reopening', async () => {
    const dir = await makeTempDir();
    const library = await Library.open(dir);
    const created = await library.create(
      { sourceLang: 'en', headline: 'Budget passes', meta: { desk: 'Economy' } },
      'Rawa',
    );
    const saved = await library.update(created.id, (a, now) =>
      setSegmentText(a, 'p1', 'ckb', 'پێش\u200Cبینی <script>alert(1)</script>', undefined, 'Shno', now),
    );
    expect(saved.revision).toBe(2);
    const reopened = await Library.open(dir);
    const read = await reopened.get(created.id);
    expect(read).toEqual(saved);
    expect(read.segments[3]!.versions.ckb).toMatchObject({
      text: 'پێش\u200Cبینی <script>alert(1)</script>',
      status: 'draft',
      changedBy: 'Shno',
    });
    const file = await fs.readFile(path.join(dir, 'articles', `${created.id}.json`), 'utf8');
    expect(JSON.parse(file)).toMatchObject({
      format: 'pird.article',
      version: 1,
      article: { id: created.id },
    });
  });

  it('saves nothing when a change alters nothing', async () => {
    const library = await Library.open(await makeTempDir());
    const created = await library.create({ sourceLang: 'en' }, 'Rawa');
    const same = await library.update(created.id, (a) => a);
    expect(same.revision).toBe(1);
  });

  it('refuses ids that are not safe file names, never touching a path outside the library', async () => {
    const library = await Library.open(await makeTempDir());
    for (const id of [
      '../library',
      '../../etc/passwd',
      '..',
      '.hidden',
      'a/b',
      'a\\b',
      'con',
      '',
      'x'.repeat(129),
      'trailing.',
    ]) {
      const error = await rejection(library.get(id));
      expect(error.code).toBe('invalid-input');
      expect((await rejection(library.update(id, (a) => a))).code).toBe('invalid-input');
    }
    expect((await rejection(library.get('pub-001-sulaymaniyah-budget'))).code).toBe('not-found');
  });
});

describe('Library: failed saves', () => {
  it.each([
    ['ENOSPC', 'disk-full'],
    ['EACCES', 'permission-denied'],
  ] as const)(
    'keeps the article as it was when a save fails with %s, and reports %s',
    async (nodeCode, apiCode) => {
      const library = await seededLibrary();
      const file = path.join(library.dir, 'articles', `${SEED_ID}.json`);
      const before = await fs.readFile(file, 'utf8');
      const realOpen = fs.open.bind(fs);
      const open = vi.spyOn(fs, 'open').mockImplementation(((
        target: string,
        flags?: string,
        mode?: number,
      ) => {
        if (flags === 'wx' && target.endsWith('.tmp'))
          return Promise.reject(Object.assign(new Error(`${nodeCode}: simulated`), { code: nodeCode }));
        return realOpen(target, flags, mode);
      }) as typeof fs.open);
      try {
        const error: unknown = await library
          .update(SEED_ID, (a, now) => setSegmentText(a, 'p1', 'en', 'lost', undefined, 'R', now))
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(error).toMatchObject({ code: nodeCode });
        expect(toApiError(error).code).toBe(apiCode);
      } finally {
        open.mockRestore();
      }
      expect(await fs.readFile(file, 'utf8')).toBe(before);
      expect((await fs.readdir(path.join(library.dir, 'articles'))).filter((n) => n.startsWith('.'))).toEqual(
        [],
      );
      expect((await library.get(SEED_ID)).revision).toBe(1);
    },
  );
});

describe('Library: list and index', () => {
  it('lists imported articles with their progress, newest first', async () => {
    const library = await seededLibrary();
    await library.update('pub-003-duhok-short-film', (a, now) =>
      setSegmentText(a, 'p1', 'ar', 'نص', 'reviewed', 'Shno', now),
    );
    const { articles, unreadable } = await library.list();
    expect(unreadable).toEqual([]);
    expect(articles).toHaveLength(5);
    expect(articles[0]!.id).toBe('pub-003-duhok-short-film');
    const seed = articles.find((a) => a.id === SEED_ID)!;
    expect(seed.progress.en).toEqual({
      total: 11,
      byStatus: { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 11 },
      needsUpdate: 0,
      // The seed article's English words (progress/word-count.ts; a whitespace split agrees here).
      words: { empty: 0, draft: 0, translated: 0, reviewed: 0, approved: 491 },
    });
    expect(seed.progress.ar.byStatus.translated).toBe(11);
    expect(seed.progress.ckb.byStatus.translated).toBe(11);
    expect(seed.headline.en).toBe((await readCorpusJson('seed-article.json')).languages.en.headline);
    const kirkuk = articles.find((a) => a.id === 'pub-002-kirkuk-voter-cards')!;
    expect(kirkuk.progress.ckb.byStatus).toMatchObject({ empty: 1, translated: 7 });
  });

  it('re-importing a file updates its article instead of adding one', async () => {
    const library = await seededLibrary();
    const result = await library.importFiles(
      [{ name: 'seed.json', content: await readCorpusText('seed-article.json') }],
      'importer',
    );
    expect(result).toEqual({ ids: [SEED_ID], created: [], updated: [SEED_ID] });
    expect((await library.list()).articles).toHaveLength(5);
  });

  it('writes nothing when one file of a batch is invalid', async () => {
    const dir = await makeTempDir();
    const library = await Library.open(dir);
    const good = { name: 'seed.json', content: await readCorpusText('seed-article.json') };
    const bad = { name: 'broken.json', content: '{"languages": {"en": {"kicker": ""' };
    const error = await rejection(library.importFiles([good, bad], 'importer'));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/^broken\.json: /);
    expect(await fs.readdir(path.join(dir, 'articles'))).toEqual([]);
  });

  it('lists damaged and foreign article files with a reason, leaves them byte for byte, and refuses to update them', async () => {
    const library = await seededLibrary();
    const articles = path.join(library.dir, 'articles');
    const seedFile = await fs.readFile(path.join(articles, `${SEED_ID}.json`), 'utf8');
    const bad = {
      'truncated.json': seedFile.slice(0, seedFile.length / 2),
      'other-format.json': '{"format":"someone.else","version":1}\n',
      'from-future.json': '{"format":"pird.article","version":99,"article":{"id":"from-future"}}\n',
      'not-an-article.json': '{"format":"pird.article","version":1,"article":{"id":"not-an-article"}}',
      'copy-of-seed.json': seedFile,
    };
    for (const [name, content] of Object.entries(bad)) await fs.writeFile(path.join(articles, name), content);

    const { articles: listed, unreadable } = await library.list();
    expect(listed).toHaveLength(5);
    expect(unreadable.map((u) => [u.file, u.code])).toEqual([
      ['copy-of-seed.json', 'invalid'],
      ['from-future.json', 'newer-version'],
      ['not-an-article.json', 'invalid'],
      ['other-format.json', 'wrong-format'],
      ['truncated.json', 'corrupt'],
    ]);
    expect(unreadable.find((u) => u.file === 'from-future.json')!.reason).toMatch(/Update Pird/);

    expect((await rejection(library.get('truncated'))).code).toBe('unreadable');
    expect((await rejection(library.update('from-future', (a) => ({ ...a, revision: 5 })))).code).toBe(
      'newer-version',
    );
    expect((await rejection(library.update('truncated', (a) => a))).code).toBe('unreadable');
    expect(
      (
        await rejection(
          library.importFiles([{ name: 'x.md', content: '---\nid: truncated\n---\n# New' }], 'i'),
        )
      ).message,
    ).toMatch(/^x\.md: cannot update article "truncated"/);
    for (const [name, content] of Object.entries(bad))
      expect(await fs.readFile(path.join(articles, name), 'utf8')).toBe(content);
  });

  it('rebuilds a deleted, damaged or foreign index.json from the articles', async () => {
    const library = await seededLibrary();
    const index = path.join(library.dir, 'index.json');
    const expected = await library.list();
    for (const damage of [
      null,
      '{"format":"pird.index","version":1,"entries":{"x.json":{"identity":1}}}',
      'garbage',
      '{"format":"pird.index","version":1,"entries":{}}',
    ]) {
      if (damage === null) await fs.rm(index);
      else await fs.writeFile(index, damage);
      const fresh = await Library.open(library.dir);
      expect(await fresh.list()).toEqual(expected);
      const written = JSON.parse(await fs.readFile(index, 'utf8')) as { entries: Record<string, unknown> };
      expect(Object.keys(written.entries)).toHaveLength(5);
    }
  });

  it('uses an index entry only while its article file is unchanged', async () => {
    const library = await seededLibrary();
    await library.list();
    const index = path.join(library.dir, 'index.json');
    const lie = (await fs.readFile(index, 'utf8'))
      .replaceAll('Talking to 964media', 'x')
      .replace(/"headline":\{"en":"Exclusive[^"]*"/, '"headline":{"en":"A LIE"');
    await fs.writeFile(index, lie);
    // The seed file changes after the index was written: its entry no longer describes it.
    const other = await Library.open(library.dir);
    await other.update(SEED_ID, (a, now) =>
      setSegmentText(a, 'headline', 'en', 'Rewritten headline', undefined, 'Rawa', now),
    );
    const fresh = await Library.open(library.dir);
    expect((await fresh.list()).articles.find((a) => a.id === SEED_ID)!.headline.en).toBe(
      'Rewritten headline',
    );
  });

  it('sees a file changed behind its back by another process', async () => {
    const library = await seededLibrary();
    expect((await library.list()).articles.find((a) => a.id === SEED_ID)!.progress.ar.byStatus.reviewed).toBe(
      0,
    );
    const script = `
      const { Library } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../electron/core/node/library.ts'))});
      const { setSegmentStatus } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../electron/core/article-ops.ts'))});
      const library = await Library.open(process.argv[1]);
      await library.update('${SEED_ID}', (a, now) => setSegmentStatus(a, 'p1', 'ar', 'reviewed', 'other', now));`;
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, library.dir],
        { stdio: 'inherit', cwd: repoRoot },
      );
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited with ${code}`))));
    });
    const after = (await library.list()).articles.find((a) => a.id === SEED_ID)!;
    expect(after.progress.ar.byStatus.reviewed).toBe(1);
    expect(after.updatedBy).toBe('other');
  });

  it('drops vanished files, ignores temp files and removes old crash leftovers', async () => {
    const library = await seededLibrary();
    const articles = path.join(library.dir, 'articles');
    await fs.rm(path.join(articles, 'pub-001-sulaymaniyah-budget.json'));
    const fresh = path.join(articles, `.${SEED_ID}.json.123.abcdef.tmp`);
    const old = path.join(articles, `.${SEED_ID}.json.456.abcdef.tmp`);
    await fs.writeFile(fresh, '{"half":');
    await fs.writeFile(old, '{"half":');
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await fs.utimes(old, twoMinutesAgo, twoMinutesAgo);
    const { articles: listed, unreadable } = await library.list();
    expect(listed.map((a) => a.id)).not.toContain('pub-001-sulaymaniyah-budget');
    expect(listed).toHaveLength(4);
    expect(unreadable).toEqual([]);
    await expect(fs.stat(fresh)).resolves.toBeTruthy();
    await expect(fs.stat(old)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes only the article file on save, not the index', async () => {
    const library = await seededLibrary();
    await library.list();
    const index = path.join(library.dir, 'index.json');
    const before = await fs.stat(index, { bigint: true });
    await library.update(SEED_ID, (a, now) => setSegmentText(a, 'p2', 'ckb', 'نوێ', undefined, 'Rawa', now));
    const after = await fs.stat(index, { bigint: true });
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeNs).toBe(before.mtimeNs);
  });

  it('reads only new or changed article files when listing again', async () => {
    const library = await seededLibrary();
    await library.list();
    const articlesDir = path.join(library.dir, 'articles');
    const open = vi.spyOn(fs, 'open');
    try {
      const articleReads = (): string[] =>
        open.mock.calls
          .map(([file]) => String(file))
          .filter((file) => path.dirname(file) === articlesDir && file.endsWith('.json'));
      await library.list();
      expect(articleReads()).toEqual([]);
      // Another Library (standing in for another process) saves one article.
      const other = await Library.open(library.dir);
      await other.update(SEED_ID, (a, now) => setSegmentText(a, 'p1', 'ar', 'نص', undefined, 'B', now));
      open.mockClear();
      const { articles } = await library.list();
      expect(articleReads()).toEqual([path.join(articlesDir, `${SEED_ID}.json`)]);
      expect(articles.find((a) => a.id === SEED_ID)!.updatedBy).toBe('B');
      // A fresh Library trusts index.json for files whose identity matches.
      open.mockClear();
      expect((await (await Library.open(library.dir)).list()).articles).toHaveLength(5);
      expect(articleReads()).toEqual([]);
    } finally {
      open.mockRestore();
    }
  });
});

describe('Library: the library lock', () => {
  it('loses no update when two Library instances save concurrently', async () => {
    const library = await seededLibrary();
    const other = await Library.open(library.dir);
    const saves: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      saves.push(
        library.update(SEED_ID, (a, now) => setSegmentText(a, 'p1', 'ar', `a${i}`, undefined, 'A', now)),
      );
      saves.push(
        other.update(SEED_ID, (a, now) => setSegmentText(a, 'p2', 'ckb', `b${i}`, undefined, 'B', now)),
      );
      saves.push(
        other.update(SEED_ID, (a, now) =>
          setSegmentText(a, `p${3 + (i % 6)}`, 'en', `c${i}`, undefined, 'C', now),
        ),
      );
    }
    await Promise.all(saves);
    const article = await library.get(SEED_ID);
    expect(article.revision).toBe(1 + 60);
    expect(article.segments.find((s) => s.id === 'p1')!.versions.ar.text).toBe('a19');
    expect(article.segments.find((s) => s.id === 'p2')!.versions.ckb.text).toBe('b19');
  });

  it('loses no update when two processes save concurrently', async () => {
    const library = await seededLibrary();
    const script = `
      const { Library } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../electron/core/node/library.ts'))});
      const { setSegmentText } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../../electron/core/article-ops.ts'))});
      const [dir, seg, lang] = process.argv.slice(1);
      const library = await Library.open(dir);
      for (let i = 0; i < 20; i++) {
        await library.update('${SEED_ID}', (a, now) => {
          const s = a.segments.find((x) => x.id === seg);
          return setSegmentText(a, seg, lang, s.versions[lang].text + '|' + i, undefined, seg, now);
        });
      }`;
    const run = (seg: string, lang: string): Promise<void> =>
      new Promise((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script, library.dir, seg, lang],
          { stdio: 'inherit', cwd: repoRoot },
        );
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited with ${code}`))));
      });
    await Promise.all([run('p1', 'ar'), run('p2', 'ckb')]);
    const article = await library.get(SEED_ID);
    const suffix = Array.from({ length: 20 }, (_, i) => `|${i}`).join('');
    expect(article.segments.find((s) => s.id === 'p1')!.versions.ar.text.endsWith(suffix)).toBe(true);
    expect(article.segments.find((s) => s.id === 'p2')!.versions.ckb.text.endsWith(suffix)).toBe(true);
    expect(article.revision).toBe(41);
  });

  it('takes over a lock left by a process that died', async () => {
    const library = await seededLibrary();
    const pid = await deadPid();
    await fs.writeFile(
      path.join(library.dir, '.lock'),
      JSON.stringify({ pid, host: os.hostname(), since: new Date().toISOString(), token: 'dead' }),
    );
    const started = Date.now();
    const saved = await library.update(SEED_ID, (a, now) =>
      setSegmentText(a, 'p1', 'en', 'after takeover', undefined, 'R', now),
    );
    expect(saved.segments[3]!.versions.en.text).toBe('after takeover');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(fs.stat(path.join(library.dir, '.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock not refreshed for a minute (a crashed holder on another machine)', async () => {
    const dir = await makeTempDir();
    const lock = path.join(dir, '.lock');
    await fs.writeFile(
      lock,
      JSON.stringify({ pid: 1, host: 'another-machine', since: '2026-01-01T00:00:00Z', token: 't' }),
    );
    const old = new Date(Date.now() - 61_000);
    await fs.utimes(lock, old, old);
    await expect(withLibraryLock(dir, () => Promise.resolve('ran'), { timeoutMs: 100 })).resolves.toBe('ran');
  });

  it('fails with a clear message when a live process holds the lock past the timeout', async () => {
    const dir = await makeTempDir();
    await fs.writeFile(
      path.join(dir, '.lock'),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), since: new Date().toISOString(), token: 't' }),
    );
    const error = await rejection(withLibraryLock(dir, () => Promise.resolve(1), { timeoutMs: 100 }));
    expect(error.code).toBe('locked');
    expect(error.message).toBe(
      `The library is busy: another Pird process (pid ${process.ppid}) is writing to it. Try again in a moment.`,
    );
    // The other process's lock is left alone.
    expect(JSON.parse(await fs.readFile(path.join(dir, '.lock'), 'utf8'))).toMatchObject({
      pid: process.ppid,
    });
  });

  it('lists without waiting for the lock, skipping the index write while another process writes', async () => {
    const library = await seededLibrary();
    await fs.rm(path.join(library.dir, 'index.json'), { force: true });
    await fs.writeFile(
      path.join(library.dir, '.lock'),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), since: new Date().toISOString(), token: 't' }),
    );
    const started = Date.now();
    const fresh = await Library.open(library.dir);
    expect((await fresh.list()).articles).toHaveLength(5);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(fs.stat(path.join(library.dir, 'index.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    await fs.rm(path.join(library.dir, '.lock'));
  });

  it('lets a call nested inside a locked section through instead of deadlocking', async () => {
    const dir = await makeTempDir();
    const result = await withLibraryLock(dir, () =>
      withLibraryLock(dir, () => Promise.resolve('inner'), { timeoutMs: 50 }),
    );
    expect(result).toBe('inner');
  });
});
