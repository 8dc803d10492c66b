import type Database from 'better-sqlite3';

/**
 * The case tables (migration 2). Messages and events are append-only: triggers refuse any UPDATE, so a
 * reply can never overwrite another even through a bug in this adapter; rows go only when their case is
 * deleted (a privacy deletion). The confirmation is JSON; its closesAt is exposed as a generated column so
 * the auto-close sweep finds due cases through an index.
 */
export function createCaseTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      number INTEGER NOT NULL,
      site_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('new', 'open', 'pending', 'solved', 'closed', 'reopened')),
      priority TEXT NOT NULL CHECK (priority IN ('A', 'B', 'C')),
      tier TEXT NOT NULL CHECK (tier IN ('L1', 'L2', 'L3')),
      department TEXT NOT NULL,
      category TEXT NOT NULL,
      subject TEXT NOT NULL,
      locale TEXT NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('form', 'chat', 'agent', 'ticket')),
      assignee_id TEXT,
      customer_id TEXT,
      visitor_id TEXT,
      conversation_id TEXT,
      contact_name TEXT,
      contact_email TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      first_response_due_at INTEGER,
      resolution_due_at INTEGER,
      tier_due_at INTEGER,
      first_response_at INTEGER,
      first_response_breached_at INTEGER,
      resolution_breached_at INTEGER,
      paused_at INTEGER,
      solved_at INTEGER,
      closed_at INTEGER,
      resolution TEXT CHECK (resolution IN ('confirmed', 'auto_closed', 'merged', 'dismissed')),
      confirmation TEXT,
      closes_at INTEGER GENERATED ALWAYS AS (json_extract(confirmation, '$.closesAt')) VIRTUAL,
      merged_into TEXT,
      last_seq INTEGER NOT NULL DEFAULT 0,
      version INTEGER NOT NULL DEFAULT 1
    ) STRICT;
    CREATE UNIQUE INDEX cases_number ON cases (number);
    CREATE INDEX cases_status ON cases (status, number);
    CREATE INDEX cases_assignee ON cases (assignee_id, status);
    CREATE INDEX cases_department ON cases (department, status);
    CREATE INDEX cases_customer ON cases (customer_id, number);
    CREATE INDEX cases_visitor ON cases (visitor_id, number);
    CREATE INDEX cases_site ON cases (site_id, number);
    CREATE INDEX cases_first_response_due ON cases (first_response_due_at) WHERE first_response_at IS NULL;
    CREATE INDEX cases_resolution_due ON cases (resolution_due_at);
    CREATE INDEX cases_tier_due ON cases (tier_due_at);
    CREATE INDEX cases_closes ON cases (closes_at) WHERE status = 'solved';

    CREATE TABLE case_messages (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL CHECK (seq > 0),
      kind TEXT NOT NULL CHECK (kind IN ('shopper', 'reply', 'note', 'bot', 'system')),
      author_id TEXT,
      author_name TEXT,
      text TEXT NOT NULL,
      attachments TEXT NOT NULL DEFAULT '[]',
      created_at INTEGER NOT NULL,
      merged_from TEXT
    ) STRICT;
    CREATE UNIQUE INDEX case_messages_seq ON case_messages (case_id, seq);
    CREATE TRIGGER case_messages_append_only BEFORE UPDATE ON case_messages
    BEGIN SELECT RAISE(ABORT, 'case messages are append-only'); END;

    CREATE TABLE case_events (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
      type TEXT NOT NULL,
      actor_kind TEXT NOT NULL CHECK (actor_kind IN ('agent', 'customer', 'system')),
      actor_id TEXT,
      at INTEGER NOT NULL,
      data TEXT NOT NULL
    ) STRICT;
    CREATE INDEX case_events_case ON case_events (case_id);
    CREATE TRIGGER case_events_append_only BEFORE UPDATE ON case_events
    BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
  `);
}
