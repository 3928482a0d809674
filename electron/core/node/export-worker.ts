// An export's worker thread (see export-workers.ts): reads its articles' files (or is given the
// articles the export read before the workers were up), runs their QA and keeps them; then builds
// their bundles (rendering, hashing, zipping) and writes folder bundles, moving new ones into place.
// The export's own thread keeps the decisions (the QA gate, the names) and swaps in the bundles
// that replace earlier ones. It also indexes runs of articles for a search index built in parallel.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { articleFromFileText } from '../article-file.ts';
import { PirdError } from '../errors.ts';
import type { BundleInput } from '../export/bundle.ts';
import { buildBundle } from '../export/bundle.ts';
import { bundleSlug } from '../export/slug.ts';
import { zipBundle } from '../export/zip.ts';
import type { Article } from '../model.ts';
import { LANGUAGES } from '../model.ts';
import { SearchIndex } from '../search/search-index.ts';
import type { FileIdentity } from './library-index.ts';
import { readArticleForIndex } from './library-search.ts';
import type { QaFinding } from '../qa/qa.ts';
import { qaArticle, summarizeFindings } from '../qa/qa.ts';
import { cachedDeflate } from './export-deflate.ts';
import { cachedSha256 } from './export-hash.ts';
import { errorCode } from './export-folder-writer.ts';
import { streamedBundleFiles, writeFolderBundle } from './export-worker-folder.ts';
import type {
  BundleJob,
  WorkerError,
  WorkerReply,
  WorkerRequest,
  WorkerSetup,
} from './export-worker-protocol.ts';
import { WORKER_READY } from './export-worker-protocol.ts';
import { readArticleMedia } from './media-store.ts';
import { decodeUtf8 } from './utf8.ts';

const port = parentPort;
if (port === null) throw new Error('export-worker.ts runs as a worker thread only.');
const { fonts, libraryDir } = workerData as WorkerSetup;
const sha256 = cachedSha256();
const deflate = cachedDeflate();
/** The articles read and checked here, with their QA, until their bundle is built. */
const held = new Map<string, { article: Article; findings: QaFinding[] }>();

/** What a bundle is built from: the article held here (or given) with its QA, and its images. */
async function bundleInput(job: BundleJob): Promise<BundleInput> {
  const checked = job.given ?? held.get(job.articleId);
  if (checked === undefined)
    throw new PirdError('internal', `The export worker was asked for ${job.articleId} before its QA.`);
  held.delete(job.articleId);
  const { article, findings } = checked;
  return {
    article,
    options: job.options,
    fonts,
    qa: { summary: summarizeFindings(findings), findings },
    sha256,
    // The article's image files (media/), read from the library's media store.
    media: await readArticleMedia(libraryDir, article),
  };
}

/** An article file, read the way Library.get() reads it (a worker may block on a read). */
function readArticle(id: string, file: string): Article {
  let raw: string;
  try {
    raw = decodeUtf8(readFileSync(file));
  } catch (error) {
    if (errorCode(error) === 'ENOENT')
      throw new PirdError('not-found', `There is no article "${id}" in this library.`);
    throw error;
  }
  return articleFromFileText(raw, path.basename(file));
}

async function handle(request: WorkerRequest): Promise<{ reply: WorkerReply; transfer: ArrayBuffer[] }> {
  switch (request.kind) {
    case 'load': {
      const loaded = request.articles.map(({ id, file }) => {
        const article = readArticle(id, file);
        const findings = qaArticle(article, { langs: request.langs, settings: request.settings });
        held.set(id, { article, findings });
        return { findings, slug: bundleSlug(article) };
      });
      return { reply: { job: request.job, ok: true, kind: 'load', loaded }, transfer: [] };
    }
    case 'folder': {
      const input = await bundleInput(request);
      const files = streamedBundleFiles(input, sha256);
      const { temp, bytes } = await writeFolderBundle(
        request.outDir,
        request.target,
        files,
        !request.replace,
      );
      const reply: WorkerReply = {
        job: request.job,
        ok: true,
        kind: 'folder',
        temp,
        files: files.length,
        bytes,
        qa: input.qa.summary,
      };
      return { reply, transfer: [] };
    }
    case 'index-shard': {
      const builder = SearchIndex.builder();
      const identities: [string, FileIdentity][] = [];
      for (const id of request.ids) {
        const read = readArticleForIndex(libraryDir, id);
        if (read === null) continue;
        identities.push([id, read.identity]);
        if (read.article !== null) builder.add(read.article);
      }
      const shard = builder.shard();
      const transfer = LANGUAGES.flatMap((lang) => [
        shard.docs[lang].postings.buffer as ArrayBuffer,
        shard.docs[lang].starts.buffer as ArrayBuffer,
      ]);
      return { reply: { job: request.job, ok: true, kind: 'index-shard', shard, identities }, transfer };
    }
    case 'forget':
      held.clear();
      return { reply: { job: request.job, ok: true, kind: 'forget' }, transfer: [] };
    case 'zip': {
      const bundle = await buildBundle(await bundleInput(request));
      const data = zipBundle(bundle.files, request.date, deflate);
      const reply: WorkerReply = {
        job: request.job,
        ok: true,
        kind: 'zip',
        data,
        files: bundle.files.length,
        qa: bundle.manifest.qa,
      };
      return { reply, transfer: [data.buffer as ArrayBuffer] };
    }
  }
}

function workerError(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PirdError) return { message, code: error.code, kind: 'pird' };
  const code = errorCode(error);
  return code === undefined ? { message, kind: 'other' } : { message, code, kind: 'errno' };
}

// Replies go out together once the requests waiting here are handled: one message (and one wake-up
// of the export's thread) for many bundles rather than one each.
let outgoing: { replies: WorkerReply[]; transfer: ArrayBuffer[] } | null = null;

function send(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  // Except the QA of a run of articles: held back, it left this worker idle once its queue of
  // runs was done, until the export's thread had read the replies and sent more (a quarter of
  // the reading and QA phase, measured).
  if (reply.ok && reply.kind === 'load') {
    port!.postMessage([reply], transfer);
    return;
  }
  if (outgoing === null) {
    outgoing = { replies: [], transfer: [] };
    setImmediate(() => {
      const batch = outgoing!;
      outgoing = null;
      port!.postMessage(batch.replies, batch.transfer);
    });
  }
  outgoing.replies.push(reply);
  outgoing.transfer.push(...transfer);
}

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    ({ reply, transfer }) => send(reply, transfer),
    (error: unknown) => send({ job: request.job, ok: false, error: workerError(error) }),
  );
});
port.postMessage(WORKER_READY);
