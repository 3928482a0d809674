// The browser host: serves the built renderer and the same handler table over HTTP, on loopback only.
// Every API call must carry the per-run token; Host and Origin are checked so another web page the
// user visits cannot reach the API (DNS rebinding, cross-site requests). Events (export progress)
// reach the page as Server-Sent Events on GET /api/events?token=…, under the same checks.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  HTTP_EVENTS_TOKEN_PARAM,
  HTTP_IMAGE_BODY_LIMIT,
  HTTP_MEDIA_TOKEN_PARAM,
  HTTP_TOKEN_HEADER,
} from '../core/contract.ts';
import { readMedia } from '../core/node/media-store.ts';
import type { ApiResult, PirdEvent } from '../core/contract.ts';
import { dispatch } from '../core/handlers.ts';
import type { HandlerTable } from '../core/handlers.ts';
import type { Library } from '../core/node/library.ts';
import type { SyncTiming } from '../core/node/sync/background.ts';
import { BackgroundSync } from '../core/node/sync/background.ts';
import { RENDERER_CSP } from './csp.ts';
import { EventHub } from './events.ts';
import { MEDIA_RESPONSE_HEADERS, mediaShaFromPath, readStaticFile } from './static-files.ts';

const LOOPBACK = '127.0.0.1';
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** A comment line this often keeps an idle event stream from looking dead to proxies and the browser. */
const EVENT_KEEPALIVE_MS = 20_000;

export interface HostOptions {
  table: HandlerTable;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  /** Where the handler table's events are emitted (cli/common.ts); default: a hub of the host's own. */
  events?: EventHub;
  /**
   * The library to sync in the background while the host serves (a round shortly after each local
   * change and every minute, reported on `events` as sync.*); stopped when the host closes.
   */
  backgroundSync?: { library: Library } & Partial<SyncTiming>;
  /** The library whose images GET /media/<sha256> serves; without it /media/ answers 404. */
  libraryDir?: string;
}

export interface RunningHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Emit here to reach every page that listens (GET /api/events). */
  events: EventHub;
  close(): Promise<void>;
}

export function createToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(response: http.ServerResponse, status: number, body: ApiResult<unknown>): void {
  const data = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(data);
}

/** One event as an SSE message: a single `data:` line (JSON never contains a raw newline). */
function sseMessage(event: PirdEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

function refuse(
  response: http.ServerResponse,
  status: number,
  code: 'unauthorized' | 'invalid-input',
  message: string,
) {
  sendJson(response, status, { ok: false, error: { code, message } });
}

async function readBody(request: http.IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const STATUS_FOR_ERROR: Record<string, number> = {
  'invalid-input': 400,
  'unknown-channel': 404,
  'not-found': 404,
  unauthorized: 401,
  locked: 409,
  'newer-version': 409,
  unreadable: 409,
  // A native dialog: the browser host has none (the page keeps its text field).
  unsupported: 501,
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? createToken();
  const events = options.events ?? new EventHub();
  let origin = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        sendJson(response, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      } else {
        response.destroy();
      }
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    // A page on another site that resolves its own name to 127.0.0.1 still sends its own Host header.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      refuse(
        response,
        403,
        'unauthorized',
        'Unexpected Host header: the Pird host answers only on loopback.',
      );
      return;
    }
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === HTTP_EVENTS_PATH) {
      serveEvents(request, response, url);
      return;
    }
    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      if (request.method !== 'POST') {
        refuse(response, 405, 'invalid-input', 'Use POST for the API.');
        return;
      }
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) {
        refuse(response, 403, 'unauthorized', 'Requests from other origins are refused.');
        return;
      }
      if (!sameToken(token, request.headers[HTTP_TOKEN_HEADER])) {
        refuse(
          response,
          401,
          'unauthorized',
          'Missing or wrong token: open the URL that `pird serve` printed.',
        );
        return;
      }
      const channel = url.pathname.slice(HTTP_API_PREFIX.length);
      // An image travels as base64 in the body (up to 25 MB of image); every other call stays small.
      const raw = await readBody(request, channel === 'images.add' ? HTTP_IMAGE_BODY_LIMIT : MAX_BODY_BYTES);
      if (raw === null) {
        refuse(response, 413, 'invalid-input', 'Request too large.');
        return;
      }
      let payload: unknown;
      try {
        payload = raw.trim() === '' ? {} : JSON.parse(raw);
      } catch {
        refuse(response, 400, 'invalid-input', 'The request body is not valid JSON.');
        return;
      }
      const result = await dispatch(options.table, channel, payload);
      sendJson(response, result.ok ? 200 : (STATUS_FOR_ERROR[result.error.code] ?? 500), result);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const mediaSha = mediaShaFromPath(url.pathname);
    if (mediaSha !== undefined) {
      await serveMedia(request, response, url, mediaSha);
      return;
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      'content-type': file.contentType,
      'content-security-policy': RENDERER_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  /**
   * GET /media/<sha256>?token=…: an image of the library for the page's <img> (which cannot send
   * the token header). Only 64-hex names are looked up, inside the library's media store.
   */
  async function serveMedia(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
    sha256: string | null,
  ): Promise<void> {
    if (!sameToken(token, url.searchParams.get(HTTP_MEDIA_TOKEN_PARAM) ?? undefined)) {
      refuse(
        response,
        401,
        'unauthorized',
        'Missing or wrong token: open the URL that `pird serve` printed.',
      );
      return;
    }
    const file =
      sha256 === null || options.libraryDir === undefined
        ? null
        : await readMedia(options.libraryDir, sha256);
    if (file === null) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      ...MEDIA_RESPONSE_HEADERS,
      'content-type': file.mime,
      'content-length': String(file.bytes.length),
      'referrer-policy': 'no-referrer',
    });
    response.end(request.method === 'HEAD' ? undefined : file.bytes);
  }

  /** GET /api/events?token=…: the page's EventSource, which cannot send the token header. */
  function serveEvents(request: http.IncomingMessage, response: http.ServerResponse, url: URL): void {
    if (request.method !== 'GET') {
      refuse(response, 405, 'invalid-input', 'Use GET for the event stream.');
      return;
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) {
      refuse(response, 403, 'unauthorized', 'Requests from other origins are refused.');
      return;
    }
    if (!sameToken(token, url.searchParams.get(HTTP_EVENTS_TOKEN_PARAM) ?? undefined)) {
      refuse(
        response,
        401,
        'unauthorized',
        'Missing or wrong token: open the URL that `pird serve` printed.',
      );
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    // The first bytes open the stream in the browser (EventSource fires `open`).
    response.write('retry: 2000\n: connected\n\n');
    const unsubscribe = events.subscribe((event) => {
      response.write(sseMessage(event));
    });
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), EVENT_KEEPALIVE_MS);
    keepAlive.unref();
    const stop = () => {
      clearInterval(keepAlive);
      unsubscribe();
    };
    request.once('close', stop);
    response.once('close', stop);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${LOOPBACK}:${port}`;
  allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));
  // Rounds go through the table's sync.run, so "Sync now" joins a background round in flight.
  const background =
    options.backgroundSync === undefined
      ? null
      : new BackgroundSync({
          ...options.backgroundSync,
          runRound: () => options.table['sync.run']({}),
          emit: (event) => events.emit(event),
        });
  background?.start();
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    events,
    close: async () => {
      await background?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
