// `pird sync`, `conflicts`, `resolve`, `trash`, `restore`, `delete`: sync through a shared folder
// and the trash, over the same handler table as the app.
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import path from 'node:path';
import type { ArticleList, ConflictList, Lang, SyncReport } from '../core/contract.ts';
import { LANGUAGES } from '../core/contract.ts';
import type { HandlerTable } from '../core/handlers.ts';
import type { Library } from '../core/node/library.ts';
import { BackgroundSync, syncTimingFromEnv } from '../core/node/sync/background.ts';
import { parseCommandArgs, UsageError, userPath } from './args.ts';
import { CommandFailed, call, libraryOption, onePositional, openTable, plural, print } from './common.ts';
import { formatList } from './format.ts';

export const SYNC_USAGE = `  sync     [--library DIR] [--shared DIR] [--set-up] [--watch [--interval SEC]] [--json]
           one round with the shared folder (remembered per library), then a summary;
           --watch keeps syncing: 3 s after local changes, and every --interval seconds (default 60;
           PIRD_SYNC_DEBOUNCE_MS and PIRD_SYNC_INTERVAL_MS set both, in milliseconds);
           --set-up makes an empty folder the shared folder again (after it was emptied)
  conflicts [--library DIR] [--json]              segments two devices changed without seeing each other
  resolve  [--library DIR] ID --segment SEG --lang LNG (--keep VERSION | --text TEXT) [--json]
           VERSION: a version id from \`conflicts\`, or its number there (1 = the shown one)
  delete   [--library DIR] ID [--json]            move an article to the trash (on every device)
  trash    [--library DIR] [--json]               the articles in the trash
  restore  [--library DIR] ID [--json]            bring an article back from the trash`;

export function formatSyncReport(report: SyncReport): string {
  const lines: string[] = [];
  if (report.status === 'paused') lines.push(`PAUSED: ${report.warning ?? 'sync is paused'}`);
  else {
    lines.push(
      `synced with ${report.sharedFolder} as ${report.device} in ${report.durationMs} ms: ` +
        `sent ${plural(report.sent.changes, 'change')} (${plural(report.sent.files, 'file')}), ` +
        `received ${plural(report.received.changes, 'change')} (${plural(report.received.files, 'file')}), ` +
        `${plural(report.updated.length, 'article')} updated, ` +
        `${plural(report.conflicts, 'conflict')}${report.newConflicts > 0 ? ` (${report.newConflicts} new)` : ''}` +
        `${report.compacted ? ', history compacted' : ''}`,
    );
    if (report.warning) lines.push(`warning: ${report.warning}`);
  }
  for (const s of report.skipped) lines.push(`skipped ${s.file}: ${s.reason}`);
  return lines.join('\n');
}

export function formatConflicts(list: ConflictList): string {
  if (list.conflicts.length === 0) return 'No conflicts.';
  const lines: string[] = [];
  for (const c of list.conflicts) {
    lines.push(`${c.articleId}  segment ${c.segmentId} (${c.segmentKind})  ${c.lang}  ${c.headline}`);
    c.versions.forEach((v, i) => {
      const who = [v.deviceName, v.author, v.changedAt].filter((x) => x).join(', ');
      lines.push(`  ${i + 1}${v.shown ? '*' : ' '} ${v.id}  ${who}  [${v.status}]`);
      lines.push(`      ${v.text}`);
    });
  }
  lines.push('', '* shown until resolved. Resolve with: pird resolve ID --segment SEG --lang LNG --keep N');
  return lines.join('\n');
}

function formatTrash(list: ArticleList): string {
  if (list.articles.length === 0 && list.unreadable.length === 0) return 'The trash is empty.';
  return formatList(list);
}

/**
 * `sync --watch`: the background sync the app runs (a round shortly after each local change, and
 * every `intervalMs`), until SIGINT or SIGTERM. Changes come from other processes too (the app,
 * `set-text`), so the library's folders are watched; a round runs only if they left changes waiting.
 */
