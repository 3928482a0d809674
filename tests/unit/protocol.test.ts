// pird://app serves only the packaged renderer folder, every response with Pird's CSP.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../electron/host/csp.ts';
import { isAppUrl, registerAppProtocol } from '../../electron/main/protocol.ts';
import { tempDir } from './helpers/paths.ts';

function serve(): (url: string) => Promise<Response> {
  const root = tempDir('pird-protocol-');
  const renderer = path.join(root, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Pird</title>');
  writeFileSync(path.join(renderer, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  let handler: ((request: { url: string }) => Promise<Response>) | undefined;
  const protocol = { handle: (_scheme: string, h: typeof handler) => (handler = h) };
  registerAppProtocol(protocol as unknown as Protocol, renderer);
  return (url) => handler!({ url });
}

describe('pird:// app protocol', () => {
  it('serves the renderer with its content type and the strict CSP header', async () => {
    const get = serve();
    const page = await get('pird://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    const script = await get('pird://app/assets/index.js');
    expect(script.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await script.text()).toBe('console.log(1)');
  });

  it('refuses paths that leave the renderer folder and other hosts', async () => {
    const get = serve();
    for (const url of [
      'pird://app/../secret.txt',
      'pird://app/%2e%2e/secret.txt',
      'pird://app/..%2fsecret.txt',
      'pird://app/assets/%00.js',
      'pird://other/index.html',
      'pird://app/missing.js',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it('recognises only pird://app as the app', () => {
    expect(isAppUrl('pird://app/index.html#/article/x')).toBe(true);
    for (const url of ['pird://evil/index.html', 'file:///app/index.html', 'https://app/', 'not a url'])
      expect(isAppUrl(url), url).toBe(false);
  });
});
