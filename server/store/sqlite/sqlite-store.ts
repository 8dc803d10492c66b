import type { Store } from '../store';
import { createAgentsStore } from './agents.store';
import { createAnalyticsStore } from './analytics.store';
import { createCasesStore } from './cases.store';
import { createConversationsStore } from './conversations.store';
import { createMessagesStore } from './messages.store';
import { openDatabase } from './open-database';
import { createPrivacyStore } from './privacy.store';
import { createSettingsStore } from './settings.store';
import { createTicketsStore } from './tickets.store';
import { createVisitorsStore } from './visitors.store';

/**
 * The SQLite adapter (the default): one file, WAL, migrated on open. Every write is a single statement or
 * a transaction, so it is atomic across processes sharing the file, not only within this one.
 */
export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  return {
    kind: 'sqlite',
    visitors: createVisitorsStore(db),
    conversations: createConversationsStore(db),
    messages: createMessagesStore(db),
    agents: createAgentsStore(db),
    tickets: createTicketsStore(db),
    cases: createCasesStore(db),
    analytics: createAnalyticsStore(db),
    privacy: createPrivacyStore(db),
    ...createSettingsStore(db),
    async close() {
      if (!db.open) return;
      // SQLite's advice for long-lived connections: refresh planner statistics where they are stale, on close.
      db.pragma('optimize');
      db.close();
    },
  };
}
