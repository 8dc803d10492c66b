import { createDemoIntegrations } from '../../server/integrations/demo/demo-integrations';
import { DEMO_ORDER_EXAMPLES, seedDemoOrders } from '../../server/integrations/demo/seed-demo-orders';
import { ORDER_STATUSES, orderSchema } from '../../shared/integrations';
import { describeIntegrationsContract } from './integrations.contract';

describeIntegrationsContract('demo', async () => {
  const integrations = createDemoIntegrations();
  return { integrations, close: () => integrations.close() };
});

describe('demo order book (Maple & Moss)', () => {
  const NOW = Date.parse('2026-03-14T15:09:26.535Z');

  it('holds a dozen valid orders covering every status', () => {
    const orders = seedDemoOrders(NOW);
    expect(orders).toHaveLength(12);
    for (const o of orders) expect(orderSchema.parse(o)).toMatchObject({ orderNumber: o.orderNumber });
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(ORDER_STATUSES));
    expect(new Set(orders.map((o) => o.orderNumber)).size).toBe(12);
  });

  it('is deterministic: dates are offsets from now, rounded to the minute', () => {
    expect(seedDemoOrders(NOW)).toEqual(seedDemoOrders(NOW + 20_000));
    const later = seedDemoOrders(NOW + 86_400_000);
    const placed = (os: typeof later) => Date.parse(os[0]?.placedAt ?? '');
    expect(placed(later) - placed(seedDemoOrders(NOW))).toBe(86_400_000);
  });

  it('has the README\'s examples in the states the README promises', async () => {
    const demo = createDemoIntegrations({ now: () => NOW });
    const status = async (ex: { orderNumber: string; email: string }) => {
      const r = await demo.orderLookup({ orderNumber: ex.orderNumber, identity: { type: 'email', email: ex.email } });
      return r.ok && r.data.found ? r.data.order.status : null;
    };
    expect(await status(DEMO_ORDER_EXAMPLES.shipped)).toBe('shipped');
    expect(await status(DEMO_ORDER_EXAMPLES.delivered)).toBe('delivered');
    expect(await status(DEMO_ORDER_EXAMPLES.processing)).toBe('processing');
  });

  it('judges the 30-day return window by its clock', async () => {
    let now = NOW;
    const demo = createDemoIntegrations({ now: () => now });
    const req = { orderNumber: '47731', identity: { type: 'email', email: 'ben@example.com' } as const, items: [{ sku: 'MM-MG-118-MOS', quantity: 1 }], reason: 'changed_mind' as const };
    now += 25 * 86_400_000; // delivered 6 days before seeding: day 31 now
    expect(await demo.returnRequest(req)).toMatchObject({ ok: true, data: { outcome: 'refused', reason: 'window_closed' } });
    now -= 2 * 86_400_000;
    expect(await demo.returnRequest(req)).toMatchObject({ ok: true, data: { outcome: 'created' } });
  });

  it('pauses for latencyMs before answering, hit or miss', async () => {
    const demo = createDemoIntegrations({ latencyMs: 60 });
    for (const email of ['ana@example.com', 'ben@example.com']) {
      const start = Date.now();
      await demo.orderLookup({ orderNumber: '48213', identity: { type: 'email', email } });
      expect(Date.now() - start).toBeGreaterThanOrEqual(55);
    }
  });
});
