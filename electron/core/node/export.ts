// Writing bundles into the folder the user chose. QA runs first: errors stop the export (nothing
// is written) unless the user exports anyway, which each manifest records.
//
// Safety: a folder bundle is assembled in a hidden temporary folder inside the chosen folder and
// renamed into place whole (same file system, so the rename is atomic; export-folder-writer.ts); a
// zip or the edition file is written to a temporary file and renamed. A full disk or an unwritable
// folder stops the export with disk-full / permission-denied and removes what was being assembled,
// so no half bundle is ever left looking complete. Every path is checked to be inside the chosen
// folder before it is used.
//
// Names: `<slug>/` or `<slug>.zip`. An existing bundle of the same article is replaced; anything
// else with that name is left alone and the bundle takes `<slug>-2`, `<slug>-3`, …
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { PirdError } from '../errors.ts';
import { MANIFEST_FILE, buildBundle, bundleArticleId } from '../export/bundle.ts';
import { normalizeExportDate } from '../export/dates.ts';
import type { ExportOptions } from '../export/document.ts';
import { GENERATOR_NAME } from '../export/document.ts';
import { jsonFile } from '../export/escape.ts';
import type { EmbeddedFont } from '../export/html.ts';
import { bundleSlug, nameKey } from '../export/slug.ts';
import { manifestFromZip, zipBundle } from '../export/zip.ts';
import type { Article, Lang } from '../model.ts';
import { LANGUAGES } from '../model.ts';
import type { ExportedBundle, ExportRequest, ExportResult } from '../export/result.ts';
import type { QaFinding, QaRunResult, QaSummary } from '../qa/qa.ts';
import { qaArticle, summarizeFindings } from '../qa/qa.ts';
import { writeFileAtomic } from './durable-write.ts';
import { cachedDeflate } from './export-deflate.ts';
import { cachedSha256 } from './export-hash.ts';
import type { AssembledBundle, ExportFs } from './export-folder-writer.ts';
import {
  ASIDE_PREFIX,
  TEMP_PREFIX,
  assembleFolderBundle,
  assertInside,
  errorCode,
  parseAsideName,
  placeFolderBundle,
} from './export-folder-writer.ts';
import { loadExportFonts } from './export-fonts.ts';
import {
  COLD_WORKER_MIN_BUNDLES,
  ExportWorkerPool,
  WORKER_MIN_BUNDLES,
  defaultWorkerCount,
} from './export-workers.ts';
import { readGlossary } from './glossary-store.ts';
import type { Library } from './library.ts';
import { readArticleMedia } from './media-store.ts';

export const EDITION_FILE = 'edition.json';
export const EDITION_FORMAT = 'pird.edition';
/** Bundles built and written at once by this thread: one's disk waits overlap another's work. */
const BUNDLE_CONCURRENCY = 4;
/**
 * Bundles given to each worker at once. Each bundle goes to the worker holding its article, in
 * article order: with few queued, a worker that runs ahead soon waits for the other one's turn.
 * Sixteen kept both busy (an export on a RAM disk took ~8% less than with four, measured).
 */
const BUNDLES_PER_WORKER = 16;
/** How often progress is reported at the least (the issue's target: every 250 ms). */
const PROGRESS_INTERVAL_MS = 100;
/** Batches of articles read and checked at once: several per worker, so none waits for work. */
const READ_CONCURRENCY = 8;
/** Articles in a batch. */
const LOAD_BATCH = 16;
/** A temporary folder older than this is a crash leftover: no bundle takes a minute to write. */
const LEFTOVER_MS = 60_000;

export type { ExportFs } from './export-folder-writer.ts';

/** An article read and checked: by this thread (article set) or by a worker, which holds it. */
interface CheckedArticle {
  /** Its position in the export. */
  index: number;
  id: string;
  article: Article | null;
  /** The bundle name it asks for (bundleSlug), before it is made unique. */
  slug: string;
  findings: QaFinding[];
}

