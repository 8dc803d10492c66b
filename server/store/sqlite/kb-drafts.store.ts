import type Database from 'better-sqlite3';
import type { KbDraft, KbIntentDoc } from '../../../shared/kb';
import { newKbDraft } from '../common/new-kb-draft';
import { newId } from '../ids';
import type { KbDraftStore } from '../store';
import type { GroupCommit } from './group-commit';
import { statementCache } from './statement-cache';

const DEFAULT_LIMIT = 100;

interface KbDraftRow {
  id: string;
  kind: KbDraft['kind'];
  intent_id: string;
  category: string;
  intent: string | null;
  base: string | null;
  source: KbDraft['source'];
  note: string | null;
  status: KbDraft['status'];
  author_id: string;
  author_name: string;
  created_at: number;
  reviewer_id: string | null;
  reviewer_name: string | null;
  reviewed_at: number | null;
  diff: string;
  rollback_of: string | null;
}

const json = (text: string | null): KbIntentDoc | null => (text === null ? null : (JSON.parse(text) as KbIntentDoc));

function toDraft(r: KbDraftRow): KbDraft {
  return {
    id: r.id,
    kind: r.kind,
    intentId: r.intent_id,
    category: r.category,
    intent: json(r.intent),
    base: json(r.base),
    source: r.source,
    note: r.note,
    status: r.status,
    authorId: r.author_id,
    authorName: r.author_name,
    createdAt: r.created_at,
    reviewerId: r.reviewer_id,
    reviewerName: r.reviewer_name,
    reviewedAt: r.reviewed_at,
    diff: r.diff,
    rollbackOf: r.rollback_of,
  };
}

/** KB drafts in SQLite; the review is one conditional UPDATE, so two admins approving at once cannot both win. */
export function createKbDraftsStore(db: Database.Database, group: GroupCommit): KbDraftStore {
  const prepare = statementCache(db);
  const insert = db.prepare(`INSERT INTO kb_drafts (id, kind, intent_id, category, intent, base, source, note, status,
      author_id, author_name, created_at, reviewer_id, reviewer_name, reviewed_at, diff, rollback_of)
    VALUES (@id, @kind, @intentId, @category, @intent, @base, @source, @note, @status,
      @authorId, @authorName, @createdAt, @reviewerId, @reviewerName, @reviewedAt, @diff, @rollbackOf)`);
  const byId = db.prepare<[string], KbDraftRow>('SELECT * FROM kb_drafts WHERE id = ?');

  return {
    async create(input) {
      const draft = newKbDraft(input, newId());
      await group.write(() =>
        insert.run({ ...draft, intent: draft.intent === null ? null : JSON.stringify(draft.intent), base: draft.base === null ? null : JSON.stringify(draft.base) }),
      );
      return draft;
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toDraft(row) : null;
    },
    async list(query) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (query.status && query.status.length > 0) {
        where.push(`status IN (${query.status.map(() => '?').join(', ')})`);
        params.push(...query.status);
      }
      if (query.intentId !== undefined) {
        where.push('intent_id = ?');
        params.push(query.intentId);
      }
      const sql = `SELECT * FROM kb_drafts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
      return prepare<(string | number)[], KbDraftRow>(sql).all(...params, Math.max(0, Math.trunc(query.limit ?? DEFAULT_LIMIT))).map(toDraft);
    },
    async review(id, from, review) {
      if (from.length === 0) return null;
      const sql = `UPDATE kb_drafts SET status = ?, reviewer_id = ?, reviewer_name = ?, reviewed_at = ?
        WHERE id = ? AND status IN (${from.map(() => '?').join(', ')}) RETURNING *`;
      const row = await group.write(() =>
        prepare<(string | number | null)[], KbDraftRow>(sql).get(review.status, review.reviewerId, review.reviewerName, review.reviewedAt, id, ...from),
      );
      return row ? toDraft(row) : null;
    },
  };
}
