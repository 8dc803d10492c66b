/**
 * Attachments as a use case: upload (type checked, images cleaned), read (only by whoever may see the
 * conversation or case the file was sent in), claim (a message may carry only its sender's own uploads) and
 * purge (files whose conversation, case or shopper is gone: retention and erasure).
 */
import type { Logger } from 'pino';
import type { AttachmentRef } from '../../shared/cases';
import { AppError } from '../../shared/errors';
import type { Agent, Visitor } from '../../shared/model';
import type { BlobStore } from '../blobs/blob-store';
import { chatAccess } from '../cases/linked-chat-access';
import { isSupervisor, servesDepartment } from '../conversations/agent-access';
import { newId } from '../store/ids';
import type { AttachmentRecord, Store } from '../store/store';
import { processUpload } from './process-upload';

/** Who uploads or reads: a shopper (by visitor token) or an agent (by bearer token). */
export type Party = { kind: 'visitor'; visitor: Visitor } | { kind: 'agent'; agent: Agent };

export const thumbKey = (id: string) => `${id}.thumb`;

export const toRef = (r: AttachmentRecord): AttachmentRef => ({ blobId: r.id, name: r.name, contentType: r.contentType, size: r.size });

export interface AttachmentService {
  upload(party: Party, data: Buffer, name: string | undefined): Promise<AttachmentRef>;
  /** The file (or its thumbnail) if `party` may see it. @throws AppError NOT_FOUND, FORBIDDEN. */
  read(party: Party, id: string, variant: 'full' | 'thumb'): Promise<{ record: AttachmentRecord; data: Buffer; contentType: string }>;
  /**
   * A sent file for a signed link (the link is the permission): only files bound to a conversation or case.
   * @throws AppError NOT_FOUND.
   */
  readLinked(id: string): Promise<{ record: AttachmentRecord; data: Buffer; contentType: string }>;
  /**
   * Binds the files a message carries to its conversation (or case), after checking each is the sender's own
   * upload; returns the stored references (name, type and size as the server recorded them, not as sent).
   * @throws AppError INVALID_PAYLOAD when a file is unknown, someone else's, or already sent elsewhere.
   */
  claim(party: Party, refs: readonly AttachmentRef[], owner: { conversationId: string } | { caseId: string }): Promise<AttachmentRef[]>;
  /**
   * The checks of claim without the binding, for a new case: its id exists only once it is opened with its first
   * message, so its files are checked before and claimed right after.
   * @throws AppError INVALID_PAYLOAD as claim does.
   */
  check(party: Party, refs: readonly AttachmentRef[]): Promise<AttachmentRef[]>;
  /** Deletes blobs and records of attachments whose owner is gone, and unclaimed uploads older than `unclaimedBefore`. */
  purgeDangling(unclaimedBefore?: number): Promise<number>;
}

