import { useCallback } from 'react';
import type { Channel, RequestOf, ResultOf } from '../../../electron/core/contract';
import { useApp } from './context.ts';

/** Calls a channel; a failure is shown to the user (errors.<code>) and comes back as null. */
export function useInvoke() {
  const { client, reportError } = useApp();
  return useCallback(
    async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C> | null> => {
      const result = await client.invoke(channel, request);
      if (result.ok) return result.value;
      reportError(result.error);
      return null;
    },
    [client, reportError],
  );
}
