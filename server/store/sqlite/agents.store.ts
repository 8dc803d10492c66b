import { newAgent } from '../common/new-records';
import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit';
import { AppError } from '../../../shared/errors';
import type { Agent } from '../../../shared/model';
import { emailKey } from '../common/email-key';
import { newId } from '../ids';
import type { AgentStore } from '../store';
import { toAgent, type AgentRow } from './rows';
import { asIs, setClause, type ColumnMap } from './set-clause';
import { isUniqueViolation } from './sqlite-errors';
import { statementCache } from './statement-cache';

type AgentPatch = Pick<Agent, 'name' | 'role' | 'departments' | 'maxChats' | 'avatarUrl' | 'isActive'>;

const COLUMNS: ColumnMap<AgentPatch> = {
  name: { column: 'name', encode: asIs },
  role: { column: 'role', encode: asIs },
  departments: { column: 'departments', encode: (d) => JSON.stringify(d) },
  maxChats: { column: 'max_chats', encode: asIs },
  avatarUrl: { column: 'avatar_url', encode: asIs },
  isActive: { column: 'is_active', encode: (b) => (b ? 1 : 0) },
};

/** Agents in SQLite. */
export function createAgentsStore(db: Database.Database, group: GroupCommit): AgentStore {
  const prepare = statementCache(db);
  const insert = db.prepare(`INSERT INTO agents (id, email, email_key, name, password_hash, role, departments,
      max_chats, avatar_url, created_at)
    VALUES (@id, @email, @emailKey, @name, @passwordHash, @role, @departments, @maxChats, @avatarUrl, @createdAt)`);
  const byId = db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?');
  // One statement whatever the number of ids (json_each binds them as one parameter).
  const byIds = db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id IN (SELECT value FROM json_each(?))');
  const byEmail = db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE email_key = ?');
  const all = db.prepare<[], AgentRow>('SELECT * FROM agents ORDER BY created_at, rowid');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM agents');
  const bump = db.prepare<[string], AgentRow>('UPDATE agents SET token_version = token_version + 1 WHERE id = ? RETURNING *');

  const get = (id: string): Agent | null => {
    const row = byId.get(id);
    return row ? toAgent(row) : null;
  };

  return {
    async create(input) {
      const agent: Agent = newAgent(input, newId(), Date.now());
      try {
        await group.write(() => insert.run({
          ...agent,
          emailKey: emailKey(agent.email),
          passwordHash: input.passwordHash,
          departments: JSON.stringify(agent.departments),
        }));
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new AppError('CONFLICT', { message: `an agent with email ${agent.email} already exists`, cause: err });
        }
        throw err;
      }
      return agent;
    },
    async get(id) {
      return get(id);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const byId = new Map(byIds.all(JSON.stringify(ids)).map((row) => [row.id, toAgent(row)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    async getCredentials(email) {
      const row = byEmail.get(emailKey(email));
      return row ? { agent: toAgent(row), passwordHash: row.password_hash } : null;
    },
    async list() {
      return all.all().map(toAgent);
    },
    async update(id, patch) {
      const set = setClause(patch, COLUMNS);
      if (set.sql.length > 0) await group.write(() => prepare(`UPDATE agents SET ${set.sql.join(', ')} WHERE id = @id`).run({ ...set.params, id }));
      return get(id);
    },
    async bumpTokenVersion(id) {
      // Through the group: run bare inside an open group, a sign-out or password change answered "done" before
      // the revocation was committed, and a crash then brought the old sessions back.
      const row = await group.write(() => bump.get(id));
      return row ? toAgent(row) : null;
    },
    async count() {
      return count.get()?.n ?? 0;
    },
  };
}
