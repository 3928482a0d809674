// The one contract between the renderer and the shells (Electron IPC, browser host, CLI).
// Each channel is one entry: a runtime schema for its request and the type of its result.
// Everything that arrives from outside is `unknown` until its schema parses it.
import { z } from 'zod';
import type { Article, ArticleSummary, DeviceSettings, Lang, UnreadableArticle } from './model.ts';
import { LANGUAGES, SEGMENT_KINDS, STATUSES } from './model.ts';
import type { ExportResult } from './export/result.ts';
import type { LibrarySettings } from './library-settings.ts';
import { librarySettingsPatchSchema } from './library-settings.ts';
import type { QaRunResult } from './qa/qa.ts';
import type { ConflictList, SyncReport, SyncStatus } from './sync/sync-types.ts';
import type { ConcordanceResult, SearchResult, TmSuggestResult } from './search/types.ts';
import type { ProgressReport } from './progress/progress-report.ts';
import type { XliffExport, XliffImportResult } from './xliff/xliff.ts';
import type { GlossaryEntry, GlossaryHit } from './glossary/glossary.ts';
import { ALT_MAX_CHARS, CAPTION_MAX_CHARS, IMAGE_MAX_BYTES } from './images/images.ts';
/** The image limits the editor checks before sending a file (the handler checks them again). */
export { ALT_MAX_CHARS, CAPTION_MAX_CHARS, IMAGE_MAX_BYTES };

export type { ExportedBundle, ExportRequest, ExportResult } from './export/result.ts';
export type { LibrarySettings, LibrarySettingsPatch, RequiredStatus } from './library-settings.ts';
export { REQUIRED_STATUSES } from './library-settings.ts';
export type { QaCode, QaFinding, QaRunResult, QaSeverity, QaSummary } from './qa/qa.ts';
export type {
  ConflictList,
  ConflictVersion,
  SegmentConflict,
  SkippedFile,
  SyncReport,
  SyncStatus,
} from './sync/sync-types.ts';

export type {
  ConcordanceEntry,
  ConcordanceResult,
  SearchGroup,
  SearchHit,
  SearchResult,
  TextRange,
  TmPairOrigin,
  TmSuggestion,
  TmSuggestResult,
} from './search/types.ts';
export type { XliffExport, XliffImportResult } from './xliff/xliff.ts';
export type {
  LanguageTotals,
  ProgressCounts,
  ProgressGroup,
  ProgressGroupBy,
  ProgressReport,
} from './progress/progress-report.ts';
export type { GlossaryEntry, GlossaryHit, TermRange } from './glossary/glossary.ts';
// "Needs update" is derived from the texts, so the editor computes it (and the word diff) itself.
export type { DiffPart, DiffPartKind } from './text-diff.ts';
export { needsUpdate, sourceChanges } from './needs-update.ts';

export * from './model.ts';

export const langSchema = z.enum(LANGUAGES);
export const statusSchema = z.enum(STATUSES);
const id = z.string().min(1).max(200);
/** Article text: any Unicode (hostile text is stored exactly), bounded so one call cannot exhaust memory. */
const text = z.string().max(200_000);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const metaPatchSchema = z.strictObject({
  slug: z.string().max(200).optional(),
  desk: z.string().max(200).optional(),
  editionDate: isoDay.nullable().optional(),
  byline: z.string().max(500).optional(),
  tags: z.array(z.string().min(1).max(100)).max(100).optional(),
  url: z.string().max(2000).nullable().optional(),
});
export type MetaPatch = z.infer<typeof metaPatchSchema>;

const segmentRef = { articleId: id, segmentId: id };
/** Caption or alt text of an image, for the languages given. */
const imageTexts = (max: number) => z.partialRecord(langSchema, z.string().max(max));

