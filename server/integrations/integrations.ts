/**
 * The retailer's systems as a port: look up, cancel and return orders. Adapters (demo/, http/) implement it;
 * nothing else in the server knows which one runs (open-integrations.ts picks it).
 * Rules: every method is async, takes and returns plain objects from shared/integrations.ts, and never
 * throws: failures are `{ ok: false, error: { code } }` values. An order that does not exist and an order
 * whose e-mail or customer does not match both answer `{ ok: true, data: { found: false } }`, with the same
 * work done, so the answer and its timing reveal nothing about which order numbers exist.
 * Callers pass `identity.type === 'customer'` only for an id verified by the HMAC `identify`; otherwise the
 * order number and the e-mail the shopper typed.
 */
import type {
  ActionResult,
  OrderCancelRequest,
  OrderCancelResult,
  OrderLookupRequest,
  OrderLookupResult,
  ReturnRequest,
  ReturnRequestResult,
} from '../../shared/integrations';

export interface Integrations {
  readonly kind: 'demo' | 'http';
  /** Status, items, carrier and tracking of one order. Idempotent (the http adapter retries it). */
  orderLookup(request: OrderLookupRequest): Promise<ActionResult<OrderLookupResult>>;
  /** Cancels an order that has not shipped. Never retried; a repeat with the same idempotencyKey answers as the first. */
  orderCancel(request: OrderCancelRequest): Promise<ActionResult<OrderCancelResult>>;
  /** Opens a return for delivered items (within the shop's window). Never retried; idempotent per idempotencyKey. */
  returnRequest(request: ReturnRequest): Promise<ActionResult<ReturnRequestResult>>;
  /** Idempotent. */
  close(): Promise<void>;
}

export type {
  ActionResult,
  OrderCancelRequest,
  OrderCancelResult,
  OrderLookupRequest,
  OrderLookupResult,
  ReturnRequest,
  ReturnRequestResult,
};
