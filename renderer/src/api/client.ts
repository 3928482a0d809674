// One client for both shells: Electron's preload (window.pird) or the browser host's HTTP API.
// Every result is an ApiResult; transport failures become {ok:false} with a code the UI translates.
// Events (export progress) come from the preload's onEvent or the host's Server-Sent Events stream,
// and are validated by the contract's schemas before any listener sees them.
import {
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  HTTP_EVENTS_TOKEN_PARAM,
  HTTP_TOKEN_HEADER,
  parseEvent,
} from '../../../electron/core/contract';
import type {
  ApiResult,
  Channel,
  PirdBridge,
  PirdClient,
  PirdEventListener,
  RequestOf,
  ResultOf,
} from '../../../electron/core/contract';

declare global {
  interface Window {
    /** Exposed by Electron's preload; absent in the browser host. */
    pird?: PirdBridge;
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

/** Parses one SSE message's data ({name, payload}); anything else is dropped. */
function eventFromMessage(data: unknown): ReturnType<typeof parseEvent> {
  if (typeof data !== 'string') return null;
  try {
    const value = JSON.parse(data) as { name?: unknown; payload?: unknown } | null;
    return value === null || typeof value !== 'object' ? null : parseEvent(value.name, value.payload);
  } catch {
    return null;
  }
}

/**
 * One EventSource for all listeners, opened with the first and closed with the last. It reconnects by
 * itself after a dropped connection; events sent while it was away are lost (progress catches up).
 */
function createEventStream(token: string | null, EventSourceImpl: typeof EventSource | undefined) {
  const listeners = new Set<PirdEventListener>();
  let source: EventSource | null = null;
  return (listener: PirdEventListener): (() => void) => {
    listeners.add(listener);
    if (!source && EventSourceImpl) {
      const query = new URLSearchParams({ [HTTP_EVENTS_TOKEN_PARAM]: token ?? '' });
      source = new EventSourceImpl(`${HTTP_EVENTS_PATH}?${query.toString()}`);
      source.onmessage = (message: MessageEvent<unknown>) => {
        const event = eventFromMessage(message.data);
        if (event) for (const each of [...listeners]) each(event);
      };
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  };
}

export function createHttpClient(
  token: string | null,
  fetchImpl: typeof fetch = fetch,
  EventSourceImpl: typeof EventSource | undefined = globalThis.EventSource,
): PirdClient {
  const subscribe = createEventStream(token, EventSourceImpl);
  return {
    subscribe,
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

function createIpcClient(bridge: PirdBridge): PirdClient {
  return {
    subscribe(listener) {
      if (typeof bridge.onEvent !== 'function') return () => undefined;
      return bridge.onEvent((name, payload) => {
        const event = parseEvent(name, payload);
        if (event) listener(event);
      });
    },
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
