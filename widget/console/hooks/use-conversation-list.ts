import { useEffect, useState } from 'preact/hooks';
import type { ClientResult } from '../../../shared/errors';
import type { ConversationListItem } from '../../../shared/events';
import type { Connection, DataOf } from '../connection';
import type { InboxView } from '../state/inbox-view';
import { isServerListed } from '../state/inbox-view';

const SEARCH_DEBOUNCE_MS = 250;
/** Batches reloads when many conversations change at once (a busy queue). */
const REFRESH_DEBOUNCE_MS = 800;

type ListRequest = (
  event: 'conversation:list',
  payload: { view: 'waiting' | 'mine' | 'open' | 'closed'; query?: string; limit?: number },
) => Promise<ClientResult<DataOf<'conversation:list'>>>;

/**
 * Rows for views served by `conversation:list` (All open, Closed, and any search): debounced on
 * the query, reloaded when conversations change or the socket reconnects.
 */
export function useConversationList(
  connection: Connection,
  request: ListRequest,
  view: InboxView,
  query: string,
  onListed: (items: ConversationListItem[]) => void,
): { items: ConversationListItem[]; isLoading: boolean } {
  const [items, setItems] = useState<ConversationListItem[]>([]);
  const [isLoading, setLoading] = useState(false);
  const [nonce, setNonce] = useState(0);
  const isActive = isServerListed(view, query);

  useEffect(() => {
    if (!isActive) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const bump = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => setNonce((n) => n + 1), REFRESH_DEBOUNCE_MS);
    };
    const offs = [connection.on('conversation:updated', bump), connection.onConnect(bump)];
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [connection, isActive]);

  useEffect(() => {
    if (!isActive || view === 'cases' || view === 'team' || view === 'knowledge') {
      setItems([]);
      return;
    }
    let isCurrent = true;
    setLoading(true);
    const q = query.trim();
    const timer = setTimeout(() => {
      void request('conversation:list', q === '' ? { view, limit: 100 } : { view, query: q, limit: 100 }).then((res) => {
        if (!isCurrent) return;
        setLoading(false);
        if (res.ok) {
          setItems(res.data.items);
          onListed(res.data.items);
        }
      });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
    // onListed is a dispatch wrapper; re-running on its identity would refetch on every render.
  }, [request, view, query, isActive, nonce]);

  return { items, isLoading };
}
