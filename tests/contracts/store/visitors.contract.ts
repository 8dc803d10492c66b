import { AppError } from '../../../shared/errors';
import { makeVisitor, newSite, uid, type GetStore } from './helpers';

/** VisitorStore rules. */
export function visitorsContract(store: GetStore): void {
  describe('visitors', () => {
    it('creates an anonymous visitor and finds it by id and by (site, token hash)', async () => {
      const siteId = newSite();
      const tokenHash = uid();
      const before = Date.now();
      const v = await store().visitors.create({ siteId, tokenHash, locale: 'zh' });
      expect(v).toEqual({
        id: expect.any(String),
        siteId,
        identity: { externalId: null, name: null, email: null, verified: false, idVerified: false, tier: null },
        locale: 'zh',
        lastAgentId: null,
        createdAt: expect.any(Number),
        lastSeenAt: expect.any(Number),
      });
      expect(v.createdAt).toBeGreaterThanOrEqual(before);
      expect(v.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(await store().visitors.get(v.id)).toEqual(v);
      expect(await store().visitors.getByTokenHash(siteId, tokenHash)).toEqual(v);
    });

    it('returns null for an unknown id, token or site', async () => {
      const v = await makeVisitor(store());
      expect(await store().visitors.get(uid())).toBeNull();
      expect(await store().visitors.getByTokenHash(v.siteId, uid())).toBeNull();
      expect(await store().visitors.update(uid(), { locale: 'zh' })).toBeNull();
    });

    it('keeps token hashes per site: the same hash on another site is another visitor', async () => {
      const tokenHash = uid();
      const a = await store().visitors.create({ siteId: newSite(), tokenHash, locale: 'en' });
      const b = await store().visitors.create({ siteId: newSite(), tokenHash, locale: 'en' });
      expect(a.id).not.toBe(b.id);
    });

    it('refuses a second visitor with the same (site, token hash) with CONFLICT', async () => {
      const siteId = newSite();
      const tokenHash = uid();
      await store().visitors.create({ siteId, tokenHash, locale: 'en' });
      const again = store().visitors.create({ siteId, tokenHash, locale: 'en' });
      await expect(again).rejects.toBeInstanceOf(AppError);
      await expect(store().visitors.create({ siteId, tokenHash, locale: 'en' })).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('updates identity, locale, last agent and last seen, and round-trips them', async () => {
      const v = await makeVisitor(store());
      const identity = { externalId: 'cust-42', name: 'Li Wei', email: 'li@example.com', verified: true, idVerified: true, tier: 'vip' };
      const updated = await store().visitors.update(v.id, { identity, locale: 'zh', lastAgentId: 'agent-1', lastSeenAt: 1234 });
      expect(updated).toEqual({ ...v, identity, locale: 'zh', lastAgentId: 'agent-1', lastSeenAt: 1234 });
      expect(await store().visitors.get(v.id)).toEqual(updated);
      const cleared = await store().visitors.update(v.id, { lastAgentId: null });
      expect(cleared?.lastAgentId).toBeNull();
      expect(cleared?.identity).toEqual(identity);
    });
  });
}
