// One client for both shells: Electron's preload (window.pird) or the browser host's HTTP API.
// Every result is an ApiResult; transport failures become {ok:false} with a code the UI translates.
import { HTTP_API_PREFIX, HTTP_TOKEN_HEADER } from '../../../electron/core/contract.ts';
import type { ApiResult, Channel, PirdClient, RequestOf, ResultOf } from '../../../electron/core/contract.ts';

declare global {
  interface Window {
    /** Exposed by Electron's preload; absent in the browser host. */
    pird?: PirdClient;
  }
}

const TOKEN_STORAGE_KEY = 'pird.token';

/**
 * Reads the host's per-run token from `#token=...` once and keeps it in sessionStorage, so reloads and
 * in-app navigation (which rewrite the hash) keep working. The token is then removed from the address bar.
 */
export function takeTokenFromLocation(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    try {
      sessionStorage.setItem(TOKEN_STORAGE_KEY, match[1]);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
    return match[1];
  }
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

function transportError<T>(message: string): ApiResult<T> {
  return { ok: false, error: { code: 'io', message } };
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { ok?: unknown; error?: { code?: unknown } };
  if (record.ok === true) return 'value' in record;
  return record.ok === false && typeof record.error?.code === 'string';
}

export function createHttpClient(token: string | null, fetchImpl: typeof fetch = fetch): PirdClient {
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResultOf<C>>> {
      let response: Response;
      try {
        response = await fetchImpl(`${HTTP_API_PREFIX}${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: token ?? '' },
          body: JSON.stringify(request),
          cache: 'no-store',
        });
      } catch (error) {
        return transportError(`Network request failed: ${String(error)}`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return transportError(`The host answered ${response.status} without a Pird result.`);
      }
      // The host sends an ApiResult on 4xx/5xx too; anything else means we are not talking to Pird.
      if (!isApiResult(body)) return transportError(`Unexpected answer from the host (${response.status}).`);
      return body as ApiResult<ResultOf<C>>;
    },
  };
}

function createIpcClient(bridge: PirdClient): PirdClient {
  return {
    async invoke(channel, request) {
      try {
        return await bridge.invoke(channel, request);
      } catch (error) {
        return transportError(String(error));
      }
    },
  };
}

export function createClient(): PirdClient {
  if (window.pird) return createIpcClient(window.pird);
  return createHttpClient(takeTokenFromLocation());
}
