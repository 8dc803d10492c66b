/**
 * The retailer-actions contract: every Integrations adapter's test file calls describeIntegrationsContract.
 * Each test gets a fresh adapter over the demo shop's order book (the http adapter reaches it through a
 * signed local webhook), so cancellations and returns in one test do not leak into another.
 */
import type { Integrations } from '../../server/integrations/integrations';
import type { ActionIdentity, ReturnRequest } from '../../shared/integrations';

const ana: ActionIdentity = { type: 'email', email: 'ana@example.com' };
const ben: ActionIdentity = { type: 'email', email: 'ben@example.com' };
const sam: ActionIdentity = { type: 'email', email: 'sam@example.com' };
const THROW = 'MM-TH-402-CRM';
const NOT_FOUND = { ok: true, data: { found: false } };

export interface OpenedIntegrations {
  integrations: Integrations;
  close(): Promise<void>;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function describeIntegrationsContract(name: string, open: () => Promise<OpenedIntegrations>): void {
  describe(`Integrations contract: ${name}`, () => {
    let opened: OpenedIntegrations | undefined;
    const get = (): Integrations => {
      if (!opened) throw new Error('integrations not opened');
      return opened.integrations;
    };
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });

    describe('order.lookup', () => {
      it('shows a shipped order: status, items, carrier, tracking number and link, expected delivery', async () => {
        const r = await get().orderLookup({ orderNumber: '48213', identity: ana });
        if (!r.ok || !r.data.found) throw new Error(`expected the order, got ${JSON.stringify(r)}`);
        const o = r.data.order;
        expect(o).toMatchObject({ orderNumber: '48213', status: 'shipped', isShipped: true, currency: 'USD', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
        expect(o.trackingUrl).toContain('1Z999AA10123456784');
        expect(o.expectedDelivery).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Date.parse(`${o.expectedDelivery}T23:59:59Z`)).toBeGreaterThan(Date.now());
        expect(o.items.map((i) => i.name)).toEqual(['Linen Button-Down Shirt', 'Merino Crew Socks (3-pack)']);
        expect(o.total).toBe(o.items.reduce((s, i) => s + i.unitPrice * i.quantity, 0));
        expect(o).not.toHaveProperty('email');
        expect(o).not.toHaveProperty('customerId');
      });

      it('accepts the number as typed ("#48213"), the e-mail in any case, or the verified customer id', async () => {
        const byEmail = await get().orderLookup({ orderNumber: ' #48213', identity: { type: 'email', email: 'Ana@Example.com' } });
        const byCustomer = await get().orderLookup({ orderNumber: '48213', identity: { type: 'customer', customerId: 'cus_ana' } });
        expect(byEmail).toMatchObject({ ok: true, data: { found: true, order: { orderNumber: '48213' } } });
        expect(byCustomer).toEqual(byEmail);
      });

      it('shows unshipped, delivered, cancelled and returned orders as such', async () => {
        const status = async (orderNumber: string, identity: ActionIdentity) => {
          const r = await get().orderLookup({ orderNumber, identity });
          return r.ok && r.data.found ? r.data.order : null;
        };
        expect(await status('48230', ana)).toMatchObject({ status: 'processing', isShipped: false, carrier: null, trackingNumber: null, trackingUrl: null });
        const delivered = await status('47731', ben);
        expect(delivered).toMatchObject({ status: 'delivered', isShipped: true, carrier: 'USPS', expectedDelivery: null });
        expect(Date.parse(delivered?.deliveredAt ?? '')).toBeLessThan(Date.now());
        expect(await status('47310', sam)).toMatchObject({ status: 'cancelled', isShipped: false });
        expect(await status('46588', sam)).toMatchObject({ status: 'returned', isShipped: true });
      });

      it('answers a wrong e-mail, a stranger\'s customer id and a missing order identically', async () => {
        const answers = await Promise.all([
          get().orderLookup({ orderNumber: '48213', identity: ben }),
          get().orderLookup({ orderNumber: '48213', identity: { type: 'customer', customerId: 'cus_ben' } }),
          get().orderLookup({ orderNumber: '99999', identity: ana }),
          get().orderLookup({ orderNumber: '99999', identity: { type: 'email', email: 'nobody@example.com' } }),
        ]);
        for (const a of answers) expect(a).toEqual(NOT_FOUND);
      });

      it('takes as long for a wrong pair as for a missing order', async () => {
        const wrong: number[] = [];
        const missing: number[] = [];
        for (let i = 0; i < 3; i++) await get().orderLookup({ orderNumber: '48213', identity: ana }); // warm up
        for (let i = 0; i < 21; i++) {
          wrong.push(await timeMs(() => get().orderLookup({ orderNumber: '48213', identity: ben })));
          missing.push(await timeMs(() => get().orderLookup({ orderNumber: '99999', identity: ben })));
        }
        const [w, m] = [median(wrong), median(missing)];
        expect(Math.abs(w - m)).toBeLessThan(Math.max(5, 0.5 * Math.max(w, m)));
      });

      it('refuses a malformed request as ACTION_INVALID_REQUEST', async () => {
        for (const bad of [
          { orderNumber: '48213', identity: { type: 'email', email: 'not-an-email' } },
          { orderNumber: 'x', identity: ana },
          { orderNumber: '48213; DROP TABLE', identity: ana },
          { orderNumber: '48213', identity: { type: 'customer', customerId: '' } },
        ]) {
          const r = await get().orderLookup(bad as never);
          expect(r).toMatchObject({ ok: false, error: { code: 'ACTION_INVALID_REQUEST' } });
        }
      });
    });

    describe('order.cancel', () => {
      it('cancels an unshipped order, once', async () => {
        const first = await get().orderCancel({ orderNumber: '48230', identity: ana, reason: 'ordered the wrong colour' });
        expect(first).toMatchObject({ ok: true, data: { found: true, outcome: 'cancelled', order: { orderNumber: '48230', status: 'cancelled' } } });
        expect(await get().orderLookup({ orderNumber: '48230', identity: ana })).toMatchObject({ ok: true, data: { order: { status: 'cancelled' } } });
        const again = await get().orderCancel({ orderNumber: '48230', identity: ana });
        expect(again).toMatchObject({ ok: true, data: { found: true, outcome: 'refused', reason: 'already_cancelled' } });
      });

      it('refuses once shipped or delivered, leaving the order as it was', async () => {
        expect(await get().orderCancel({ orderNumber: '48213', identity: ana })).toMatchObject({
          ok: true,
          data: { found: true, outcome: 'refused', reason: 'already_shipped', order: { status: 'shipped' } },
        });
        expect(await get().orderCancel({ orderNumber: '47731', identity: ben })).toMatchObject({ ok: true, data: { outcome: 'refused', reason: 'already_shipped' } });
      });

      it('answers a wrong pair like a missing order and cancels nothing', async () => {
        expect(await get().orderCancel({ orderNumber: '48230', identity: ben })).toEqual(NOT_FOUND);
        expect(await get().orderCancel({ orderNumber: '10001', identity: ben })).toEqual(NOT_FOUND);
        expect(await get().orderLookup({ orderNumber: '48230', identity: ana })).toMatchObject({ ok: true, data: { order: { status: 'processing' } } });
      });

      it('answers a repeat with the same idempotency key as the first time', async () => {
        const req = { orderNumber: '48244', identity: { type: 'email', email: 'mei@example.com' } as const, idempotencyKey: 'cancel-48244-try-1' };
        const first = await get().orderCancel(req);
        expect(first).toMatchObject({ ok: true, data: { outcome: 'cancelled' } });
        expect(await get().orderCancel(req)).toEqual(first);
      });
    });

    describe('return.request', () => {
      const returnThrow = (extra: Partial<ReturnRequest> = {}): ReturnRequest => ({
        orderNumber: '47731',
        identity: ben,
        items: [{ sku: THROW, quantity: 1 }],
        reason: 'changed_mind',
        ...extra,
      });

      it('opens a return for a delivered item within 30 days: id, label, steps', async () => {
        const r = await get().returnRequest(returnThrow({ reason: 'damaged', comment: 'a pulled thread', photos: [{ name: 'throw.jpg', contentType: 'image/jpeg', url: 'https://chat.example/api/attachments/att_123/shared?exp=1&sig=ab' }] }));
        if (!r.ok || !r.data.found || r.data.outcome !== 'created') throw new Error(`expected a return, got ${JSON.stringify(r)}`);
        expect(r.data.returnId).toMatch(/\S/);
        expect(r.data.labelUrl).toMatch(/^https:\/\//);
        expect(r.data.steps.length).toBeGreaterThan(1);
        expect(r.data.steps.join(' ')).toMatch(/label/i);
        expect(r.data.items).toEqual([{ sku: THROW, quantity: 1 }]);
      });

      it('writes the steps in the shopper\'s language', async () => {
        const r = await get().returnRequest(returnThrow({ locale: 'zh' }));
        expect(r).toMatchObject({ ok: true, data: { outcome: 'created' } });
        if (r.ok && r.data.found && r.data.outcome === 'created') expect(r.data.steps.join('')).toMatch(/[\u4e00-\u9fff]/);
      });

      it('refuses what the shop does not take back, saying why', async () => {
        const reason = async (req: ReturnRequest) => {
          const r = await get().returnRequest(req);
          return r.ok && r.data.found && r.data.outcome === 'refused' ? r.data.reason : JSON.stringify(r);
        };
        const item = (sku: string) => [{ sku, quantity: 1 }];
        expect(await reason({ orderNumber: '48213', identity: ana, items: item('MM-LS-104-M-SAG'), reason: 'wrong_size' })).toBe('not_delivered');
        expect(await reason({ orderNumber: '48230', identity: ana, items: item('MM-TW-310-SND'), reason: 'changed_mind' })).toBe('not_delivered');
        expect(await reason({ orderNumber: '46902', identity: ben, items: item('MM-CH-207-32-NVY'), reason: 'wrong_size' })).toBe('window_closed');
        expect(await reason({ orderNumber: '47310', identity: sam, items: item('MM-DV-330-Q-WHT'), reason: 'other' })).toBe('not_returnable');
        expect(await reason({ orderNumber: '46588', identity: sam, items: item('MM-CH-207-32-NVY'), reason: 'other' })).toBe('already_returned');
        expect(await reason(returnThrow({ items: item('MM-NOT-IN-ORDER') }))).toBe('item_not_in_order');
        expect(await reason(returnThrow({ items: [{ sku: THROW, quantity: 2 }] }))).toBe('item_not_in_order');
      });

      it('takes each item back once, and a repeat with the same idempotency key answers as the first', async () => {
        const first = await get().returnRequest(returnThrow({ idempotencyKey: 'return-47731-a' }));
        expect(first).toMatchObject({ ok: true, data: { outcome: 'created' } });
        expect(await get().returnRequest(returnThrow({ idempotencyKey: 'return-47731-a' }))).toEqual(first);
        expect(await get().returnRequest(returnThrow({ idempotencyKey: 'return-47731-b' }))).toMatchObject({ ok: true, data: { outcome: 'refused', reason: 'already_returned' } });
        expect(await get().returnRequest(returnThrow({ items: [{ sku: 'MM-MG-118-MOS', quantity: 1 }] }))).toMatchObject({ ok: true, data: { outcome: 'created' } });
      });

      it('answers a wrong pair like a missing order and opens nothing', async () => {
        expect(await get().returnRequest(returnThrow({ identity: ana }))).toEqual(NOT_FOUND);
        expect(await get().returnRequest(returnThrow({ orderNumber: '10001' }))).toEqual(NOT_FOUND);
        expect(await get().returnRequest(returnThrow())).toMatchObject({ ok: true, data: { outcome: 'created' } });
      });

      it('refuses a malformed request as ACTION_INVALID_REQUEST', async () => {
        for (const bad of [returnThrow({ items: [] }), returnThrow({ reason: 'because' as never }), returnThrow({ photos: [{ name: 'p.jpg', contentType: 'image/jpeg', url: 'not a url' }] }), returnThrow({ photos: [{ name: 'p.exe', contentType: 'application/x-msdownload' as never, url: 'https://chat.example/p' }] })]) {
          expect(await get().returnRequest(bad)).toMatchObject({ ok: false, error: { code: 'ACTION_INVALID_REQUEST' } });
        }
      });
    });

    it('closes idempotently, then answers ACTION_FAILED instead of throwing', async () => {
      const integrations = get();
      expect(['demo', 'http']).toContain(integrations.kind);
      await integrations.close();
      await integrations.close();
      expect(await integrations.orderLookup({ orderNumber: '48213', identity: ana })).toMatchObject({ ok: false, error: { code: 'ACTION_FAILED' } });
    });
  });
}
