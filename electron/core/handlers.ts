// The one handler table: every shell (Electron IPC, browser host, CLI) turns its transport into
// `dispatch(channel, payload)`, so a browser test exercises exactly what the desktop app runs.
import os from 'node:os';
import type { z } from 'zod';
import type { ApiResult, AppInfo, Channel, ResultOf } from './contract.ts';
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
import { toApiError } from './errors.ts';
import { loadDeviceSettings, updateDeviceSettings } from './node/device-settings.ts';
import { exportBundles, runQa } from './node/export.ts';
import { loadExportFonts } from './node/export-fonts.ts';
import type { Library } from './node/library.ts';

export interface HandlerContext {
  library: Library;
  /** Where this device's settings (translator name, UI language) live. */
  userDataDir: string;
  shell: AppInfo['shell'];
  version: string;
  /** Where the export font files are (a packaged app's resources); default: the installed package. */
  fontDir?: string;
  /** Progress of bundle.export: (bundles done, total), at the start and after every bundle. */
  onExportProgress?: (done: number, total: number) => void;
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
    'bundle.export': (request) =>
      exportBundles(library, request, {
        generatorVersion: context.version,
        fonts: () => loadExportFonts(context.fontDir),
        ...(context.onExportProgress ? { onProgress: context.onExportProgress } : {}),
      }),
    'librarySettings.get': () => library.getSettings(),
    'librarySettings.update': (patch) => library.updateSettings(patch),
  };
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