export interface ExportContext {
  generatorVersion: string;
  fonts?: () => Promise<EmbeddedFont[]>;
  fs?: ExportFs;
  /** Called with (bundles done, total) before the first and after every bundle. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads for the reading, QA, rendering and writing (export-workers.ts); 0 does
   * everything on this thread. Default: defaultWorkerCount() for exports of WORKER_MIN_BUNDLES
   * bundles or more when the last export's workers are still waiting, and of
   * COLD_WORKER_MIN_BUNDLES or more when they would have to start. An injected `fs` always means
   * this thread, as the writes must go through it.
   */
  workers?: number;
}

/** A file-system failure as an error the user can act on. */
function writeError(error: unknown, outDir: string, done: number): PirdError {
  if (error instanceof PirdError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const kept =
    done > 0
      ? ` The ${done} bundle${done === 1 ? '' : 's'} finished before are complete; any being written when it stopped was removed.`
      : ' Nothing was left half-written.';
  switch (errorCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new PirdError(
        'disk-full',
        `The disk is full: the export to ${outDir} stopped.${kept} (${detail})`,
        {
          cause: error,
        },
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new PirdError(
        'permission-denied',
        `Pird may not write in ${outDir}: choose another folder.${kept} (${detail})`,
        { cause: error },
      );
    default:
      return new PirdError('io', `The export to ${outDir} failed.${kept} (${detail})`, { cause: error });
  }
}

function orderedLangs(langs: readonly Lang[] | undefined): Lang[] {
  const wanted = new Set(langs ?? LANGUAGES);
  return LANGUAGES.filter((lang) => wanted.has(lang));
}

async function selectIds(library: Library, request: ExportRequest): Promise<string[]> {
  if ((request.ids === undefined) === (request.edition === undefined))
    throw new PirdError('invalid-input', 'Export needs either article ids or an edition, not both.');
  let ids: string[];
  if (request.ids !== undefined) {
    ids = [...new Set(request.ids)];
  } else {
    const { date, desk } = request.edition!;
    const wantedDesk = desk?.normalize('NFC').trim();
    const list = await library.list();
    ids = list.articles
      .filter(
        (a) =>
          a.editionDate === date && (wantedDesk === undefined || wantedDesk === '' || a.desk === wantedDesk),
      )
      .map((a) => a.id)
      .sort();
    if (ids.length === 0) {
      throw new PirdError(
        'not-found',
        `No article is in the edition of ${date}${wantedDesk ? ` on the ${wantedDesk} desk` : ''}.`,
      );
    }
  }
  if (ids.length === 0) throw new PirdError('invalid-input', 'Export needs at least one article.');
  return ids;
}

async function readIfExists(fs: ExportFs, file: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(file);
  } catch {
    return null;
  }
}

/** The article id of the bundle at `target`, or null when it is not a Pird bundle. */
async function bundleOwner(fs: ExportFs, target: string, zip: boolean): Promise<string | null> {
  if (zip) {
    const data = await readIfExists(fs, target);
    const manifest = data === null ? null : manifestFromZip(data);
    return manifest === null ? null : bundleArticleId(manifest);
  }
  const manifest = await readIfExists(fs, path.join(target, MANIFEST_FILE));
  return manifest === null ? null : bundleArticleId(manifest.toString('utf8'));
}

/**
 * Runs `fn` over `items`, at most `limit` at a time, results in input order. After a failure no
 * new item starts; the ones running finish (each cleans up after itself), then the first error is
 * thrown.
 */
async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}

/**
 * The export's positions in batches of LOAD_BATCH, each of one residue modulo `stride` (i, i + n,
 * i + 2n, … for n workers): a batch goes to one worker, and the bundles, built in position order,
 * still take turns between the workers.
 */
function loadBatches(ids: readonly string[], stride: number): { index: number; id: string }[][] {
  const batches: { index: number; id: string }[][] = [];
  for (let first = 0; first < ids.length; first += stride * LOAD_BATCH) {
    for (let lane = first; lane < Math.min(first + stride, ids.length); lane++) {
      const batch = [];
      for (let index = lane; index < ids.length && batch.length < LOAD_BATCH; index += stride)
        batch.push({ index, id: ids[index]! });
      batches.push(batch);
    }
  }
  return batches;
}

