// Helpers shared by the CLI's command files (main.ts, commands-export.ts): opening the handler
// table, calling a channel with exit codes, printing human or JSON output.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiResult, Channel, ErrorCode, RequestOf, ResultOf } from '../core/contract.ts';
import type { HandlerContext, HandlerTable } from '../core/handlers.ts';
import { createHandlers, dispatch, eventCallbacks } from '../core/handlers.ts';
import { Library } from '../core/node/library.ts';
import { defaultLibraryDir, defaultUserDataDir } from '../core/node/paths.ts';
import type { EventHub } from '../host/events.ts';
import { UsageError, userPath } from './args.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const USAGE_EXIT = 2;
export const INPUT_ERRORS: ErrorCode[] = ['invalid-input', 'not-found', 'unknown-channel'];

export function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export async function openTable(
  libraryOption: string | undefined,
  shell: 'cli' | 'browser-host',
  extra: Pick<HandlerContext, 'onExportProgress'> = {},
) {
  const library = await Library.open(libraryOption ? userPath(libraryOption) : defaultLibraryDir());
  const table = createHandlers({
    library,
    userDataDir: defaultUserDataDir(),
    shell,
    version: readVersion(),
    ...extra,
  });
  return { library, table };
}

/**
 * The table `serve` runs: its progress callbacks (HandlerContext.onExportProgress) become events on
 * `events`, which the browser host streams to every open page (GET /api/events).
 */
export function openHostTable(libraryOption: string | undefined, events: EventHub) {
  return openTable(
    libraryOption,
    'browser-host',
    eventCallbacks((event) => events.emit(event)),
  );
}

export async function call<C extends Channel>(
  table: HandlerTable,
  channel: C,
  request: RequestOf<C>,
): Promise<ResultOf<C>> {
  const result = (await dispatch(table, channel, request)) as ApiResult<ResultOf<C>>;
  if (!result.ok) {
    const exitCode = INPUT_ERRORS.includes(result.error.code) ? USAGE_EXIT : 1;
    throw new CommandFailed(`${result.error.code}: ${result.error.message}`, exitCode);
  }
  return result.value;
}

/** `1 pair`, `2 pairs`: English output of the CLI. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function print(json: boolean | undefined, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1)
    throw new UsageError(`expected exactly one ${what}, got ${positionals.length}`);
  return positionals[0] as string;
}

export const libraryOption = { library: { type: 'string' }, json: { type: 'boolean' } } as const;
