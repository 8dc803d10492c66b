import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit';
import type { Conversation } from '../../../shared/model';
import { newConversation } from '../common/new-conversation';
import { newId } from '../ids';
import type { ConversationPatch, ConversationQuery, ConversationStore } from '../store';
import { LIKE_ESCAPE, likePattern } from './like-pattern';
import { toConversation, toJson, type ConversationRow } from './rows';
import { asIs, setClause, type ColumnMap, type SqlValue } from './set-clause';
import { statementCache } from './statement-cache';

const DEFAULT_LIMIT = 50;

const COLUMNS: ColumnMap<Required<ConversationPatch>> = {
  status: { column: 'status', encode: asIs },
  department: { column: 'department', encode: asIs },
  priority: { column: 'priority', encode: asIs },
  assignedAgentId: { column: 'assigned_agent_id', encode: asIs },
  locale: { column: 'locale', encode: asIs },
  fallbackCount: { column: 'fallback_count', encode: asIs },
  handoff: { column: 'handoff', encode: toJson },
  tags: { column: 'tags', encode: (tags) => JSON.stringify(tags) },
  rating: { column: 'rating', encode: toJson },
  resolution: { column: 'resolution', encode: asIs },
  pageUrl: { column: 'page_url', encode: asIs },
  waitingSince: { column: 'waiting_since', encode: asIs },
  assignedAt: { column: 'assigned_at', encode: asIs },
  firstResponseAt: { column: 'first_response_at', encode: asIs },
  closedAt: { column: 'closed_at', encode: asIs },
  shopperReadSeq: { column: 'shopper_read_seq', encode: asIs },
  agentReadSeq: { column: 'agent_read_seq', encode: asIs },
  slaBreachedAt: { column: 'sla_breached_at', encode: asIs },
};

/**
 * The first handoff and first assignment, kept apart from the fields transfers and hand-backs overwrite:
 * metrics measure from them. COALESCE keeps the first value ever set.
 */
function firstTimes(patch: ConversationPatch): { sql: string[]; params: Record<string, SqlValue> } {
  const sql: string[] = [];
  const params: Record<string, SqlValue> = {};
  if (patch.waitingSince != null) {
    sql.push('handed_off_at = COALESCE(handed_off_at, @firstHandoffAt)');
    params.firstHandoffAt = patch.waitingSince;
  }
  if (patch.handoff != null) {
    sql.push('handoff_reason = COALESCE(handoff_reason, @firstHandoffReason)');
    params.firstHandoffReason = patch.handoff.reason;
  }
  if (patch.assignedAt != null) {
    sql.push('first_assigned_at = COALESCE(first_assigned_at, @firstAssignedAt)');
    params.firstAssignedAt = patch.assignedAt;
  }
  return { sql, params };
}

