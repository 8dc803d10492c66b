import { AppError } from '../../../shared/errors';
import type { NewMessage } from '../../../server/store/store';
import { makeConversation, sleep, uid, type GetStore } from './helpers';

const shopper = (conversationId: string, text: string, clientId: string | null = uid()): NewMessage => ({
  conversationId,
  clientId,
  sender: 'shopper',
  text,
});

/** MessageStore rules: seq assignment, idempotent resends, internal notes. */
export function messagesContract(store: GetStore): void {
  describe('messages', () => {
    it('numbers messages from 1 per conversation and keeps conversation.lastSeq and updatedAt current', async () => {
      const c = await makeConversation(store());
      const other = await makeConversation(store());
      await sleep(3);
      const m1 = await store().messages.append(shopper(c.id, 'hello'));
      const m2 = await store().messages.append(shopper(c.id, 'anyone?'));
      const o1 = await store().messages.append(shopper(other.id, 'hi'));
      expect([m1.message.seq, m2.message.seq, o1.message.seq]).toEqual([1, 2, 1]);
      expect(m1.duplicate).toBe(false);
      const after = await store().conversations.get(c.id);
      expect(after?.lastSeq).toBe(2);
      expect(after!.updatedAt).toBeGreaterThan(c.updatedAt);
    });

    it('finds a message by its clientId within one conversation only', async () => {
      const c = await makeConversation(store());
      const other = await makeConversation(store());
      const sent = await store().messages.append(shopper(c.id, 'hello', 'resend-0001'));
      expect(await store().messages.findByClientId(c.id, 'resend-0001')).toEqual(sent.message);
      expect(await store().messages.findByClientId(other.id, 'resend-0001')).toBeNull();
      expect(await store().messages.findByClientId(c.id, 'never-sent')).toBeNull();
    });

    it('round-trips every message field', async () => {
      const c = await makeConversation(store());
      const bot = {
        decision: 'clarify' as const,
        intent: 'shipping_time',
        confidence: 0.42,
        quickReplies: [{ label: 'Track order', text: 'track my order' }, { label: 'Policy', url: 'https://shop.example.com/p' }],
      };
      const fromBot = await store().messages.append({ conversationId: c.id, clientId: null, sender: 'bot', senderName: 'Parley', text: 'Do you mean…', bot });
      const note = await store().messages.append({ conversationId: c.id, clientId: 'note-0001', sender: 'agent', agentId: 'agent-1', senderName: 'Ana', text: 'VIP, be nice', internal: true });
      const event = { kind: 'assigned' as const, agentName: 'Ana', department: 'general', position: 2 };
      const sys = await store().messages.append({ conversationId: c.id, clientId: null, sender: 'system', text: 'Ana joined', event });
      expect(fromBot.message).toEqual({
        id: expect.any(String), conversationId: c.id, seq: 1, clientId: null, sender: 'bot', agentId: null,
        senderName: 'Parley', text: 'Do you mean…', internal: false, bot, event: null, attachments: [], createdAt: expect.any(Number),
      });
      expect(note.message).toMatchObject({ seq: 2, clientId: 'note-0001', sender: 'agent', agentId: 'agent-1', internal: true, bot: null });
      expect(sys.message).toMatchObject({ seq: 3, sender: 'system', event, bot: null, agentId: null, senderName: null });
      const stored = await store().messages.listSince(c.id, 0, { includeInternal: true });
      expect(stored).toEqual([fromBot.message, note.message, sys.message]);
    });

    it('gives 50 concurrent appends distinct, gapless seqs', async () => {
      const c = await makeConversation(store());
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store().messages.append(shopper(c.id, `m${i}`))));
      expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect((await store().conversations.get(c.id))?.lastSeq).toBe(50);
      const stored = await store().messages.listSince(c.id, 0);
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('treats a resend (same clientId) as a duplicate: same message, nothing written, seq not bumped', async () => {
      const c = await makeConversation(store());
      const first = await store().messages.append(shopper(c.id, 'where is my order', 'client-abc-1'));
      const again = await store().messages.append(shopper(c.id, 'where is my order (edited)', 'client-abc-1'));
      expect(again).toEqual({ message: first.message, duplicate: true });
      expect((await store().conversations.get(c.id))?.lastSeq).toBe(1);
      const next = await store().messages.append(shopper(c.id, 'next'));
      expect(next.message.seq).toBe(2);
      expect(await store().messages.listSince(c.id, 0)).toHaveLength(2);
    });

    it('scopes clientIds to their conversation and never deduplicates null clientIds', async () => {
      const a = await makeConversation(store());
      const b = await makeConversation(store());
      const inA = await store().messages.append(shopper(a.id, 'x', 'shared-client-id'));
      const inB = await store().messages.append(shopper(b.id, 'x', 'shared-client-id'));
      expect(inB.duplicate).toBe(false);
      expect(inB.message.id).not.toBe(inA.message.id);
      const n1 = await store().messages.append(shopper(a.id, 'server made', null));
      const n2 = await store().messages.append(shopper(a.id, 'server made', null));
      expect([n1.duplicate, n2.duplicate]).toEqual([false, false]);
      expect([n1.message.seq, n2.message.seq]).toEqual([2, 3]);
    });

    it('stores one message when the same clientId is sent 10 times at once', async () => {
      const c = await makeConversation(store());
      const results = await Promise.all(Array.from({ length: 10 }, () => store().messages.append(shopper(c.id, 'double tap', 'client-race-1'))));
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      const stored = await store().messages.listSince(c.id, 0);
      expect(stored).toEqual([results[0]!.message]);
      // Without transactions (MongoDB) a lost race may skip a seq; order must still hold.
      expect((await store().conversations.get(c.id))!.lastSeq).toBeGreaterThanOrEqual(stored[0]!.seq);
      const next = await store().messages.append(shopper(c.id, 'after the race'));
      expect(next.message.seq).toBeGreaterThan(stored[0]!.seq);
    });

    it('refuses to append to an unknown conversation with NOT_FOUND', async () => {
      const attempt = store().messages.append(shopper(uid(), 'hello?'));
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(store().messages.append(shopper(uid(), 'hello?'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('lists messages after a seq, oldest first, limited, internal notes only when asked', async () => {
      const c = await makeConversation(store());
      await store().messages.append(shopper(c.id, 'one'));
      await store().messages.append({ conversationId: c.id, clientId: null, sender: 'agent', agentId: 'a', text: 'note', internal: true });
      await store().messages.append(shopper(c.id, 'three'));
      await store().messages.append(shopper(c.id, 'four'));
      const texts = async (since: number, opts?: { limit?: number; includeInternal?: boolean }) =>
        (await store().messages.listSince(c.id, since, opts)).map((m) => `${m.seq}:${m.text}`);
      expect(await texts(0)).toEqual(['1:one', '3:three', '4:four']);
      expect(await texts(0, { includeInternal: true })).toEqual(['1:one', '2:note', '3:three', '4:four']);
      expect(await texts(1, { includeInternal: true, limit: 2 })).toEqual(['2:note', '3:three']);
      expect(await texts(3)).toEqual(['4:four']);
      expect(await texts(4)).toEqual([]);
      expect(await store().messages.listSince(uid(), 0)).toEqual([]);
    });

    it('gives the latest text of each conversation for previews, skipping internal notes and system notices', async () => {
      const a = await makeConversation(store());
      const b = await makeConversation(store());
      const empty = await makeConversation(store());
      await store().messages.append(shopper(a.id, 'first'));
      await store().messages.append(shopper(a.id, 'latest in a'));
      await store().messages.append({ conversationId: a.id, clientId: null, sender: 'agent', text: 'secret', internal: true });
      await store().messages.append({ conversationId: a.id, clientId: null, sender: 'system', text: 'Ana joined', event: { kind: 'assigned' } });
      await store().messages.append({ conversationId: b.id, clientId: null, sender: 'bot', text: 'bot answer' });
      expect(await store().messages.lastTexts([a.id, b.id, empty.id, uid()])).toEqual({ [a.id]: 'latest in a', [b.id]: 'bot answer' });
      expect(await store().messages.lastTexts([])).toEqual({});
    });

    it('counts the shopper messages after a seq: not bot answers, agents\' messages or notes, system notices', async () => {
      const c = await makeConversation(store());
      const other = await makeConversation(store());
      await store().messages.append(shopper(c.id, 'before the read mark'));
      await store().messages.append({ conversationId: c.id, clientId: null, sender: 'bot', text: 'answer' });
      for (let i = 0; i < 3; i += 1) await store().messages.append(shopper(c.id, `unread ${i}`));
      await store().messages.append({ conversationId: c.id, clientId: null, sender: 'agent', agentId: 'a', text: 'reply' });
      await store().messages.append({ conversationId: c.id, clientId: null, sender: 'agent', agentId: 'a', text: 'note', internal: true });
      await store().messages.append({ conversationId: c.id, clientId: null, sender: 'system', text: 'Requeued', event: { kind: 'requeued' } });
      await store().messages.append(shopper(c.id, 'unread 3'));
      await store().messages.append(shopper(other.id, 'elsewhere'));
      expect(await store().messages.countShopperSince(c.id, 1)).toBe(4);
      expect(await store().messages.countShopperSince(c.id, 0)).toBe(5);
      expect(await store().messages.countShopperSince(c.id, 8)).toBe(1);
      expect(await store().messages.countShopperSince(c.id, 9)).toBe(0);
      expect(await store().messages.countShopperSince(uid(), 0)).toBe(0);
    });
  });
}
