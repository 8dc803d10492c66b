import path from 'node:path';
import type { Store } from '../store';
import { createAgentsStore } from './agents.store';
import { createAnalyticsStore } from './analytics.store';
import { createAttachmentsStore } from './attachments.store';
import { createCasesStore } from './cases.store';
import { createConversationsStore } from './conversations.store';
import { createKbDraftsStore } from './kb-drafts.store';
import { createMessagesStore } from './messages.store';
import { createMetricsStore } from './metrics.store';
import { createQaStore } from './qa.store';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer';
import { groupCommit } from './group-commit';
import { openDatabase, type SqliteOptions } from './open-database';
import { createPrivacyStore } from './privacy.store';
import { createSettingsStore } from './settings.store';
import { createTicketsStore } from './tickets.store';
import { createVisitorsStore } from './visitors.store';

/**
 * The SQLite adapter (the default): one file, WAL, migrated on open. Every write is a single statement or
 * a transaction, so it is atomic across processes sharing the file, not only within this one; all writes
 * of one event-loop turn share one commit (group-commit.ts), and each resolves once committed.
 */
export function openSqliteStore(file: string, opts: SqliteOptions = {}): Store {
  const db = openDatabase(file, opts);
  const group = groupCommit(db);
  // An in-memory database has no WAL to checkpoint and cannot be opened by a second connection; a read-only
  // connection leaves checkpoints to the writer's.
  const checkpointer = db.memory || opts.readOnly ? null : startCheckpointer(path.resolve(file));
  if (checkpointer) db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  let closing: Promise<void> | null = null;
  return {
    kind: 'sqlite',
    visitors: createVisitorsStore(db, group),
    conversations: createConversationsStore(db, group),
    messages: createMessagesStore(db, group),
    agents: createAgentsStore(db, group),
    tickets: createTicketsStore(db, group),
    analytics: createAnalyticsStore(db, group),
    metrics: createMetricsStore(db, group),
    qa: createQaStore(db, group),
    attachments: createAttachmentsStore(db, group),
    kbDrafts: createKbDraftsStore(db, group),
    ...createSettingsStore(db, group),
    // Cases keep their own IMMEDIATE transactions (a savepoint when a group is open).
    cases: createCasesStore(db),
    privacy: createPrivacyStore(db),
    close() {
      closing ??= (async () => {
        if (!db.open) return;
        // Pending writes are committed (and their promises resolved) before the file closes.
        group.flush();
        await checkpointer?.stop();
        // Writes started while the worker stopped.
        group.flush();
        // SQLite's advice for long-lived connections: refresh planner statistics where they are stale, on close
        // (a write: the writer's job).
        if (!opts.readOnly) db.pragma('optimize');
        db.close();
      })();
      return closing;
    },
  };
}