/** What a native folder dialog is for: its title, and nothing else, depends on it. */
export const FOLDER_PURPOSES = ['shared-folder', 'export'] as const;
export type FolderPurpose = (typeof FOLDER_PURPOSES)[number];
/** articles.import's limits, which dialog.openFiles also applies to what it reads. */
export const IMPORT_LIMITS = { files: 500, nameChars: 500, contentChars: 5_000_000 } as const;

/** Names one run of bundle.export in its progress events (two windows may export at once). */
export const exportIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const requestSchemas = {
  'app.info': z.strictObject({}),
  'settings.get': z.strictObject({}),
  'settings.update': z.strictObject({
    translatorName: z.string().max(200).optional(),
    uiLanguage: langSchema.optional(),
  }),
  'articles.list': z.strictObject({}),
  'articles.get': z.strictObject({ id }),
  'articles.create': z.strictObject({
    sourceLang: langSchema,
    headline: text.optional(),
    meta: metaPatchSchema.optional(),
  }),
  'articles.import': z.strictObject({
    files: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(IMPORT_LIMITS.nameChars),
          content: z.string().max(IMPORT_LIMITS.contentChars),
        }),
      )
      .min(1)
      .max(IMPORT_LIMITS.files),
  }),
  'articles.updateMeta': z.strictObject({ id, meta: metaPatchSchema }),
  'articles.setSourceLang': z.strictObject({ id, sourceLang: langSchema }),
  'segments.setText': z.strictObject({
    ...segmentRef,
    lang: langSchema,
    text,
    status: statusSchema.optional(),
  }),
  'segments.setStatus': z.strictObject({ ...segmentRef, lang: langSchema, status: statusSchema }),
  'segments.insert': z.strictObject({
    articleId: id,
    /** Insert after this segment; null inserts at the top. */
    afterSegmentId: id.nullable(),
    kind: z.enum(SEGMENT_KINDS).optional(),
  }),
  'segments.split': z.strictObject({
    ...segmentRef,
    /** Split offsets per language (UTF-16 index); languages left out keep all their text in the first part. */
    offsets: z.partialRecord(langSchema, z.number().int().min(0)),
  }),
  'segments.mergeWithNext': z.strictObject(segmentRef),
  'segments.move': z.strictObject({ ...segmentRef, toIndex: z.number().int().min(0) }),
  'segments.delete': z.strictObject(segmentRef),
  'qa.run': z.strictObject({
    ids: z.array(id).min(1).max(10_000),
    /** Languages to check (those about to be exported); default all. */
    langs: z.array(langSchema).min(1).optional(),
  }),
  'bundle.export': z
    .strictObject({
      ids: z.array(id).min(1).max(10_000).optional(),
      edition: z.strictObject({ date: isoDay, desk: z.string().max(200).optional() }).optional(),
      /** Absolute path of the folder the user chose. */
      outDir: z.string().min(1).max(4096),
      zip: z.boolean().optional(),
      /** "Export anyway": QA errors do not block (they are recorded in each manifest). */
      force: z.boolean().optional(),
      langs: z.array(langSchema).min(1).optional(),
      /** Publication date (YYYY-MM-DD or ISO 8601); fixed, the export is byte-for-byte reproducible. */
      date: z.string().max(64).optional(),
      /** Chosen by the caller, so it can tell its own export.progress events from another export's. */
      exportId: exportIdSchema.optional(),
    })
    .refine((r) => (r.ids === undefined) !== (r.edition === undefined), {
      message: 'give either ids or an edition',
    }),
  'librarySettings.get': z.strictObject({}),
  'librarySettings.update': librarySettingsPatchSchema,
  // Sync through a shared folder (electron/core/node/sync), the trash.
  'sync.run': z.strictObject({
    /** Defaults to the configured folder; another folder becomes the configured one. */
    sharedFolder: z.string().min(1).max(4096).optional(),
    /** Set this folder up as the shared folder even though it is empty (after it was emptied). */
    setUp: z.boolean().optional(),
  }),
  'sync.status': z.strictObject({}),
  /** The shared folder of this library on this machine (null: sync off). */
  'sync.setFolder': z.strictObject({ sharedFolder: z.string().min(1).max(4096).nullable() }),
  'conflicts.list': z.strictObject({}),
  'conflicts.resolve': z
    .strictObject({
      ...segmentRef,
      lang: langSchema,
      /** A version's id (`<device>@<stamp>`) or its number in the list (1 = the shown one). */
      keep: z.string().min(1).max(200).optional(),
      /** Or a new text (a merge of the versions). */
      text: text.optional(),
    })
    .refine((r) => (r.keep === undefined) !== (r.text === undefined), {
      message: 'give either keep or text',
    }),
  'articles.delete': z.strictObject({ id }),
  'trash.list': z.strictObject({}),
  'articles.restore': z.strictObject({ id }),
  // The translator's toolkit: search, translation memory, XLIFF (electron/core/search, tm, xliff).
  'search.query': z.strictObject({
    query: z.string().max(1000),
    /** Search one language; default all. */
    lang: langSchema.optional(),
    /** Articles returned (best first); default 20. */
    limit: z.number().int().min(1).max(500).optional(),
  }),
  /** Words and segments per language and status, per desk or per edition (electron/core/progress). */
  'progress.report': z.strictObject({
    groupBy: z.enum(['desk', 'edition']),
    /** Only this desk's articles. */
    desk: z.string().max(200).optional(),
    /** Only this edition's articles. */
    editionDate: isoDay.optional(),
  }),
  'tm.suggest': z.strictObject({
    ...segmentRef,
    /** The language being translated into (not the article's source language). */
    lang: langSchema,
    limit: z.number().int().min(1).max(50).optional(),
    /** Lowest match percentage offered; default 50. */
    minMatch: z.number().int().min(1).max(100).optional(),
  }),
  'tm.concordance': z
    .strictObject({
      phrase: z.string().min(1).max(1000),
      /** Default: every language but the target. */
      sourceLang: langSchema.optional(),
      targetLang: langSchema,
      limit: z.number().int().min(1).max(200).optional(),
    })
    .refine((r) => r.sourceLang !== r.targetLang, { message: 'sourceLang and targetLang must differ' }),
  'xliff.export': z
    .strictObject({ id, sourceLang: langSchema, targetLang: langSchema })
    .refine((r) => r.sourceLang !== r.targetLang, { message: 'sourceLang and targetLang must differ' }),
  'xliff.import': z.strictObject({ content: z.string().min(1).max(50_000_000) }),
  // Glossary (glossary.json) and TMX interchange of the translation memory (electron/core/glossary, tmx).
  'glossary.list': z.strictObject({}),
  /** Glossary terms in the source text of one segment, with their approved translations into `lang`. */
  'glossary.match': z.strictObject({ ...segmentRef, lang: langSchema }),
  'glossary.import': z.strictObject({
    format: z.enum(['csv', 'tbx']),
    content: z.string().min(1).max(50_000_000),
  }),
  'glossary.export': z.strictObject({ format: z.enum(['csv', 'tbx']) }),
  /**
   * Saves one entry as given (its terms and note replace the old ones; a blank term: none in that
   * language); without `id`, a new entry. Refused when another entry has one of its terms.
   */
  'glossary.save': z.strictObject({
    id: id.optional(),
    terms: z.strictObject({
      en: z.string().max(1000).optional(),
      ar: z.string().max(1000).optional(),
      ckb: z.string().max(1000).optional(),
    }),
    note: z.string().max(10_000).optional(),
  }),
  'glossary.remove': z.strictObject({ id }),
  'tmx.export': z
    .strictObject({ sourceLang: langSchema, targetLang: langSchema })
    .refine((r) => r.sourceLang !== r.targetLang, { message: 'sourceLang and targetLang must differ' }),
  'tmx.import': z.strictObject({ content: z.string().min(1).max(50_000_000) }),
  /** What the imported memory (tm-imported.json) holds: pairs per language direction. */
  'tmx.imported': z.strictObject({}),
  /**
   * Empties the imported memory (the library's own translations are untouched); an unreadable
   * file is moved aside instead.
   */
  'tmx.clearImported': z.strictObject({}),
  // An article's images (electron/core/images; bytes in the library's media store).
  'images.add': z.strictObject({
    articleId: id,
    /** The file's name, shown to people; never used as a path. The type is read from the bytes. */
    name: z.string().min(1).max(1000),
    dataBase64: z
      .string()
      .min(1)
      .max(Math.ceil(IMAGE_MAX_BYTES / 3) * 4 + 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
    caption: imageTexts(CAPTION_MAX_CHARS).optional(),
    alt: imageTexts(ALT_MAX_CHARS).optional(),
  }),
  'images.update': z.strictObject({
    articleId: id,
    imageId: id,
    caption: imageTexts(CAPTION_MAX_CHARS).optional(),
    alt: imageTexts(ALT_MAX_CHARS).optional(),
  }),
  'images.remove': z.strictObject({ articleId: id, imageId: id }),
  'images.move': z.strictObject({ articleId: id, imageId: id, toIndex: z.number().int().min(0) }),
  // Native dialogs (Electron only; the browser host and the CLI answer `unsupported`, and the page
  // keeps its text field). The page learns whether they exist from app.info's nativeDialogs.
  'dialog.pickFolder': z.strictObject({
    purpose: z.enum(FOLDER_PURPOSES),
    /** Where the dialog opens (the folder in the field); ignored unless absolute. */
    defaultPath: z.string().min(1).max(4096).optional(),
  }),
  /** Files chosen in the system's open dialog, read by the shell with articles.import's limits. */
  'dialog.openFiles': z.strictObject({ purpose: z.enum(['import']) }),
  /** Shows an exported folder or bundle in the system's file manager: selected, never opened or run. */
  'dialog.showInFolder': z.strictObject({ path: z.string().min(1).max(4096) }),
} as const;

