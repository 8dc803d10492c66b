/**
 * The return request's photos as a retailer receives them: each file's name, type and a signed link its server
 * can fetch without a Parley login. Only files sent in the conversation running the dialogue are linked (the
 * blob ids ride on the transcript, but a link is the permission, so it is never minted for another chat's file).
 */
import { RETURN_PHOTO_LINK_SECONDS, RETURN_PHOTO_TYPES, type ReturnPhoto } from '../../shared/integrations';
import type { Store } from '../store/store';
import { signAttachmentLink } from './signed-link';

const isPhotoType = (type: string): type is ReturnPhoto['contentType'] => (RETURN_PHOTO_TYPES as readonly string[]).includes(type);

export function createReturnPhotoLinks(deps: {
  store: Store;
  secret: () => string;
  /** Parley's own address as the retailer's server reaches it (PARLEY_URL), without a trailing slash. */
  baseUrl: () => string;
  now: () => number;
}): (conversationId: string, blobIds: readonly string[]) => Promise<ReturnPhoto[]> {
  return async (conversationId, blobIds) => {
    const photos: ReturnPhoto[] = [];
    const expiresAt = deps.now() + RETURN_PHOTO_LINK_SECONDS * 1000;
    for (const id of blobIds.slice(0, 5)) {
      const record = await deps.store.attachments.get(id);
      if (!record || record.conversationId !== conversationId || !isPhotoType(record.contentType)) continue;
      photos.push({ name: record.name, contentType: record.contentType, url: deps.baseUrl() + signAttachmentLink(deps.secret(), id, expiresAt) });
    }
    return photos;
  };
}
