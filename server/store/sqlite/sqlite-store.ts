import type { Store } from '../store';
import { createAgentsStore } from './agents.store';
import { createAnalyticsStore } from './analytics.store';
import { createConversationsStore } from './conversations.store';
import { createMessagesStore } from './messages.store';
import { groupCommit } from './group-commit';
import { openDatabase } from './open-database';
import { createSettingsStore } from './settings.store';
import { createTicketsStore } from './tickets.store';
import { createVisitorsStore } from './visitors.store';

/**
 * The SQLite adapter (the default): one file, WAL, migrated on open. Every write is a single statement or
 * a transaction, so it is atomic across processes sharing the file, not only within this one; all writes
 * of one event-loop turn share one commit (group-commit.ts), and each resolves once committed.
 */
export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  const group = groupCommit(db);
  return {
    kind: 'sqlite',
    visitors: createVisitorsStore(db, group),
    conversations: createConversationsStore(db, group),
    messages: createMessagesStore(db, group),
    agents: createAgentsStore(db, group),
    tickets: createTicketsStore(db, group),
    analytics: createAnalyticsStore(db, group),
    ...createSettingsStore(db, group),
    async close() {
      if (!db.open) return;
      // Pending writes are committed (and their promises resolved) before the file closes.
      group.flush();
      // SQLite's advice for long-lived connections: refresh planner statistics where they are stale, on close.
      db.pragma('optimize');
      db.close();
    },
  };
}
