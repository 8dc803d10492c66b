/**
 * Schema migrations, versioned in code. Each runs once, in order, inside an IMMEDIATE transaction
 * together with the bump of PRAGMA user_version, so a crash mid-migration leaves the previous version
 * intact and two processes opening the same file cannot both apply it.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { createCaseTables } from './cases.schema';
import { copyTicketsToCases } from './copy-tickets';

export interface Migration {
  version: number;
  up(db: Database.Database): void;
  /**
   * Rebuilds a table others reference (SQLite's way to change a CHECK): foreign keys are off while the run lasts,
   * or dropping the old table would cascade into its children. Their integrity is checked before the commit.
   */
  rebuildsTables?: true;
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
  // The customer's read mark per case ("My requests" unread badges), apart from the case row so reading
  // never bumps the case's version (an agent's pending change must not fail because the shopper read).
  {
    version: 5,
    up: (db) => {
      db.exec(`
        CREATE TABLE case_reads (
          case_id TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
          read_seq INTEGER NOT NULL CHECK (read_seq >= 0)
        ) STRICT;
      `);
    },
  },
  // The offline form opens cases now: every stored ticket becomes a case with its number and its reply.
  { version: 6, up: copyTicketsToCases },
  // Insight (issue 14): when and why a chat was first handed off and first assigned (transfers and
  // hand-backs overwrite waiting_since, assigned_at and handoff), the indexes the metrics read by, per-site
  // targets and QA reviews.
  { version: 7, up: createInsightTables },
  // Attachments: metadata of uploaded files (the bytes are in the blob store), and the files a chat message carries.
  {
    version: 8,
    up: (db) => {
      db.exec(`
        CREATE TABLE attachments (
          id TEXT PRIMARY KEY,
          site_id TEXT NOT NULL,
          name TEXT NOT NULL,
          content_type TEXT NOT NULL,
          size INTEGER NOT NULL CHECK (size >= 0),
          has_thumbnail INTEGER NOT NULL CHECK (has_thumbnail IN (0, 1)),
          visitor_id TEXT,
          agent_id TEXT,
          conversation_id TEXT,
          case_id TEXT,
          created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX attachments_conversation ON attachments (conversation_id) WHERE conversation_id IS NOT NULL;
        CREATE INDEX attachments_visitor ON attachments (visitor_id) WHERE visitor_id IS NOT NULL;
        CREATE INDEX attachments_unclaimed ON attachments (created_at) WHERE conversation_id IS NULL AND case_id IS NULL;
        ALTER TABLE messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
      `);
    },
  },
  // KB changes as drafts: reviewed by an admin before they reach the YAML files, kept as the change history.
  {
    version: 9,
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
  // Two queries added since scanned their whole table (EXPLAIN QUERY PLAN: SCAN): retention's purge of the
  // tickets of purged cases (by age) and the privacy export's files of a case. created_at in the case index
  // also gives the export its order without a sort.
  {
    version: 10,
    up: (db) => {
      db.exec(`
        CREATE INDEX tickets_created ON tickets (created_at);
        CREATE INDEX attachments_case ON attachments (case_id, created_at) WHERE case_id IS NOT NULL;
      `);
    },
  },
  // A case the system opens (a low score's follow-up) says so: 'agent' counted it as a customer's contact and
  // the console said an agent created it. The CHECK on cases.source must let 'system' in.
  {
    version: 11,
    rebuildsTables: true,
    up: (db) => rebuildTable(db, 'cases', (sql) => widen(sql, "source IN ('form', 'chat', 'agent', 'ticket')", "source IN ('form', 'chat', 'agent', 'ticket', 'system')")),
  },
  // A message moves its conversation's last_seq and updated_at in the INSERT itself: append is one statement
  // (atomic with its trigger) instead of an INSERT, an UPDATE and the savepoint that made them one step, on
  // every message. max() keeps last_seq from going back whoever inserts.
  {
    version: 12,
    up: (db) => {
      db.exec(`
        CREATE TRIGGER messages_advance_conversation AFTER INSERT ON messages
        BEGIN
          UPDATE conversations SET last_seq = max(last_seq, NEW.seq), updated_at = NEW.created_at WHERE id = NEW.conversation_id;
        END;
      `);
    },
  },
  // Auto-assign breaks ties by each agent's last assignment, read per drain: one index step per agent, not a
  // pass over every chat the agent ever had (conversations.store.ts, lastAssignedAt).
  {
    version: 13,
    up: (db) => {
      db.exec('CREATE INDEX conversations_agent_assigned ON conversations (assigned_agent_id, assigned_at)');
    },
  },
];

