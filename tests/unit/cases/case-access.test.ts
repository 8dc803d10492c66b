import type { Agent, Identity } from '../../../shared/model';
import { canSeeCase, isShoppersCase, provenCustomerId } from '../../../server/cases/case-access';

const identity = (over: Partial<Identity> = {}): Identity => ({
  externalId: null, name: null, email: null, verified: false, idVerified: false, tier: null, ...over,
});
const agent = (over: Partial<Agent>): Agent =>
  ({ id: 'a1', email: 'a@x.test', name: 'A', role: 'agent', departments: ['orders'], maxChats: 5, avatarUrl: null, isActive: true, ...over }) as Agent;

describe('case access', () => {
  test('a shopper owns the cases of their visitor, and of their customer id only when it is proven and on the same site', () => {
    const c = { visitorId: 'v-other', customerId: 'cust-1', siteId: 'shop' };
    expect(isShoppersCase({ id: 'v1', siteId: 'shop', identity: identity({ externalId: 'cust-1', idVerified: true }) }, c)).toBe(true);
    // Claimed, not proven: a shopper who types someone's id sees nothing of theirs.
    expect(isShoppersCase({ id: 'v1', siteId: 'shop', identity: identity({ externalId: 'cust-1' }) }, c)).toBe(false);
    expect(isShoppersCase({ id: 'v1', siteId: 'other-shop', identity: identity({ externalId: 'cust-1', idVerified: true }) }, c)).toBe(false);
    expect(isShoppersCase({ id: 'v-other', siteId: 'shop', identity: identity() }, c)).toBe(true);
    expect(provenCustomerId({ identity: identity({ externalId: '', idVerified: true }) })).toBeNull();
  });

  test('an agent sees their departments\' cases and their own; supervisors and "*" see all', () => {
    const inBilling = { department: 'billing', assigneeId: null };
    expect(canSeeCase(agent({}), inBilling)).toBe(false);
    expect(canSeeCase(agent({}), { department: 'orders', assigneeId: null })).toBe(true);
    expect(canSeeCase(agent({}), { ...inBilling, assigneeId: 'a1' })).toBe(true);
    expect(canSeeCase(agent({ departments: ['*'] }), inBilling)).toBe(true);
    expect(canSeeCase(agent({ role: 'supervisor', departments: [] }), inBilling)).toBe(true);
  });
});
