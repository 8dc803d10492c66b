/**
 * The store contract: every adapter's test file calls describeStoreContract with a factory for that adapter.
 * Tests share one store and isolate themselves by fresh ids, sites and time windows, so the suite can also
 * run against a shared MongoDB database.
 */
import type { Store } from '../../server/store/store';
import { agentsContract } from './store/agents.contract';
import { analyticsContract } from './store/analytics.contract';
import { attachmentsContract } from './store/attachments.contract';
import { casesContract } from './store/cases.contract';
import { conversationsContract } from './store/conversations.contract';
import { kbDraftsContract } from './store/kb-drafts.contract';
import { messagesContract } from './store/messages.contract';
import { metricsContract } from './store/metrics.contract';
import { privacyContract } from './store/privacy.contract';
import { settingsContract } from './store/settings.contract';
import { ticketsContract } from './store/tickets.contract';
import { visitorsContract } from './store/visitors.contract';

/** Declares the full Store contract suite for the adapter `open` creates. */
export function describeStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store | undefined;
    const get = (): Store => {
      if (!store) throw new Error('store not opened');
      return store;
    };

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it(`reports its kind`, () => {
      expect(['sqlite', 'mongo']).toContain(get().kind);
    });

    visitorsContract(get);
    conversationsContract(get);
    messagesContract(get);
    agentsContract(get);
    ticketsContract(get);
    casesContract(get);
    analyticsContract(get);
    metricsContract(get);
    kbDraftsContract(get);
    settingsContract(get);
    privacyContract(get);
    attachmentsContract(get);

    it('closes idempotently', async () => {
      const other = await open();
      await other.visitors.get('warm-up');
      await other.close();
      await expect(other.close()).resolves.toBeUndefined();
    });
  });
}
