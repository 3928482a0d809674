// The renderer is loaded from pird://app/, never from file:// or a remote URL; every request is
// re-checked to stay inside the packaged renderer folder.
import type { Protocol } from 'electron';
import { RENDERER_CSP } from '../host/csp.ts';
import { readMedia } from '../core/node/media-store.ts';
import { MEDIA_RESPONSE_HEADERS, mediaShaFromPath, readStaticFile } from '../host/static-files.ts';

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

/**
 * Serves the renderer, and the library's images at pird://app/media/<sha256> (only 64-hex names,
 * looked up in the library's media store; the page needs no token: no other site reaches pird://).
 */
export function registerAppProtocol(
  protocol: Protocol,
  rendererDir: string,
  /** A function when the app can switch libraries (File ▸ Open library): the one open now. */
  libraryDir?: string | (() => string),
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return new Response('Not found', { status: 404 });
    const pathname = new URL(request.url).pathname;
    const mediaSha = mediaShaFromPath(pathname);
    if (mediaSha !== undefined) {
      const dir = typeof libraryDir === 'function' ? libraryDir() : libraryDir;
      const media = mediaSha === null || dir === undefined ? null : await readMedia(dir, mediaSha);
      if (media === null) return new Response('Not found', { status: 404 });
      return new Response(new Uint8Array(media.bytes), {
        headers: { ...MEDIA_RESPONSE_HEADERS, 'content-type': media.mime },
      });
    }
    const file = await readStaticFile(rendererDir, pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'content-type': file.contentType, 'content-security-policy': RENDERER_CSP },
    });
  });
}
