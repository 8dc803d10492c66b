import type Database from 'better-sqlite3';
import type { AttachmentRecord, AttachmentStore } from '../store';
import type { GroupCommit } from './group-commit';

interface AttachmentRow {
  id: string;
  site_id: string;
  name: string;
  content_type: string;
  size: number;
  has_thumbnail: number;
  visitor_id: string | null;
  agent_id: string | null;
  conversation_id: string | null;
  case_id: string | null;
  created_at: number;
}

function toRecord(r: AttachmentRow): AttachmentRecord {
  return {
    id: r.id,
    siteId: r.site_id,
    name: r.name,
    contentType: r.content_type,
    size: r.size,
    hasThumbnail: r.has_thumbnail === 1,
    visitorId: r.visitor_id,
    agentId: r.agent_id,
    conversationId: r.conversation_id,
    caseId: r.case_id,
    createdAt: r.created_at,
  };
}

/** The files of one case, oldest first (the privacy export). Exported for the test that checks its index. */
export const CASE_ATTACHMENTS_SQL = 'SELECT * FROM attachments WHERE case_id = ? ORDER BY created_at';

/** Attachment metadata in SQLite. A claim is one conditional UPDATE, so two racing claims cannot both bind it. */
export function createAttachmentsStore(db: Database.Database, group: GroupCommit): AttachmentStore {
  const insert = db.prepare(`INSERT INTO attachments (id, site_id, name, content_type, size, has_thumbnail, visitor_id,
      agent_id, conversation_id, case_id, created_at)
    VALUES (@id, @siteId, @name, @contentType, @size, @hasThumbnail, @visitorId, @agentId, NULL, NULL, @createdAt)`);
  const byId = db.prepare<[string], AttachmentRow>('SELECT * FROM attachments WHERE id = ?');
  const claimConversation = db.prepare<[{ owner: string; id: string }], AttachmentRow>(
    `UPDATE attachments SET conversation_id = @owner WHERE id = @id AND case_id IS NULL
       AND (conversation_id IS NULL OR conversation_id = @owner) RETURNING *`,
  );
  const claimCase = db.prepare<[{ owner: string; id: string }], AttachmentRow>(
    `UPDATE attachments SET case_id = @owner WHERE id = @id AND conversation_id IS NULL
       AND (case_id IS NULL OR case_id = @owner) RETURNING *`,
  );
  const ofVisitor = db.prepare<[string], AttachmentRow>('SELECT * FROM attachments WHERE visitor_id = ? ORDER BY created_at');
  const ofConversation = db.prepare<[string], AttachmentRow>('SELECT * FROM attachments WHERE conversation_id = ? ORDER BY created_at');
  const ofCase = db.prepare<[string], AttachmentRow>(CASE_ATTACHMENTS_SQL);
  const dangling = db.prepare<[number, number], AttachmentRow>(
    `SELECT a.* FROM attachments a
     WHERE (a.conversation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = a.conversation_id))
        OR (a.case_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.id = a.case_id))
        OR (a.visitor_id IS NOT NULL AND a.conversation_id IS NULL AND a.case_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM visitors v WHERE v.id = a.visitor_id))
        OR (a.conversation_id IS NULL AND a.case_id IS NULL AND a.created_at < ?)
     LIMIT ?`,
  );
  const remove = db.prepare<[string]>('DELETE FROM attachments WHERE id = ?');
  const removeAll = db.transaction((ids: string[]) => ids.reduce((n, id) => n + remove.run(id).changes, 0));

  return {
    async create(input) {
      const record: AttachmentRecord = { ...input, conversationId: null, caseId: null };
      await group.write(() => insert.run({ ...input, hasThumbnail: input.hasThumbnail ? 1 : 0 }));
      return record;
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toRecord(row) : null;
    },
    async claim(id, owner) {
      const row = await group.write(() =>
        'conversationId' in owner ? claimConversation.get({ owner: owner.conversationId, id }) : claimCase.get({ owner: owner.caseId, id }),
      );
      return row ? toRecord(row) : null;
    },
    async list(ref) {
      const seen = new Map<string, AttachmentRecord>();
      for (const id of ref.visitorIds ?? []) for (const r of ofVisitor.all(id)) seen.set(r.id, toRecord(r));
      for (const id of ref.conversationIds ?? []) for (const r of ofConversation.all(id)) seen.set(r.id, toRecord(r));
      for (const id of ref.caseIds ?? []) for (const r of ofCase.all(id)) seen.set(r.id, toRecord(r));
      return [...seen.values()].sort((a, b) => a.createdAt - b.createdAt);
    },
    async listDangling(opts) {
      return dangling.all(opts.unclaimedBefore ?? -1, opts.limit ?? 500).map(toRecord);
    },
    async delete(ids) {
      return group.write(() => removeAll(ids));
    },
  };
}
