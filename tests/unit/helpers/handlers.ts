// Calling a handler table the way the app does, for the tests of the core's channels.
import type { ApiResult, Channel, RequestOf, ResultOf } from '../../../electron/core/contract.ts';
import type { HandlerTable } from '../../../electron/core/handlers.ts';
import { dispatch } from '../../../electron/core/handlers.ts';

/** What `channel` answers; a refusal is thrown as `<code>: <message>`. */
export async function callOk<C extends Channel>(
  table: HandlerTable,
  channel: C,
  request: RequestOf<C>,
): Promise<ResultOf<C>> {
  const result = (await dispatch(table, channel, request)) as ApiResult<ResultOf<C>>;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