/** Conversations in SQLite. Conditional updates are single UPDATE … WHERE statements, so they cannot interleave. */
export function createConversationsStore(db: Database.Database, group: GroupCommit): ConversationStore {
  const prepare = statementCache(db);
  const insert = db.prepare(`INSERT INTO conversations (id, site_id, visitor_id, status, department, priority,
      assigned_agent_id, locale, last_seq, fallback_count, handoff, tags, rating, resolution, page_url, created_at,
      updated_at, waiting_since, assigned_at, first_response_at, closed_at, shopper_read_seq, agent_read_seq, sla_breached_at)
    VALUES (@id, @siteId, @visitorId, @status, @department, @priority, @assignedAgentId, @locale, @lastSeq,
      @fallbackCount, @handoff, @tags, @rating, @resolution, @pageUrl, @createdAt, @updatedAt, @waitingSince,
      @assignedAt, @firstResponseAt, @closedAt, @shopperReadSeq, @agentReadSeq, @slaBreachedAt)`);
  const byId = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  // rowid breaks ties between conversations created in the same millisecond by insertion order.
  const openByVisitor = db.prepare<[string], ConversationRow>(
    `SELECT * FROM conversations WHERE visitor_id = ? AND status <> 'closed' ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const latestByVisitor = db.prepare<[string], ConversationRow>(
    'SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
  );

  // Row values compare in the queue's order (listSql's 'queue'); the count includes the conversation itself.
  const queuePosition = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM conversations c,
       (SELECT department, priority_rank, waiting_since, created_at, id FROM conversations WHERE id = ? AND status = 'waiting') me
     WHERE c.status = 'waiting' AND c.department = me.department
       AND (c.priority_rank, c.waiting_since, c.created_at, c.id) <= (me.priority_rank, me.waiting_since, me.created_at, me.id)`,
  );

  // One statement: SQLite runs it under its write lock, so the count and the update cannot interleave with another take.
  // The condition and the new value are one statement's: no other write comes between reading the mark and raising it.
  const raiseMark = (column: 'agent_read_seq' | 'shopper_read_seq') =>
    db.prepare<[Record<string, SqlValue>], ConversationRow>(
      `UPDATE conversations SET ${column} = min(@seq, last_seq), updated_at = @now
        WHERE id = @id AND ${column} < min(@seq, last_seq) RETURNING *`,
    );
  const raiseReadMark = { agent: raiseMark('agent_read_seq'), shopper: raiseMark('shopper_read_seq') };
  const assignWithinCapacity = db.prepare<[Record<string, SqlValue>], ConversationRow>(
    `UPDATE conversations SET status = 'assigned', assigned_agent_id = @agentId, assigned_at = @at, updated_at = @now,
       first_assigned_at = COALESCE(first_assigned_at, @at)
     WHERE id = @id AND status = 'waiting'
       AND (SELECT COUNT(*) FROM conversations WHERE status = 'assigned' AND assigned_agent_id = @agentId) < @maxChats
     RETURNING *`,
  );

  // One statement for every agent online; each MAX is one step to the end of its conversations_agent_assigned range.
  const lastAssignedAt = db.prepare<[string], { agent: string; at: number | null }>(
    `SELECT j.value AS agent, (SELECT MAX(assigned_at) FROM conversations WHERE assigned_agent_id = j.value) AS at
       FROM json_each(?) j`,
  );

  const one = (row: ConversationRow | undefined): Conversation | null => (row ? toConversation(row) : null);

  return {
    async create(input) {
      const c = newConversation(input, newId(), Date.now());
      await group.writeStatement(() => insert.run({ ...c, handoff: null, tags: JSON.stringify(c.tags), rating: null }));
      return c;
    },
    async get(id) {
      return one(byId.get(id));
    },
    async findOpenByVisitor(visitorId) {
      return one(openByVisitor.get(visitorId));
    },
    async findLatestByVisitor(visitorId) {
      return one(latestByVisitor.get(visitorId));
    },
    async update(id, patch) {
      const set = setClause(patch, COLUMNS);
      const first = firstTimes(patch);
      const sql = `UPDATE conversations SET ${[...set.sql, ...first.sql, 'updated_at = @now'].join(', ')} WHERE id = @id RETURNING *`;
      const params = { ...set.params, ...first.params, now: Date.now(), id };
      return one(await group.writeStatement(() => prepare<[Record<string, SqlValue>], ConversationRow>(sql).get(params)));
    },
    async transition(id, fromStatuses, patch, expectedAgentId) {
      if (fromStatuses.length === 0) return null;
      const set = setClause(patch, COLUMNS);
      const first = firstTimes(patch);
      const params: Record<string, SqlValue> = { ...set.params, ...first.params, now: Date.now(), id };
      fromStatuses.forEach((s, i) => (params[`from${i}`] = s));
      const conditions = [`id = @id`, `status IN (${fromStatuses.map((_, i) => `@from${i}`).join(', ')})`];
      if (expectedAgentId !== undefined) {
        // IS compares NULL as a value: expectedAgentId null means "must be unassigned".
        conditions.push('assigned_agent_id IS @expectedAgentId');
        params.expectedAgentId = expectedAgentId;
      }
      const sql = `UPDATE conversations SET ${[...set.sql, ...first.sql, 'updated_at = @now'].join(', ')}
        WHERE ${conditions.join(' AND ')} RETURNING *`;
      return one(await group.writeStatement(() => prepare<[Record<string, SqlValue>], ConversationRow>(sql).get(params)));
    },
    async list(query) {
      const { sql, params } = listSql(query);
      return prepare<[Record<string, SqlValue>], ConversationRow>(sql).all(params).map(toConversation);
    },
    async raiseReadMark(id, reader, upToSeq) {
      return one(await group.writeStatement(() => raiseReadMark[reader].get({ id, seq: upToSeq, now: Date.now() })));
    },
    async assignWithinCapacity(id, agentId, maxChats, at) {
      // Through the group like every other write: run bare, it joined whatever group was open and resolved before
      // that group's commit, so routing told the agent of an assignment a crash could still undo.
      return one(await group.writeStatement(() => assignWithinCapacity.get({ id, agentId, maxChats, at, now: Date.now() })));
    },
    async queuePosition(id) {
      const row = queuePosition.get(id);
      return row && row.n > 0 ? row.n : null;
    },
    async countAssigned(agentIds) {
      const counts: Record<string, number> = {};
      for (const agentId of agentIds ?? []) counts[agentId] = 0;
      if (agentIds !== undefined && agentIds.length === 0) return counts;
      const params: Record<string, SqlValue> = {};
      let filter = '';
      if (agentIds !== undefined) {
        agentIds.forEach((a, i) => (params[`a${i}`] = a));
        filter = `AND assigned_agent_id IN (${agentIds.map((_, i) => `@a${i}`).join(', ')})`;
      }
      const rows = prepare<[Record<string, SqlValue>], { agent: string; n: number }>(
        `SELECT assigned_agent_id AS agent, COUNT(*) AS n FROM conversations
         WHERE status = 'assigned' AND assigned_agent_id IS NOT NULL ${filter} GROUP BY assigned_agent_id`,
      ).all(params);
      for (const r of rows) counts[r.agent] = r.n;
      return counts;
    },
    async lastAssignedAt(agentIds) {
      const latest: Record<string, number> = {};
      if (agentIds.length === 0) return latest;
      for (const { agent, at } of lastAssignedAt.all(JSON.stringify([...new Set(agentIds)]))) {
        if (typeof at === 'number') latest[agent] = at;
      }
      return latest;
    },
  };
}

