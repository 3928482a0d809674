// One sync round between the local library and the shared folder.
//
//  1. Check the shared folder (its marker): missing or emptied pauses sync, nothing is changed.
//  2. List every device's files; read those not merged yet (skipping, with a reason, any file that
//     is half-copied, damaged or a sync engine's conflict copy: it is retried next round).
//  3. Find the articles changed here since the last round by file identity (size, mtime, inode),
//     without reading the others; a folder unchanged for a while is not even listed.
//  4. In batches, each under the library lock (the app and the CLI wait at most one batch):
//     capture the local changes as versions, write them as one change file in this device's
//     folder, merge in the other devices' versions, write the merged articles (or move them to or
//     from the trash) through the Library, and record the merged fields.
//  5. Record which files were merged; compact this device's history into a snapshot when it grew.
//
// Crash safety: the change file is written before the articles, and the articles before their
// merged fields; the files read are recorded last. A round cut short anywhere (kill -9) leaves
// files that the next round reads again (merging is idempotent), and a local value that equals a
// version of an unrecorded file is recognised as that version applied, not as a new change.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Article } from '../../model.ts';
import type { ArticleSyncState } from '../../sync/article-sync.ts';
import {
  captureLocalChanges,
  ingestVersions,
  materializeArticle,
  sameContent,
  toLibraryArticle,
} from '../../sync/article-sync.ts';
import type { ArticleVersions, KeyedVersion } from '../../sync/format.ts';
import { parseSyncFileName } from '../../sync/format.ts';
import type { Hlc } from '../../sync/hlc.ts';
import { maxHlc, parseHlc, tickHlc } from '../../sync/hlc.ts';
import type { SkippedFile, SyncReport } from '../../sync/sync-types.ts';
import type { Library, StoredArticle, StoredScan } from '../library.ts';
import { sameIdentity } from '../library-index.ts';
import { withLibraryLock } from '../library-lock.ts';
import type { DeviceIdentity, Resolution, SyncState } from './local-store.ts';
import { LocalSyncStore } from './local-store.ts';
import { exchangeMediaBlobs } from './media-blobs.ts';
import type { ListedFile } from './shared-folder.ts';
import {
  checkSharedFolder,
  claimDeviceFolder,
  deviceFolder,
  listSharedFolder,
  readSyncFile,
  removeOwnFiles,
  writeSyncFile,
} from './shared-folder.ts';

export interface SyncRoundOptions {
  library: Library;
  sharedDir: string;
  /** Shown to people reading the shared folder and conflicts: the translator's or the machine's name. */
  deviceName: string;
  /** The wall clock in ms; tests inject a skewed one. */
  now?: () => number;
  /** Articles merged per hold of the library lock. */
  batchSize?: number;
  /**
   * Compact this device's history into a snapshot once it has more files than this (default 100)...
   * (by count: a big first sync is one snapshot's worth already, rewriting it at once gains nothing).
   */
  compactFiles?: number;
  /** ...or once its change files since the last snapshot pass this many bytes (default: no limit). */
  compactBytes?: number;
  /** Shared-folder bytes read and merged at a time (memory use), default 16 MB. */
  chunkBytes?: number;
  /** Largest snapshot part, default 8 MB. */
  snapshotPartBytes?: number;
  /** How long to wait for another round on this library (another process) to finish. */
  lockTimeoutMs?: number;
  /**
   * The user chose this shared folder just now: it may be set up (marker written) even though this
   * library synced elsewhere before. Otherwise a folder without a marker pauses sync.
   */
  newFolder?: boolean;
  /** Told how far the round is: after the shared folder is listed, after each batch, before compacting. */
  onProgress?: (progress: SyncRoundProgress) => void;
}

/** How far a round is: files of the shared folder merged so far, of those it found unread. */
export interface SyncRoundProgress {
  phase: 'merging' | 'compacting';
  done: number;
  total: number;
}