export type Channel = keyof typeof requestSchemas;
export const CHANNELS = Object.keys(requestSchemas) as Channel[];
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;

export interface AppInfo {
  name: string;
  version: string;
  libraryPath: string;
  /** 'electron' | 'browser-host' | 'cli': lets the UI hide what a shell cannot do. */
  shell: 'electron' | 'browser-host' | 'cli';
  /** True when dialog.pickFolder / dialog.openFiles open the system's dialogs (Electron). */
  nativeDialogs: boolean;
}

export interface ShownInFolder {
  shown: true;
}

export interface PickedFolder {
  /** Absolute; null when the user cancelled. */
  path: string | null;
}

export interface OpenedFiles {
  /** Empty when the user cancelled. */
  files: { name: string; content: string }[];
}

export interface ArticleList {
  articles: ArticleSummary[];
  unreadable: UnreadableArticle[];
}

export interface ImportResult {
  ids: string[];
  created: string[];
  updated: string[];
}

export interface ResultMap {
  'app.info': AppInfo;
  'settings.get': DeviceSettings;
  'settings.update': DeviceSettings;
  'articles.list': ArticleList;
  'articles.get': Article;
  'articles.create': Article;
  'articles.import': ImportResult;
  'articles.updateMeta': Article;
  'articles.setSourceLang': Article;
  'segments.setText': Article;
  'segments.setStatus': Article;
  'segments.insert': Article;
  'segments.split': Article;
  'segments.mergeWithNext': Article;
  'segments.move': Article;
  'segments.delete': Article;
  'qa.run': QaRunResult;
  'bundle.export': ExportResult;
  'librarySettings.get': LibrarySettings;
  'librarySettings.update': LibrarySettings;
  'sync.run': SyncReport;
  'sync.status': SyncStatus;
  'sync.setFolder': SyncStatus;
  'conflicts.list': ConflictList;
  'conflicts.resolve': Article;
  'articles.delete': { id: string };
  'trash.list': ArticleList;
  'articles.restore': Article;
  'search.query': SearchResult;
  'progress.report': ProgressReport;
  'tm.suggest': TmSuggestResult;
  'tm.concordance': ConcordanceResult;
  'xliff.export': XliffExport;
  'xliff.import': XliffImportResult;
  'glossary.list': GlossaryList;
  'glossary.match': GlossaryMatchResult;
  'glossary.import': GlossaryImportResult;
  'glossary.export': GlossaryExport;
  'glossary.save': GlossarySaveResult;
  'glossary.remove': GlossaryList;
  'tmx.export': TmxExport;
  'tmx.import': TmxImportResult;
  'tmx.imported': ImportedTmSummary;
  'tmx.clearImported': ImportedTmCleared;
  'images.add': Article;
  'images.update': Article;
  'images.remove': Article;
  'images.move': Article;
  'dialog.pickFolder': PickedFolder;
  'dialog.openFiles': OpenedFiles;
  'dialog.showInFolder': ShownInFolder;
}

