// The one handler table: every shell (Electron IPC, browser host, CLI) turns its transport into
// `dispatch(channel, payload)`, so a browser test exercises exactly what the desktop app runs.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { z } from 'zod';
import type { ApiResult, AppInfo, Channel, PirdEvent, ResultOf } from './contract.ts';
import { isChannel, requestSchemas } from './contract.ts';
import {
  deleteSegment,
  insertSegment,
  mergeWithNext,
  moveSegment,
  setSegmentStatus,
  setSegmentText,
  setSourceLang,
  splitSegment,
  updateMeta,
} from './article-ops.ts';
import { moveImage, removeImage, updateImageTexts } from './images/images.ts';
import { addArticleImage } from './node/media-store.ts';
import { PirdError, toApiError } from './errors.ts';
import { loadDeviceSettings, updateDeviceSettings } from './node/device-settings.ts';
import { exportBundles, runQa } from './node/export.ts';
import { loadExportFonts } from './node/export-fonts.ts';
import type { Library } from './node/library.ts';
import { LibrarySearch } from './node/library-search.ts';
import { buildProgressReport } from './progress/progress-report.ts';
import { importXliff } from './node/xliff-import.ts';
import {
  clearLibraryTm,
  exportGlossary,
  exportLibraryTmx,
  importGlossary,
  importLibraryTmx,
  importedTmSummary,
  matchGlossary,
} from './node/glossary-tmx.ts';
import { readGlossary, removeGlossaryEntry, saveGlossaryEntry } from './node/glossary-store.ts';
import { exportXliff } from './xliff/xliff.ts';
import { listConflicts, resolveConflict, runSync, setSharedFolder, syncStatus } from './node/sync/service.ts';

export interface HandlerContext {
  library: Library;
  /** Where this device's settings (translator name, UI language) live. */
  userDataDir: string;
  shell: AppInfo['shell'];
  version: string;
  /** Where the export font files are (a packaged app's resources); default: the installed package. */
  fontDir?: string;
  /** Progress of bundle.export: (bundles done, total, which export), at the start and after every bundle. */
  onExportProgress?: (done: number, total: number, exportId: string) => void;
  /** The system's file and folder dialogs (Electron main); without them dialog.* answers `unsupported`. */
  dialogs?: NativeDialogs;
}

export interface NativeDialogs {
  pickFolder(request: ParsedRequest<'dialog.pickFolder'>): Promise<ResultOf<'dialog.pickFolder'>>;
  openFiles(request: ParsedRequest<'dialog.openFiles'>): Promise<ResultOf<'dialog.openFiles'>>;
  showInFolder(request: ParsedRequest<'dialog.showInFolder'>): Promise<ResultOf<'dialog.showInFolder'>>;
}

/**
 * The context callbacks of long work, each turned into a contract event for `emit`: a shell passes
 * this to createHandlers and forwards what it gets to its pages (Electron IPC, the host's SSE).
 */
export function eventCallbacks(emit: (event: PirdEvent) => void): Pick<HandlerContext, 'onExportProgress'> {
  return {
    onExportProgress: (done, total, exportId) =>
      emit({ name: 'export.progress', payload: { exportId, done, total } }),
  };
}

type ParsedRequest<C extends Channel> = z.output<(typeof requestSchemas)[C]>;
export type HandlerTable = { [C in Channel]: (request: ParsedRequest<C>) => Promise<ResultOf<C>> };

