import type { ConsoleState } from '../../../shared/events';
import type { ClientResult } from '../../../shared/errors';
import type { Connection } from '../connection';
import type { ConsoleAction } from './console-model';
import { needsRecount, unreadInTranscript } from './unread';

/**
 * What the console asks the server on every (re)connect, apart from reloading the open conversation: the
 * start-up state, then the inbox rows. Its own module so that a test can run it on a real connection and
 * see every request it makes.
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
  // At most maxChats transcripts, fetched only for conversations with activity since the last read.
  for (const c of needsRecount(res.data.mine)) {
    void connection.request('conversation:get', { conversationId: c.id }).then((d) => {
      if (d.ok) dispatch({ type: 'unreadCounted', counts: { [c.id]: unreadInTranscript(d.data.messages, c.agentReadSeq) } });
    });
  }
  return res;
}