const DEFAULT_BATCH = 200;
/** How far ahead of this device's clock another device's stamps are still followed. */
const MAX_CLOCK_LEAD_MS = 30 * 86_400_000;
/** Shared-folder bytes read and merged at a time. */
const DEFAULT_CHUNK_BYTES = 16 * 1024 * 1024;
/** Largest snapshot part: a joining device reads one part at a time. */
const SNAPSHOT_PART_BYTES = 8 * 1024 * 1024;
/** Own history folded at a time when compacting. */
const COMPACT_PARTITION_BYTES = 32 * 1024 * 1024;

/** A stable small hash of an article id (FNV-1a), to split work into partitions. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
const DEFAULT_COMPACT_FILES = 100;
/** A folder whose mtime is this recent may still change within the same timestamp tick. */
const RACY_MS = 2000;

interface Incoming {
  all: KeyedVersion[];
  /** From files in this device's own folder (written by a round that did not finish recording them). */
  own: KeyedVersion[];
}

interface ReadFile {
  file: ListedFile;
  articles: string[];
}

/** Articles whose file is new, changed, moved to or from the trash, or gone since they were last synced. */
export function changedArticles(scan: StoredScan, index: SyncState['index']): Set<string> {
  const changed = new Set<string>();
  for (const [id, identity] of scan.articles.files) {
    const known = index[id];
    if (!known || known.loc !== 'articles' || !sameIdentity(known.id, identity)) changed.add(id);
  }
  for (const [id, identity] of scan.trash.files) {
    if (scan.articles.files.has(id)) continue;
    const known = index[id];
    if (!known || known.loc !== 'trash' || !sameIdentity(known.id, identity)) changed.add(id);
  }
  for (const id of Object.keys(index)) {
    if (!scan.articles.files.has(id) && !scan.trash.files.has(id)) changed.add(id);
  }
  return changed;
}

/** Articles read or written at once: enough for the file system to batch syncs, few enough for handles. */
const IO_CONCURRENCY = 16;

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
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

/** Consecutive groups of files of at most `maxBytes` together (a bigger file is a group alone). */
function chunkBySize<T extends { size: number }>(files: readonly T[], maxBytes: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && bytes + file.size > maxBytes) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function runSyncRound(options: SyncRoundOptions): Promise<SyncReport> {
  const { library } = options;
  const sharedDir = path.resolve(options.sharedDir);
  const now = options.now ?? Date.now;
  const store = new LocalSyncStore(library.dir);
  await store.ensure();
  // One round at a time per library, across processes (the app, `sync --watch`, a CLI `sync`).
  return withLibraryLock(store.dir, () => new Round(options, sharedDir, now, store).run(), {
    timeoutMs: options.lockTimeoutMs ?? 10_000,
  });
}

class Round {
  readonly #started = performance.now();
  readonly #startedAt: string;
  readonly #skipped: SkippedFile[] = [];
  readonly #updated: string[] = [];
  #sent = { files: 0, changes: 0 };
  #received = { files: 0, changes: 0 };
  #identity!: DeviceIdentity;
  #state!: SyncState;
  #compacted = false;
  #warning: string | null = null;

  constructor(
    readonly options: SyncRoundOptions,
    readonly sharedDir: string,
    readonly now: () => number,
    readonly store: LocalSyncStore,
  ) {
    this.#startedAt = new Date(now()).toISOString();
  }

  get library(): Library {
    return this.options.library;
  }