/** Removes what killed or failed exports left behind; `existing` (name key -> name) learns of restored bundles. */
async function removeLeftovers(
  fs: ExportFs,
  outDir: string,
  names: string[],
  existing: Map<string, string>,
): Promise<void> {
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX) && !name.startsWith(ASIDE_PREFIX)) continue;
    const full = path.join(outDir, name);
    try {
      // A bundle moved aside by an export that was killed before its successor moved in: put it back
      // (once it is old enough that no running export can still be between its two renames).
      const aside = parseAsideName(name);
      const key = aside === null ? null : nameKey(aside.bundleName);
      if (
        aside !== null &&
        key !== null &&
        Date.now() - aside.movedAtMs > LEFTOVER_MS &&
        !existing.has(key)
      ) {
        await fs.rename(full, assertInside(outDir, path.join(outDir, aside.bundleName)));
        existing.set(key, aside.bundleName);
        continue;
      }
      const stat = await fs.stat(full);
      if (Date.now() - stat.mtimeMs > LEFTOVER_MS) await fs.rm(full, { recursive: true, force: true });
    } catch {
      // Gone already, or not removable: ignored either way.
    }
  }
}

/** The QA of the given articles over the given languages with the library's settings. */
export async function runQa(
  library: Library,
  articles: readonly Article[],
  langs?: readonly Lang[],
): Promise<QaRunResult> {
  const settings = await library.getSettings();
  const glossary = await readGlossary(library.dir);
  const findings = articles.flatMap((article) =>
    qaArticle(article, {
      langs: orderedLangs(langs),
      settings,
      ...(glossary.entries.length > 0 ? { glossary } : {}),
    }),
  );
  return { summary: summarizeFindings(findings), findings };
}

