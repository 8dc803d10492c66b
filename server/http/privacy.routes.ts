/**
 * Data-subject requests (admin only): export or erase everything stored about a shopper, found by visitor
 * id, by the retailer's customer id (the id `Parley.identify` sent) or by the e-mail address of a customer
 * agents opened cases for by hand (who counts as the person: privacy/data-subject.ts).
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AttachmentService } from '../attachments/attachment-service';
import { findDataSubject } from '../privacy/data-subject';
import type { Store } from '../store/store';
import { route, sendError } from './errors';
import { requireAgent } from './require-agent';

const refSchema = z
  .object({ visitorId: z.string().min(1).max(64).optional(), customerId: z.string().min(1).max(128).optional(), email: z.email().max(254).optional() })
  .refine((r) => r.visitorId !== undefined || r.customerId !== undefined || r.email !== undefined, { message: 'visitorId, customerId or email is required' });

export function privacyRoutes(deps: {
  store: Store;
  secret: () => string;
  now: () => number;
  attachments: Pick<AttachmentService, 'purgeDangling'>;
}): Router {
  const { store, secret, now, attachments } = deps;
  const router = Router();
  const admin = requireAgent(store, secret, now, ['admin']);
  const ref = (req: Request) => refSchema.safeParse(req.query);

  router.get('/api/admin/privacy/export', admin, route(async (req, res) => {
    const parsed = ref(req);
    if (!parsed.success) return sendError(res, 'INVALID_PAYLOAD', 'Give visitorId, customerId or email.');
    const subject = await findDataSubject(store, parsed.data);
    const data = await store.privacy.export(subject);
    if (subject.visitorIds.length === 0 && data.cases.length === 0) return sendError(res, 'NOT_FOUND', 'No shopper with that id or e-mail.');
    res.set('Content-Disposition', 'attachment; filename="parley-shopper-export.json"');
    // The files are listed with where to download them (as an admin, with the same bearer token).
    const files = await store.attachments.list({
      visitorIds: subject.visitorIds,
      conversationIds: data.conversations.map((c) => c.id),
      caseIds: data.cases.map((c) => c.id),
    });
    res.json({ exportedAt: now(), ...data, attachments: files.map((a) => ({ ...a, url: `/api/attachments/${a.id}` })) });
  }));

  router.delete('/api/admin/privacy', admin, route(async (req, res) => {
    const parsed = ref(req);
    if (!parsed.success) return sendError(res, 'INVALID_PAYLOAD', 'Give visitorId, customerId or email.');
    const subject = await findDataSubject(store, parsed.data);
    const deleted = await store.privacy.erase(subject);
    // Nothing was stored (no visitor, no case for the e-mail): nothing was deleted either.
    if (subject.visitorIds.length === 0 && deleted.cases === 0) return sendError(res, 'NOT_FOUND', 'No shopper with that id or e-mail.');
    // The shopper's files and the files of their chats now have no owner: their blobs go too.
    res.json({ deleted: { ...deleted, attachments: await attachments.purgeDangling() } });
  }));

  return router;
}
