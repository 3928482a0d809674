// Sync as the handler table and the CLI use it: run a round against the configured shared folder,
// report status, list and resolve conflicts. The shared folder's path is a setting of the library
// on this machine (sync/settings.json): another laptop mounts the same share elsewhere.
import path from 'node:path';
import { setSegmentText } from '../../article-ops.ts';
import { PirdError } from '../../errors.ts';
import type { Article, Lang, SegmentVersion } from '../../model.ts';
import { materializeArticle, parseFieldKey, textKey } from '../../sync/article-sync.ts';
import type {
  ConflictList,
  ConflictVersion,
  SegmentConflict,
  SyncReport,
  SyncStatus,
} from '../../sync/sync-types.ts';
import type { Version } from '../../sync/versions.ts';
import { compareVersions, versionId, winnerOf } from '../../sync/versions.ts';
import type { Library } from '../library.ts';
import { withLibraryLock } from '../library-lock.ts';
import { LocalSyncStore } from './local-store.ts';
import type { SyncRoundOptions, SyncRoundProgress } from './round.ts';
import { changedArticles, runSyncRound } from './round.ts';

export interface RunSyncRequest {
  /** Defaults to the configured folder; a different one becomes the configured folder. */
  sharedFolder?: string;
  /** Set up this folder as the shared folder even if it is empty (and this library synced elsewhere). */
  setUp?: boolean;
}

/** Hears about every round run on one Library object: who shows "syncing", who refreshes after. */
export interface SyncRoundListener {
  started?(): void;
  progress?(progress: SyncRoundProgress): void;
  finished?(outcome: { ok: true; report: SyncReport } | { ok: false; error: unknown }): void;
}

/** The round in flight on one Library object, and who listens to rounds there. */
interface RoundCoordinator {
  inFlight: Promise<SyncReport> | null;
  listeners: Set<SyncRoundListener>;
}

const coordinators = new WeakMap<Library, RoundCoordinator>();

function coordinatorOf(library: Library): RoundCoordinator {
  let coordinator = coordinators.get(library);
  if (coordinator === undefined) {
    coordinator = { inFlight: null, listeners: new Set() };
    coordinators.set(library, coordinator);
  }
  return coordinator;
}

function tell(coordinator: RoundCoordinator, call: (listener: SyncRoundListener) => void): void {
  for (const listener of [...coordinator.listeners]) {
    try {
      call(listener);
    } catch {
      // A listener (an event stream, a log) must never fail or stop a round.
    }
  }
}

