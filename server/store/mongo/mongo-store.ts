import type { Store } from '../store';
import { createAgentsStore } from './agents.store';
import { createAnalyticsStore } from './analytics.store';
import { createAttachmentsStore } from './attachments.store';
import { createPrivacyStore } from './privacy.store';
import { createCasesStore } from './cases.store';
import { connectLazily } from './connect-lazily';
import { createConversationsStore } from './conversations.store';
import { createKbDraftsStore } from './kb-drafts.store';
import { createMessagesStore } from './messages.store';
import { createMetricsStore } from './metrics.store';
import { createQaStore } from './qa.store';
import { createSettingsStore } from './settings.store';
import { createTicketsStore } from './tickets.store';
import { createVisitorsStore } from './visitors.store';

/**
 * The MongoDB adapter, for several server instances on one database. Everything that must be atomic
 * (seqs, takes, ticket numbers, first-writer settings) is a single conditional or `$inc` operation in the
 * database, never a read-then-write in this process. Connects on first use; close() is idempotent.
 */
export function createMongoStore(uri: string): Store {
  const connection = connectLazily(uri);
  const models = connection.models;
  return {
    kind: 'mongo',
    visitors: createVisitorsStore(models),
    conversations: createConversationsStore(models),
    messages: createMessagesStore(models),
    agents: createAgentsStore(models),
    tickets: createTicketsStore(models),
    cases: createCasesStore(models),
    analytics: createAnalyticsStore(models),
    metrics: createMetricsStore(models),
    qa: createQaStore(models),
    attachments: createAttachmentsStore(models),
    kbDrafts: createKbDraftsStore(models),
    privacy: createPrivacyStore(models),
    ...createSettingsStore(models),
    close: connection.close,
  };
}
