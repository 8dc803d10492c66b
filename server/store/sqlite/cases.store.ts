import type Database from 'better-sqlite3';
import type { Case, CaseActor, CaseChange, CaseMessage } from '../../../shared/cases';
import { AppError } from '../../../shared/errors';
import { assertMergeable } from '../common/assert-mergeable';
import { REQUEST_COUNTER } from '../common/request-counter';
import { newId } from '../ids';
import type { CaseCondition, CasePatch, CaseStore, CaseUpdate, NewCase, NewCaseMessage } from '../store';
import { toCase, toCaseEvent, toCaseMessage, type CaseEventRow, type CaseMessageRow, type CaseRow } from './case-rows';
import { toJson } from './rows';
import { asIs, setClause, type ColumnMap, type SqlValue } from './set-clause';
import { statementCache } from './statement-cache';

const DEFAULT_LIMIT = 50;

const CASE_COLUMNS: ColumnMap<Required<CasePatch>> = {
  status: { column: 'status', encode: asIs },
  priority: { column: 'priority', encode: asIs },
  tier: { column: 'tier', encode: asIs },
  department: { column: 'department', encode: asIs },
  category: { column: 'category', encode: asIs },
  subject: { column: 'subject', encode: asIs },
  assigneeId: { column: 'assignee_id', encode: asIs },
  customerId: { column: 'customer_id', encode: asIs },
  contactName: { column: 'contact_name', encode: asIs },
  contactEmail: { column: 'contact_email', encode: asIs },
  firstResponseDueAt: { column: 'first_response_due_at', encode: asIs },
  resolutionDueAt: { column: 'resolution_due_at', encode: asIs },
  tierDueAt: { column: 'tier_due_at', encode: asIs },
  firstResponseAt: { column: 'first_response_at', encode: asIs },
  firstResponseBreachedAt: { column: 'first_response_breached_at', encode: asIs },
  resolutionBreachedAt: { column: 'resolution_breached_at', encode: asIs },
  pausedAt: { column: 'paused_at', encode: asIs },
  solvedAt: { column: 'solved_at', encode: asIs },
  closedAt: { column: 'closed_at', encode: asIs },
  resolution: { column: 'resolution', encode: asIs },
  confirmation: { column: 'confirmation', encode: toJson },
};

/**
 * Cases in SQLite. Every change is one IMMEDIATE transaction: the conditional UPDATE … RETURNING (the
 * compare-and-set) and the inserts of its history entries, so a change and its event are never apart and
 * two processes on one file cannot both win. Numbers come from the tickets' counter (see REQUEST_COUNTER).
 */
