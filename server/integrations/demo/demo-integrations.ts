/**
 * The demo adapter: Maple & Moss's own order book in memory, with the shop's rules (cancel only while
 * unshipped, return only delivered items within 30 days). Changes last until the process stops.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  normalizeOrderNumber,
  orderCancelRequestSchema,
  orderLookupRequestSchema,
  returnRequestSchema,
  type ActionIdentity,
  type ActionResult,
  type Order,
  type OrderCancelResult,
  type ReturnRequestResult,
} from '../../../shared/integrations';
import { actionFailure } from '../common/action-failure';
import { parseRequest } from '../common/parse-request';
import type { Integrations } from '../integrations';
import { seedDemoOrders, type DemoOrder } from './seed-demo-orders';
import { ownsOrder } from './owns-order';
import { returnSteps } from './return-steps';

/** Days after delivery a return may be opened (the KB's returns policy says the same). */
export const RETURN_WINDOW_DAYS = 30;
const DAY = 86_400_000;

export interface DemoIntegrationsOptions {
  /** The clock the order book is seeded from and the return window is judged by. */
  now?: () => number;
  /** A fixed pause before every answer, so the demo feels like a real call (default none). */
  latencyMs?: number;
}

export function createDemoIntegrations(opts: DemoIntegrationsOptions = {}): Integrations {
  const now = opts.now ?? Date.now;
  const orders = new Map(seedDemoOrders(now()).map((o) => [o.orderNumber, o]));
  /** orderNumber → sku → quantity already in a return. */
  const inReturns = new Map<string, Map<string, number>>();
  /** Answers of cancel and return calls by (action, order, identity, key): a repeat answers as the first. */
  const answered = new Map<string, OrderCancelResult | ReturnRequestResult>();
  let returnsOpened = 0;
  let isClosed = false;

  const find = (orderNumber: string, identity: ActionIdentity): DemoOrder | undefined => {
    const order = orders.get(normalizeOrderNumber(orderNumber));
    return ownsOrder(order, identity) ? order : undefined;
  };

  /** Runs one action: the fixed pause, the closed check, then `body`; the same path for hits and misses. */
  const run = async <T>(body: () => ActionResult<T>): Promise<ActionResult<T>> => {
    if (opts.latencyMs) await sleep(opts.latencyMs);
    if (isClosed) return actionFailure('ACTION_FAILED', 'the demo order book is closed');
    return body();
  };

  const remember = <T extends OrderCancelResult | ReturnRequestResult>(
    action: string,
    req: { orderNumber: string; identity: ActionIdentity; idempotencyKey?: string | undefined },
    answer: () => T,
  ): T => {
    if (!req.idempotencyKey) return answer();
    const key = JSON.stringify([action, normalizeOrderNumber(req.orderNumber), req.identity, req.idempotencyKey]);
    const earlier = answered.get(key);
    if (earlier) return earlier as T;
    const fresh = answer();
    answered.set(key, fresh);
    return fresh;
  };

  return {
    kind: 'demo',

    orderLookup: (input) =>
      run(() => {
        const req = parseRequest(orderLookupRequestSchema, input);
        if (!req.ok) return req;
        const order = find(req.data.orderNumber, req.data.identity);
        return { ok: true, data: order ? { found: true, order: visible(order) } : { found: false } };
      }),

    orderCancel: (input) =>
      run(() => {
        const req = parseRequest(orderCancelRequestSchema, input);
        if (!req.ok) return req;
        const data = remember('order.cancel', req.data, (): OrderCancelResult => {
          const order = find(req.data.orderNumber, req.data.identity);
          if (!order) return { found: false };
          if (order.status === 'cancelled') return { found: true, outcome: 'refused', reason: 'already_cancelled', order: visible(order) };
          if (order.isShipped) return { found: true, outcome: 'refused', reason: 'already_shipped', order: visible(order) };
          order.status = 'cancelled';
          return { found: true, outcome: 'cancelled', order: visible(order) };
        });
        return { ok: true, data };
      }),

    returnRequest: (input) =>
      run(() => {
        const req = parseRequest(returnRequestSchema, input);
        if (!req.ok) return req;
        const r = req.data;
        const data = remember('return.request', r, (): ReturnRequestResult => {
          const order = find(r.orderNumber, r.identity);
          if (!order) return { found: false };
          const refuse = (reason: Extract<ReturnRequestResult, { outcome: 'refused' }>['reason']): ReturnRequestResult => ({
            found: true,
            outcome: 'refused',
            reason,
          });
          if (order.status === 'returned') return refuse('already_returned');
          if (order.status === 'cancelled') return refuse('not_returnable');
          if (order.status !== 'delivered' || !order.deliveredAt) return refuse('not_delivered');
          if (now() - Date.parse(order.deliveredAt) > RETURN_WINDOW_DAYS * DAY) return refuse('window_closed');

          const wanted = new Map<string, number>();
          for (const item of r.items) wanted.set(item.sku, (wanted.get(item.sku) ?? 0) + item.quantity);
          const taken = inReturns.get(order.orderNumber) ?? new Map<string, number>();
          for (const [sku, quantity] of wanted) {
            const ordered = order.items.find((i) => i.sku === sku)?.quantity ?? 0;
            const left = ordered - (taken.get(sku) ?? 0);
            if (ordered > 0 && left === 0) return refuse('already_returned');
            if (quantity > left) return refuse('item_not_in_order');
          }
          for (const [sku, quantity] of wanted) taken.set(sku, (taken.get(sku) ?? 0) + quantity);
          inReturns.set(order.orderNumber, taken);

          const returnId = `RMA-${order.orderNumber}-${++returnsOpened}`;
          const labelUrl = `https://shop.example/returns/${returnId}/label.pdf`;
          const photoCount = r.photos?.length ?? 0;
          return {
            found: true,
            outcome: 'created',
            returnId,
            labelUrl,
            // The shop's return keeps its photo count; the steps tell the shopper it has them.
            steps: returnSteps(r.locale, labelUrl, photoCount),
            items: [...wanted].map(([sku, quantity]) => ({ sku, quantity })),
          };
        });
        return { ok: true, data };
      }),

    async close() {
      isClosed = true;
    },
  };
}

/** The order as the shopper may see it: without the owner's e-mail and customer id, and a copy. */
function visible(order: DemoOrder): Order {
  const { customerId: _customerId, email: _email, ...shown } = order;
  return structuredClone(shown);
}
