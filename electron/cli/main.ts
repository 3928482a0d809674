// `pird`: the command line over the same handler table as the app, for desks' scripts and tests.
// Exit codes: 0 done, 2 bad usage or bad input (nothing written), 1 anything else.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { ErrorCode } from '../core/contract.ts';
import { requestSchemas } from '../core/contract.ts';
import { loadDeviceSettings, updateDeviceSettings } from '../core/node/device-settings.ts';
import { defaultLibraryDir, defaultUserDataDir } from '../core/node/paths.ts';
import { syncTimingFromEnv } from '../core/node/sync/background.ts';
import { EventHub } from '../host/events.ts';
import { startHost } from '../host/server.ts';
import { parseCommandArgs, UsageError, userPath } from './args.ts';
import {
  CommandFailed,
  INPUT_ERRORS,
  REPO_ROOT,
  USAGE_EXIT,
  call,
  libraryOption,
  onePositional,
  openHostTable,
  openTable,
  print,
} from './common.ts';
import { EXPORT_USAGE, exportCommands } from './commands-export.ts';
import { SYNC_USAGE, syncCommands } from './commands-sync.ts';
import { TOOLKIT_USAGE, toolkitCommands } from './commands-toolkit.ts';
import { IMAGE_USAGE, imageCommands } from './commands-images.ts';
import { PROGRESS_USAGE, progressCommands } from './commands-progress.ts';
import { formatArticle, formatList } from './format.ts';

export const USAGE = `Usage: npm run -s pird -- <command> [options]

Commands:
  import   [--library DIR] FILE... [--json]       import plain text, Markdown or corpus JSON; prints the ids
  list     [--library DIR] [--json]               one line per article with progress per language
  show     [--library DIR] ID [--json]            the article's segments in order, each with its id
  set-text [--library DIR] ID --segment SEG --lang en|ar|ckb --text TEXT [--status STATUS] [--json]
  set-meta [--library DIR] ID [--desk D] [--date YYYY-MM-DD] [--byline B] [--tags a,b] [--json]
  config   [--translator NAME] [--ui-language en|ar|ckb] [--json]   this device's settings
  serve    [--library DIR] [--port N]             run Pird in your browser (127.0.0.1 only)
${EXPORT_USAGE}
${SYNC_USAGE}
${TOOLKIT_USAGE}
${PROGRESS_USAGE}
${IMAGE_USAGE}

--library defaults to ${defaultLibraryDir()}
Statuses: empty, draft, translated, reviewed, approved.`;

