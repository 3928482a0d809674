// The search index of one open library: built lazily (the first search reads every article once),
// then kept current without rereading the library:
// - saves made through this Library object arrive through its change hook, under the library lock,
//   and update the index in O(article) (Library.onArticleChange);
// - changes made by other processes (the CLI while the app runs, another window) are noticed by the
//   identity of the library's folders (two stat calls per search: a save renames a file into the
//   articles folder, which changes the folder's mtime); only then are the files' identities compared
//   (Library.scanStored) and the changed ones reread.
// Known limit: a change by another process within the same file-system timestamp tick as the
// folder state the index last saw is missed until the next change (sync's scan shares this limit).
import type { Article } from '../model.ts';
import { SearchIndex } from '../search/search-index.ts';
import { queryTerms } from '../search/tokenize.ts';
import type { SearchRequest } from '../search/search-index.ts';
import type { ConcordanceResult, SearchResult, TmSuggestResult } from '../search/types.ts';
import type { ConcordanceRequest, SuggestOptions } from '../tm/tm.ts';
import { concordance, suggestTranslations } from '../tm/tm.ts';
import type { Lang } from '../model.ts';
import type { FileIdentity } from './library-index.ts';
import { sameIdentity } from './library-index.ts';
import type { ArticleChange, Library, StoredFolders } from './library.ts';

/** Articles kept parsed for showing results: the texts of the best matches of recent searches. */
const CACHE_SIZE = 512;

function sameFolder(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a === null || b === null ? a === b : sameIdentity(a, b);
}

function sameFolders(a: StoredFolders, b: StoredFolders): boolean {
  return sameFolder(a.articles, b.articles) && sameFolder(a.trash, b.trash);
}

const instances = new WeakMap<Library, LibrarySearch>();

export class LibrarySearch {
  readonly index = new SearchIndex();
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
    return this.index.search(request, (id) => this.load(id));
  }

  /** Translation-memory suggestions for one segment (the article is read as stored now). */
  async suggest(
    request: { articleId: string; segmentId: string; lang: Lang } & SuggestOptions,
  ): Promise<TmSuggestResult> {
    const article = await this.#library.get(request.articleId);
    await this.ensureFresh();
    return suggestTranslations(this.index, article, request.segmentId, request.lang, (id) => this.load(id), {
      limit: request.limit,
      minMatch: request.minMatch,
    });
  }

  async concordance(request: ConcordanceRequest): Promise<ConcordanceResult> {
    await this.ensureFresh();
    return concordance(this.index, request, (id) => this.load(id));
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
    if (change.article === null) {
      this.index.removeArticle(change.id);
      this.#identities.delete(change.id);
    } else {
      this.index.setArticle(change.article);
      if (change.identity === null) this.#identities.delete(change.id);
      else this.#identities.set(change.id, change.identity);
    }
    if (this.#folders !== null && sameFolders(this.#folders, change.folders.before))
      this.#folders = change.folders.after;
  }

  async #build(): Promise<void> {
    // The folders first: anything that changes while the files are read changes them again.
    const folders = this.#library.storedFolders();
    const scan = this.#library.scanStored();
    if (scan === null) return;
    for (const id of scan.articles.files.keys()) await this.#reread(id);
    this.#folders = folders;
  }

  async #refresh(): Promise<void> {
    const folders = this.#library.storedFolders();
    const scan = this.#library.scanStored();
    if (scan === null) return;
    const files = scan.articles.files;
    for (const [id, identity] of files) {
      const known = this.#identities.get(id);
      if (known === undefined || !sameIdentity(known, identity)) await this.#reread(id);
    }
    for (const id of [...this.#identities.keys()]) {
      if (!files.has(id)) this.#forget(id);
    }
    this.#folders = folders;
  }

  #forget(id: string): void {
    this.index.removeArticle(id);
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
    if (stored.parsed.ok) this.index.setArticle(stored.parsed.article);
    else this.index.removeArticle(id); // unreadable: listed by the library, not searchable
  }
}