export interface GlossaryList {
  entries: GlossaryEntry[];
}

export interface GlossarySaveResult extends GlossaryList {
  /** The entry as saved (terms and note trimmed, NFC). */
  entry: GlossaryEntry;
}

export interface GlossaryMatch extends GlossaryHit {
  /** The approved translation into the requested language; null when the entry has none. */
  translation: string | null;
  note: string | null;
}

export interface GlossaryMatchResult {
  sourceLang: Lang;
  targetLang: Lang;
  source: string;
  matches: GlossaryMatch[];
}

export interface GlossaryImportResult {
  /** Entries in the file. */
  entries: number;
  added: number;
  updated: number;
  /** Entries in the glossary now. */
  total: number;
}

export interface GlossaryExport {
  fileName: string;
  content: string;
  entries: number;
}

export interface TmxExport {
  fileName: string;
  content: string;
  units: number;
}

export interface TmxImportResult {
  /** Language pairs read from the file. */
  units: number;
  /** Pairs that were not stored before (tm-imported.json). */
  added: number;
  /** Imported pairs stored in the library now. */
  total: number;
}
export interface ImportedTmSummary {
  /** Imported pairs stored in the library. */
  total: number;
  /** How many per direction, as the files gave them (each also serves the other way). */
  pairs: { sourceLang: Lang; targetLang: Lang; units: number }[];
}
export interface ImportedTmCleared {
  /** Pairs the imported memory held. */
  removed: number;
  /** When the file could not be read: the name it was moved aside to in the library (not deleted). */
  setAside: string | null;
}
export type ResultOf<C extends Channel> = ResultMap[C];

