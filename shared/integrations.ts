/**
 * The retailer-actions contract: what Parley asks a shop's systems (look up, cancel, return an order) and
 * what it accepts back. These zod schemas validate both ends of the `http` webhook and the port's inputs,
 * and the port's types are inferred from them, so the documented JSON cannot drift from validation.
 * Plain data only (no Node or DOM imports). Dates are ISO 8601 strings on the wire, because a retailer's
 * backend in any language writes those without thinking about epoch units.
 */
import { z } from 'zod';
import { LOCALES } from './model';

/** The actions a retailer implements. */
export const ACTION_NAMES = ['order.lookup', 'order.cancel', 'return.request'] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/**
 * Why an action produced no answer. Edges turn these into a polite message and an offer of a person.
 * - ACTION_INVALID_REQUEST: the request failed its schema (a slot the bot should have validated).
 * - ACTION_TIMEOUT: the retailer did not answer in time (after retries, for idempotent actions).
 * - ACTION_FAILED: the call failed (network error, non-2xx status, refused signature).
 * - ACTION_INVALID_RESPONSE: the answer was not JSON or failed its schema.
 */
export type ActionErrorCode = 'ACTION_INVALID_REQUEST' | 'ACTION_TIMEOUT' | 'ACTION_FAILED' | 'ACTION_INVALID_RESPONSE';

/** Every action's outcome: errors are values, never throws. "Not found" is an answer, not an error. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: ActionErrorCode; message: string } };

/** Wire limits, shared by the adapter and anyone implementing the webhook. */
export const ACTION_LIMITS = {
  /** Larger answers are refused as ACTION_INVALID_RESPONSE. */
  answerBytes: 64 * 1024,
  /** Signatures older (or further in the future) than this are refused by the retailer. */
  replayWindowSeconds: 300,
} as const;

/** "#48213 " → "48213"; "ps-1002" → "PS-1002". Shoppers type the number as printed, with or without '#'. */
export function normalizeOrderNumber(raw: string): string {
  return raw.trim().replace(/^#\s*/, '').toUpperCase();
}

/** An order number as the shopper may type it: optional '#', letters, digits and dashes. */
export const orderNumberSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^#?\s*[A-Za-z0-9][A-Za-z0-9-]{2,31}$/, 'not an order number');

/**
 * Who is asking. `customer`: the id from a verified (HMAC) `Parley.identify`, so the shop may show that
 * customer's orders. `email`: the order's e-mail as typed by the shopper; it must match the order.
 */
export const actionIdentitySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('customer'), customerId: z.string().trim().min(1).max(128) }),
  z.object({ type: z.literal('email'), email: z.email().max(254) }),
]);
export type ActionIdentity = z.infer<typeof actionIdentitySchema>;

const base = {
  orderNumber: orderNumberSchema,
  identity: actionIdentitySchema,
  /** The shopper's language, for any text in the answer (return steps). */
  locale: z.enum(LOCALES).default('en'),
};
/** Repeating a call with the same key must not repeat its effect (the retailer answers as the first time). */
const idempotencyKey = z.string().min(8).max(128).regex(/^[A-Za-z0-9_-]+$/);

export const orderLookupRequestSchema = z.object({ ...base });
export const orderCancelRequestSchema = z.object({
  ...base,
  reason: z.string().trim().max(500).optional(),
  idempotencyKey: idempotencyKey.optional(),
});