const commands: Record<string, (argv: string[]) => Promise<void>> = {
  async import(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    if (positionals.length === 0) throw new UsageError('import needs at least one FILE');
    const files = await Promise.all(
      positionals.map(async (file) => {
        try {
          return { name: path.basename(file), content: await fs.readFile(userPath(file), 'utf8') };
        } catch (error) {
          throw new CommandFailed(`cannot read ${file}: ${(error as Error).message}`, USAGE_EXIT);
        }
      }),
    );
    const { table } = await openTable(values.library, 'cli');
    const result = await call(table, 'articles.import', { files });
    print(values.json, result, () => result.ids.join('\n'));
  },

  async list(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const { table } = await openTable(values.library, 'cli');
    const list = await call(table, 'articles.list', {});
    print(values.json, list, () => formatList(list));
  },

  async show(argv) {
    const { values, positionals } = parseCommandArgs(argv, libraryOption);
    const id = onePositional(positionals, 'article ID');
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'articles.get', { id });
    print(values.json, article, () => formatArticle(article));
  },

  async 'set-text'(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      segment: { type: 'string' },
      lang: { type: 'string' },
      text: { type: 'string' },
      status: { type: 'string' },
    });
    const id = onePositional(positionals, 'article ID');
    if (values.segment === undefined || values.lang === undefined || values.text === undefined) {
      throw new UsageError('set-text needs --segment SEG --lang LNG --text TEXT');
    }
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'segments.setText', {
      articleId: id,
      segmentId: values.segment,
      lang: values.lang as never,
      text: values.text,
      ...(values.status === undefined ? {} : { status: values.status as never }),
    });
    const segment = article.segments.find((s) => s.id === values.segment);
    print(
      values.json,
      article,
      () => `saved ${id} ${values.segment} ${values.lang}: ${segment?.versions[values.lang as 'en'].status}`,
    );
  },

  async 'set-meta'(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...libraryOption,
      desk: { type: 'string' },
      date: { type: 'string' },
      byline: { type: 'string' },
      tags: { type: 'string' },
      slug: { type: 'string' },
    });
    const id = onePositional(positionals, 'article ID');
    const meta = {
      ...(values.desk === undefined ? {} : { desk: values.desk }),
      ...(values.date === undefined ? {} : { editionDate: values.date === '' ? null : values.date }),
      ...(values.byline === undefined ? {} : { byline: values.byline }),
      ...(values.slug === undefined ? {} : { slug: values.slug }),
      ...(values.tags === undefined
        ? {}
        : {
            tags: values.tags
              .split(',')
              .map((t) => t.trim())
              .filter((t) => t !== ''),
          }),
    };
    if (Object.keys(meta).length === 0)
      throw new UsageError('set-meta needs at least one of --desk --date --byline --tags --slug');
    const { table } = await openTable(values.library, 'cli');
    const article = await call(table, 'articles.updateMeta', { id, meta });
    print(
      values.json,
      article,
      () => `saved ${id}: desk ${article.meta.desk || '-'}, edition ${article.meta.editionDate ?? '-'}`,
    );
  },

  async config(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      translator: { type: 'string' },
      'ui-language': { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const patch = requestSchemas['settings.update'].safeParse({
      ...(values.translator === undefined ? {} : { translatorName: values.translator }),
      ...(values['ui-language'] === undefined ? {} : { uiLanguage: values['ui-language'] }),
    });
    if (!patch.success) throw new UsageError(patch.error.issues.map((i) => i.message).join('; '));
    const settings = Object.keys(patch.data).length
      ? await updateDeviceSettings(defaultUserDataDir(), patch.data)
      : await loadDeviceSettings(defaultUserDataDir());
    print(
      values.json,
      settings,
      () => `translator: ${settings.translatorName || '(not set)'}\nUI language: ${settings.uiLanguage}`,
    );
  },

  async serve(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      library: { type: 'string' },
      port: { type: 'string' },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be 0-65535, got ${values.port}`);
    const rendererDir = path.join(REPO_ROOT, 'dist/renderer');
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      process.stderr.write('Building the interface (first run)…\n');
      const build = spawnSync('npm', ['run', '-s', 'build:renderer'], { cwd: REPO_ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new CommandFailed('building the interface failed', 1);
    }
    const events = new EventHub();
    const { library, table } = await openHostTable(values.library, events);
    const syncTiming = syncTimingFromEnv(process.env);
    for (const warning of syncTiming.warnings) process.stderr.write(`warning: ${warning}\n`);
    const host = await startHost({
      table,
      rendererDir,
      port,
      events,
      libraryDir: library.dir,
      backgroundSync: { library, debounceMs: syncTiming.debounceMs, intervalMs: syncTiming.intervalMs },
    });
    // Read the library's index while the user opens the page, so the list is ready when asked for.
    library.list().catch(() => undefined);
    process.stdout.write(
      `Pird is running at ${host.url}\nLibrary: ${library.dir}\nOpen the address above in your browser. Press Ctrl+C to stop.\n`,
    );
    const stop = () => {
      void host.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },

  ...exportCommands,
  ...syncCommands,
  ...toolkitCommands,
  ...imageCommands,
  ...progressCommands,
};

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? USAGE_EXIT : 0;
  }
  const run = commands[command];
  if (!run) {
    process.stderr.write(`pird: unknown command '${command}'\n\n${USAGE}\n`);
    return USAGE_EXIT;
  }
  try {
    await run(rest);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `pird ${command}: ${error.message}\n\nRun \`npm run -s pird -- help\` for usage.\n`,
      );
      return USAGE_EXIT;
    }
    if (error instanceof CommandFailed) {
      process.stderr.write(`pird ${command}: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code;
    process.stderr.write(`pird ${command}: ${code ? `${code}: ` : ''}${message}\n`);
    return INPUT_ERRORS.includes(code as ErrorCode) ? USAGE_EXIT : 1;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