/** Stable codes the UI translates (locales: errors.<code>). */
export const ERROR_CODES = [
  'invalid-input',
  'unknown-channel',
  'not-found',
  'unreadable',
  'newer-version',
  'locked',
  'io',
  'disk-full',
  'permission-denied',
  'unauthorized',
  /** This shell cannot do it (a native dialog in the browser host or the CLI). */
  'unsupported',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
}
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ---------------------------------------------------------------------------------------------
// Events: what the shells push to the renderer while long work runs (design.md: "Long work reports
// progress as events the UI shows"). Additive: a client ignores an event name it does not know.

export const eventSchemas = {
  /** bundle.export: bundles written so far and in all; at the start, after every bundle, and at least every 250 ms. */
  'export.progress': z.strictObject({
    /** The request's exportId (or one the handler chose): which export this is. */
    exportId: exportIdSchema,
    done: z.number().int().min(0),
    total: z.number().int().min(0),
  }),
  /** A sync round began (in the background, or sync.run): the UI shows "syncing". */
  'sync.started': z.strictObject({}),
  /** How far the round is: files from the shared folder merged so far, of those it found unread. */
  'sync.progress': z.strictObject({
    phase: z.enum(['merging', 'compacting']),
    done: z.number().int().min(0),
    total: z.number().int().min(0),
  }),
  /** The round ended: its report (articles it rewrote in `updated`), or why it failed. */
  'sync.finished': z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), report: syncReportSchema() }),
    z.strictObject({
      ok: z.literal(false),
      error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string() }),
    }),
  ]),
} as const;