export const RETURN_REASONS = ['wrong_size', 'not_as_described', 'damaged', 'defective', 'changed_mind', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** The file types a shopper may attach (server/attachments/sniff-type.ts): photos and PDFs. */
export const RETURN_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
/** How long a photo's signed link works: the shop fetches it when the request arrives. */
export const RETURN_PHOTO_LINK_SECONDS = 3600;
export const returnPhotoSchema = z.object({
  name: z.string().min(1).max(255),
  contentType: z.enum(RETURN_PHOTO_TYPES),
  url: z.url().max(2048),
});
export type ReturnPhoto = z.infer<typeof returnPhotoSchema>;

export const returnRequestSchema = z.object({
  ...base,
  items: z
    .array(z.object({ sku: z.string().trim().min(1).max(64), quantity: z.number().int().min(1).max(99) }))
    .min(1)
    .max(50),
  reason: z.enum(RETURN_REASONS),
  comment: z.string().trim().max(1000).optional(),
  /**
   * Photos the shopper attached (damage, wrong item): the file name, its type and a short-lived signed link the
   * shop's server fetches without a Parley login (RETURN_PHOTO_LINK_SECONDS).
   */
  photos: z.array(returnPhotoSchema).max(5).optional(),
  idempotencyKey: idempotencyKey.optional(),
});

/** Port inputs: `locale` may be omitted (English). */
export type OrderLookupRequest = z.input<typeof orderLookupRequestSchema>;
export type OrderCancelRequest = z.input<typeof orderCancelRequestSchema>;
export type ReturnRequest = z.input<typeof returnRequestSchema>;

/** The JSON body Parley POSTs to the retailer: the action's request plus its name. */
export const actionRequestSchema = z.discriminatedUnion('action', [
  orderLookupRequestSchema.extend({ action: z.literal('order.lookup') }),
  orderCancelRequestSchema.extend({ action: z.literal('order.cancel'), idempotencyKey }),
  returnRequestSchema.extend({ action: z.literal('return.request'), idempotencyKey }),
]);
export type ActionRequest = z.infer<typeof actionRequestSchema>;

// ---- answers ----

export const ORDER_STATUSES = ['processing', 'shipped', 'delivered', 'cancelled', 'returned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const isoDateTime = z.iso.datetime({ offset: true });
const money = z.number().int().min(0);

export const orderItemSchema = z.object({
  sku: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  /** Size, colour: what the shopper sees on the packing slip. */
  variant: z.string().max(120).nullable().default(null),
  quantity: z.number().int().min(1),
  /** Minor units (cents) of the order's currency. */
  unitPrice: money,
  imageUrl: z.url().nullable().default(null),
});
export type OrderItem = z.infer<typeof orderItemSchema>;

/** What the shopper may see about an order: no address, no payment details. */
export const orderSchema = z.object({
  orderNumber: z.string().min(1).max(40),
  status: z.enum(ORDER_STATUSES),
  /** True once the parcel left the warehouse (stays true after delivery or return). */
  isShipped: z.boolean(),
  placedAt: isoDateTime,
  /** ISO 4217, e.g. USD. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Minor units (cents). */
  total: money,
  items: z.array(orderItemSchema).min(1).max(100),
  carrier: z.string().max(64).nullable().default(null),
  trackingNumber: z.string().max(64).nullable().default(null),
  trackingUrl: z.url().nullable().default(null),
  /** A calendar date (YYYY-MM-DD) in the shop's time zone. */
  expectedDelivery: z.iso.date().nullable().default(null),
  deliveredAt: isoDateTime.nullable().default(null),
});
export type Order = z.infer<typeof orderSchema>;

/**
 * A wrong order/e-mail pair answers exactly like an order that does not exist: `{ found: false }` (and any
 * extra field a retailer adds to it is dropped here), so a shopper cannot probe which numbers exist.
 */
const notFound = z.object({ found: z.literal(false) }).transform(() => ({ found: false as const }));

export const orderLookupResultSchema = z.union([z.object({ found: z.literal(true), order: orderSchema }), notFound]);
export type OrderLookupResult = z.infer<typeof orderLookupResultSchema>;

export const CANCEL_REFUSALS = ['already_shipped', 'already_cancelled', 'not_cancellable'] as const;
export const orderCancelResultSchema = z.union([
  z.object({ found: z.literal(true), outcome: z.literal('cancelled'), order: orderSchema }),
  z.object({ found: z.literal(true), outcome: z.literal('refused'), reason: z.enum(CANCEL_REFUSALS), order: orderSchema }),
  notFound,
]);
export type OrderCancelResult = z.infer<typeof orderCancelResultSchema>;

export const RETURN_REFUSALS = ['not_delivered', 'window_closed', 'already_returned', 'item_not_in_order', 'not_returnable'] as const;
export const returnRequestResultSchema = z.union([
  z.object({
    found: z.literal(true),
    outcome: z.literal('created'),
    returnId: z.string().min(1).max(64),
    /** The prepaid label to print (or a QR page for drop-off). */
    labelUrl: z.url(),
    /** What the shopper does next, in the request's locale, one step per entry. */
    steps: z.array(z.string().min(1).max(500)).min(1).max(10),
    items: z.array(z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().min(1) })).min(1),
  }),
  z.object({ found: z.literal(true), outcome: z.literal('refused'), reason: z.enum(RETURN_REFUSALS) }),
  notFound,
]);
export type ReturnRequestResult = z.infer<typeof returnRequestResultSchema>;

/** The answer schema of each action, for whoever parses a retailer's answer. */
export const ACTION_ANSWER_SCHEMAS = {
  'order.lookup': orderLookupResultSchema,
  'order.cancel': orderCancelResultSchema,
  'return.request': returnRequestResultSchema,
} as const;