export function createHandlers(context: HandlerContext): HandlerTable {
  const { library, userDataDir } = context;

  /** The name every change records: set once per device, else the OS account so no change is anonymous. */
  async function author(): Promise<string> {
    const settings = await loadDeviceSettings(userDataDir);
    return settings.translatorName.trim() || os.userInfo().username;
  }

  return {
    'app.info': () =>
      Promise.resolve({
        name: 'Pird',
        version: context.version,
        libraryPath: library.dir,
        shell: context.shell,
        nativeDialogs: context.dialogs !== undefined,
      }),
    'settings.get': () => loadDeviceSettings(userDataDir),
    'settings.update': (patch) => updateDeviceSettings(userDataDir, patch),
    'articles.list': () => library.list(),
    'articles.get': ({ id }) => library.get(id),
    'articles.create': async (input) => library.create(input, await author()),
    'articles.import': async ({ files }) => library.importFiles(files, await author()),
    'articles.updateMeta': ({ id, meta }) => library.update(id, (article) => updateMeta(article, meta)),
    'articles.setSourceLang': ({ id, sourceLang }) =>
      library.update(id, (article) => setSourceLang(article, sourceLang)),
    'segments.setText': async ({ articleId, segmentId, lang, text, status }) => {
      const by = await author();
      return library.update(articleId, (article, now) =>
        setSegmentText(article, segmentId, lang, text, status, by, now),
      );
    },
    'segments.setStatus': async ({ articleId, segmentId, lang, status }) => {
      const by = await author();
      return library.update(articleId, (article, now) =>
        setSegmentStatus(article, segmentId, lang, status, by, now),
      );
    },
    'segments.insert': async ({ articleId, afterSegmentId, kind }) => {
      const by = await author();
      return library.update(articleId, (article, now) =>
        insertSegment(article, afterSegmentId, kind ?? 'paragraph', by, now),
      );
    },
    'segments.split': async ({ articleId, segmentId, offsets }) => {
      const by = await author();
      return library.update(articleId, (article, now) => splitSegment(article, segmentId, offsets, by, now));
    },
    'segments.mergeWithNext': async ({ articleId, segmentId }) => {
      const by = await author();
      return library.update(articleId, (article, now) => mergeWithNext(article, segmentId, by, now));
    },
    'segments.move': ({ articleId, segmentId, toIndex }) =>
      library.update(articleId, (article) => moveSegment(article, segmentId, toIndex)),
    'segments.delete': ({ articleId, segmentId }) =>
      library.update(articleId, (article) => deleteSegment(article, segmentId)),
    'qa.run': async ({ ids, langs }) => {
      const articles = [];
      for (const id of new Set(ids)) articles.push(await library.get(id));
      return runQa(library, articles, langs);
    },
    'bundle.export': ({ exportId = randomUUID(), ...request }) => {
      const onExportProgress = context.onExportProgress;
      return exportBundles(library, request, {
        generatorVersion: context.version,
        fonts: () => loadExportFonts(context.fontDir),
        ...(onExportProgress ? { onProgress: (done, total) => onExportProgress(done, total, exportId) } : {}),
      });
    },
    'librarySettings.get': () => library.getSettings(),
    'librarySettings.update': (patch) => library.updateSettings(patch),
    'sync.run': async (request) => runSync(library, request, { deviceName: await author() }),
    'sync.status': () => syncStatus(library),
    'sync.setFolder': ({ sharedFolder }) => setSharedFolder(library, sharedFolder),
    'conflicts.list': () => listConflicts(library),
    'conflicts.resolve': async (request) => resolveConflict(library, request, await author()),
    'articles.delete': ({ id }) => library.delete(id),
    'trash.list': () => library.listTrash(),
    'articles.restore': ({ id }) => library.restore(id),
    'progress.report': async (request) => buildProgressReport((await library.list()).articles, request),
    'search.query': (request) => LibrarySearch.of(library).search(request),
    'tm.suggest': (request) => LibrarySearch.of(library).suggest(request),
    'tm.concordance': (request) => LibrarySearch.of(library).concordance(request),
    'xliff.export': async ({ id, sourceLang, targetLang }) =>
      exportXliff(await library.get(id), sourceLang, targetLang),
    'xliff.import': async ({ content }) => importXliff(library, content, await author()),
    'glossary.list': () => readGlossary(library.dir),
    'glossary.match': ({ articleId, segmentId, lang }) => matchGlossary(library, articleId, segmentId, lang),
    'glossary.import': ({ format, content }) => importGlossary(library, format, content),
    'glossary.export': ({ format }) => exportGlossary(library, format),
    'glossary.save': async ({ id, terms, note }) => {
      const { entry, glossary } = await saveGlossaryEntry(library.dir, id ?? null, { terms, note });
      return { entry, entries: glossary.entries };
    },
    'glossary.remove': ({ id }) => removeGlossaryEntry(library.dir, id),
    'tmx.export': ({ sourceLang, targetLang }) =>
      exportLibraryTmx(library, sourceLang, targetLang, context.version),
    'tmx.import': ({ content }) => importLibraryTmx(library, content),
    'tmx.imported': () => importedTmSummary(library),
    'tmx.clearImported': () => clearLibraryTm(library),
    'images.add': async (request) => addArticleImage(library, request, await author()),
    'images.update': async ({ articleId, imageId, caption, alt }) => {
      const by = await author();
      return library.update(articleId, (article, now) =>
        updateImageTexts(
          article,
          imageId,
          { ...(caption === undefined ? {} : { caption }), ...(alt === undefined ? {} : { alt }) },
          by,
          now,
        ),
      );
    },
    'images.remove': ({ articleId, imageId }) =>
      library.update(articleId, (article) => removeImage(article, imageId)),
    'images.move': ({ articleId, imageId, toIndex }) =>
      library.update(articleId, (article) => moveImage(article, imageId, toIndex)),
    'dialog.pickFolder': (request) => nativeDialogs().pickFolder(request),
    'dialog.openFiles': (request) => nativeDialogs().openFiles(request),
    'dialog.showInFolder': (request) => nativeDialogs().showInFolder(request),
  };

  function nativeDialogs(): NativeDialogs {
    if (context.dialogs) return context.dialogs;
    throw new PirdError(
      'unsupported',
      `The ${context.shell} has no file dialogs: type the folder's full path instead.`,
    );
  }
}

/** Validates an untrusted (channel, payload) pair and runs it; never throws. */
export async function dispatch(
  table: HandlerTable,
  channel: unknown,
  payload: unknown,
): Promise<ApiResult<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: `Unknown channel: ${String(channel)}` } };
  }
  const parsed = requestSchemas[channel].safeParse(payload ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`)
      .join('; ');
    return { ok: false, error: { code: 'invalid-input', message: `Invalid ${channel} request: ${detail}` } };
  }
  try {
    const handler = table[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}