  #report(status: SyncReport['status'], newConflicts = 0): SyncReport {
    return {
      status,
      warning: this.#warning,
      device: this.#identity.device,
      sharedFolder: this.sharedDir,
      startedAt: this.#startedAt,
      durationMs: Math.round(performance.now() - this.#started),
      sent: this.#sent,
      received: this.#received,
      updated: [...this.#updated].sort(),
      conflicts: Object.values(this.#state.conflicts).reduce((n, keys) => n + keys.length, 0),
      newConflicts,
      skipped: this.#skipped,
      compacted: this.#compacted,
    };
  }

  async #pause(warning: string): Promise<SyncReport> {
    this.#warning = warning;
    const report = this.#report('paused');
    this.#state.lastRound = report;
    await this.store.saveState(this.#state);
    return report;
  }

  /**
   * Moves the clock past a stamp seen in the shared folder, unless the stamp is absurdly far ahead
   * (a laptop set to 2099): its changes still merge, but this device's clock does not follow it.
   */
  #observe(hlc: Hlc): void {
    if (parseHlc(hlc).ms <= this.now() + MAX_CLOCK_LEAD_MS) this.#state.hlc = maxHlc(this.#state.hlc, hlc);
  }

  #tick(): Hlc {
    this.#state.hlc = tickHlc(this.#state.hlc, this.now());
    return this.#state.hlc;
  }

