import type Database from 'better-sqlite3';
import { LOW_CSAT, LOW_NPS, type QaReview, type QaSampleItem } from '../../../shared/metrics';
import { newQaReview } from '../common/new-qa-review';
import { newId } from '../ids';
import type { QaStore } from '../store';
import type { GroupCommit } from './group-commit';
import type { SqlValue } from './set-clause';
import { statementCache } from './statement-cache';

interface QaRow {
  id: string;
  site_id: string;
  conversation_id: string;
  agent_id: string;
  reviewer_id: string;
  greeting: number;
  accuracy: number;
  tone: number;
  resolution: number;
  notes: number;
  score: number;
  comment: string | null;
  created_at: number;
}

const toReview = (r: QaRow): QaReview => ({
  id: r.id,
  siteId: r.site_id,
  conversationId: r.conversation_id,
  agentId: r.agent_id,
  reviewerId: r.reviewer_id,
  scores: { greeting: r.greeting, accuracy: r.accuracy, tone: r.tone, resolution: r.resolution, notes: r.notes },
  score: r.score,
  comment: r.comment,
  createdAt: r.created_at,
});

/** QA reviews in SQLite; the sample is one query (low-rated first, then a seeded random order). */
export function createQaStore(db: Database.Database, group: GroupCommit): QaStore {
  const prepare = statementCache(db);
  const insert = db.prepare(`INSERT INTO qa_reviews (id, site_id, conversation_id, agent_id, reviewer_id, greeting, accuracy, tone,
      resolution, notes, score, comment, created_at)
    VALUES (@id, @siteId, @conversationId, @agentId, @reviewerId, @greeting, @accuracy, @tone, @resolution, @notes, @score, @comment, @createdAt)`);

  return {
    async create(input) {
      const review = newQaReview(input, newId());
      await group.write(() => insert.run({ ...review, ...review.scores }));
      return review;
    },
    async list(query) {
      const where: string[] = [];
      const params: Record<string, SqlValue> = { limit: query.limit };
      if (query.agentId !== undefined) (params.agentId = query.agentId), where.push('agent_id = @agentId');
      if (query.conversationId !== undefined) (params.conversationId = query.conversationId), where.push('conversation_id = @conversationId');
      if (query.from !== undefined) (params.from = query.from), where.push('created_at >= @from');
      if (query.to !== undefined) (params.to = query.to), where.push('created_at < @to');
      const sql = `SELECT * FROM qa_reviews ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT @limit`;
      return prepare<[Record<string, SqlValue>], QaRow>(sql).all(params).map(toReview);
    },
    async sample(query) {
      const where = ["c.status = 'closed'", 'c.closed_at >= @from', 'c.closed_at < @to', 'c.assigned_agent_id IS NOT NULL'];
      const params: Record<string, SqlValue> = {
        from: query.from,
        to: query.to,
        size: query.size,
        lowCsat: LOW_CSAT,
        lowNps: LOW_NPS,
        // A per-request multiplier scrambles rowids into a random but repeatable order.
        seed: Math.floor(query.seed * 1_000_000) + 7919,
      };
      if (query.siteId !== undefined) (params.siteId = query.siteId), where.push('c.site_id = @siteId');
      if (query.department !== undefined) (params.department = query.department), where.push('c.department = @department');
      if (query.agentId !== undefined) (params.agentId = query.agentId), where.push('c.assigned_agent_id = @agentId');
      const rows = prepare<[Record<string, SqlValue>], Record<string, number | string | null>>(
        `SELECT c.id AS conversationId, c.assigned_agent_id AS agentId, a.name AS agentName, c.department AS department,
           c.closed_at AS closedAt, json_extract(c.rating, '$.score') AS rating, json_extract(c.rating, '$.nps') AS nps,
           (json_extract(c.rating, '$.score') <= @lowCsat OR json_extract(c.rating, '$.nps') <= @lowNps) AS isLow,
           EXISTS (SELECT 1 FROM qa_reviews q WHERE q.conversation_id = c.id) AS isReviewed,
           (SELECT substr(m.text, 1, 140) FROM messages m WHERE m.conversation_id = c.id AND m.sender = 'shopper' ORDER BY m.seq LIMIT 1) AS preview
         FROM conversations c LEFT JOIN agents a ON a.id = c.assigned_agent_id
         WHERE ${where.join(' AND ')}
         ORDER BY isReviewed, COALESCE(isLow, 0) DESC, (c.rowid * @seed) % 1000003, c.id
         LIMIT @size`,
      ).all(params);
      return rows.map(
        (r): QaSampleItem => ({
          conversationId: String(r.conversationId),
          agentId: String(r.agentId),
          agentName: r.agentName === null ? null : String(r.agentName),
          department: String(r.department),
          closedAt: Number(r.closedAt),
          rating: r.rating === null ? null : Number(r.rating),
          nps: r.nps === null ? null : Number(r.nps),
          reason: r.isLow === 1 ? 'low_rated' : 'random',
          isReviewed: r.isReviewed === 1,
          preview: r.preview === null ? null : String(r.preview),
        }),
      );
    },
  };
}