export function createCasesStore(db: Database.Database): CaseStore {
  const prepare = statementCache(db);
  const nextNumber = db.prepare<[string], { value: number }>(
    `INSERT INTO counters (name, value) VALUES (?, 1)
     ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const insertCase = db.prepare(`INSERT INTO cases (id, number, site_id, status, priority, tier, department, category,
      subject, locale, source, assignee_id, customer_id, visitor_id, conversation_id, contact_name, contact_email,
      created_at, updated_at, first_response_due_at, resolution_due_at, tier_due_at, last_seq, version)
    VALUES (@id, @number, @siteId, @status, @priority, @tier, @department, @category, @subject, @locale, @source,
      @assigneeId, @customerId, @visitorId, @conversationId, @contactName, @contactEmail, @createdAt, @updatedAt,
      @firstResponseDueAt, @resolutionDueAt, @tierDueAt, 0, 1)`);
  const byId = db.prepare<[string], CaseRow>('SELECT * FROM cases WHERE id = ?');
  const byNumber = db.prepare<[number], CaseRow>('SELECT * FROM cases WHERE number = ?');
  const insertEvent = db.prepare<[string, string, string, string, string | null, number, string]>(
    'INSERT INTO case_events (id, case_id, type, actor_kind, actor_id, at, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const events = db.prepare<[string], CaseEventRow>('SELECT * FROM case_events WHERE case_id = ? ORDER BY rowid');
  const nextSeq = db.prepare<[number, string], { last_seq: number }>(
    'UPDATE cases SET last_seq = last_seq + 1, updated_at = max(updated_at, ?) WHERE id = ? RETURNING last_seq',
  );
  const insertMessage = db.prepare(`INSERT INTO case_messages (id, case_id, seq, kind, author_id, author_name, text,
      attachments, created_at, merged_from)
    VALUES (@id, @caseId, @seq, @kind, @authorId, @authorName, @text, @attachments, @createdAt, @mergedFrom)`);
  const messagesOf = db.prepare<[string, number, number, number], CaseMessageRow>(
    `SELECT * FROM case_messages WHERE case_id = ? AND seq > ? AND (kind <> 'note' OR ?) ORDER BY seq LIMIT ?`,
  );

  const record = (caseId: string, changes: readonly CaseChange[], actor: CaseActor, at: number): void => {
    for (const { type, ...data } of changes) insertEvent.run(newId(), caseId, type, actor.kind, actor.id, at, JSON.stringify(data));
  };

  const append = (input: NewCaseMessage & { mergedFrom?: CaseMessage['mergedFrom'] }): CaseMessage | null => {
    const bumped = nextSeq.get(input.createdAt, input.caseId);
    if (!bumped) return null;
    const message: CaseMessage = {
      id: newId(),
      caseId: input.caseId,
      seq: bumped.last_seq,
      kind: input.kind,
      authorId: input.authorId,
      authorName: input.authorName,
      text: input.text,
      attachments: input.attachments ?? [],
      createdAt: input.createdAt,
      mergedFrom: input.mergedFrom ?? null,
    };
    insertMessage.run({ ...message, attachments: JSON.stringify(message.attachments), mergedFrom: toJson(message.mergedFrom) });
    return message;
  };

  const update = (id: string, condition: CaseCondition, change: CaseUpdate): Case | null => {
    const { sql, params } = setClause(change.patch, CASE_COLUMNS);
    const where = ['id = @id'];
    const all: Record<string, SqlValue> = { ...params, id, at: change.at };
    if (condition.version !== undefined) {
      where.push('version = @version');
      all.version = condition.version;
    }
    if (condition.status !== undefined) {
      if (condition.status.length === 0) return null;
      where.push(`status IN (${condition.status.map((_, i) => `@status${i}`).join(', ')})`);
      condition.status.forEach((s, i) => (all[`status${i}`] = s));
    }
    const row = prepare<[Record<string, SqlValue>], CaseRow>(
      `UPDATE cases SET ${[...sql, 'version = version + 1', 'updated_at = max(updated_at, @at)'].join(', ')}
       WHERE ${where.join(' AND ')} RETURNING *`,
    ).get(all);
    if (!row) return null;
    record(id, change.changes, change.actor, change.at);
    return toCase(row);
  };

  const create = db.transaction((input: NewCase): Case => {
    const number = nextNumber.get(REQUEST_COUNTER)?.value ?? 1;
    const id = newId();
    const { actor, ...fields } = input;
    insertCase.run({ ...fields, id, number, status: 'new', tier: 'L1', updatedAt: input.createdAt });
    record(id, [{ type: 'created', source: input.source }], actor, input.createdAt);
    const row = byId.get(id);
    if (!row) throw new AppError('INTERNAL', { message: `case ${id} vanished after insert` });
    return toCase(row);
  });

  const assign = db.transaction((id: string, condition: CaseCondition, assigneeId: string | null, actor: CaseActor, at: number) => {
    const current = byId.get(id);
    if (!current) return null;
    const changes: CaseChange[] = current.assignee_id === assigneeId ? [] : [{ type: 'assigned', from: current.assignee_id, to: assigneeId }];
    return update(id, condition, { patch: { assigneeId }, changes, actor, at });
  });

  const merge = db.transaction((duplicateId: string, primaryId: string, actor: CaseActor, at: number) => {
    const dupRow = byId.get(duplicateId);
    const primaryRow = byId.get(primaryId);
    if (!dupRow || !primaryRow) return null;
    const dup = toCase(dupRow);
    const primary = toCase(primaryRow);
    if (dup.mergedInto === primary.id) return { primary, duplicate: dup };
    assertMergeable(dup, primary);
    const copied = messagesOf.all(dup.id, 0, 1, -1).map(toCaseMessage);
    for (const m of copied) {
      append({ ...m, caseId: primary.id, mergedFrom: { caseId: dup.id, messageId: m.id } });
    }
    const closed = update(
      dup.id,
      { version: dup.version },
      {
        patch: { status: 'closed', closedAt: at, resolution: 'merged', pausedAt: null },
        changes: [
          { type: 'status', from: dup.status, to: 'closed', cause: 'merged' },
          { type: 'merged_into', primaryId: primary.id, primaryNumber: primary.number },
        ],
        actor,
        at,
      },
    );
    prepare<[string, string], unknown>('UPDATE cases SET merged_into = ? WHERE id = ?').run(primary.id, dup.id);
    record(primary.id, [{ type: 'merged', duplicateId: dup.id, duplicateNumber: dup.number, messages: copied.length }], actor, at);
    const after = byId.get(primary.id);
    const dupAfter = byId.get(dup.id);
    if (!closed || !after || !dupAfter) throw new AppError('INTERNAL', { message: 'merge lost a case inside its transaction' });
    return { primary: toCase(after), duplicate: toCase(dupAfter) };
  });

  // The ON CONFLICT … WHERE upsert needs a WHERE on the SELECT (SQLite's parsing ambiguity rule).
  const markRead = db.prepare<[{ caseId: string; upToSeq: number }], { read_seq: number }>(
    `INSERT INTO case_reads (case_id, read_seq)
       SELECT id, min(max(@upToSeq, 0), last_seq) FROM cases WHERE id = @caseId
     ON CONFLICT (case_id) DO UPDATE SET read_seq = max(read_seq, excluded.read_seq)
     RETURNING read_seq`,
  );
  const unreadOf = db.prepare<[string], { case_id: string; read_seq: number; unread: number }>(
    `SELECT c.id AS case_id, coalesce(r.read_seq, 0) AS read_seq,
       (SELECT count(*) FROM case_messages m WHERE m.case_id = c.id AND m.kind = 'reply' AND m.seq > coalesce(r.read_seq, 0)) AS unread
     FROM cases c LEFT JOIN case_reads r ON r.case_id = c.id
     WHERE c.id IN (SELECT value FROM json_each(?))`,
  );
  const appendTx = db.transaction((input: NewCaseMessage) => append(input));
  const updateTx = db.transaction((id: string, condition: CaseCondition, change: CaseUpdate) => update(id, condition, change));

  return {
    async create(input) {
      return create.immediate(input);
    },
    async get(id) {
      const row = byId.get(id);
      return row ? toCase(row) : null;
    },
    async getByNumber(number) {
      const row = byNumber.get(number);
      return row ? toCase(row) : null;
    },
    async list(query) {
      const where: string[] = [];
      const params: Record<string, SqlValue> = { limit: Math.max(0, Math.trunc(query.limit ?? DEFAULT_LIMIT)) };
      const inList = (column: string, values: readonly string[], prefix: string) => {
        where.push(values.length ? `${column} IN (${values.map((_, i) => `@${prefix}${i}`).join(', ')})` : '0');
        values.forEach((v, i) => (params[`${prefix}${i}`] = v));
      };
      const equals = (column: string, name: string, value: string | undefined) => {
        if (value === undefined) return;
        where.push(`${column} = @${name}`);
        params[name] = value;
      };
      if (query.status) inList('status', query.status, 'status');
      if (query.priority) inList('priority', query.priority, 'priority');
      equals('site_id', 'siteId', query.siteId);
      equals('tier', 'tier', query.tier);
      equals('department', 'department', query.department);
      equals('customer_id', 'customerId', query.customerId);
      equals('visitor_id', 'visitorId', query.visitorId);
      equals('conversation_id', 'conversationId', query.conversationId);
      if (query.assigneeId === null) where.push('assignee_id IS NULL');
      else equals('assignee_id', 'assigneeId', query.assigneeId);
      if (query.dueBefore !== undefined) {
        params.dueBefore = query.dueBefore;
        where.push(`((status IN ('new', 'open', 'reopened') AND (
            (first_response_at IS NULL AND first_response_breached_at IS NULL AND first_response_due_at < @dueBefore)
            OR (resolution_breached_at IS NULL AND resolution_due_at < @dueBefore)
            OR tier_due_at < @dueBefore))
          OR (status = 'solved' AND closes_at < @dueBefore))`);
      }
      const sql = `SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number DESC LIMIT @limit`;
      return prepare<[Record<string, SqlValue>], CaseRow>(sql).all(params).map(toCase);
    },
    async appendMessage(input) {
      return appendTx.immediate(input);
    },
    async listMessages(caseId, opts) {
      // SQLite reads LIMIT -1 as "no limit".
      const limit = opts?.limit === undefined ? -1 : Math.max(0, Math.trunc(opts.limit));
      return messagesOf.all(caseId, opts?.sinceSeq ?? 0, opts?.includeInternal ? 1 : 0, limit).map(toCaseMessage);
    },
    async update(id, condition, change) {
      return updateTx.immediate(id, condition, change);
    },
    async assign(id, condition, assigneeId, actor, at) {
      return assign.immediate(id, condition, assigneeId, actor, at);
    },
    async merge(duplicateId, primaryId, actor, at) {
      return merge.immediate(duplicateId, primaryId, actor, at);
    },
    async listEvents(caseId) {
      return events.all(caseId).map(toCaseEvent);
    },
    async markRead(caseId, upToSeq) {
      return markRead.get({ caseId, upToSeq })?.read_seq ?? null;
    },
    async unread(caseIds) {
      if (caseIds.length === 0) return {};
      const rows = unreadOf.all(JSON.stringify(caseIds));
      return Object.fromEntries(rows.map((r) => [r.case_id, { readSeq: r.read_seq, unread: r.unread }]));
    },
  };
}