/** Listens to every round on this library in this process; returns the unsubscribe. */
export function onSyncRound(library: Library, listener: SyncRoundListener): () => void {
  const { listeners } = coordinatorOf(library);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The round running on this library in this process, if any (it settles when the round ends). */
export function syncRoundInFlight(library: Library): Promise<SyncReport> | null {
  return coordinators.get(library)?.inFlight ?? null;
}

/**
 * Runs one round. In one process there is never more than one round per library: a plain request
 * (no new folder, no set-up) made while a round runs gets that round's report (the user's "Sync
 * now" during a background round); any other waits for it and then runs. Across processes the
 * round's own lock keeps them apart.
 */
export async function runSync(
  library: Library,
  request: RunSyncRequest,
  options: Pick<
    SyncRoundOptions,
    'deviceName' | 'now' | 'batchSize' | 'compactBytes' | 'compactFiles' | 'chunkBytes' | 'snapshotPartBytes'
  >,
): Promise<SyncReport> {
  const coordinator = coordinatorOf(library);
  const plain = request.sharedFolder === undefined && request.setUp !== true;
  for (;;) {
    const running = coordinator.inFlight;
    if (running === null) break;
    if (plain) return running;
    await running.catch(() => undefined);
  }
  // Cleared before anyone awaiting it resumes, so a waiter never sees a finished round as running.
  const round = roundWithListeners(coordinator, library, request, options).finally(() => {
    coordinator.inFlight = null;
  });
  coordinator.inFlight = round;
  return round;
}

async function roundWithListeners(
  coordinator: RoundCoordinator,
  library: Library,
  request: RunSyncRequest,
  options: Pick<SyncRoundOptions, 'deviceName'> & Partial<SyncRoundOptions>,
): Promise<SyncReport> {
  // A request that cannot start a round (no folder, a folder inside the library) is an answer to
  // its caller, not a round: listeners hear nothing.
  const { sharedDir, newFolder } = await chooseSharedFolder(library, request);
  tell(coordinator, (l) => l.started?.());
  try {
    const report = await runSyncRound({
      ...options,
      library,
      sharedDir,
      newFolder,
      onProgress: (progress) => tell(coordinator, (l) => l.progress?.(progress)),
    });
    tell(coordinator, (l) => l.finished?.({ ok: true, report }));
    return report;
  } catch (error) {
    tell(coordinator, (l) => l.finished?.({ ok: false, error }));
    throw error;
  }
}

/** The folder a round syncs with: the request's (remembered from now on) or the configured one. */
async function chooseSharedFolder(
  library: Library,
  request: RunSyncRequest,
): Promise<{ sharedDir: string; newFolder: boolean }> {
  const store = new LocalSyncStore(library.dir);
  const settings = await store.loadSettings();
  const folder = request.sharedFolder ?? settings.sharedFolder;
  if (folder === null || folder.trim() === '') {
    throw new PirdError(
      'invalid-input',
      'No shared folder is set: choose one in Settings (or pass --shared DIR).',
    );
  }
  const sharedDir = path.resolve(folder);
  if (sharedDir === path.resolve(library.dir) || sharedDir.startsWith(path.resolve(library.dir) + path.sep)) {
    throw new PirdError('invalid-input', 'The shared folder cannot be inside the library.');
  }
  if (path.resolve(library.dir).startsWith(sharedDir + path.sep)) {
    throw new PirdError('invalid-input', 'The library cannot be inside the shared folder.');
  }
  const changedFolder = settings.sharedFolder !== sharedDir;
  if (changedFolder) await store.saveSettings({ sharedFolder: sharedDir });
  return { sharedDir, newFolder: changedFolder || request.setUp === true };
}

/** The shared folder of this library on this machine, or null when sync is off. */
export async function configuredSharedFolder(library: Library): Promise<string | null> {
  return (await new LocalSyncStore(library.dir).loadSettings()).sharedFolder;
}

/** True when this library has changes the shared folder has not had yet (edits, resolutions). */
export async function hasChangesWaiting(library: Library): Promise<boolean> {
  return (await syncStatus(library)).pending > 0;
}

/** Sets (or clears, with null) the shared folder of this library on this machine. */
export async function setSharedFolder(library: Library, folder: string | null): Promise<SyncStatus> {
  const store = new LocalSyncStore(library.dir);
  await store.saveSettings({
    sharedFolder: folder === null || folder.trim() === '' ? null : path.resolve(folder),
  });
  return syncStatus(library);
}

export async function syncStatus(library: Library): Promise<SyncStatus> {
  const store = new LocalSyncStore(library.dir);
  const settings = await store.loadSettings();
  const state = await store.loadState();
  const resolutions = await store.loadResolutions();
  // Without a shared folder nothing waits to go out, and the library's files are not looked at
  // (for 10,000 articles that is 30–90 ms of every page load).
  let pending = 0;
  if (settings.sharedFolder !== null) {
    const scan = library.scanStored(state.folders);
    pending = new Set([
      ...(scan === null ? [] : changedArticles(scan, state.index)),
      ...resolutions.map((r) => r.articleId),
    ]).size;
  }
  return {
    sharedFolder: settings.sharedFolder,
    device: state.lastRound?.device ?? null,
    lastRound: state.lastRound,
    pending,
    // A conflict resolved here stays in the sync state until the next round sends the resolution;
    // the user already settled it, so it is not counted (conflicts.list leaves it out too).
    conflicts: Object.entries(state.conflicts).reduce(
      (n, [articleId, keys]) =>
        n + keys.filter((key) => !resolutions.some((r) => r.articleId === articleId && r.key === key)).length,
      0,
    ),
    skipped: state.skipped,
  };
}

/** The versions of a conflicted field in the order they are listed: the shown one, then newest first. */
function listedVersions(frontier: readonly Version[]): Version[] {
  const winner = winnerOf(frontier);
  return [...frontier].sort((a, b) => (a === winner ? -1 : b === winner ? 1 : compareVersions(a, b)));
}

export async function listConflicts(library: Library): Promise<ConflictList> {
  const store = new LocalSyncStore(library.dir);
  const state = await store.loadState();
  const resolved = new Set((await store.loadResolutions()).map((r) => `${r.articleId} ${r.key}`));
  const conflicts: SegmentConflict[] = [];
  for (const articleId of Object.keys(state.conflicts).sort()) {
    const fields = await store.loadArticle(articleId);
    if (fields === null) continue;
    const m = materializeArticle(fields);
    if (m.article === null) continue;
    const article = m.article;
    for (const key of m.conflicts) {
      if (resolved.has(`${articleId} ${key}`)) continue;
      const field = parseFieldKey(key);
      if (field?.kind !== 'text') continue;
      const segment = article.segments.find((s) => s.id === field.segmentId);
      const frontier = fields.fields[key] ?? [];
      const winner = winnerOf(frontier);
      const versions: ConflictVersion[] = listedVersions(frontier).map((v) => {
        const value = v.value as SegmentVersion;
        return {
          id: versionId(v),
          device: v.device,
          deviceName: state.devices[v.device]?.name ?? v.device,
          author: value.changedBy,
          changedAt: value.changedAt,
          hlc: v.hlc,
          text: value.text,
          status: value.status,
          shown: v === winner,
        };
      });
      const headline =
        article.segments.find((s) => s.kind === 'headline')?.versions[article.sourceLang].text ?? '';
      conflicts.push({
        articleId,
        headline,
        segmentId: field.segmentId,
        segmentKind: segment?.kind ?? 'paragraph',
        lang: field.lang,
        versions,
      });
    }
  }
  return { conflicts };
}

export interface ResolveRequest {
  articleId: string;
  segmentId: string;
  lang: Lang;
  /** Keep this version: its id (`<device>@<stamp>`) or its number in the list (1 = the shown one). */
  keep?: string;
  /** Or write this text (a merge of the versions). */
  text?: string;
}

/**
 * Resolves a conflict: the library gets the chosen text now, and the next round sends a change
 * that supersedes every listed version, so the conflict closes on every device.
 */
export async function resolveConflict(
  library: Library,
  request: ResolveRequest,
  author: string,
): Promise<Article> {
  const { articleId, segmentId, lang } = request;
  if ((request.keep === undefined) === (request.text === undefined)) {
    throw new PirdError('invalid-input', 'Give either the version to keep or a new text.');
  }
  const store = new LocalSyncStore(library.dir);
  const key = textKey(lang, segmentId);
  return withLibraryLock(library.dir, async () => {
    const fields = await store.loadArticle(articleId);
    const frontier = fields?.fields[key] ?? [];
    if (new Set(frontier.map((v) => (v.value as SegmentVersion).text)).size < 2) {
      throw new PirdError('not-found', `There is no conflict on ${articleId} ${segmentId} (${lang}).`);
    }
    let text: string;
    let status: SegmentVersion['status'] | undefined;
    if (request.keep !== undefined) {
      const listed = listedVersions(frontier);
      const n = /^\d+$/.test(request.keep) ? Number(request.keep) : NaN;
      const chosen = Number.isInteger(n) ? listed[n - 1] : listed.find((v) => versionId(v) === request.keep);
      if (chosen === undefined) {
        throw new PirdError(
          'not-found',
          `No version "${request.keep}" in this conflict; it has ${listed.map((v, i) => `${i + 1} (${versionId(v)})`).join(', ')}.`,
        );
      }
      ({ text, status } = chosen.value as SegmentVersion);
    } else text = request.text!;
    const article = await library.update(articleId, (a, now) =>
      setSegmentText(a, segmentId, lang, text, status, author, now),
    );
    const resolutions = await store.loadResolutions();
    if (!resolutions.some((r) => r.articleId === articleId && r.key === key)) {
      await store.saveResolutions([...resolutions, { articleId, key }]);
    }
    return article;
  });
}
