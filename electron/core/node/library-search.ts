// The search index of one open library: loaded from its persisted copy (search-index.json) or
// built on first use (the first search reads every article once), then kept current without
// rereading the library:
// - saves made through this Library object arrive through its change hook, under the library lock,
//   and update the index in O(article) (Library.onArticleChange);
// - changes made by other processes (the CLI while the app runs, another window) are noticed by the
//   identity of the library's folders (two stat calls per search: a save renames a file into the
//   articles folder, which changes the folder's mtime); only then are the files' identities compared
//   (Library.scanStored) and the changed ones reread.
// The persisted copy is written after a build and once enough changes have gathered (writing ~50 MB
// for a handful of saves would cost more than rereading those few files at the next start). It is
// keyed by file identity: at load, every file whose identity differs is read again, files that are
// gone are dropped, and a damaged file is rebuilt from the articles.
// Known limit: a change by another process within the same file-system timestamp tick as the
// folder state the index last saw is missed until the next change (sync's scan shares this limit).
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { parseArticleFile } from '../envelope.ts';
import type { Article } from '../model.ts';
import { SearchIndex } from '../search/search-index.ts';
import {
  SEARCH_INDEX_FILE,
  parseSearchIndexFile,
  serializeSearchIndexFile,
} from '../search/search-index-file.ts';
import { queryTerms } from '../search/tokenize.ts';
import type { SearchRequest } from '../search/search-index.ts';
import type { ConcordanceResult, SearchResult, TmSuggestResult } from '../search/types.ts';
import type { ConcordanceRequest, SuggestOptions } from '../tm/tm.ts';
import { concordance, suggestTranslations } from '../tm/tm.ts';
import { ImportedMemory } from '../tm/imported-memory.ts';
import { TM_IMPORTED_FILE, readImportedTm } from './glossary-store.ts';
import type { Lang } from '../model.ts';
import type { FileIdentity } from './library-index.ts';
import type { WorkerReply } from './export-worker-protocol.ts';
import { ExportWorkerPool, defaultWorkerCount } from './export-workers.ts';
import { identityOf, sameIdentity } from './library-index.ts';
import type { ArticleChange, Library, StoredFolders } from './library.ts';
import { writeFileDurable } from './durable-write.ts';
import { decodeUtf8 } from './utf8.ts';

/** Articles kept parsed for showing results: the texts of the best matches of recent searches. */
const CACHE_SIZE = 512;
/** Article files read between two yields to the event loop while building. */
const READ_BATCH = 250;
/** Changed articles after which the persisted index is rewritten (see the header). */
export const PERSIST_AFTER_CHANGES = 200;
/** Quiet time before a rewrite prompted by saves in this process. */
const PERSIST_DELAY_MS = 10_000;

/** How the index was made ready when this object first needed it. */
export interface SearchIndexStart {
  /** 'file': loaded from search-index.json; 'articles': built by reading every article. */
  from: 'file' | 'articles';
  /** Article files read (all of them when built; those changed since the file was written when loaded). */
  reread: number;
  /** Why the persisted index was not used, when it was not. */
  rebuiltBecause: string | null;
  ms: number;
}

/**
 * An article file for the bulk build, read synchronously: for 10,000 small files the async calls'
 * round trips through the thread pool cost more than the reading. The identity and the text come
 * from one open file (writers replace files by rename), as in Library. Null when the file is gone;
 * article null when it cannot be used (the library lists it as unreadable; search skips it).
 */
