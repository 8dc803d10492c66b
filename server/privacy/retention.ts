/**
 * Retention (RETENTION_DAYS): closed conversations and closed cases older than the window are deleted with
 * their threads, then the files they carried go through the attachment purge (blobs before records, so a
 * crash leaves a record to find again, never a blob nobody knows of).
 */
import type { AttachmentService } from '../attachments/attachment-service';
import type { Store } from '../store/store';

const DAY_MS = 86_400_000;

/**
 * Cases per transaction: the first run after retention is switched on may find years of cases, and one
 * transaction for all of them would hold the write lock (and every chat's writes) for its whole length.
 */
export const CASE_PURGE_BATCH = 200;

export interface PurgedCounts {
  conversations: number;
  cases: number;
}

/** The purge at `at`; deletes nothing when `retentionDays` is null (keep forever). */
export function createRetention(deps: {
  store: Pick<Store, 'privacy'>;
  attachments: Pick<AttachmentService, 'purgeDangling'>;
  retentionDays: number | null;
}): (at: number) => Promise<PurgedCounts> {
  const { store, attachments, retentionDays } = deps;
  return async (at) => {
    if (retentionDays === null) return { conversations: 0, cases: 0 };
    const cutoff = at - retentionDays * DAY_MS;
    const conversations = await store.privacy.purgeClosedBefore(cutoff);
    let cases = 0;
    for (;;) {
      const purged = await store.privacy.purgeCasesClosedBefore(cutoff, CASE_PURGE_BATCH);
      cases += purged;
      if (purged < CASE_PURGE_BATCH) break;
    }
    // Files of the deleted chats and cases, and uploads never sent that are as old.
    await attachments.purgeDangling(cutoff);
    return { conversations, cases };
  };
}