/** The SELECT for a conversation query; every user value is a bound parameter. Exported for plan tests. */
export function listSql(query: ConversationQuery): { sql: string; params: Record<string, SqlValue> } {
  const where: string[] = [];
  const params: Record<string, SqlValue> = {};
  if (query.status !== undefined) {
    query.status.forEach((s, i) => (params[`status${i}`] = s));
    where.push(query.status.length === 0 ? '0' : `c.status IN (${query.status.map((_, i) => `@status${i}`).join(', ')})`);
  }
  const equal = { assignedAgentId: 'assigned_agent_id', siteId: 'site_id', visitorId: 'visitor_id', department: 'department' } as const;
  for (const [key, column] of Object.entries(equal) as [keyof typeof equal, string][]) {
    const value = query[key];
    if (value === undefined) continue;
    where.push(`c.${column} = @${key}`);
    params[key] = value;
  }
  if (query.awaitingFirstResponse) where.push('c.first_response_at IS NULL');
  if (query.updatedAtMost !== undefined) {
    where.push('c.updated_at <= @updatedAtMost');
    params.updatedAtMost = query.updatedAtMost;
  }
  const text = query.text?.trim();
  if (text) {
    params.text = likePattern(text);
    const like = `LIKE @text ESCAPE '${LIKE_ESCAPE}'`;
    where.push(`(
      EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.text ${like})
      OR EXISTS (SELECT 1 FROM visitors v WHERE v.id = c.visitor_id
        AND (json_extract(v.identity, '$.name') ${like} OR json_extract(v.identity, '$.email') ${like}))
      OR EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value ${like})
    )`);
  }
  const order = {
    queue: 'c.priority_rank ASC, c.waiting_since ASC, c.created_at ASC, c.id ASC',
    stale: 'c.updated_at ASC, c.created_at ASC, c.id ASC',
    recent: 'c.updated_at DESC, c.created_at DESC, c.id ASC',
  }[query.order ?? 'recent'];
  params.limit = Math.max(0, Math.trunc(query.limit ?? DEFAULT_LIMIT));
  const sql = `SELECT c.* FROM conversations c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${order} LIMIT @limit`;
  return { sql, params };
}
