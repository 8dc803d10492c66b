import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit';
import { AppError } from '../../../shared/errors';
import type { Visitor } from '../../../shared/model';
import { newVisitor } from '../common/new-visitor';
import { newId } from '../ids';
import type { VisitorStore } from '../store';
import { toJson, toVisitor, type VisitorRow } from './rows';
import { asIs, setClause, type ColumnMap } from './set-clause';
import { isUniqueViolation } from './sqlite-errors';
import { statementCache } from './statement-cache';

type VisitorPatch = Pick<Visitor, 'identity' | 'locale' | 'lastAgentId' | 'lastSeenAt'>;

const COLUMNS: ColumnMap<VisitorPatch> = {
  identity: { column: 'identity', encode: toJson },
  locale: { column: 'locale', encode: asIs },
  lastAgentId: { column: 'last_agent_id', encode: asIs },
  lastSeenAt: { column: 'last_seen_at', encode: asIs },
};

/** Visitors in SQLite. */
export function createVisitorsStore(db: Database.Database, group: GroupCommit): VisitorStore {
  const prepare = statementCache(db);
  const insert = db.prepare(`INSERT INTO visitors (id, site_id, token_hash, identity, locale, last_agent_id, created_at, last_seen_at)
    VALUES (@id, @siteId, @tokenHash, @identity, @locale, @lastAgentId, @createdAt, @lastSeenAt)`);
  const byToken = db.prepare<[string, string], VisitorRow>('SELECT * FROM visitors WHERE site_id = ? AND token_hash = ?');
  const byId = db.prepare<[string], VisitorRow>('SELECT * FROM visitors WHERE id = ?');

  const get = (id: string): Visitor | null => {
    const row = byId.get(id);
    return row ? toVisitor(row) : null;
  };

  return {
    async create(input) {
      const visitor = newVisitor(input, newId(), Date.now());
      try {
        await group.writeStatement(() => insert.run({ ...visitor, tokenHash: input.tokenHash, identity: toJson(visitor.identity) }));
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new AppError('CONFLICT', { message: `visitor token already registered on site ${input.siteId}`, cause: err });
        }
        throw err;
      }
      return visitor;
    },
    async getByTokenHash(siteId, tokenHash) {
      const row = byToken.get(siteId, tokenHash);
      return row ? toVisitor(row) : null;
    },
    async get(id) {
      return get(id);
    },
    async update(id, patch) {
      const set = setClause(patch, COLUMNS);
      if (set.sql.length === 0) return get(id);
      // The row as written, from the UPDATE itself: a second SELECT per update (a connect, an assignment) was a
      // statement and a row decode more on the loop for what the write already had in hand.
      const row = await group.writeStatement(() => prepare<Record<string, unknown>, VisitorRow>(`UPDATE visitors SET ${set.sql.join(', ')} WHERE id = @id RETURNING *`).get({ ...set.params, id }));
      return row ? toVisitor(row) : null;
    },
  };
}