export function createAttachmentService(deps: { store: Store; blobs: BlobStore; now: () => number; logger: Logger }): AttachmentService {
  const { store, blobs, now, logger } = deps;

  const isUploader = (party: Party, r: AttachmentRecord) =>
    party.kind === 'visitor' ? r.visitorId === party.visitor.id && r.siteId === party.visitor.siteId : r.agentId === party.agent.id;

  const sentElsewhere = () => new AppError('INVALID_PAYLOAD', { message: 'An attached file was already sent elsewhere: upload it again.' });

  async function ownUpload(party: Party, ref: AttachmentRef): Promise<AttachmentRecord> {
    const record = await store.attachments.get(ref.blobId);
    // Only the sender's own uploads: a ref seen elsewhere (another chat, a shared link) must not move files across chats.
    if (!record || !isUploader(party, record)) {
      throw new AppError('INVALID_PAYLOAD', { message: 'An attached file is unknown or not yours: upload it again.' });
    }
    return record;
  }

  async function mayRead(party: Party, r: AttachmentRecord): Promise<boolean> {
    if (r.conversationId !== null) {
      const conversation = await store.conversations.get(r.conversationId);
      if (!conversation) return false;
      return party.kind === 'visitor' ? conversation.visitorId === party.visitor.id : (await chatAccess(store, party.agent, conversation)) !== 'none';
    }
    if (r.caseId !== null) {
      const c = await store.cases.get(r.caseId);
      if (!c) return false;
      if (party.kind === 'agent') {
        const { agent } = party;
        return isSupervisor(agent) || c.assigneeId === agent.id || servesDepartment(agent, c.department);
      }
      const { identity } = party.visitor;
      return c.visitorId === party.visitor.id || (c.customerId !== null && identity.idVerified && identity.externalId === c.customerId);
    }
    // Not sent yet: only its uploader.
    return isUploader(party, r);
  }

  return {
    async upload(party, data, name) {
      const processed = await processUpload(data, name);
      const id = newId();
      const siteId = party.kind === 'visitor' ? party.visitor.siteId : 'console';
      // Bytes first: a record never points at a blob that is not there; a blob without a record is purged.
      await blobs.put(id, processed.data, processed.contentType);
      if (processed.thumbnail) await blobs.put(thumbKey(id), processed.thumbnail, 'image/webp');
      const record = await store.attachments.create({
        id,
        siteId,
        name: processed.name,
        contentType: processed.contentType,
        size: processed.data.length,
        hasThumbnail: processed.thumbnail !== null,
        visitorId: party.kind === 'visitor' ? party.visitor.id : null,
        agentId: party.kind === 'agent' ? party.agent.id : null,
        createdAt: now(),
      });
      return toRef(record);
    },

    async read(party, id, variant) {
      const record = await store.attachments.get(id);
      if (!record) throw new AppError('NOT_FOUND', { message: 'No such attachment.' });
      if (!(await mayRead(party, record))) throw new AppError('FORBIDDEN', { message: 'This attachment is not yours to see.' });
      if (variant === 'thumb' && !record.hasThumbnail) throw new AppError('NOT_FOUND', { message: 'This attachment has no thumbnail.' });
      const data = await blobs.get(variant === 'thumb' ? thumbKey(id) : id);
      if (!data) throw new AppError('NOT_FOUND', { message: 'The attachment is gone.' });
      return { record, data, contentType: variant === 'thumb' ? 'image/webp' : record.contentType };
    },

    async readLinked(id) {
      const record = await store.attachments.get(id);
      if (!record || (record.conversationId === null && record.caseId === null)) throw new AppError('NOT_FOUND', { message: 'No such attachment.' });
      const data = await blobs.get(id);
      if (!data) throw new AppError('NOT_FOUND', { message: 'The attachment is gone.' });
      return { record, data, contentType: record.contentType };
    },

    async claim(party, refs, owner) {
      const claimed: AttachmentRef[] = [];
      for (const ref of refs) {
        const record = await ownUpload(party, ref);
        const bound = await store.attachments.claim(record.id, owner);
        if (!bound) throw sentElsewhere();
        claimed.push(toRef(bound));
      }
      return claimed;
    },

    async check(party, refs) {
      const checked: AttachmentRef[] = [];
      for (const ref of refs) {
        const record = await ownUpload(party, ref);
        if (record.conversationId !== null || record.caseId !== null) throw sentElsewhere();
        checked.push(toRef(record));
      }
      return checked;
    },

    async purgeDangling(unclaimedBefore) {
      let total = 0;
      for (;;) {
        const batch = await store.attachments.listDangling({ unclaimedBefore, limit: 200 });
        if (batch.length === 0) return total;
        // Blobs before records: a crash in between leaves a record to find again, never an orphan blob.
        for (const r of batch) {
          await blobs.delete(r.id);
          if (r.hasThumbnail) await blobs.delete(thumbKey(r.id));
        }
        total += await store.attachments.delete(batch.map((r) => r.id));
        if (batch.length < 200) {
          if (total > 0) logger.info({ attachments: total }, 'attachments without an owner deleted');
          return total;
        }
      }
    },
  };
}