  async run(): Promise<SyncReport> {
    const identity = await this.store.loadIdentity();
    this.#identity = identity;
    this.#state = await this.store.loadState();
    const state = this.#state;
    if (identity.renewed) state.published = [];

    // 1. The shared folder.
    const check = await checkSharedFolder(
      this.sharedDir,
      state.sharedId === null || this.options.newFolder === true,
    );
    if (!check.ok) return this.#pause(check.warning);
    let republish = false;
    if (state.sharedId !== null && check.marker.id !== state.sharedId) {
      // Another shared folder than last time (a new share, a restored backup): read all of it, and
      // give it everything this library knows, since it may hold none of it.
      state.ingested = {};
      state.published = [];
      republish = true;
    }
    state.sharedId = check.marker.id;
    if ((await claimDeviceFolder(this.sharedDir, this.#identity, this.options.deviceName)) === 'taken') {
      await this.#takeNewIdentity('Another copy of this library was writing under its device id');
    }

    // 2. What the shared folder holds.
    let listing = await listSharedFolder(this.sharedDir, this.#identity.device);
    if (listing.files.some((f) => f.device === this.#identity.device && !state.published.includes(f.name))) {
      // Files in our folder that we did not write (or did not record): read them to find out.
      const foreign = await this.#foreignOwnFiles(listing.files);
      if (foreign) {
        await this.#takeNewIdentity('Another copy of this library was writing under its device id');
        listing = await listSharedFolder(this.sharedDir, this.#identity.device);
      }
    }
    const device = this.#identity.device;
    const ownPresent = new Set(listing.files.filter((f) => f.device === device).map((f) => f.name));
    if (state.published.some((name) => !ownPresent.has(name))) {
      republish = true;
      this.#warning = "This device's files were missing from the shared folder; they are written again.";
    }
    for (const f of listing.files) {
      if (f.device === device) {
        state.hlc = maxHlc(state.hlc, f.hlc);
        state.seq = Math.max(state.seq, f.seq);
      }
    }
    this.#skipped.push(...listing.skipped);
    for (const [id, name] of listing.names) state.devices[id] = { name, hlc: state.devices[id]?.hlc ?? null };

    // The clock moves past every stamp in the folder (file names carry them), before any capture.
    for (const f of listing.files) this.#observe(f.hlc);
    const pending = this.#unreadFiles(listing.files);

    // 3. What changed here.
    const startWall = Date.now();
    const folders = this.library.storedFolders();
    const scan = this.library.scanStored(state.folders);
    const changed = scan === null ? new Set<string>() : changedArticles(scan, state.index);
    const trusted = (f: typeof folders.articles): boolean =>
      f === null || Number(BigInt(f.mtimeNs) / 1_000_000n) < startWall - RACY_MS;
    const resolutions = await this.store.loadResolutions();

    // 4. Merge: the new files a chunk at a time (memory stays bounded however much arrives), the
    // articles of each chunk batch by batch. The first chunk holds this device's own unrecorded
    // files, so they are known before anything local is captured.
    const conflictsBefore = new Set(
      Object.entries(state.conflicts).flatMap(([id, keys]) => keys.map((k) => `${id} ${k}`)),
    );
    const deferred = new Set<string>();
    const fileChunks = chunkBySize(pending, this.options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    let filesDone = 0;
    const progress = (phase: SyncRoundProgress['phase']) =>
      this.options.onProgress?.({ phase, done: filesDone, total: pending.length });
    progress('merging');
    for (let c = 0; c < Math.max(1, fileChunks.length); c++) {
      const { incoming, readFiles } = await this.#readFiles(fileChunks[c] ?? []);
      const ids = new Set(incoming.keys());
      if (c === 0) for (const id of [...changed, ...resolutions.map((r) => r.articleId)]) ids.add(id);
      const batches = chunks([...ids].sort(), this.options.batchSize ?? DEFAULT_BATCH);
      for (const [i, batch] of batches.entries()) {
        // Progress is saved after each batch but the last (the end of the chunk saves it anyway).
        const last = i === batches.length - 1;
        await withLibraryLock(this.library.dir, () => this.#mergeBatch(batch, incoming, deferred, !last));
        if (!last) progress('merging');
      }
      filesDone += fileChunks[c]?.length ?? 0;
      progress('merging');
      for (const { file, articles } of readFiles) {
        if (articles.some((id) => deferred.has(id))) continue;
        (state.ingested[file.device] ??= []).push(file.name);
        if (file.device !== device) this.#received.files += 1;
      }
      if (c < fileChunks.length - 1) await this.store.saveState(state);
    }

    // Image files travel beside the changes, as content-addressed files (media-blobs.ts); one that
    // has not fully arrived is skipped with a reason and tried again next round.
    const media = await exchangeMediaBlobs(this.library.dir, this.sharedDir, device);
    this.#skipped.push(...media.skipped);

    // 5. Record what was merged, then compact.
    const present = new Map<string, Set<string>>();
    for (const f of listing.files) {
      const set = present.get(f.device) ?? new Set<string>();
      set.add(f.name);
      present.set(f.device, set);
    }
    for (const [d, names] of Object.entries(state.ingested)) {
      // Names of files gone from the folder are dropped (if one came back it would simply be read again).
      const keep = names.filter(
        (n) => present.get(d)?.has(n) || (d === device && state.published.includes(n)),
      );
      if (keep.length > 0) state.ingested[d] = keep;
      else delete state.ingested[d];
    }
    // Next round may skip listing the library's folders if nothing is renamed in them meanwhile.
    if (scan !== null || deferred.size > 0) {
      state.folders =
        deferred.size === 0 && trusted(folders.articles) && trusted(folders.trash) ? folders : null;
    }

    if (republish) {
      progress('compacting');
      await this.#republish();
    } else if (
      state.sinceSnapshot > (this.options.compactBytes ?? Infinity) ||
      state.published.length > (this.options.compactFiles ?? DEFAULT_COMPACT_FILES)
    ) {
      progress('compacting');
      await this.#compact();
    }

    let newConflicts = 0;
    for (const [id, keys] of Object.entries(state.conflicts)) {
      for (const key of keys) if (!conflictsBefore.has(`${id} ${key}`)) newConflicts++;
    }
    const report = this.#report('synced', newConflicts);
    state.skipped = this.#skipped;
    state.lastRound = report;
    await this.store.saveState(state);
    return report;
  }

  async #takeNewIdentity(reason: string): Promise<void> {
    this.#identity = await this.store.renewIdentity();
    this.#state.published = [];
    this.#warning = `${reason}: this library now syncs as ${this.#identity.device}.`;
    await claimDeviceFolder(this.sharedDir, this.#identity, this.options.deviceName);
  }

  /** True when a file in our own folder was written by another instance using our device id. */
  async #foreignOwnFiles(files: readonly ListedFile[]): Promise<boolean> {
    for (const f of files) {
      if (f.device !== this.#identity.device || this.#state.published.includes(f.name)) continue;
      const parsed = await readSyncFile(this.sharedDir, f);
      if (parsed.ok && parsed.file.nonce !== this.#identity.nonce) return true;
    }
    return false;
  }

  /** Files not merged yet, this device's own first, with their sizes. */
  #unreadFiles(files: readonly ListedFile[]): (ListedFile & { size: number })[] {
    const ingested = new Map(Object.entries(this.#state.ingested).map(([d, names]) => [d, new Set(names)]));
    const out: (ListedFile & { size: number })[] = [];
    for (const file of files) {
      if (ingested.get(file.device)?.has(file.name)) continue;
      const stat = statSync(path.join(deviceFolder(this.sharedDir, file.device), file.name), {
        throwIfNoEntry: false,
      });
      if (stat !== undefined) out.push({ ...file, size: stat.size });
    }
    const own = this.#identity.device;
    return [...out.filter((f) => f.device === own), ...out.filter((f) => f.device !== own)];
  }

  async #readFiles(
    files: readonly ListedFile[],
  ): Promise<{ incoming: Map<string, Incoming>; readFiles: ReadFile[] }> {
    const state = this.#state;
    const incoming = new Map<string, Incoming>();
    const readFiles: ReadFile[] = [];
    for (const file of files) {
      const parsed = await readSyncFile(this.sharedDir, file);
      if (!parsed.ok) {
        this.#skipped.push({ file: `devices/${file.device}/${file.name}`, reason: parsed.reason });
        continue;
      }
      const own = file.device === this.#identity.device;
      state.devices[file.device] = {
        name: parsed.file.deviceName,
        hlc: maxHlc(state.devices[file.device]?.hlc ?? null, parsed.file.hlc),
      };
      for (const article of parsed.file.articles) {
        const entry = incoming.get(article.id) ?? { all: [], own: [] };
        for (const v of article.versions) {
          entry.all.push(v);
          if (own) entry.own.push(v);
          this.#observe(v.hlc);
        }
        incoming.set(article.id, entry);
      }
      if (!own) this.#received.changes += parsed.file.count;
      readFiles.push({ file, articles: parsed.file.articles.map((a) => a.id) });
    }
    return { incoming, readFiles };
  }

  async #mergeBatch(
    ids: readonly string[],
    incoming: Map<string, Incoming>,
    deferred: Set<string>,
    saveProgress: boolean,
  ): Promise<void> {
    const state = this.#state;
    const device = this.#identity.device;
    const resolutions = await this.store.loadResolutions();
    const hlc = this.#tick();
    const work: {
      id: string;
      stored: StoredArticle | null;
      loaded: ArticleSyncState;
      fields: ArticleSyncState;
      captured: KeyedVersion[];
      incoming: KeyedVersion[];
    }[] = [];
    // Reads and writes of different articles overlap (the file system commits their syncs together);
    // within one article the order stays: change file, then article, then its merged fields.
    const prepared = await mapLimited(ids, IO_CONCURRENCY, async (id) => {
      const stored = await this.library.readStored(id);
      if (stored !== null && !stored.parsed.ok) {
        this.#skipped.push({
          file: `${stored.location}/${id}.json`,
          reason: `the local article cannot be read: ${stored.parsed.unreadable.reason}`,
        });
        deferred.add(id);
        return null;
      }
      const loaded = await this.store.loadArticle(id);
      if (loaded === null) {
        // Damaged merge state: set it aside and read every shared file again to rebuild it.
        await this.store.setAsideArticle(id);
        state.ingested = {};
        this.#skipped.push({
          file: `sync/articles/${id}.json`,
          reason: 'damaged; rebuilt from the shared folder next round',
        });
        deferred.add(id);
        return null;
      }
      const inc = incoming.get(id) ?? { all: [], own: [] };
      const fields = ingestVersions(loaded, inc.own);
      const forced = new Set(resolutions.filter((r) => r.articleId === id).map((r) => r.key));
      const captured =
        stored === null || !stored.parsed.ok
          ? []
          : captureLocalChanges({
              device,
              hlc,
              state: fields,
              local: { location: stored.location, article: stored.parsed.article },
              unrecorded: inc.all,
              forced,
            });
      return { id, stored, loaded, fields, captured, incoming: inc.all };
    });
    for (const w of prepared) if (w !== null) work.push(w);

    // Send first: once the change file is in the shared folder, nothing below can lose the changes.
    const changes: ArticleVersions[] = work
      .filter((w) => w.captured.length > 0)
      .map((w) => ({ id: w.id, versions: w.captured }));
    if (changes.length > 0) {
      state.seq += 1;
      const written = await writeSyncFile(
        this.sharedDir,
        {
          kind: 'changes',
          device,
          nonce: this.#identity.nonce,
          deviceName: this.options.deviceName,
          hlc,
          seq: state.seq,
          writtenAt: new Date(this.now()).toISOString(),
        },
        changes,
      );
      state.published.push(written.name);
      (state.ingested[device] ??= []).push(written.name);
      state.sinceSnapshot += written.bytes;
      this.#sent.files += 1;
      this.#sent.changes += changes.reduce((n, c) => n + c.versions.length, 0);
    }

    const nowIso = new Date().toISOString();
    await mapLimited(work, IO_CONCURRENCY, async (w) => {
      const merged = ingestVersions(w.fields, [...w.captured, ...w.incoming]);
      const m = materializeArticle(merged);
      const local: Article | null = w.stored?.parsed.ok ? w.stored.parsed.article : null;
      if (m.status !== 'unknown' && m.article !== null) {
        const location = m.status === 'alive' ? 'articles' : 'trash';
        if (
          w.stored !== null &&
          local !== null &&
          w.stored.location === location &&
          sameContent(m.article, local)
        ) {
          state.index[w.id] = { loc: w.stored.location, id: w.stored.identity };
        } else {
          try {
            const identity = await this.library.writeStored(
              toLibraryArticle(m.article, local, nowIso),
              location,
            );
            state.index[w.id] = { loc: location, id: identity };
            this.#updated.push(w.id);
          } catch (error) {
            this.#skipped.push({
              file: `articles/${w.id}.json`,
              reason: `the merged article could not be saved: ${(error as Error).message}`,
            });
            deferred.add(w.id);
            return;
          }
        }
      } else if (w.stored !== null) {
        state.index[w.id] = { loc: w.stored.location, id: w.stored.identity };
      } else {
        delete state.index[w.id];
      }
      if (merged !== w.loaded) await this.store.saveArticle(merged);
      if (m.conflicts.length > 0) state.conflicts[w.id] = m.conflicts;
      else delete state.conflicts[w.id];
    });

    const done = new Set(work.map((w) => w.id).filter((id) => !deferred.has(id)));
    const remaining = resolutions.filter((r: Resolution) => !done.has(r.articleId));
    if (remaining.length !== resolutions.length) await this.store.saveResolutions(remaining);
    if (saveProgress) await this.store.saveState(state);
  }

  /** This device's own sync files in its folder, checked readable and ours (else null: no compaction). */
  async #ownFiles(): Promise<{ names: string[]; bytes: number } | null> {
    const device = this.#identity.device;
    const dir = deviceFolder(this.sharedDir, device);
    const names = readdirSync(dir).filter((n) => parseSyncFileName(n) !== null);
    let bytes = 0;
    for (const name of names) {
      const parsed = await this.#readOwn(name);
      if (parsed === null) return null;
      bytes += statSync(path.join(dir, name)).size;
    }
    return { names, bytes };
  }