function widen(sql: string, from: string, to: string): string {
  if (!sql.includes(from)) throw new AppError('INTERNAL', { message: `migration: the schema has no ${from}` });
  return sql.replace(from, to);
}

/**
 * SQLite's documented rebuild (ALTER TABLE, "other kinds of table schema changes"): a new table from the changed
 * definition, the rows copied (generated columns are computed again), the old one dropped, the new one renamed,
 * its indexes and triggers recreated as they were. Foreign keys must be off (Migration.rebuildsTables).
 */
function rebuildTable(db: Database.Database, table: string, change: (sql: string) => string): void {
  const schema = db.prepare<[string], { type: string; sql: string }>(
    `SELECT type, sql FROM sqlite_schema WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type = 'table' DESC`,
  ).all(table);
  const [definition, ...dependents] = schema;
  if (definition?.type !== 'table') throw new AppError('INTERNAL', { message: `migration: no table ${table}` });
  const next = `${table}_next`;
  const created = change(definition.sql).replace(new RegExp(`^CREATE TABLE "?${table}"?\\s*\\(`), `CREATE TABLE ${next} (`);
  // hidden: 0 a stored column, 2 and 3 generated ones (computed, never inserted).
  const columns = db.prepare<[string], { name: string; hidden: number }>('SELECT name, hidden FROM pragma_table_xinfo(?)').all(table)
    .filter((c) => c.hidden === 0)
    .map((c) => `"${c.name}"`)
    .join(', ');
  db.exec(created);
  db.exec(`INSERT INTO ${next} (${columns}) SELECT ${columns} FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${next} RENAME TO ${table}`);
  for (const d of dependents) db.exec(d.sql);
}

function createInsightTables(db: Database.Database): void {
  db.exec(`
    ALTER TABLE conversations ADD COLUMN handed_off_at INTEGER;
    ALTER TABLE conversations ADD COLUMN handoff_reason TEXT;
    ALTER TABLE conversations ADD COLUMN first_assigned_at INTEGER;
    UPDATE conversations SET handed_off_at = waiting_since, handoff_reason = json_extract(handoff, '$.reason'),
      first_assigned_at = assigned_at;
    CREATE INDEX conversations_created ON conversations (created_at);
    CREATE INDEX cases_created ON cases (created_at);
    CREATE INDEX cases_conversation ON cases (conversation_id) WHERE conversation_id IS NOT NULL;
    CREATE INDEX case_events_type_at ON case_events (type, at);

    CREATE TABLE metric_targets (
      site_id TEXT PRIMARY KEY,
      targets TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE qa_reviews (
      id TEXT PRIMARY KEY,
      site_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      agent_id TEXT NOT NULL,
      reviewer_id TEXT NOT NULL,
      greeting INTEGER NOT NULL CHECK (greeting BETWEEN 1 AND 5),
      accuracy INTEGER NOT NULL CHECK (accuracy BETWEEN 1 AND 5),
      tone INTEGER NOT NULL CHECK (tone BETWEEN 1 AND 5),
      resolution INTEGER NOT NULL CHECK (resolution BETWEEN 1 AND 5),
      notes INTEGER NOT NULL CHECK (notes BETWEEN 1 AND 5),
      score REAL NOT NULL,
      comment TEXT,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX qa_reviews_created ON qa_reviews (created_at);
    CREATE INDEX qa_reviews_agent ON qa_reviews (agent_id, created_at);
    CREATE INDEX qa_reviews_conversation ON qa_reviews (conversation_id);
  `);
}

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
      if (m.rebuildsTables) assertForeignKeys(db);
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
      applied.push(m.version);
    }
  });
  // PRAGMA foreign_keys is a no-op inside a transaction: it is switched around it, and only when needed.
  const rebuilds = migrations.some((m) => m.rebuildsTables && m.version > userVersion(db));
  const keysWereOn = Number(db.pragma('foreign_keys', { simple: true })) === 1;
  if (rebuilds && keysWereOn) db.pragma('foreign_keys = OFF');
  try {
    // IMMEDIATE takes the write lock before reading the version, so a second process waits, then sees it done.
    migrate.immediate();
  } finally {
    if (rebuilds && keysWereOn) db.pragma('foreign_keys = ON');
  }
  return applied;
}

/** With foreign keys off, nothing checked them: a rebuild that broke one fails (and rolls back) here. */
function assertForeignKeys(db: Database.Database): void {
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length) throw new AppError('INTERNAL', { message: `migration left ${broken.length} broken foreign keys` });
}

/** PRAGMA user_version: the last applied migration. */
export function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}
