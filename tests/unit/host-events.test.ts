// The browser host's event stream: GET /api/events?token=… (Server-Sent Events, because EventSource
// cannot send the token header), under the same loopback Host/Origin checks as the API, fed by the
// handler table's progress callbacks as `pird serve` wires them (cli/common.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHostTable } from '../../electron/cli/common.ts';
import { HTTP_EVENTS_PATH } from '../../electron/core/contract.ts';
import type { PirdEvent } from '../../electron/core/contract.ts';
import { EventHub } from '../../electron/host/events.ts';
import { startHost } from '../../electron/host/server.ts';
import type { RunningHost } from '../../electron/host/server.ts';
import { tempDir } from './helpers/paths.ts';

const CORPUS_003 = path.resolve(
  import.meta.dirname,
  '../../../shared/corpus/article-003-duhok-short-film.json',
);

let host: RunningHost;
let home: string;
const events = new EventHub();
const savedHome = process.env.PIRD_HOME;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: pathname,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (channel: string, body: unknown) =>
  request(`/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pird-token': host.token },
    body: JSON.stringify(body),
  });

interface Stream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: PirdEvent[];
  raw: () => string;
  /** Resolves once an event matches. */
  waitFor(match: (event: PirdEvent) => boolean, timeoutMs?: number): Promise<PirdEvent>;
  close(): void;
}

/** Opens the event stream like an EventSource would, parsing `data:` lines as they arrive. */
function openStream(query: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `${HTTP_EVENTS_PATH}${query}`,
        headers: { accept: 'text/event-stream', ...headers },
      },
      (res) => {
        let raw = '';
        let pending = '';
        const received: PirdEvent[] = [];
        const waiters: { match: (e: PirdEvent) => boolean; resolve: (e: PirdEvent) => void }[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          pending += chunk;
          let end: number;
          while ((end = pending.indexOf('\n\n')) >= 0) {
            const message = pending.slice(0, end);
            pending = pending.slice(end + 2);
            const data = message
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice('data: '.length))
              .join('\n');
            if (data === '') continue;
            const event = JSON.parse(data) as PirdEvent;
            received.push(event);
            for (const waiter of [...waiters]) {
              if (waiter.match(event)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(event);
              }
            }
          }
        });
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          events: received,
          raw: () => raw,
          waitFor: (match, timeoutMs = 5_000) =>
            new Promise((done, fail) => {
              const found = received.find(match);
              if (found) return done(found);
              const timer = setTimeout(
                () => fail(new Error(`no matching event in ${timeoutMs} ms: ${raw}`)),
                timeoutMs,
              );
              waiters.push({
                match,
                resolve: (event) => {
                  clearTimeout(timer);
                  done(event);
                },
              });
            }),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  home = tempDir('pird-host-events-');
  process.env.PIRD_HOME = path.join(home, 'home');
  const rendererDir = path.join(home, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Pird</title>');
  const { table } = await openHostTable(path.join(home, 'library'), events);
  host = await startHost({ table, rendererDir, events });
});

afterAll(async () => {
  await host.close();
  if (savedHome === undefined) delete process.env.PIRD_HOME;
  else process.env.PIRD_HOME = savedHome;
});

describe('browser host event stream', () => {
  it('requires the token (in the query: EventSource cannot send headers)', async () => {
    const none = await request(HTTP_EVENTS_PATH);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await request(`${HTTP_EVENTS_PATH}?token=${'x'.repeat(host.token.length)}`);
    expect(wrong.status).toBe(401);
    const short = await request(`${HTTP_EVENTS_PATH}?token=${host.token.slice(1)}`);
    expect(short.status).toBe(401);
    // The API's header is not accepted in place of the query, nor the query on the API.
    const header = await request(HTTP_EVENTS_PATH, { headers: { 'x-pird-token': host.token } });
    expect(header.status).toBe(401);
    const apiByQuery = await request(`/api/articles.list?token=${host.token}`, {
      method: 'POST',
      body: '{}',
    });
    expect(apiByQuery.status).toBe(401);
    expect(events.size).toBe(0);
  });

  it('refuses other Host headers, other origins and other methods', async () => {
    const query = `?token=${host.token}`;
    const rebound = await request(`${HTTP_EVENTS_PATH}${query}`, {
      headers: { host: `evil.example:${host.port}` },
    });
    expect(rebound.status).toBe(403);
    const crossSite = await request(`${HTTP_EVENTS_PATH}${query}`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    const post = await request(`${HTTP_EVENTS_PATH}${query}`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(events.size).toBe(0);
  });

  it('streams events to every open page and stops when a page goes away', async () => {
    const first = await openStream(`?token=${host.token}`, { origin: host.origin });
    const second = await openStream(`?token=${host.token}`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(first.headers['cache-control']).toBe('no-store');
    await until(() => events.size === 2);
    events.emit({ name: 'export.progress', payload: { exportId: 'e1', done: 2, total: 5 } });
    for (const stream of [first, second]) {
      expect(await stream.waitFor((e) => e.name === 'export.progress')).toEqual({
        name: 'export.progress',
        payload: { exportId: 'e1', done: 2, total: 5 },
      });
    }
    first.close();
    second.close();
    await until(() => events.size === 0);
  });

  it('reports the progress of a real export (HandlerContext.onExportProgress as `serve` wires it)', async () => {
    const stream = await openStream(`?token=${host.token}`);
    await until(() => events.size === 1);
    const content = readFileSync(CORPUS_003, 'utf8');
    const imported = await api('articles.import', { files: [{ name: 'article-003.json', content }] });
    expect(imported.status).toBe(200);
    const outDir = path.join(home, 'out');
    const exported = await api('bundle.export', {
      ids: ['pub-003-duhok-short-film'],
      outDir,
      date: '2026-11-25',
      exportId: 'window-2-export',
    });
    expect(exported.status).toBe(200);
    expect(JSON.parse(exported.body)).toMatchObject({ ok: true, value: { status: 'exported' } });
    await stream.waitFor((e) => e.name === 'export.progress' && e.payload.done === 1);
    const progress = stream.events.filter((e) => e.name === 'export.progress').map((e) => e.payload);
    // Each event names its export, so a page shows only the progress of the export it started.
    expect(progress[0]).toEqual({ exportId: 'window-2-export', done: 0, total: 1 });
    expect(progress.at(-1)).toEqual({ exportId: 'window-2-export', done: 1, total: 1 });
    expect(
      existsSync(
        path.join(
          outDir,
          (JSON.parse(exported.body) as { value: { bundles: { name: string }[] } }).value.bundles[0]!.name,
          'manifest.json',
        ),
      ),
    ).toBe(true);
    stream.close();
    await until(() => events.size === 0);
  });

  it('ends open streams when the host closes', async () => {
    const other = new EventHub();
    const { table } = await openHostTable(path.join(home, 'library-2'), other);
    const second = await startHost({ table, rendererDir: path.join(home, 'renderer'), events: other });
    const ended = new Promise<void>((resolve) => {
      const req = http.get(
        { host: '127.0.0.1', port: second.port, path: `${HTTP_EVENTS_PATH}?token=${second.token}` },
        (res) => {
          res.resume();
          res.on('close', () => resolve());
        },
      );
      req.on('error', () => resolve());
    });
    await until(() => other.size === 1);
    await second.close();
    await ended;
    await until(() => other.size === 0);
  });
});
