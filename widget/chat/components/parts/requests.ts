/**
 * The chat's rarer commands, in the parts chunk with the screens that send them: the leave-a-message form's
 * request (remembered for this chat, see formCase) and the closed chat's rating. The transport sends them.
 */
import type { PayloadOf, CommandResult } from '../../shopper-socket';
import type { Transport } from '../../transport';
import { conversationIdOf, setConversation } from '../../transport-state';
import { STORAGE_KEYS } from '../../../protocol/storage-keys';
import { caseSync } from './case-sync';

/** Leave-a-message: opens a case and remembers its number for this chat; the cases may have changed. */
export async function createTicket(transport: Transport, p: PayloadOf<'ticket:create'>): Promise<CommandResult<'ticket:create'>> {
  const ack = await transport.command('ticket:create', p);
  if (ack.ok) {
    transport.storage.set(STORAGE_KEYS.formCase, `${conversationIdOf(transport.state) ?? ''}:${ack.data.number}`);
    void caseSync()?.refresh();
  }
  return ack;
}

/** The number of the case the form opened from the current chat, or null. */
export function formCase(transport: Transport): number | null {
  const [conv, n] = (transport.storage.get(STORAGE_KEYS.formCase) ?? '').split(':');
  return n && conv === (conversationIdOf(transport.state) ?? '') ? Number(n) : null;
}

/** Rates the closed chat: `nps` 0–10, or below 0 when the shopper skipped the question. */
export async function rate(transport: Transport, score: number, comment: string, nps: number): Promise<CommandResult<'conversation:rate'>> {
  const c = comment.trim();
  const ack = await transport.command('conversation:rate', { score, ...(c && { comment: c }), ...(nps >= 0 && { nps }) });
  const conv = transport.state.get().conversation;
  if (ack.ok && conv) setConversation(transport.state, transport.storage, { ...conv, ratingRequested: false, rating: { score, comment: c || null, createdAt: Date.now() } });
  return ack;
}