async function watchSync(
  table: HandlerTable,
  library: Library,
  request: { sharedFolder?: string; setUp?: boolean },
  /** Default: PIRD_SYNC_INTERVAL_MS, else a minute. */
  intervalMs: number | undefined,
  json: boolean | undefined,
): Promise<void> {
  const round = async (roundRequest: typeof request): Promise<SyncReport> => {
    try {
      const report = await call(table, 'sync.run', roundRequest);
      process.stdout.write(
        json ? `${JSON.stringify(report)}\n` : `${new Date().toISOString()} ${formatSyncReport(report)}\n`,
      );
      return report;
    } catch (error) {
      // A busy library or a vanished folder is retried next time; watching goes on.
      process.stderr.write(`${new Date().toISOString()} sync failed: ${(error as Error).message}\n`);
      throw error;
    }
  };
  const timing = syncTimingFromEnv(process.env);
  for (const warning of timing.warnings) process.stderr.write(`warning: ${warning}\n`);
  const background = new BackgroundSync({
    library,
    debounceMs: timing.debounceMs,
    intervalMs: intervalMs ?? timing.intervalMs,
    runRound: () => round({}),
    // This process prints each round's report itself (above).
    emit: () => undefined,
  });
  const watchers: FSWatcher[] = [];
  for (const folder of ['articles', 'trash']) {
    try {
      // Saves rename files into these folders.
      watchers.push(watch(path.join(library.dir, folder), () => background.localChange('possible')));
    } catch {
      // Not watchable here (some network file systems): the interval still syncs.
    }
  }
  let finish = (): void => undefined;
  const stopped = new Promise<void>((resolve) => (finish = resolve));
  process.on('SIGINT', finish);
  process.on('SIGTERM', finish);
  background.start();
  // The first round may set the folder up (--shared, --set-up); the schedule runs plain rounds.
  await round(request).catch(() => undefined);
  await stopped;
  for (const w of watchers) w.close();
  await background.stop();
  process.off('SIGINT', finish);
  process.off('SIGTERM', finish);
}

export const syncCommands: Record<string, (argv: string[]) => Promise<void>> = {
  async sync(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      shared: { type: 'string' },
      'set-up': { type: 'boolean' },
      watch: { type: 'boolean' },
      interval: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const interval = values.interval === undefined ? undefined : Number(values.interval);
    if (interval !== undefined && (!Number.isFinite(interval) || interval < 1))
      throw new UsageError('--interval must be a number of seconds (1 or more)');
    if (values.interval !== undefined && !values.watch) throw new UsageError('--interval goes with --watch');
    const request = {
      ...(values.shared === undefined ? {} : { sharedFolder: userPath(values.shared) }),
      ...(values['set-up'] ? { setUp: true } : {}),
    };
    const { library, table } = await openTable(values.library, 'cli');
    if (values.watch) {
      await watchSync(
        table,
        library,
        request,
        interval === undefined ? undefined : interval * 1000,
        values.json,
      );
      return;
    }
    const report = await call(table, 'sync.run', request);
    print(values.json, report, () => formatSyncReport(report));
    if (report.status === 'paused') throw new CommandFailed(report.warning ?? 'sync is paused', 1);
  },

  async conflicts(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const { table } = await openTable(values.library, 'cli');
    const list = await call(table, 'conflicts.list', {});
    print(values.json, list, () => formatConflicts(list));
  },

  async resolve(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      segment: { type: 'string' },
      lang: { type: 'string' },
      keep: { type: 'string' },
      text: { type: 'string' },
    });
    const articleId = onePositional(positionals, 'article ID');
    if (values.segment === undefined || values.lang === undefined) {
      throw new UsageError('resolve needs --segment SEG --lang LNG and one of --keep VERSION or --text TEXT');
    }
    if ((values.keep === undefined) === (values.text === undefined)) {
      throw new UsageError('resolve needs exactly one of --keep VERSION or --text TEXT');
    }
    if (!(LANGUAGES as readonly string[]).includes(values.lang)) {
      throw new UsageError(`--lang: unknown language "${values.lang}" (expected en, ar, ckb)`);
    }
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'conflicts.resolve', {
      articleId,
      segmentId: values.segment,
      lang: values.lang as Lang,
      ...(values.keep === undefined ? {} : { keep: values.keep }),
      ...(values.text === undefined ? {} : { text: values.text }),
    });
    print(
      values.json,
      article,
      () => `resolved ${articleId} ${values.segment} ${values.lang}; the next sync sends the resolution`,
    );
  },

  async delete(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    const id = onePositional(positionals, 'article ID');
    const { table } = await openTable(values.library, 'cli');
    const result = await call(table, 'articles.delete', { id });
    print(values.json, result, () => `moved ${id} to the trash`);
  },

  async trash(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const { table } = await openTable(values.library, 'cli');
    const list = await call(table, 'trash.list', {});
    print(values.json, list, () => formatTrash(list));
  },

  async restore(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    const id = onePositional(positionals, 'article ID');
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'articles.restore', { id });
    print(values.json, article, () => `restored ${id}`);
  },
};
