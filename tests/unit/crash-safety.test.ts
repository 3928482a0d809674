// kill -9 at random moments while another process saves, imports or exports (design.md, Storage):
// every file Pird keeps parses and holds the old or the new content, acknowledged work is never
// lost, the list is rebuilt when its index is stale, and an export folder never holds a bundle
// that looks complete but is not. The worker is a real child process (fixtures/crash-worker.ts),
// bundled once so that each of the ~300 starts costs a plain `node`, not a TypeScript loader.
//
// Then the two failures a save can meet on a real disk: a full file system (a tiny tmpfs, where
// `mount` is allowed) and a folder the user may not write to (a child running as another user,
// since root ignores file permissions).
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApiError } from '../../electron/core/errors.ts';
import { isTempFileName } from '../../electron/core/node/durable-write.ts';
import { Library } from '../../electron/core/node/library.ts';
import { setSegmentText } from '../../electron/core/article-ops.ts';
import { makeTempDir, readCorpusText, removeTempDirs } from './fixtures/library-fixtures.ts';

const SEED_ID = 'seed-000-817f1db3f74f0db0';
const repoRoot = path.resolve(import.meta.dirname, '../..');
let worker = '';

beforeAll(async () => {
  // World-readable, so the permission test's child (another user) can run it too.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pird-crash-worker-'));
  chmodSync(dir, 0o755);
  worker = path.join(dir, 'crash-worker.mjs');
  await build({
    entryPoints: [path.join(import.meta.dirname, 'fixtures', 'crash-worker.ts')],
    outfile: worker,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // CommonJS dependencies bundled into an ES module still call require for Node's built-ins.
    banner: {
      js: "import { createRequire as pirdCreateRequire } from 'node:module'; const require = pirdCreateRequire(import.meta.url);",
    },
  });
  // The export's worker thread, where a packaged app has it: beside the code that starts it.
  await build({
    entryPoints: [path.join(repoRoot, 'electron', 'core', 'node', 'export-worker.ts')],
    outfile: path.join(dir, 'export-worker.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  chmodSync(worker, 0o644);
}, 30_000);
afterAll(async () => {
  await removeTempDirs();
  if (worker !== '') await fs.rm(path.dirname(worker), { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Mode = 'save' | 'import' | 'export' | 'export-many';

/** Starts the worker, kills it with SIGKILL at a random moment, and reports the last step it acknowledged. */
async function runAndKill(
  mode: Mode,
  dir: string,
  first: number,
  outDir = '',
  /** How long after READY the kill may come, at most. */
  withinMs = 40,
): Promise<number | null> {
  const child: ChildProcess = spawn(process.execPath, [worker, mode, dir, SEED_ID, String(first), outDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let lastAck: number | null = null;
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  let buffered = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line === 'READY') ready();
      const ack = /^ACK (\d+)$/.exec(line);
      if (ack) lastAck = Number(ack[1]);
    }
  });
  if (Math.random() < 0.15) {
    // Sometimes while it starts up or opens the library.
    await sleep(Math.random() * 120);
  } else {
    await Promise.race([isReady, exited]);
    await sleep(Math.random() * withinMs);
  }
  child.kill('SIGKILL');
  await exited;
  return lastAck;
}

/** Every file Pird keeps parses; temp files of interrupted writes and the lock file are not kept data. */
async function expectAllFilesParse(dir: string): Promise<void> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    if (isTempFileName(entry.name) || entry.name === '.lock' || entry.name.startsWith('.lock.stale.'))
      continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await fs.readFile(file, 'utf8');
    expect(() => JSON.parse(text) as unknown, file).not.toThrow();
  }
}

/** The number in the `<word> <n>` text of the seed's first paragraph (0 before any step). */
async function numberOnDisk(dir: string): Promise<number> {
  const raw = await fs.readFile(path.join(dir, 'articles', `${SEED_ID}.json`), 'utf8');
  const envelope = JSON.parse(raw) as {
    article: { segments: { id: string; versions: { en: { text: string } } }[] };
  };
  const text = envelope.article.segments.find((s) => s.id === 'p1')!.versions.en.text;
  return Number(/^(?:save|import) (\d+)/.exec(text)?.[1] ?? 0);
}

/** The library opens, lists every article file (its index rebuilt if stale) and nothing unreadable. */
async function expectListMatchesFiles(dir: string): Promise<string[]> {
  const { articles, unreadable } = await (await Library.open(dir)).list();
  expect(unreadable).toEqual([]);
  const files = (await fs.readdir(path.join(dir, 'articles')))
    .filter((name) => name.endsWith('.json') && !isTempFileName(name))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
  const listed = articles.map((a) => a.id).sort();
  expect(listed).toEqual(files);
  return listed;
}

async function seededLibrary(): Promise<string> {
  const dir = await makeTempDir('pird-crash-');
  const library = await Library.open(dir);
  await library.importFiles(
    [{ name: 'seed.json', content: await readCorpusText('seed-article.json') }],
    'setup',
  );
  return dir;
}

/** Saves and imports: the text on disk is the last acknowledged step's or the one in flight. */
/** True when the kill interrupted a write: its lock or a temp file is still there. */
async function interruptedWrite(dir: string): Promise<boolean> {
  const names = [...(await fs.readdir(dir)), ...(await fs.readdir(path.join(dir, 'articles')))];
  return names.some((name) => name === '.lock' || isTempFileName(name));
}

async function storageLane(
  mode: 'save' | 'import',
  kills: number,
): Promise<{ kills: number; interrupted: number }> {
  let interrupted = 0;
  let dir = '';
  let acked = 0;
  let onDisk = 0;
  for (let kill = 0; kill < kills; kill++) {
    // Imports add articles: a fresh library now and then keeps each check's reading bounded.
    if (kill % 10 === 0 && (mode === 'import' || kill === 0)) {
      dir = await seededLibrary();
      acked = 0;
      onDisk = 0;
    }
    const first = onDisk + 1;
    const lastAck = await runAndKill(mode, dir, first);
    if (lastAck !== null) acked = lastAck;
    if (await interruptedWrite(dir)) interrupted++;

    await expectAllFilesParse(dir);
    onDisk = await numberOnDisk(dir);
    expect(onDisk).toBeGreaterThanOrEqual(acked);
    expect(onDisk).toBeLessThanOrEqual(Math.max(first, (lastAck ?? 0) + 1));
    const listed = await expectListMatchesFiles(dir);
    if (mode === 'import') {
      // Every acknowledged import is there (and readable, checked above).
      for (let n = 1; n <= acked; n++) expect(listed, `import-${n}`).toContain(`import-${n}`);
    }
  }
  return { kills, interrupted };
}

interface BundleState {
  kind: 'folder' | 'zip';
  generator: string;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The bundles in an export folder, each checked whole: a manifest, every file it lists with its
 * size and checksum, and nothing else. Hidden names are the export's own temporary folders.
 */
async function completeBundles(outDir: string): Promise<BundleState[]> {
  const found: BundleState[] = [];
  for (const entry of await fs.readdir(outDir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(outDir, entry.name);
    let files: Record<string, Uint8Array>;
    if (entry.isDirectory()) {
      files = {};
      for (const file of await fs.readdir(full, { recursive: true, withFileTypes: true })) {
        if (!file.isFile()) continue;
        const absolute = path.join(file.parentPath, file.name);
        files[path.relative(full, absolute).split(path.sep).join('/')] = await fs.readFile(absolute);
      }
    } else {
      expect(entry.name, `${full} is a zip bundle`).toMatch(/\.zip$/);
      files = unzipSync(await fs.readFile(full));
    }
    const manifestBytes = files['manifest.json'];
    expect(manifestBytes, `${full}: manifest.json`).toBeDefined();
    const manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as {
      files: { path: string; sha256: string; size: number }[];
      generator: { version: string };
    };
    expect(Object.keys(files).sort(), full).toEqual(
      ['manifest.json', ...manifest.files.map((f) => f.path)].sort(),
    );
    for (const listed of manifest.files) {
      const bytes = files[listed.path]!;
      expect({ path: listed.path, size: bytes.length, sha256: sha256(bytes) }, full).toEqual(listed);
    }
    found.push({ kind: entry.isDirectory() ? 'folder' : 'zip', generator: manifest.generator.version });
  }
  return found;
}

async function exportLane(
  kills: number,
): Promise<{ kills: number; replaceWindows: number; interrupted: number }> {
  const dir = await seededLibrary();
  const outDir = await makeTempDir('pird-crash-export-');
  /** The last acknowledged export of each kind: folder for odd numbers, zip for even ones. */
  const acked: { folder: number | null; zip: number | null } = { folder: null, zip: null };
  /** The export whose kill left each kind's bundle missing (moved aside), while it still is. */
  const missingSince: { folder: number | null; zip: number | null } = { folder: null, zip: null };
  let next = 1;
  let replaceWindows = 0;
  let interrupted = 0;
  const leftovers = async () => (await fs.readdir(outDir)).filter((name) => name.startsWith('.')).length;
  for (let kill = 0; kill < kills; kill++) {
    const leftBefore = await leftovers();
    const lastAck = await runAndKill('export', dir, next, outDir);
    // A bundle being assembled when the kill came stays as a hidden folder (removed a minute later).
    if ((await leftovers()) > leftBefore) interrupted++;
    const bundles = await completeBundles(outDir);
    if (lastAck !== null) {
      for (const n of [lastAck - 1, lastAck]) if (n >= next) acked[n % 2 === 0 ? 'zip' : 'folder'] = n;
    }
    for (const kind of ['folder', 'zip'] as const) {
      const bundle = bundles.find((b) => b.kind === kind);
      const last = acked[kind];
      if (bundle === undefined) {
        // Never written yet, or an export of this kind was killed between moving the previous
        // bundle aside and renaming the new one in: this run's, or an earlier one's when no export
        // of this kind has finished since (the next one puts its bundle in place; the aside is put
        // back after a minute otherwise). An acknowledged bundle is otherwise never gone.
        if (last === null) continue;
        const inFlight = (lastAck ?? next - 1) + 1;
        if ((inFlight % 2 === 0 ? 'zip' : 'folder') === kind) {
          replaceWindows++;
          missingSince[kind] = inFlight;
          continue;
        }
        const since = missingSince[kind];
        expect(since, `${kind} bundle missing`).not.toBeNull();
        expect(last, `${kind} bundle missing after a later export of it was acknowledged`).toBeLessThan(
          since!,
        );
        continue;
      }
      missingSince[kind] = null;
      // The acknowledged one, or the one in flight (complete, checked above).
      const version = Number(bundle.generator.replace('crash-', ''));
      if (last !== null) expect(version).toBeGreaterThanOrEqual(last);
      expect(version).toBeLessThanOrEqual((lastAck ?? next - 1) + 1);
    }
    await expectAllFilesParse(dir);
    next = (lastAck ?? next - 1) + 2;
  }
  return { kills, replaceWindows, interrupted };
}

/**
 * Exports of many articles through an export worker thread, killed: every bundle in sight is whole
 * and from the last acknowledged export or the one in flight; at most the one bundle being renamed
 * into place when the kill came is missing.
 */
async function workerExportLane(
  kills: number,
): Promise<{ kills: number; interrupted: number; acknowledged: number }> {
  const dir = await seededLibrary();
  const library = await Library.open(dir);
  const extra = Array.from({ length: 13 }, (_, i) => ({
    name: `story-${i}.md`,
    content: `---\nid: story-${i}\nlang: en\n---\n\n# Story ${i}\n\nParagraph of story ${i}.\n`,
  }));
  await library.importFiles(extra, 'setup');
  const articles = (await library.list()).articles.length;
  expect(articles).toBe(14);
  const outDir = await makeTempDir('pird-crash-export-many-');
  let acked: number | null = null;
  let next = 1;
  let interrupted = 0;
  for (let kill = 0; kill < kills; kill++) {
    const hiddenBefore = (await fs.readdir(outDir)).filter((name) => name.startsWith('.')).length;
    // A step (the worker's start, reading, 14 bundles) takes a few hundred milliseconds.
    const lastAck = await runAndKill('export-many', dir, next, outDir, 600);
    if (lastAck !== null) acked = lastAck;
    if ((await fs.readdir(outDir)).filter((name) => name.startsWith('.')).length > hiddenBefore)
      interrupted++;
    const bundles = await completeBundles(outDir);
    const inFlight = (lastAck ?? next - 1) + 1;
    for (const bundle of bundles) {
      const version = Number(bundle.generator.replace('crash-', ''));
      if (acked !== null) expect(version).toBeGreaterThanOrEqual(acked);
      expect(version).toBeLessThanOrEqual(inFlight);
    }
    if (acked !== null) expect(bundles.length).toBeGreaterThanOrEqual(articles - 1);
    next = inFlight + 1;
  }
  return { kills, interrupted, acknowledged: acked ?? 0 };
}

describe('crash safety: kill -9 at random moments', () => {
  it('keeps every file parseable and the last acknowledged save', async () => {
    const lanes = await Promise.all([storageLane('save', 50), storageLane('save', 50)]);
    expect(lanes.reduce((n, lane) => n + lane.kills, 0)).toBe(100);
    // Kills do land inside writes (a lock or temp file left behind), and the next process copes.
    expect(lanes.reduce((n, lane) => n + lane.interrupted, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('keeps every acknowledged import, and the list matches the article files', async () => {
    const lanes = await Promise.all([storageLane('import', 50), storageLane('import', 50)]);
    expect(lanes.reduce((n, lane) => n + lane.kills, 0)).toBe(100);
    expect(lanes.reduce((n, lane) => n + lane.interrupted, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('never leaves a bundle that looks complete but is not, nor loses an acknowledged export', async () => {
    const lanes = await Promise.all([exportLane(50), exportLane(50)]);
    expect(lanes.reduce((n, lane) => n + lane.kills, 0)).toBe(100);
    const windows = lanes.reduce((n, lane) => n + lane.replaceWindows, 0);
    const interrupted = lanes.reduce((n, lane) => n + lane.interrupted, 0);
    console.info(
      `crash-safety: 100 kills during exports; ${interrupted} inside a bundle's assembly, ${windows} inside its replacement`,
    );
    expect(interrupted).toBeGreaterThan(0);
  }, 120_000);

  it('holds for exports through worker threads too', async () => {
    const lane = await workerExportLane(30);
    console.info(
      `crash-safety: 30 kills during 14-article exports with a worker thread; ${lane.acknowledged} exports acknowledged, ${lane.interrupted} kills left a bundle half-assembled`,
    );
    expect(lane.kills).toBe(30);
    // Kills do land inside the writing, and exports do finish between them.
    expect(lane.interrupted).toBeGreaterThan(0);
    expect(lane.acknowledged).toBeGreaterThan(0);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// A full disk and a folder Pird may not write to, for real.

function tryMountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const isRoot = process.getuid?.() === 0;

describe('a save the disk refuses', () => {
  it('on a full disk: fails with disk-full, keeps the previous file, and works once there is space', async ({
    skip,
  }) => {
    const mountPoint = await makeTempDir('pird-enospc-');
    if (process.platform !== 'linux' || !tryMountTmpfs(mountPoint, '400k')) {
      skip(
        'no tmpfs mount here (it needs root): the full disk is only injected, in tests/e2e/save-errors.spec.ts',
      );
    }
    try {
      const dir = path.join(mountPoint, 'library');
      const library = await Library.open(dir);
      await library.importFiles(
        [{ name: 'seed.json', content: await readCorpusText('seed-article.json') }],
        'setup',
      );
      const file = path.join(dir, 'articles', `${SEED_ID}.json`);
      const before = await fs.readFile(file, 'utf8');
      // Fill the file system to the last block.
      const filler = path.join(mountPoint, 'filler');
      const handle = await fs.open(filler, 'w');
      try {
        for (;;) await handle.write(Buffer.alloc(4096));
      } catch (error) {
        expect((error as { code?: string }).code).toBe('ENOSPC');
      } finally {
        await handle.close();
      }
      const save = (text: string) =>
        library.update(SEED_ID, (article, now) =>
          setSegmentText(article, 'p1', 'en', text, undefined, 'test', now),
        );
      const refused = await save(`full disk ${'x'.repeat(8000)}`).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).not.toBeNull();
      expect(toApiError(refused)).toMatchObject({ code: 'disk-full' });
      expect(await fs.readFile(file, 'utf8')).toBe(before);
      expect((await fs.readdir(path.join(dir, 'articles'))).filter(isTempFileName)).toEqual([]);

      await fs.rm(filler);
      await save('there is room again');
      expect(await fs.readFile(file, 'utf8')).toContain('there is room again');
    } finally {
      // Lazy: nothing may keep the test's mount alive after the test, even a handle still closing.
      execFileSync('umount', ['-l', mountPoint]);
    }
  });

  it('in a folder Pird may not write to: fails with permission-denied and keeps the previous file', async () => {
    const dir = await seededLibrary();
    const articles = path.join(dir, 'articles');
    const file = path.join(articles, `${SEED_ID}.json`);
    const before = await fs.readFile(file, 'utf8');
    const tempFolderMode = statSync(os.tmpdir()).mode;
    // The library folder stays writable (its lock and index), the articles folder does not.
    chmodSync(dir, 0o777);
    chmodSync(articles, 0o555);
    chmodSync(file, 0o644);
    try {
      let outcome: string;
      if (isRoot) {
        // Root writes anywhere: the save runs in a child as the unprivileged `nobody` (uid 65534).
        // It reaches the library through the OS temp folder, which everyone may traverse (this
        // test must never change that folder's mode: it once set /tmp to 0755, and apt then failed).
        outcome = execFileSync(process.execPath, [worker, 'save-once', dir, SEED_ID, '7'], {
          uid: 65534,
          gid: 65534,
          cwd: os.tmpdir(),
          encoding: 'utf8',
        }).trim();
      } else {
        const library = await Library.open(dir);
        outcome = await library
          .update(SEED_ID, (article, now) =>
            setSegmentText(article, 'p1', 'en', 'save 7', undefined, 't', now),
          )
          .then(
            () => 'SAVED',
            (error: unknown) =>
              `FAILED ${String((error as { code?: unknown }).code)} ${toApiError(error).code}`,
          );
      }
      expect(outcome).toBe('FAILED EACCES permission-denied');
      expect(await fs.readFile(file, 'utf8')).toBe(before);
      expect((await fs.readdir(articles)).filter(isTempFileName)).toEqual([]);
    } finally {
      chmodSync(articles, 0o755);
    }
    expect(existsSync(file)).toBe(true);
    expect(statSync(os.tmpdir()).mode).toBe(tempFolderMode);
  });
});
