// The local library: a folder with one lowdb file per article, the library file and a derived index.
//
//   <dir>/library.json          { format: 'pird.library', version: 1, createdAt }
//   <dir>/articles/<id>.json    { format: 'pird.article', version: 1, article }   (one per article)
//   <dir>/index.json            summaries of the article files, keyed by file identity (derived)
//   <dir>/.lock                 the library lock while a process writes
//
// A save rewrites one article file, durably, under the library lock: its cost grows with the
// article, never with the library (index.json is not touched; list() notices the change by the
// file's identity). Files that cannot be read are listed with the reason and never overwritten.
import { readdirSync, statSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import type { ArticleList, ImportResult, MetaPatch } from '../contract.ts';
import { createArticle, isValidArticleId, newArticleId, summarizeArticle } from '../article-ops.ts';
import { articleSchema, parseEnvelope, serializeArticleFile, serializeEnvelope } from '../envelope.ts';
import { PirdError } from '../errors.ts';
import { readArticleText, unreadableError } from '../article-file.ts';
import type { ImportedArticle } from '../import/imported-article.ts';
import { applyImport } from '../import/imported-article.ts';
import { parseImportFile } from '../import/index.ts';
import type { LibrarySettings, LibrarySettingsPatch } from '../library-settings.ts';
import { applyLibrarySettingsPatch } from '../library-settings.ts';
import type { Article, ArticleSummary, Lang, UnreadableArticle } from '../model.ts';
import { DurableJsonFile, isTempFileName, syncFolder, writeFileDurable } from './durable-write.ts';
import type { FileIdentity, IndexEntry } from './library-index.ts';
import { INDEX_FILE, identityOf, parseIndex, sameIdentity, serializeIndex } from './library-index.ts';
import { LOCK_FILE, withLibraryLock } from './library-lock.ts';
import { readLibrarySettings, writeLibrarySettings } from './library-settings-file.ts';
import { decodeUtf8 } from './utf8.ts';

const LIBRARY_FILE = 'library.json';
const LIBRARY_FORMAT = 'pird.library';
const LIBRARY_FORMAT_VERSION = 1;
const ARTICLES_DIR = 'articles';
/** Deleted articles, restorable: `<dir>/trash/<id>.json`, never listed with the articles. */
const TRASH_DIR = 'trash';
/** A temp file older than this is a crash leftover: no write takes a minute. */
const TEMP_LEFTOVER_MS = 60_000;
/** Files stat'ed or read at once while listing: enough to hide latency, few enough for file-handle limits. */
const LIST_CONCURRENCY = 32;

const libraryEnvelopeSchema = z.object({
  format: z.literal(LIBRARY_FORMAT),
  version: z.literal(LIBRARY_FORMAT_VERSION),
  createdAt: z.string(),
});

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function nowIso(): string {
  return new Date().toISOString();
}

/**
 * A change this Library object made to an article file (derived indexes such as search follow it).
 * `article` is null when the article left the library (trash). `folders` is the identity of the
 * library's folders just before and just after the change: both are taken under the library lock,
 * so a listener that knew the folders as `before` knows them as `after` without rescanning.
 */
export interface ArticleChange {
  id: string;
  article: Article | null;
  identity: FileIdentity | null;
  folders: { before: StoredFolders; after: StoredFolders };
}
export type ArticleChangeListener = (change: ArticleChange) => void;

export interface CreateArticleRequest {
  sourceLang: Lang;
  headline?: string;
  meta?: MetaPatch;
}

export class Library {
  readonly dir: string;
  readonly #articlesDir: string;
  /** file name -> what the file held when it had this identity; shared by list() calls. */
  readonly #entries = new Map<string, IndexEntry>();
  #indexLoaded = false;
  /** True when #entries differs from index.json on disk. */
  #indexDirty = false;
  /** False when index.json was written by a newer Pird: it is then neither used nor overwritten. */
  #indexWritable = true;
  readonly #changeListeners = new Set<ArticleChangeListener>();

  private constructor(dir: string) {
    this.dir = dir;
    this.#articlesDir = path.join(dir, ARTICLES_DIR);
  }

  /** Opens (creating if needed) the library in `dir`; refuses a library made by a newer Pird. */
  static async open(dir: string): Promise<Library> {
    const library = new Library(path.resolve(dir));
    await fsPromises.mkdir(library.#articlesDir, { recursive: true });
    await library.#removeTempLeftovers(library.dir);
    const file = path.join(library.dir, LIBRARY_FILE);
    let raw: string | null = null;
    try {
      raw = await fsPromises.readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    if (raw === null) {
      await writeFileDurable(
        file,
        serializeEnvelope(LIBRARY_FORMAT, LIBRARY_FORMAT_VERSION, { createdAt: nowIso() }),
      );
      return library;
    }
    const parsed = parseEnvelope(raw, LIBRARY_FILE, {
      format: LIBRARY_FORMAT,
      currentVersion: LIBRARY_FORMAT_VERSION,
      migrations: {},
      schema: libraryEnvelopeSchema,
      description: 'library file',
    });
    if (!parsed.ok) {
      if (parsed.code === 'newer-version') {
        throw new PirdError(
          'newer-version',
          `The library in ${library.dir} was made by a newer Pird: ${parsed.reason}`,
        );
      }
      throw new PirdError(
        'unreadable',
        `${library.dir} is not a Pird library Pird can open: ${parsed.reason}`,
      );
    }
    return library;
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  /** Summaries of all articles, newest first, and the article files that cannot be used. */
  async list(): Promise<ArticleList> {
    await this.#refresh({ waitForLock: false });
    const articles: ArticleSummary[] = [];
    const unreadable: UnreadableArticle[] = [];
    for (const entry of this.#entries.values()) {
      if ('summary' in entry) articles.push(entry.summary);
      else unreadable.push(entry.unreadable);
    }
    articles.sort((a, b) =>
      a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.id < b.id ? -1 : 1,
    );
    unreadable.sort((a, b) => (a.file < b.file ? -1 : 1));
    return { articles, unreadable };
  }

  /** One article, read from disk. Throws not-found, unreadable or newer-version. */
  async get(id: string): Promise<Article> {
    const article = await this.#read(id);
    if (article === null) throw new PirdError('not-found', `There is no article "${id}" in this library.`);
    return article;
  }

  /** Drops the index (memory and disk) and reads every article file again. */
  async rebuildIndex(): Promise<void> {
    this.#entries.clear();
    this.#indexLoaded = true;
    this.#indexDirty = true;
    this.#indexWritable = true;
    await this.#refresh({ waitForLock: true });
  }

  // ------------------------------------------------------------------------------------------
  // Writing: every write holds the library lock and re-reads what it changes from disk.

  async create(input: CreateArticleRequest, author: string): Promise<Article> {
    return withLibraryLock(this.dir, async () => {
      let id = newArticleId();
      // 60 random bits make a collision unthinkable, but checking is cheap.
      while ((await this.#read(id).catch(() => true)) !== null) id = newArticleId();
      const article = createArticle({ ...input, id }, author, nowIso());
      await this.#write(article);
      return article;
    });
  }

  /**
   * Applies `change` to the article as it is on disk now (another process may have saved since
   * this one last read it), then saves it with the revision bumped. A change that alters nothing
   * saves nothing and returns the article as it was. Refuses files that cannot be read.
   */
  async update(id: string, change: (article: Article, now: string) => Article): Promise<Article> {
    return withLibraryLock(this.dir, async () => {
      const current = await this.get(id);
      const before = serializeArticleFile(current);
      const now = nowIso();
      const changed = change(current, now);
      if (serializeArticleFile(changed) === before) return current;
      const next: Article = {
        ...changed,
        id: current.id,
        createdAt: current.createdAt,
        updatedAt: now,
        revision: current.revision + 1,
      };
      await this.#write(next);
      return next;
    });
  }

  /**
   * Imports files (plain text, Markdown, corpus JSON). Every file is parsed and every update worked
   * out before anything is written, so one bad file leaves the library untouched. A file carrying
   * an article id updates that article (see applyImport); others create new articles.
   */
  async importFiles(files: { name: string; content: string }[], author: string): Promise<ImportResult> {
    const docs: ImportedArticle[] = files.flatMap((file) => parseImportFile(file.name, file.content));
    return withLibraryLock(this.dir, async () => {
      const now = nowIso();
      const onDisk = new Map<string, Article>();
      for (const doc of docs) {
        if (doc.id === null || onDisk.has(doc.id)) continue;
        let existing: Article | null;
        try {
          existing = await this.#read(doc.id);
        } catch (error) {
          if (!(error instanceof PirdError)) throw error;
          throw new PirdError(
            error.code,
            `${doc.fileName}: cannot update article "${doc.id}": ${error.message}`,
          );
        }
        if (existing !== null) onDisk.set(doc.id, existing);
      }

      // Later files of one batch build on earlier ones with the same id.
      const latest = new Map<string, Article>(onDisk);
      const order: string[] = [];
      for (const doc of docs) {
        const existing = doc.id === null ? null : (latest.get(doc.id) ?? null);
        const article = applyImport(doc, existing, { author, now });
        if (!order.includes(article.id)) order.push(article.id);
        latest.set(article.id, article);
      }

      const toWrite: Article[] = [];
      for (const id of order) {
        const article = latest.get(id)!;
        const before = onDisk.get(id);
        if (before !== undefined && article === before) continue;
        const next: Article =
          before === undefined
            ? { ...article, createdAt: now, updatedAt: now, revision: 1 }
            : { ...article, createdAt: before.createdAt, updatedAt: now, revision: before.revision + 1 };
        toWrite.push(this.#validated(next));
      }
      for (const article of toWrite) await this.#write(article);
      return {
        ids: order,
        created: order.filter((id) => !onDisk.has(id)),
        updated: order.filter((id) => onDisk.has(id)),
      };
    });
  }

  // ------------------------------------------------------------------------------------------
  // Library settings (settings.json): the QA level desks require, the public base URL.

  /** The library's settings; the defaults when none were saved. Throws unreadable / newer-version. */
  async getSettings(): Promise<LibrarySettings> {
    return readLibrarySettings(this.dir);
  }

  /** Applies a patch to the settings as they are on disk now, under the library lock. */
  async updateSettings(patch: LibrarySettingsPatch): Promise<LibrarySettings> {
    return withLibraryLock(this.dir, async () => {
      const next = applyLibrarySettingsPatch(await readLibrarySettings(this.dir), patch);
      await writeLibrarySettings(this.dir, next);
      return next;
    });
  }

  // ------------------------------------------------------------------------------------------
  // Change notifications (in this process): listeners run synchronously, under the library lock.

  /** Calls `listener` after every article change this object makes; returns the unsubscribe. */
  onArticleChange(listener: ArticleChangeListener): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** The folders before a change, when anyone listens (two stat calls, under the lock). */
  #foldersBeforeChange(): StoredFolders | null {
    return this.#changeListeners.size > 0 ? this.storedFolders() : null;
  }

  #emitChange(
    before: StoredFolders | null,
    id: string,
    article: Article | null,
    identity: FileIdentity | null,
  ): void {
    if (before === null) return;
    const change: ArticleChange = { id, article, identity, folders: { before, after: this.storedFolders() } };
    for (const listener of this.#changeListeners) {
      try {
        listener(change);
      } catch {
        // A derived index must never fail a save; it catches up by rescanning.
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Files

  /** The file that holds an article (whether or not it exists); throws for an invalid id. */
  articleFile(id: string): string {
    return this.#fileOf(id);
  }

  #fileOf(id: string): string {
    if (!isValidArticleId(id)) {
      throw new PirdError(
        'invalid-input',
        `"${id}" is not a valid article id (letters, digits, '.', '_', '-'; at most 128; not starting with '.' or '-').`,
      );
    }
    return path.join(this.#articlesDir, `${id}.json`);
  }

  #low(id: string): Low<Article | null> {
    const fileName = `${id}.json`;
    const adapter = new DurableJsonFile<Article | null>(this.#fileOf(id), {
      parse: (raw) => {
        const result = readArticleText(raw, fileName);
        if (!result.ok) throw unreadableError(result.unreadable);
        return result.article;
      },
      serialize: (article) => {
        if (article === null) throw new PirdError('internal', 'Cannot save an empty article.');
        return serializeArticleFile(article);
      },
    });
    return new Low<Article | null>(adapter, null);
  }

  async #read(id: string): Promise<Article | null> {
    const db = this.#low(id);
    await db.read();
    return db.data;
  }

  #validated(article: Article): Article {
    const checked = articleSchema.safeParse(article);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new PirdError(
        'internal',
        `Refusing to save a malformed article ${article.id}: ${issue?.path.join('.')}: ${issue?.message}`,
      );
    }
    return article;
  }

  async #write(article: Article): Promise<void> {
    const before = this.#foldersBeforeChange();
    const db = this.#low(article.id);
    db.data = this.#validated(article);
    await db.write();
    // Keep the in-memory index current without touching index.json (a save stays O(article)).
    let identity: FileIdentity | null = null;
    try {
      const stat = await fsPromises.stat(this.#fileOf(article.id), { bigint: true });
      identity = identityOf(stat);
      this.#entries.set(`${article.id}.json`, {
        identity,
        summary: summarizeArticle(article),
      });
      this.#indexDirty = true;
    } catch {
      // The next list() reads the file instead.
    }
    this.#emitChange(before, article.id, article, identity);
  }

  // ------------------------------------------------------------------------------------------
  // The index

  async #loadIndexOnce(): Promise<void> {
    if (this.#indexLoaded) return;
    this.#indexLoaded = true;
    let raw: string;
    try {
      raw = await fsPromises.readFile(path.join(this.dir, INDEX_FILE), 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      this.#indexDirty = true;
      return;
    }
    const parsed = parseIndex(raw);
    if (parsed.ok) {
      for (const [file, entry] of parsed.value) if (!this.#entries.has(file)) this.#entries.set(file, entry);
      return;
    }
    // A damaged index is rebuilt; one from a newer Pird is left for it (and rebuilt in memory here).
    if (parsed.code === 'newer-version') this.#indexWritable = false;
    else this.#indexDirty = true;
  }

  async #readEntry(fileName: string): Promise<IndexEntry | null> {
    let handle;
    try {
      handle = await fsPromises.open(path.join(this.#articlesDir, fileName), 'r');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
    try {
      // The identity and the text come from one open file: writers replace files by rename and
      // never write into them, so what was read is exactly the version the identity names.
      const identity = identityOf(await handle.stat({ bigint: true }));
      const raw = decodeUtf8(await handle.readFile());
      const result = readArticleText(raw, fileName);
      return result.ok
        ? { identity, summary: summarizeArticle(result.article) }
        : { identity, unreadable: result.unreadable };
    } finally {
      await handle.close();
    }
  }

  /** Removes crash leftovers (temp files of interrupted writes) from a folder of the library. */
  async #removeTempLeftovers(dir: string, names?: string[]): Promise<void> {
    // A stale lock moved aside by a takeover is normally removed at once; a crash can leave it.
    const leftover = (name: string): boolean =>
      isTempFileName(name) || name.startsWith(`${LOCK_FILE}.stale.`);
    const list = names ?? (await fsPromises.readdir(dir)).filter(leftover);
    await mapLimited(list, LIST_CONCURRENCY, (name) => this.#removeTempLeftover(path.join(dir, name)));
  }

  async #removeTempLeftover(file: string): Promise<void> {
    try {
      const stat = await fsPromises.stat(file);
      if (Date.now() - stat.mtimeMs > TEMP_LEFTOVER_MS) await fsPromises.unlink(file);
    } catch {
      // Gone already, or not ours to remove: it is ignored either way.
    }
  }

  /** Brings #entries up to date with the article files; writes index.json when it changed. */
  async #refresh(options: { waitForLock: boolean }): Promise<void> {
    await this.#loadIndexOnce();
    const dirents = await fsPromises.readdir(this.#articlesDir, { withFileTypes: true });
    const names: string[] = [];
    const leftovers: string[] = [];
    for (const dirent of dirents) {
      if (!dirent.isFile()) continue;
      if (dirent.name.startsWith('.')) {
        if (isTempFileName(dirent.name)) leftovers.push(dirent.name);
        continue;
      }
      if (dirent.name.endsWith('.json')) names.push(dirent.name);
    }

    // Files the index knows are looked at with synchronous stat calls (10,000 take ~20 ms this
    // way and over ten times that through the thread pool, as in scanStored); only new and
    // changed files are read.
    const current: [string, IndexEntry | null][] = [];
    const toRead: string[] = [];
    const prefix = this.#articlesDir + path.sep;
    for (const name of names) {
      const known = this.#entries.get(name);
      if (known === undefined) {
        toRead.push(name);
        continue;
      }
      const stat = statSync(prefix + name, { bigint: true, throwIfNoEntry: false });
      if (stat === undefined) current.push([name, null]);
      else if (sameIdentity(identityOf(stat), known.identity)) current.push([name, known]);
      else toRead.push(name);
    }
    const read = await mapLimited(toRead, LIST_CONCURRENCY, (name) => this.#readEntry(name));
    for (const [i, entry] of read.entries()) current.push([toRead[i]!, entry]);

    const seen = new Set<string>();
    for (const [name, entry] of current) {
      if (entry === null) continue;
      seen.add(name);
      if (this.#entries.get(name) !== entry) {
        this.#entries.set(name, entry);
        this.#indexDirty = true;
      }
    }
    for (const name of [...this.#entries.keys()]) {
      if (!seen.has(name)) {
        this.#entries.delete(name);
        this.#indexDirty = true;
      }
    }
    await this.#removeTempLeftovers(this.#articlesDir, leftovers);
    if (this.#indexDirty && this.#indexWritable) await this.#writeIndex(options.waitForLock);
  }

  async #writeIndex(waitForLock: boolean): Promise<void> {
    const text = serializeIndex(this.#entries);
    try {
      // The index is derived: when another process holds the lock, listing does not wait for it.
      await withLibraryLock(this.dir, () => writeFileDurable(path.join(this.dir, INDEX_FILE), text), {
        timeoutMs: waitForLock ? undefined : 0,
      });
      this.#indexDirty = false;
    } catch (error) {
      if (error instanceof PirdError && error.code === 'locked') return;
      throw error;
    }
  }

  // ------------------------------------------------------------------------------------------
  // The trash, and the stored files sync reads and writes ("Sync through a shared folder").
  // Deleting moves the file (rename: atomic) into trash/; sync sees the move and tells the other
  // devices, whose copies go to their trash too. Nothing is ever removed for good here.

  /** Moves an article to the trash. Throws not-found when it is not in the library. */
  async delete(id: string): Promise<{ id: string }> {
    return withLibraryLock(this.dir, async () => {
      const from = this.#fileOf(id);
      const before = this.#foldersBeforeChange();
      await fsPromises.mkdir(this.#trashDir, { recursive: true });
      try {
        await fsPromises.rename(from, path.join(this.#trashDir, `${id}.json`));
      } catch (error) {
        if (errorCode(error) === 'ENOENT')
          throw new PirdError('not-found', `There is no article "${id}" in this library.`);
        throw error;
      }
      await syncFolder(this.#articlesDir);
      await syncFolder(this.#trashDir);
      this.#entries.delete(`${id}.json`);
      this.#indexDirty = true;
      this.#emitChange(before, id, null, null);
      return { id };
    });
  }

  /** Brings an article back from the trash. Throws not-found, or invalid-input if the id is in use. */
  async restore(id: string): Promise<Article> {
    return withLibraryLock(this.dir, async () => {
      const to = this.#fileOf(id);
      const from = path.join(this.#trashDir, `${id}.json`);
      const stored = await this.#readFile(from, `${id}.json`);
      if (stored === null) throw new PirdError('not-found', `There is no article "${id}" in the trash.`);
      if (!stored.parsed.ok) throw unreadableError(stored.parsed.unreadable);
      if ((await this.#readFile(to, `${id}.json`)) !== null) {
        throw new PirdError('invalid-input', `An article "${id}" is in the library already.`);
      }
      const before = this.#foldersBeforeChange();
      await fsPromises.rename(from, to);
      await syncFolder(this.#trashDir);
      await syncFolder(this.#articlesDir);
      this.#emitChange(before, id, stored.parsed.article, stored.identity);
      return stored.parsed.article;
    });
  }

  /** Summaries of the articles in the trash, newest first, and trash files that cannot be used. */
  async listTrash(): Promise<ArticleList> {
    let names: string[];
    try {
      names = (await fsPromises.readdir(this.#trashDir)).filter(
        (n) => n.endsWith('.json') && !n.startsWith('.'),
      );
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { articles: [], unreadable: [] };
      throw error;
    }
    const articles: ArticleSummary[] = [];
    const unreadable: UnreadableArticle[] = [];
    for (const stored of await mapLimited(names, LIST_CONCURRENCY, (name) =>
      this.#readFile(path.join(this.#trashDir, name), name),
    )) {
      if (stored === null) continue;
      if (stored.parsed.ok) articles.push(summarizeArticle(stored.parsed.article));
      else unreadable.push(stored.parsed.unreadable);
    }
    articles.sort((a, b) =>
      a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.id < b.id ? -1 : 1,
    );
    return { articles, unreadable };
  }

  /** For sync: an article's file, in the library or in the trash, with the identity of what was read. */
  async readStored(id: string): Promise<StoredArticle | null> {
    const name = `${id}.json`;
    const inLibrary = await this.#readFile(this.#fileOf(id), name);
    if (inLibrary !== null) return { location: 'articles', ...inLibrary };
    const inTrash = await this.#readFile(path.join(this.#trashDir, name), name);
    return inTrash === null ? null : { location: 'trash', ...inTrash };
  }

  /**
   * For sync: saves `article` in the library or in the trash (removing it from the other place),
   * durably, under the library lock. Returns the identity of the file written.
   */
  async writeStored(article: Article, location: ArticleLocation): Promise<FileIdentity> {
    return withLibraryLock(this.dir, async () => {
      const inLibrary = this.#fileOf(article.id);
      const inTrash = path.join(this.#trashDir, `${article.id}.json`);
      const target = location === 'articles' ? inLibrary : inTrash;
      const before = location === 'trash' ? this.#foldersBeforeChange() : null;
      if (location === 'articles') await this.#write(article);
      else {
        await fsPromises.mkdir(this.#trashDir, { recursive: true });
        await writeFileDurable(inTrash, serializeArticleFile(this.#validated(article)));
      }
      const other = location === 'articles' ? inTrash : inLibrary;
      if (statSync(other, { throwIfNoEntry: false }) !== undefined)
        try {
          await fsPromises.unlink(other);
          await syncFolder(path.dirname(other));
          if (location === 'trash') {
            this.#entries.delete(`${article.id}.json`);
            this.#indexDirty = true;
            this.#emitChange(before, article.id, null, null);
          }
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') throw error;
        }
      return identityOf(await fsPromises.stat(target, { bigint: true }));
    });
  }

  /**
   * For sync: the identity of every article file and trash file, without reading them, and of the
   * two folders (a rename in a folder changes its mtime: an unchanged folder means unchanged files).
   * Synchronous on purpose: 10,000 stat calls take ~20 ms this way and several times that async.
   */
  scanStored(unlessFolders?: StoredFolders | null): StoredScan | null {
    if (unlessFolders) {
      const now = this.storedFolders();
      if (sameFolder(now.articles, unlessFolders.articles) && sameFolder(now.trash, unlessFolders.trash))
        return null;
    }
    const scan = (dir: string) => {
      const files = new Map<string, FileIdentity>();
      let folder: FileIdentity | null;
      try {
        folder = identityOf(statSync(dir, { bigint: true }));
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return { folder: null, files };
        throw error;
      }
      // Every article file is looked at on each sync round and search refresh: the name is a bare
      // file name from readdir, so neither path.join's normalising nor a split is needed.
      const prefix = dir + path.sep;
      for (const name of readdirSync(dir)) {
        if (name.startsWith('.') || !name.endsWith('.json')) continue;
        const id = name.slice(0, -'.json'.length);
        if (!isValidArticleId(id)) continue;
        try {
          files.set(id, identityOf(statSync(prefix + name, { bigint: true })));
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') throw error;
        }
      }
      return { folder, files };
    };
    return { articles: scan(this.#articlesDir), trash: scan(this.#trashDir) };
  }

  /** The identity of the articles and trash folders (null where one does not exist). */
  storedFolders(): StoredFolders {
    const folder = (dir: string): FileIdentity | null => {
      try {
        return identityOf(statSync(dir, { bigint: true }));
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return null;
        throw error;
      }
    };
    return { articles: folder(this.#articlesDir), trash: folder(this.#trashDir) };
  }

  get #trashDir(): string {
    return path.join(this.dir, TRASH_DIR);
  }

  async #readFile(
    file: string,
    fileName: string,
  ): Promise<{ identity: FileIdentity; parsed: ReturnType<typeof readArticleText> } | null> {
    // Looking first is cheaper than a failed open (sync often asks about articles not here yet).
    if (statSync(file, { throwIfNoEntry: false }) === undefined) return null;
    let handle;
    try {
      handle = await fsPromises.open(file, 'r');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw error;
    }
    try {
      const identity = identityOf(await handle.stat({ bigint: true }));
      return { identity, parsed: readArticleText(decodeUtf8(await handle.readFile()), fileName) };
    } finally {
      await handle.close();
    }
  }
}

export type ArticleLocation = 'articles' | 'trash';

export interface StoredArticle {
  location: ArticleLocation;
  identity: FileIdentity;
  parsed: { ok: true; article: Article } | { ok: false; unreadable: UnreadableArticle };
}

export interface StoredFolders {
  articles: FileIdentity | null;
  trash: FileIdentity | null;
}

function sameFolder(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a === null || b === null ? a === b : sameIdentity(a, b);
}

export interface StoredScan {
  articles: { folder: FileIdentity | null; files: Map<string, FileIdentity> };
  trash: { folder: FileIdentity | null; files: Map<string, FileIdentity> };
}