export function readArticleForIndex(
  dir: string,
  id: string,
): { identity: FileIdentity; article: Article | null } | null {
  const fileName = `${id}.json`;
  let fd: number;
  try {
    fd = openSync(path.join(dir, 'articles', fileName), 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
  try {
    const identity = identityOf(fstatSync(fd, { bigint: true }));
    const parsed = parseArticleFile(decodeUtf8(readFileSync(fd)), fileName);
    return { identity, article: parsed.ok && parsed.article.id === id ? parsed.article : null };
  } finally {
    closeSync(fd);
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function sameFolder(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a === null || b === null ? a === b : sameIdentity(a, b);
}

function sameFolders(a: StoredFolders, b: StoredFolders): boolean {
  return sameFolder(a.articles, b.articles) && sameFolder(a.trash, b.trash);
}

const instances = new WeakMap<Library, LibrarySearch>();

export class LibrarySearch {
  #index = new SearchIndex();
  readonly #library: Library;
  /** Identity of the file each indexed (or unreadable) article was read from. */
  readonly #identities = new Map<string, FileIdentity>();
  /** The folders as the index knows them; null before the first build. */
  #folders: StoredFolders | null = null;
  #built: Promise<void> | null = null;
  #refreshing: Promise<void> | null = null;
  /** Change counter: a file read before a hooked change of the same article must not overwrite it. */
  #seq = 0;
  readonly #changedAt = new Map<string, number>();
  readonly #cache = new Map<string, Article>();
  /** Hooked changes that arrive while the index is being built or loaded: applied to it afterwards. */
  #pending: Map<string, ArticleChange> | null = null;
  /** Articles changed since the persisted index was written. */
  #unsaved = 0;
  #persistTimer: ReturnType<typeof setTimeout> | null = null;
  /** False when search-index.json was written by a newer Pird: it is then left alone. */
  #writable = true;
  #start: SearchIndexStart | null = null;
  #persisting: Promise<void> | null = null;
  /** The imported translation memory, indexed, with the identity of the file it was read from. */
  #imported: { identity: string; memory: ImportedMemory } | null = null;

  /** The index itself (replaced once, when it is built or loaded). */
  get index(): SearchIndex {
    return this.#index;
  }

  /** How the index was made ready (null before the first search). */
  get start(): SearchIndexStart | null {
    return this.#start;
  }

  private constructor(library: Library) {
    this.#library = library;
    library.onArticleChange((change) => this.#onChange(change));
  }

  /** The one search index of a Library object (created on first use). */
  static of(library: Library): LibrarySearch {
    let search = instances.get(library);
    if (search === undefined) {
      search = new LibrarySearch(library);
      instances.set(library, search);
    }
    return search;
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    // A query without words (punctuation, spaces) needs no index.
    if (queryTerms(request.query).length === 0)
      return { query: request.query, terms: [], total: 0, groups: [] };
    await this.ensureFresh();
    return this.#index.search(request, (id) => this.load(id));
  }

  /** Translation-memory suggestions for one segment (the article is read as stored now). */
  async suggest(
    request: { articleId: string; segmentId: string; lang: Lang } & Omit<SuggestOptions, 'imported'>,
  ): Promise<TmSuggestResult> {
    const article = await this.#library.get(request.articleId);
    await this.ensureFresh();
    return suggestTranslations(this.#index, article, request.segmentId, request.lang, (id) => this.load(id), {
      limit: request.limit,
      minMatch: request.minMatch,
      imported: await this.importedMemory(),
    });
  }

  async concordance(request: ConcordanceRequest): Promise<ConcordanceResult> {
    await this.ensureFresh();
    return concordance(this.#index, request, (id) => this.load(id), {
      imported: await this.importedMemory(),
    });
  }

  /**
   * The pairs imported from TMX files (tm-imported.json), indexed once and again only when the
   * file changes (an import here or by another process replaces it): one stat per lookup.
   */
  async importedMemory(): Promise<ImportedMemory> {
    const file = path.join(this.#library.dir, TM_IMPORTED_FILE);
    let identity: string;
    try {
      const stat = await fsPromises.stat(file);
      identity = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ImportedMemory.empty;
      throw error;
    }
    if (this.#imported?.identity === identity) return this.#imported.memory;
    const memory = new ImportedMemory(await readImportedTm(this.#library.dir));
    this.#imported = { identity, memory };
    return memory;
  }

  /** Builds the index on first use; afterwards picks up what other processes changed. */
  async ensureFresh(): Promise<void> {
    if (this.#built === null) {
      this.#built = this.#build();
      this.#built.catch(() => {
        this.#built = null; // an I/O error: the next search tries again
      });
    }
    await this.#built;
    if (this.#folders !== null && sameFolders(this.#library.storedFolders(), this.#folders)) return;
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = null;
    });
    await this.#refreshing;
  }

  /** An article as stored now (null: not in the library, or unreadable), through a small cache. */
  async load(id: string): Promise<Article | null> {
    const cached = this.#cache.get(id);
    if (cached !== undefined) {
      this.#cache.delete(id);
      this.#cache.set(id, cached);
      return cached;
    }
    const stored = await this.#library.readStored(id);
    if (stored === null || stored.location !== 'articles' || !stored.parsed.ok) return null;
    this.#remember(stored.parsed.article);
    return stored.parsed.article;
  }

  #remember(article: Article): void {
    this.#cache.delete(article.id);
    this.#cache.set(article.id, article);
    if (this.#cache.size > CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
  }

  #onChange(change: ArticleChange): void {
    if (this.#built === null) return; // nothing built yet: the build reads the files as they are
    this.#seq += 1;
    this.#changedAt.set(change.id, this.#seq);
    this.#cache.delete(change.id);
    if (this.#pending !== null) {
      this.#pending.set(change.id, change);
      return;
    }
    this.#apply(change);
    if (this.#folders !== null && sameFolders(this.#folders, change.folders.before))
      this.#folders = change.folders.after;
    this.#unsaved += 1;
    if (this.#unsaved >= PERSIST_AFTER_CHANGES && this.#persistTimer === null) {
      this.#persistTimer = setTimeout(() => {
        this.#persistTimer = null;
        void this.persist();
      }, PERSIST_DELAY_MS);
      this.#persistTimer.unref?.();
    }
  }

  #apply(change: ArticleChange): void {
    if (change.article === null) {
      this.#index.removeArticle(change.id);
      this.#identities.delete(change.id);
    } else {
      this.#index.setArticle(change.article);
      if (change.identity === null) this.#identities.delete(change.id);
      else this.#identities.set(change.id, change.identity);
    }
  }

  async #build(): Promise<void> {
    const started = performance.now();
    // The folders first: anything that changes while the files are read changes them again.
    const folders = this.#library.storedFolders();
    const scan = this.#library.scanStored();
    if (scan === null) return;
    this.#pending = new Map();
    try {
      const loaded = await this.#loadPersisted();
      let start: Omit<SearchIndexStart, 'ms'>;
      if (loaded.ok) {
        const reread = await this.#catchUp(scan.articles.files);
        start = { from: 'file', reread, rebuiltBecause: null };
      } else {
        await this.#buildFromArticles([...scan.articles.files.keys()]);
        start = { from: 'articles', reread: scan.articles.files.size, rebuiltBecause: loaded.reason };
        this.#unsaved = Math.max(this.#unsaved, PERSIST_AFTER_CHANGES);
      }
      for (const change of this.#pending.values()) this.#apply(change);
      this.#unsaved += this.#pending.size;
      this.#start = { ...start, ms: performance.now() - started };
    } finally {
      this.#pending = null;
    }
    this.#folders = folders;
    // Written after the search that needed the index has its answer (a CLI process waits for it).
    if (this.#unsaved >= PERSIST_AFTER_CHANGES) this.#persisting = nextTurn().then(() => this.persist());
  }

  /** Waits for a write of search-index.json in progress (tests, benchmarks, shutting down). */
  async flush(): Promise<void> {
    await this.#persisting;
  }

  /** Reads search-index.json into the index; says why when it cannot be used. */
  async #loadPersisted(): Promise<{ ok: true } | { ok: false; reason: string }> {
    let raw: string;
    try {
      raw = await fsPromises.readFile(path.join(this.#library.dir, SEARCH_INDEX_FILE), 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { ok: false, reason: `there is no ${SEARCH_INDEX_FILE}` };
      throw error;
    }
    const parsed = parseSearchIndexFile(raw);
    if (!parsed.ok) {
      if (parsed.code === 'newer-version') this.#writable = false;
      return { ok: false, reason: parsed.reason };
    }
    try {
      this.#index = SearchIndex.fromSnapshot(parsed.value.snapshot);
    } catch (error) {
      return { ok: false, reason: `${SEARCH_INDEX_FILE} is damaged: ${(error as Error).message}` };
    }
    for (const [id, identity] of parsed.value.files) this.#identities.set(id, identity);
    return { ok: true };
  }

  /**
   * Libraries at least this large are indexed by worker threads (one per core, each a contiguous
   * part, merged here), where the machine has two cores or more. Tests lower it.
   */
  static parallelMin = 2000;

  /** Reads every article file into a new index, in one bulk build, yielding now and then. */
  async #buildFromArticles(ids: string[]): Promise<void> {
    const builder = SearchIndex.builder();
    this.#identities.clear();
    const parts = ids.length >= LibrarySearch.parallelMin ? await this.#indexInWorkers(ids) : null;
    if (parts !== null) {
      for (const { shard, identities } of parts) {
        builder.addShard(shard);
        for (const [id, identity] of identities) this.#identities.set(id, identity);
      }
      this.#index = builder.finish();
      return;
    }
    for (let i = 0; i < ids.length; i++) {
      if (i > 0 && i % READ_BATCH === 0) await nextTurn();
      const id = ids[i]!;
      const read = readArticleForIndex(this.#library.dir, id);
      if (read === null) continue;
      this.#identities.set(id, read.identity);
      if (read.article !== null) builder.add(read.article);
    }
    this.#index = builder.finish();
  }

  /**
   * The index parts of `ids` (in order), read and tokenized by worker threads; null where they
   * cannot help (one core) or do not start, or when one fails: the build then runs here, and an
   * error that is the files' own (a folder Pird may not read) is reported from there.
   */
  async #indexInWorkers(ids: string[]): Promise<Extract<WorkerReply, { kind: 'index-shard' }>[] | null> {
    const count = defaultWorkerCount();
    if (count < 2) return null;
    const pool = await ExportWorkerPool.start(count, { fonts: [], libraryDir: this.#library.dir });
    if (pool === null) return null;
    try {
      const size = Math.ceil(ids.length / pool.size);
      return await Promise.all(
        Array.from({ length: pool.size }, (_, w) => pool.indexShard(w, ids.slice(w * size, (w + 1) * size))),
      );
    } catch {
      return null;
    } finally {
      await pool.close();
    }
  }

  /** Brings a loaded index up to the files as they are: rereads the changed ones. Returns how many. */
  async #catchUp(files: ReadonlyMap<string, FileIdentity>): Promise<number> {
    let reread = 0;
    for (const [id, identity] of files) {
      const known = this.#identities.get(id);
      if (known !== undefined && sameIdentity(known, identity)) continue;
      await this.#reread(id);
      reread += 1;
    }
    for (const id of [...this.#identities.keys()]) {
      if (!files.has(id)) {
        this.#forget(id);
        reread += 1;
      }
    }
    this.#unsaved += reread;
    return reread;
  }

  async #refresh(): Promise<void> {
    const folders = this.#library.storedFolders();
    const scan = this.#library.scanStored();
    if (scan === null) return;
    await this.#catchUp(scan.articles.files);
    this.#folders = folders;
    if (this.#unsaved >= PERSIST_AFTER_CHANGES) await this.persist();
  }

  /**
   * Writes the index to search-index.json (atomically and durably). The index is derived: a
   * failure (read-only folder, full disk) is not an error for the search that prompted it, and
   * the next start rereads what the file lacks.
   */
  async persist(): Promise<void> {
    if (this.#persistTimer !== null) {
      clearTimeout(this.#persistTimer);
      this.#persistTimer = null;
    }
    if (!this.#writable || this.#built === null) return;
    // One synchronous snapshot of the index and the identities it was built from.
    const text = serializeSearchIndexFile({
      files: new Map(this.#identities),
      snapshot: this.#index.toSnapshot(),
    });
    const unsaved = this.#unsaved;
    this.#unsaved = 0;
    try {
      await writeFileDurable(path.join(this.#library.dir, SEARCH_INDEX_FILE), text);
    } catch {
      this.#unsaved += unsaved;
    }
  }

  #forget(id: string): void {
    this.#index.removeArticle(id);
    this.#identities.delete(id);
    this.#cache.delete(id);
  }

  async #reread(id: string): Promise<void> {
    const seq = this.#seq;
    const stored = await this.#library.readStored(id);
    if ((this.#changedAt.get(id) ?? 0) > seq) return; // a save through the hook came first
    if (stored === null || stored.location !== 'articles') {
      this.#forget(id);
      return;
    }
    this.#identities.set(id, stored.identity);
    this.#cache.delete(id);
    if (stored.parsed.ok) this.#index.setArticle(stored.parsed.article);
    else this.#index.removeArticle(id); // unreadable: listed by the library, not searchable
  }
}
