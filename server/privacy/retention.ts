/**
 * Retention (RETENTION_DAYS): closed conversations and closed cases older than the window are deleted with
 * their threads, and the old ticket rows those cases were copied from go with them; then the files they
 * carried go through the attachment purge (blobs before records, so a crash leaves a record to find again,
 * never a blob nobody knows of).
 */
import type { AttachmentService } from '../attachments/attachment-service';
import type { Store } from '../store/store';

const DAY_MS = 86_400_000;

/**
 * Cases (and ticket rows) per transaction: the first run after retention is switched on may find years of
 * them, and one transaction for all would hold the write lock (and every chat's writes) for its whole length.
 */
export const CASE_PURGE_BATCH = 200;

export interface PurgedCounts {
  conversations: number;
  cases: number;
  tickets: number;
}

/** Runs a batched purge until a batch comes back short; returns the total. */
async function inBatches(purge: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const purged = await purge(CASE_PURGE_BATCH);
    total += purged;
    if (purged < CASE_PURGE_BATCH) return total;
  }
}

/** The purge at `at`; deletes nothing when `retentionDays` is null (keep forever). */
export function createRetention(deps: {
  store: Pick<Store, 'privacy'>;
  attachments: Pick<AttachmentService, 'purgeDangling'>;
  retentionDays: number | null;
}): (at: number) => Promise<PurgedCounts> {
  const { store, attachments, retentionDays } = deps;
  return async (at) => {
    if (retentionDays === null) return { conversations: 0, cases: 0, tickets: 0 };
    const cutoff = at - retentionDays * DAY_MS;
    const conversations = await store.privacy.purgeClosedBefore(cutoff);
    const cases = await inBatches((limit) => store.privacy.purgeCasesClosedBefore(cutoff, limit));
    // After the cases: a ticket goes once the case it was copied into is gone (so also those purged before
    // tickets were), and stays while that case is kept.
    const tickets = await inBatches((limit) => store.privacy.purgeTicketsOfPurgedCases(cutoff, limit));
    // Files of the deleted chats and cases, and uploads never sent that are as old.
    await attachments.purgeDangling(cutoff);
    return { conversations, cases, tickets };
  };
}
