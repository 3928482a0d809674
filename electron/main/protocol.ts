// The renderer is loaded from pird://app/, never from file:// or a remote URL; every request is
// re-checked to stay inside the packaged renderer folder.
import type { Protocol } from 'electron';
import { RENDERER_CSP } from '../host/csp.ts';
import { readStaticFile } from '../host/static-files.ts';

export const APP_SCHEME = 'pird';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app';
  } catch {
    return false;
  }
}

export function registerAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return new Response('Not found', { status: 404 });
    const file = await readStaticFile(rendererDir, new URL(request.url).pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.contentType, 'content-security-policy': RENDERER_CSP },
    });
  });
}
