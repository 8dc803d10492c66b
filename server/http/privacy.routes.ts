/**
 * Data-subject requests (admin only): export or erase everything stored about a shopper, found by visitor
 * id or by the retailer's customer id (the id `Parley.identify` sent).
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AttachmentService } from '../attachments/attachment-service';
import type { Store } from '../store/store';
import { route, sendError } from './errors';
import { requireAgent } from './require-agent';

const refSchema = z
  .object({ visitorId: z.string().min(1).max(64).optional(), customerId: z.string().min(1).max(128).optional() })
  .refine((r) => r.visitorId !== undefined || r.customerId !== undefined, { message: 'visitorId or customerId is required' });

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
    if (!parsed.success) return sendError(res, 'INVALID_PAYLOAD', 'Give visitorId or customerId.');
    const ids = await store.privacy.findVisitorIds(parsed.data);
    if (ids.length === 0) return sendError(res, 'NOT_FOUND', 'No shopper with that id.');
    res.set('Content-Disposition', 'attachment; filename="parley-shopper-export.json"');
    const data = await store.privacy.export(ids);
    // The files are listed with where to download them (as an admin, with the same bearer token).
    const files = await store.attachments.list({ visitorIds: ids, conversationIds: data.conversations.map((c) => c.id) });
    res.json({ exportedAt: now(), ...data, attachments: files.map((a) => ({ ...a, url: `/api/attachments/${a.id}` })) });
  }));

  router.delete('/api/admin/privacy', admin, route(async (req, res) => {
    const parsed = ref(req);
    if (!parsed.success) return sendError(res, 'INVALID_PAYLOAD', 'Give visitorId or customerId.');
    const ids = await store.privacy.findVisitorIds(parsed.data);
    if (ids.length === 0) return sendError(res, 'NOT_FOUND', 'No shopper with that id.');
    const deleted = await store.privacy.erase(ids);
    // The shopper's files and the files of their chats now have no owner: their blobs go too.
    res.json({ deleted: { ...deleted, attachments: await attachments.purgeDangling() } });
  }));

  return router;
}