/**
 * SyncReport (sync/sync-types.ts) as events carry it. Not strict, so a field added to the report
 * later does not make an older page drop the event.
 */
function syncReportSchema() {
  const count = z.object({ files: z.number().int().min(0), changes: z.number().int().min(0) });
  return z.object({
    status: z.enum(['synced', 'paused']),
    warning: z.string().nullable(),
    device: z.string(),
    sharedFolder: z.string(),
    startedAt: z.string(),
    durationMs: z.number().min(0),
    sent: count,
    received: count,
    updated: z.array(z.string()),
    conflicts: z.number().int().min(0),
    newConflicts: z.number().int().min(0),
    skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
    compacted: z.boolean(),
  }) satisfies z.ZodType<SyncReport>;
}

export type EventName = keyof typeof eventSchemas;
export type EventPayload<N extends EventName> = z.output<(typeof eventSchemas)[N]>;
export type PirdEvent = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];
export type PirdEventListener = (event: PirdEvent) => void;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(eventSchemas, value);
}

/** An event as it arrives from a transport (unknown), or null when it is not one this contract knows. */
export function parseEvent(name: unknown, payload: unknown): PirdEvent | null {
  if (!isEventName(name)) return null;
  const parsed = eventSchemas[name].safeParse(payload);
  // The payload was parsed by the schema of this very name (TS cannot correlate the two).
  return parsed.success ? ({ name, payload: parsed.data } as PirdEvent) : null;
}

/** What the renderer talks to: window.pird in Electron, an HTTP transport in the browser host. */
export interface PirdClient {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResultOf<C>>>;
  /** Listens to the shell's events; returns the function that stops listening. */
  subscribe(listener: PirdEventListener): () => void;
}

/**
 * What Electron's preload exposes as window.pird: invoke, and the raw event feed (name, payload)
 * that the renderer's client validates with parseEvent.
 */
export interface PirdBridge {
  invoke: PirdClient['invoke'];
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

/** The single IPC channel the preload forwards to; the channel name travels as an argument. */
export const IPC_INVOKE = 'pird:invoke';
/** HTTP path prefix of the browser host's API: POST /api/<channel>. */
export const HTTP_API_PREFIX = '/api/';
/**
 * Where the renderer loads an image of the library: GET /media/<sha256> (the browser host, with
 * ?token=<token> as for events; Electron's pird://app/media/<sha256>). Only 64-hex names exist.
 */
export const HTTP_MEDIA_PREFIX = '/media/';
export const HTTP_MEDIA_TOKEN_PARAM = 'token';
/** The browser host's body limit for images.add (base64 of the largest image); other calls keep a smaller one. */
export const HTTP_IMAGE_BODY_LIMIT = Math.ceil(IMAGE_MAX_BYTES / 3) * 4 + 64 * 1024;
/** Header carrying the per-run token of the browser host. */
export const HTTP_TOKEN_HEADER = 'x-pird-token';
/** The IPC channel on which Electron's main process sends events: (name, payload). */
export const IPC_EVENT = 'pird:event';
/**
 * The browser host's Server-Sent Events stream: GET /api/events?token=<token>. EventSource cannot
 * send headers, so the token travels in the query; each message's data is {name, payload}.
 */
export const HTTP_EVENTS_PATH = '/api/events';
export const HTTP_EVENTS_TOKEN_PARAM = 'token';

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}
