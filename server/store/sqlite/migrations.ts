/**
 * Schema migrations, versioned in code. Each runs once, in order, inside an IMMEDIATE transaction
 * together with the bump of PRAGMA user_version, so a crash mid-migration leaves the previous version
 * intact and two processes opening the same file cannot both apply it.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { createCaseTables } from './cases.schema';

export interface Migration {
  version: number;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE visitors (
          id TEXT PRIMARY KEY,
          site_id TEXT NOT NULL,
          token_hash TEXT NOT NULL,
          identity TEXT NOT NULL,
          locale TEXT NOT NULL,
          last_agent_id TEXT,
          created_at INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX visitors_site_token ON visitors (site_id, token_hash);

        CREATE TABLE conversations (
          id TEXT PRIMARY KEY,
          site_id TEXT NOT NULL,
          visitor_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('bot', 'waiting', 'assigned', 'closed')),
          department TEXT NOT NULL,
          priority TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
          priority_rank INTEGER GENERATED ALWAYS AS (
            CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END
          ) VIRTUAL,
          assigned_agent_id TEXT,
          locale TEXT NOT NULL,
          last_seq INTEGER NOT NULL DEFAULT 0,
          fallback_count INTEGER NOT NULL DEFAULT 0,
          handoff TEXT,
          tags TEXT NOT NULL DEFAULT '[]',
          rating TEXT,
          resolution TEXT CHECK (resolution IN ('resolved', 'not_resolved', 'spam')),
          page_url TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          waiting_since INTEGER,
          assigned_at INTEGER,
          first_response_at INTEGER,
          closed_at INTEGER,
          shopper_read_seq INTEGER NOT NULL DEFAULT 0,
          agent_read_seq INTEGER NOT NULL DEFAULT 0,
          sla_breached_at INTEGER
        ) STRICT;
        CREATE INDEX conversations_queue ON conversations (status, priority_rank, waiting_since);
        CREATE INDEX conversations_agent ON conversations (assigned_agent_id, status);
        CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at);
        CREATE INDEX conversations_visitor_updated ON conversations (visitor_id, updated_at);
        CREATE INDEX conversations_updated ON conversations (updated_at);
        CREATE INDEX conversations_site_updated ON conversations (site_id, updated_at);
        CREATE INDEX conversations_status_updated ON conversations (status, updated_at);

        CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL CHECK (seq > 0),
          client_id TEXT,
          sender TEXT NOT NULL CHECK (sender IN ('shopper', 'bot', 'agent', 'system')),
          agent_id TEXT,
          sender_name TEXT,
          text TEXT NOT NULL,
          internal INTEGER NOT NULL CHECK (internal IN (0, 1)),
          bot TEXT,
          event TEXT,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX messages_seq ON messages (conversation_id, seq);
        CREATE UNIQUE INDEX messages_client_id ON messages (conversation_id, client_id) WHERE client_id IS NOT NULL;

        CREATE TABLE agents (
          id TEXT PRIMARY KEY,
          email TEXT NOT NULL,
          email_key TEXT NOT NULL,
          name TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
          departments TEXT NOT NULL,
          max_chats INTEGER NOT NULL,
          avatar_url TEXT,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX agents_email ON agents (email_key);

        CREATE TABLE tickets (
          id TEXT PRIMARY KEY,
          number INTEGER NOT NULL,
          site_id TEXT NOT NULL,
          visitor_id TEXT NOT NULL,
          conversation_id TEXT,
          department TEXT NOT NULL,
          name TEXT NOT NULL,
          email TEXT NOT NULL,
          message TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
          reply TEXT,
          replied_by TEXT,
          created_at INTEGER NOT NULL,
          replied_at INTEGER,
          reply_seen INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE UNIQUE INDEX tickets_number ON tickets (number);
        CREATE INDEX tickets_visitor ON tickets (visitor_id);
        CREATE INDEX tickets_status ON tickets (status, number);

        CREATE TABLE counters (
          name TEXT PRIMARY KEY,
          value INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE analytics (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          type TEXT NOT NULL,
          site_id TEXT NOT NULL,
          conversation_id TEXT,
          intent TEXT,
          text TEXT,
          gap_key TEXT,
          value REAL,
          at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX analytics_at ON analytics (at, type);
        CREATE INDEX analytics_type_at ON analytics (type, at);

        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  // Cases: tickets with a life (status, owner, tier, SLA deadlines, an append-only thread and history).
  { version: 2, up: createCaseTables },
  {
    // Every message bumps conversations.updated_at, which rewrote an entry in each of four updated_at
    // indexes. The server's queries always filter by status, agent or visitor (EXPLAIN QUERY PLAN:
    // status_updated, agent, visitor and queue serve them); these three served no query it makes, so
    // each message now updates one updated_at index instead of four.
    version: 3,
    up(db) {
      db.exec(`
        DROP INDEX conversations_updated;
        DROP INDEX conversations_site_updated;
        DROP INDEX conversations_visitor_updated;
      `);
    },
  },
  // Sessions that end: an agent can be deactivated, and bumping token_version signs them out everywhere.
  {
    version: 4,
    up: (db) => {
      db.exec(`
        ALTER TABLE agents ADD COLUMN is_active INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE agents ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
      `);
    },
  },
  // KB changes as drafts: reviewed by an admin before they reach the YAML files, kept as the change history.
  {
    version: 5,
    up: (db) => {
      db.exec(`
        CREATE TABLE kb_drafts (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete')),
          intent_id TEXT NOT NULL,
          category TEXT NOT NULL,
          intent TEXT,
          base TEXT,
          source TEXT NOT NULL,
          note TEXT,
          status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'rolled_back')),
          author_id TEXT NOT NULL,
          author_name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          reviewer_id TEXT,
          reviewer_name TEXT,
          reviewed_at INTEGER,
          diff TEXT NOT NULL,
          rollback_of TEXT
        ) STRICT;
        CREATE INDEX kb_drafts_status ON kb_drafts (status, created_at);
        CREATE INDEX kb_drafts_intent ON kb_drafts (intent_id, created_at);
      `);
    },
  },
];

/**
 * Brings the database up to the last version of `migrations`; returns the versions it applied.
 * @throws AppError('INTERNAL') when the file was written by a newer build (downgrades are not supported).
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const latest = migrations.at(-1)?.version ?? 0;
  const applied: number[] = [];
  const migrate = db.transaction(() => {
    const current = userVersion(db);
    if (current > latest) {
      throw new AppError('INTERNAL', {
        message: `database schema version ${current} is newer than this build knows (${latest}); upgrade Parley`,
      });
    }
    for (const m of migrations) {
      if (m.version <= current) continue;
      m.up(db);
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
      applied.push(m.version);
    }
  });
  // IMMEDIATE takes the write lock before reading the version, so a second process waits, then sees it done.
  migrate.immediate();
  return applied;
}

/** PRAGMA user_version: the last applied migration. */
export function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}
