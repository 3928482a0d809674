import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/core/handlers.ts';
import { Library } from '../../electron/core/node/library.ts';
import { startHost } from '../../electron/host/server.ts';
import type { RunningHost } from '../../electron/host/server.ts';
import { tempDir } from './helpers/paths.ts';

let host: RunningHost;

function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
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

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  request(`/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pird-token': host.token, ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  const home = tempDir();
  const rendererDir = path.join(home, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Pird</title>');
  writeFileSync(path.join(home, 'secret.txt'), 'not for the browser');
  const library = await Library.open(path.join(home, 'library'));
  const table = createHandlers({ library, userDataDir: home, shell: 'browser-host', version: 'test' });
  host = await startHost({ table, rendererDir });
});
afterAll(() => host.close());

describe('browser host', () => {
  it('listens on 127.0.0.1 only and prints a URL that carries the token', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: external.address, port: host.port });
        socket.once('connect', () => (socket.destroy(), resolve(false)));
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });

  it('refuses API calls without the token or with a wrong one', async () => {
    const none = await request('/api/articles.list', { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await api('articles.list', {}, { 'x-pird-token': 'x'.repeat(host.token.length) });
    expect(wrong.status).toBe(401);
  });

  it('answers API calls that carry the token', async () => {
    const res = await api('articles.list', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { articles: [], unreadable: [] } });
  });

  it('refuses other Host headers (DNS rebinding) and cross-site origins', async () => {
    const rebound = await api('articles.list', {}, { host: `evil.example:${host.port}` });
    expect(rebound.status).toBe(403);
    const crossSite = await api('articles.list', {}, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
  });

  it('validates every input and names what is wrong', async () => {
    const res = await api('segments.setText', { articleId: 'x', segmentId: 'p1', lang: 'fr', text: 'hi' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((JSON.parse(res.body) as { error: { message: string } }).error.message).toContain('lang');
    const unknown = await api('fs.readFile', {});
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    const notJson = await request('/api/articles.list', {
      method: 'POST',
      headers: { 'x-pird-token': host.token },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
  });

  it('serves the renderer with a strict CSP and never a file outside its folder', async () => {
    const index = await request('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("default-src 'none'");
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00index.html']) {
      const res = await request(escape);
      expect(res.status, escape).toBe(404);
    }
  });
});
