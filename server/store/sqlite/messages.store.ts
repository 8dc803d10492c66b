import { newMessage } from '../common/new-records';
import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit';
import { AppError } from '../../../shared/errors';
import type { Message } from '../../../shared/model';
import { newId } from '../ids';
import type { MessageStore, NewMessage } from '../store';
import { toJson, toMessage, type MessageRow } from './rows';

/** Read through the (conversation_id, seq) index: only the rows past the read mark are visited (plan: store.sqlite.test.ts). */
export const COUNT_SHOPPER_SINCE_SQL = `SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND seq > ? AND sender = 'shopper'`;

/**
 * Messages in SQLite. Append is one INSERT with the conversation's next seq (nothing for a resend by clientId),
 * whose trigger bumps last_seq. A failure rolls all of it back, so there is never a burnt seq or a half-written
 * message.
 */
export function createMessagesStore(db: Database.Database, group: GroupCommit): MessageStore {
  const byClientId = db.prepare<[string, string], MessageRow>(
    'SELECT * FROM messages WHERE conversation_id = ? AND client_id = ?',
  );
  // The message takes the conversation's next seq in the INSERT itself, and a resend (same clientId) inserts
  // nothing: the unique index answers what a SELECT before every insert used to ask.
  const insertNext = db.prepare<[Record<string, unknown>], { seq: number }>(`INSERT INTO messages (id, conversation_id, seq,
      client_id, sender, agent_id, sender_name, text, internal, bot, event, attachments, created_at)
    SELECT @id, @conversationId, last_seq + 1, @clientId, @sender, @agentId, @senderName, @text, @internal, @bot, @event,
      @attachments, @createdAt FROM conversations WHERE id = @conversationId
    ON CONFLICT (conversation_id, client_id) WHERE client_id IS NOT NULL DO NOTHING
    RETURNING seq`);
  const since = db.prepare<[string, number, number, number], MessageRow>(
    `SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND (internal = 0 OR ?) ORDER BY seq LIMIT ?`,
  );
  // Previews show what was said: system notices and agents' internal notes are skipped.
  const lastText = db.prepare<[string], { text: string }>(
    `SELECT text FROM messages WHERE conversation_id = ? AND sender <> 'system' AND internal = 0 ORDER BY seq DESC LIMIT 1`,
  );
  const shopperSince = db.prepare<[string, number], { n: number }>(COUNT_SHOPPER_SINCE_SQL);

  // One statement: the insert's trigger (migration 12) moves the conversation's last_seq and updated_at with it,
  // atomically; the writer holds the lock, so no other insert takes the same last_seq + 1 meanwhile.
  const append = (input: NewMessage): { message: Message; duplicate: boolean } => {
    const now = Date.now();
    const draft: Message = newMessage(input, newId(), 0, now);
    const inserted = insertNext.get({
      ...draft,
      internal: draft.internal ? 1 : 0,
      bot: toJson(draft.bot),
      event: toJson(draft.event),
      attachments: JSON.stringify(draft.attachments),
    });
    if (!inserted) {
      // Nothing inserted: a resend of a stored message, or no such conversation.
      const existing = input.clientId === null ? undefined : byClientId.get(input.conversationId, input.clientId);
      if (existing) return { message: toMessage(existing), duplicate: true };
      throw new AppError('NOT_FOUND', { message: `conversation ${input.conversationId} not found` });
    }
    return { message: { ...draft, seq: inserted.seq }, duplicate: false };
  };

  return {
    async append(input) {
      return group.writeStatement(() => append(input));
    },
    async findByClientId(conversationId, clientId) {
      const row = byClientId.get(conversationId, clientId);
      return row ? toMessage(row) : null;
    },
    async listSince(conversationId, sinceSeq, opts) {
      // SQLite reads LIMIT -1 as "no limit".
      const limit = opts?.limit === undefined ? -1 : Math.max(0, Math.trunc(opts.limit));
      return since.all(conversationId, sinceSeq, opts?.includeInternal ? 1 : 0, limit).map(toMessage);
    },
    async lastTexts(conversationIds) {
      const texts: Record<string, string> = {};
      for (const id of new Set(conversationIds)) {
        const row = lastText.get(id);
        if (row) texts[id] = row.text;
      }
      return texts;
    },
    async countShopperSince(conversationId, sinceSeq) {
      return shopperSince.get(conversationId, sinceSeq)?.n ?? 0;
    },
  };
}
