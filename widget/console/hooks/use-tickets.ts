import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ClientError, ClientResult } from '../../../shared/errors';
import type { Ticket, TicketStatus } from '../../../shared/model';
import type { DataOf } from '../connection';

type TicketRequest = {
  (event: 'ticket:list', payload: { status?: TicketStatus }): Promise<ClientResult<DataOf<'ticket:list'>>>;
  (event: 'ticket:reply', payload: { ticketId: string; text: string }): Promise<ClientResult<DataOf<'ticket:reply'>>>;
};

export interface TicketsState {
  tickets: Ticket[];
  filter: TicketStatus | 'all';
  selectedId: string | null;
  isLoading: boolean;
  setFilter: (filter: TicketStatus | 'all') => void;
  select: (ticketId: string | null) => void;
  reload: () => void;
  reply: (ticketId: string, text: string) => Promise<ClientError | null>;
}

/** The Tickets view's data: the filtered list (reloaded when shown and on ticket:created) and replying. */
export function useTickets(request: TicketRequest, isActive: boolean, refreshKey: number): TicketsState {
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [filter, setFilter] = useState<TicketStatus | 'all'>('open');
  const [selectedId, select] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(false);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (!isActive) return;
    let isCurrent = true;
    setLoading(true);
    void request('ticket:list', filter === 'all' ? {} : { status: filter }).then((res) => {
      if (!isCurrent) return;
      setLoading(false);
      if (res.ok) setTickets([...res.data.tickets].sort((a, b) => b.createdAt - a.createdAt));
    });
    return () => {
      isCurrent = false;
    };
  }, [request, isActive, filter, refreshKey, nonce]);

  const reply = useCallback(
    async (ticketId: string, text: string): Promise<ClientError | null> => {
      const res = await request('ticket:reply', { ticketId, text });
      if (!res.ok) return res.error;
      const updated = res.data.ticket;
      setTickets((list) => list.map((t) => (t.id === updated.id ? updated : t)));
      return null;
    },
    [request],
  );

  return { tickets, filter, selectedId, isLoading, setFilter, select, reload: () => setNonce((n) => n + 1), reply };
}