  async #readOwn(name: string): Promise<ArticleVersions[] | null> {
    const named = parseSyncFileName(name);
    if (named === null) return null;
    const parsed = await readSyncFile(this.sharedDir, { device: this.#identity.device, name, ...named });
    return parsed.ok && parsed.file.nonce === this.#identity.nonce ? parsed.file.articles : null;
  }

  /**
   * Folds this device's files into a snapshot: per field and device, only the newest version (a
   * device's later version of a field has seen its earlier ones). Articles are folded a partition
   * at a time, so memory stays bounded by a partition, not by the history.
   */
  async #compact(): Promise<void> {
    const own = await this.#ownFiles();
    if (own === null) return;
    const partitions = Math.max(1, Math.ceil(own.bytes / COMPACT_PARTITION_BYTES));
    await this.#writeSnapshot(async (add) => {
      for (let p = 0; p < partitions; p++) {
        const newest = new Map<string, Map<string, KeyedVersion>>();
        for (const name of own.names) {
          for (const a of (await this.#readOwn(name)) ?? []) {
            if (partitions > 1 && hashOf(a.id) % partitions !== p) continue;
            const fields = newest.get(a.id) ?? new Map<string, KeyedVersion>();
            for (const v of a.versions) {
              const k = `${v.key}\u0000${v.device}`;
              const known = fields.get(k);
              if (known === undefined || v.hlc > known.hlc) fields.set(k, v);
            }
            newest.set(a.id, fields);
          }
        }
        for (const id of [...newest.keys()].sort())
          await add({ id, versions: [...newest.get(id)!.values()] });
      }
    }, own.names);
  }

  /** Writes everything this library knows (every field's frontier) as this device's snapshot. */
  async #republish(): Promise<void> {
    const dir = deviceFolder(this.sharedDir, this.#identity.device);
    const mine = readdirSync(dir).filter((n) => parseSyncFileName(n) !== null);
    await this.#writeSnapshot(async (add) => {
      for (const id of (await this.store.articleIds()).sort()) {
        const fields = await this.store.loadArticle(id);
        if (fields === null) continue;
        const versions: KeyedVersion[] = [];
        for (const [key, frontier] of Object.entries(fields.fields)) {
          for (const v of frontier) versions.push({ ...v, key });
        }
        if (versions.length > 0) await add({ id, versions });
      }
    }, mine);
  }

  /**
   * Writes a snapshot as parts of bounded size (a joining device reads one part at a time), then
   * records them, then removes the files they replace. A crash before the removal leaves both,
   * which read the same.
   */
  async #writeSnapshot(
    produce: (add: (article: ArticleVersions) => Promise<void>) => Promise<void>,
    replaces: string[],
  ): Promise<void> {
    const state = this.#state;
    const device = this.#identity.device;
    const names: string[] = [];
    let part: ArticleVersions[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (part.length === 0 && names.length > 0) return;
      state.seq += 1;
      const written = await writeSyncFile(
        this.sharedDir,
        {
          kind: 'snapshot',
          device,
          nonce: this.#identity.nonce,
          deviceName: this.options.deviceName,
          hlc: this.#tick(),
          seq: state.seq,
          writtenAt: new Date(this.now()).toISOString(),
          replaces,
        },
        part,
      );
      names.push(written.name);
      part = [];
      bytes = 0;
    };
    await produce(async (article) => {
      part.push(article);
      bytes += JSON.stringify(article.versions).length;
      if (bytes >= (this.options.snapshotPartBytes ?? SNAPSHOT_PART_BYTES)) await flush();
    });
    await flush();
    state.published = names;
    state.ingested[device] = [...names];
    state.sinceSnapshot = 0;
    await this.store.saveState(state);
    await removeOwnFiles(
      this.sharedDir,
      device,
      replaces.filter((n) => !names.includes(n)),
    );
    this.#compacted = true;
  }
}