export async function exportBundles(
  library: Library,
  request: ExportRequest,
  context: ExportContext,
): Promise<ExportResult> {
  const fs = context.fs ?? fsPromises;
  if (!path.isAbsolute(request.outDir))
    throw new PirdError(
      'invalid-input',
      `The export folder must be an absolute path, got "${request.outDir}".`,
    );
  const outDir = path.resolve(request.outDir);
  const date = normalizeExportDate(request.date);
  const langs = orderedLangs(request.langs);
  if (langs.length === 0) throw new PirdError('invalid-input', 'Export needs at least one language.');
  const ids = await selectIds(library, request);
  const settings = await library.getSettings();

  const total = ids.length;
  let done = 0;
  // Progress at least every PROGRESS_INTERVAL_MS while the event loop is free (the UI's bar stays
  // alive through the reading and QA of a large edition), and at every finished bundle.
  const progress = context.onProgress;
  const heartbeat = progress ? setInterval(() => progress(done, total), PROGRESS_INTERVAL_MS) : undefined;
  heartbeat?.unref();
  try {
    progress?.(0, total);
    return await exportSelected();
  } finally {
    clearInterval(heartbeat);
  }

  async function exportSelected(): Promise<ExportResult> {
    const fonts = await (context.fonts ?? (() => loadExportFonts()))();
    const wanted =
      context.fs !== undefined || ids.length < WORKER_MIN_BUNDLES
        ? 0
        : (context.workers ?? defaultWorkerCount());
    // The last export's workers if they are still waiting (warm), or new ones started now, so that
    // they load while the first articles are read; by default, not for a small export, which is
    // faster here than in new workers. Workers are an optimisation: whatever stops them from
    // starting, this thread does the work.
    const setup = { fonts, libraryDir: library.dir };
    const kept = wanted > 0 ? ExportWorkerPool.takeIdle(wanted, setup) : null;
    const workerCount =
      kept === null && context.workers === undefined && ids.length < COLD_WORKER_MIN_BUNDLES ? 0 : wanted;
    const starting =
      kept !== null ? Promise.resolve(kept) : ExportWorkerPool.start(workerCount, setup).catch(() => null);
    try {
      return await exportWith(fonts, starting, workerCount, kept);
    } finally {
      await (await starting)?.release();
    }
  }

  async function exportWith(
    fonts: EmbeddedFont[],
    starting: Promise<ExportWorkerPool | null>,
    workerCount: number,
    kept: ExportWorkerPool | null,
  ): Promise<ExportResult> {
    let started = kept;
    void starting.then((pool) => (started = pool));
    // Read and check the articles in batches, so QA work is spread between reads. Once the workers
    // are up they read and check the rest (and keep them for their bundles); before, this thread
    // does.
    const batches = loadBatches(ids, Math.max(1, workerCount));
    const checked = (
      await mapConcurrent(batches, READ_CONCURRENCY, async (batch): Promise<CheckedArticle[]> => {
        const pool = started;
        if (pool !== null) {
          const files = batch.map(({ index, id }) => ({ index, id, file: library.articleFile(id) }));
          const loaded = await pool.load(files, langs, settings);
          return batch.map(({ index, id }, i) => ({ index, id, article: null, ...loaded[i]! }));
        }
        const here: CheckedArticle[] = [];
        for (const { index, id } of batch) {
          const article = await library.get(id);
          here.push({
            index,
            id,
            article,
            slug: bundleSlug(article),
            findings: qaArticle(article, { langs, settings }),
          });
        }
        return here;
      })
    )
      .flat()
      .sort((a, b) => a.index - b.index);
    const pool = await starting;
    const perArticle = checked.map((c) => c.findings);
    const findings = perArticle.flat();
    const qa = { summary: summarizeFindings(findings), findings };
    const result: ExportResult = {
      status: 'blocked',
      outDir,
      date,
      languages: langs,
      bundles: [],
      edition: null,
      qa,
    };
    if (qa.summary.errors > 0 && !request.force) return result;

    try {
      try {
        await fs.mkdir(outDir, { recursive: true });
      } catch (error) {
        if (errorCode(error) === 'EEXIST' || errorCode(error) === 'ENOTDIR')
          throw new PirdError('invalid-input', `${outDir} is a file, not a folder.`);
        throw error;
      }
      const existing = new Map<string, string>();
      const names = await fs.readdir(outDir);
      for (const name of names) existing.set(nameKey(name), name);
      await removeLeftovers(fs, outDir, names, existing);

      const editionFile = path.join(outDir, EDITION_FILE);
      if (request.edition !== undefined && existing.has(nameKey(EDITION_FILE))) {
        const current = await readIfExists(fs, editionFile);
        let format: unknown = null;
        try {
          format = (JSON.parse(current?.toString('utf8') ?? '') as { format?: unknown }).format;
        } catch {
          // Not JSON: not ours.
        }
        if (format !== EDITION_FORMAT)
          throw new PirdError(
            'invalid-input',
            `${editionFile} exists and is not a Pird edition file: choose another folder.`,
          );
      }

      // Names first, in article order, so they do not depend on which bundle finishes first: the
      // first free name, not used by this export, either absent or this same article's bundle.
      const used = new Set<string>();
      const zip = request.zip === true;
      const planned: {
        index: number;
        id: string;
        /** Null when a worker read it (and holds it). */
        article: Article | null;
        findings: QaFinding[];
        slug: string;
        target: string;
        replace: boolean;
      }[] = [];
      for (const [index, { id, article, slug: base }] of checked.entries()) {
        let slug = base;
        let replace = false;
        for (let n = 2; ; n++) {
          const key = nameKey(zip ? `${slug}.zip` : slug);
          if (!used.has(key)) {
            const onDisk = existing.get(key);
            if (onDisk === undefined) break;
            if ((await bundleOwner(fs, path.join(outDir, onDisk), zip)) === id) {
              replace = true;
              break;
            }
          }
          slug = `${base}-${n}`;
        }
        const name = zip ? `${slug}.zip` : slug;
        used.add(nameKey(name));
        const target = assertInside(outDir, path.join(outDir, existing.get(nameKey(name)) ?? name));
        planned.push({ index, id, article, findings: perArticle[index]!, slug, target, replace });
      }

      const sha256 = cachedSha256();
      const deflate = cachedDeflate();
      // Bundles are placed one at a time: a replacement is briefly absent (moved aside, its
      // successor not yet in), and a kill must find at most one bundle in that state.
      let placing: Promise<unknown> = Promise.resolve();
      const placeInTurn = (bundle: AssembledBundle): Promise<void> => {
        const turn = placing.then(() => placeFolderBundle(fs, outDir, bundle));
        placing = turn.catch(() => undefined);
        return turn;
      };
      const exportOne = async (plan: (typeof planned)[number]): Promise<ExportedBundle> => {
        const options: ExportOptions = {
          langs,
          date,
          baseUrl: settings.baseUrl,
          slug: plan.slug,
          generatorVersion: context.generatorVersion,
        };
        const job = { articleId: plan.id, options };
        // What a worker needs when it does not hold the article (read by this thread).
        const given = plan.article === null ? undefined : { article: plan.article, findings: plan.findings };
        // Without workers, this thread has the article and builds its bundle.
        const buildHere = async () => {
          const article = plan.article;
          if (article === null) throw new PirdError('internal', `Article ${plan.id} was not read.`);
          return buildBundle({
            article,
            options,
            fonts,
            qa: { summary: summarizeFindings(plan.findings), findings: plan.findings },
            sha256,
            // The article's image files (media/), read from the library's media store.
            media: await readArticleMedia(library.dir, article),
          });
        };
        let files: number;
        let bytes: number;
        let bundleQa: QaSummary;
        if (zip) {
          let data: Uint8Array;
          if (pool !== null) {
            ({ data, files, qa: bundleQa } = await pool.zip(plan.index, given, date, job));
          } else {
            const bundle = await buildHere();
            data = zipBundle(bundle.files, date, deflate);
            files = bundle.files.length;
            bundleQa = bundle.manifest.qa;
          }
          await writeFileAtomic(plan.target, data, fs);
          bytes = data.length;
        } else {
          // A worker renames its bundle into place itself, except one that replaces another.
          let temp: string | null;
          if (pool !== null) {
            const place = { outDir, target: plan.target, replace: plan.replace };
            ({ temp, files, bytes, qa: bundleQa } = await pool.folder(plan.index, given, place, job));
          } else {
            const bundle = await buildHere();
            temp = await assembleFolderBundle(fs, outDir, bundle.files);
            files = bundle.files.length;
            bytes = bundle.files.reduce((sum, f) => sum + f.size, 0);
            bundleQa = bundle.manifest.qa;
          }
          if (temp !== null) await placeInTurn({ temp, target: plan.target, replace: plan.replace });
        }
        done++;
        progress?.(done, total);
        return {
          articleId: plan.id,
          slug: plan.slug,
          name: path.basename(plan.target),
          path: plan.target,
          kind: zip ? 'zip' : 'folder',
          replaced: plan.replace,
          files,
          bytes,
          qa: bundleQa,
        };
      };
      const concurrency = pool === null ? BUNDLE_CONCURRENCY : BUNDLES_PER_WORKER * pool.size;
      result.bundles = await mapConcurrent(planned, concurrency, exportOne);

      if (request.edition !== undefined) {
        const edition = {
          date: request.edition.date,
          desk: request.edition.desk?.normalize('NFC').trim() || null,
          exportedAt: date,
          languages: langs,
          bundles: result.bundles.map((b) => ({
            articleId: b.articleId,
            slug: b.slug,
            path: b.name,
            kind: b.kind,
            qa: b.qa,
          })),
          generator: { name: GENERATOR_NAME, version: context.generatorVersion },
        };
        await writeFileAtomic(
          assertInside(outDir, editionFile),
          jsonFile({ format: EDITION_FORMAT, version: 1, ...edition }),
          fs,
        );
        result.edition = editionFile;
      }
    } catch (error) {
      throw writeError(error, outDir, done);
    }
    result.status = 'exported';
    return result;
  }
}
