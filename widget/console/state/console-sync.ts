import type { ConsoleState } from '../../../shared/events';
import type { ClientResult } from '../../../shared/errors';
import type { Connection } from '../connection';
import type { ConsoleAction } from './console-model';

/**
 * What the console asks the server on every (re)connect, apart from reloading the open conversation: the
 * start-up state, unread counts included, then the inbox rows. No transcript: counting from one cost a
 * conversation:get per active chat and missed what lay before its latest page. Its own module so that a
 * test can run it on a real connection and see every request it makes.
 */
export async function syncConsole(
  connection: Pick<Connection, 'request'>,
  dispatch: (action: ConsoleAction) => void,
  onSynced: () => void,
): Promise<ClientResult<ConsoleState>> {
  const res = await connection.request('console:sync', {});
  if (!res.ok) return res;
  onSynced();
  dispatch({ type: 'synced', state: res.data });
  // ConsoleState.mine carries no visitor names or last messages; one list call fills the inbox rows.
  void connection.request('conversation:list', { view: 'mine', limit: 200 }).then((list) => {
    if (list.ok) dispatch({ type: 'listed', items: list.data.items });
  });
  return res;
}
