/**
 * The action dialogue as a pure state machine: start from what the shopper already wrote, absorb each answer,
 * and say what comes next (ask one slot, check the order, confirm, call). The service
 * (conversations/action-dialogue.ts) does the talking and the calls; nothing here does I/O.
 */
import type { ActionKind, ActionSlot, ActionState } from '../../shared/model';
import { readEmail, readItems, readNoPhoto, readOrderNumber, readReason, readYesNo } from './read-slots';

/** The slots each action asks for when its intent names none. */
export const DEFAULT_SLOTS: Record<ActionKind, ActionSlot[]> = {
  'order.lookup': ['orderNumber', 'email'],
  'order.cancel': ['orderNumber', 'email'],
  'return.request': ['orderNumber', 'email', 'items', 'reason', 'photo'],
  // None: the shopper's own requests are found by their visitor and proven customer id. Asking an e-mail
  // would let anyone who types someone's address read that person's requests.
  'case.status': [],
};

/** A bare answer to "what is your order number?": letters, digits and dashes with at least one digit. */
const ORDER_ANSWER = /^#?\s*([A-Za-z0-9][A-Za-z0-9-]{2,31})$/;

export type NextStep =
  | { kind: 'ask'; slot: ActionSlot | 'confirm' }
  /** Look the order up: the answer for order.lookup, the identity check before cancel and return. */
  | { kind: 'lookup' }
  | { kind: 'call' };

export interface DialogueContext {
  /** The shopper's identity is verified (HMAC identify): no e-mail needed. */
  isVerified: boolean;
}

/** A fresh dialogue with the slots filled from the shopper's messages so far (oldest first; later wins). */
export function startDialogue(
  action: { name: ActionKind; intent: string; slots?: ActionSlot[] },
  shopperTexts: readonly string[],
  ctx: DialogueContext,
): ActionState {
  const needs = (action.slots ?? DEFAULT_SLOTS[action.name]).filter((s) => !(s === 'email' && ctx.isVerified));
  const state: ActionState = {
    name: action.name,
    intent: action.intent,
    needs,
    slots: {},
    awaiting: null,
    phase: 'asking',
    isOrderChecked: false,
    isConfirmed: false,
    choices: [],
    outcome: null,
  };
  for (const text of shopperTexts) {
    const order = needs.includes('orderNumber') ? readOrderNumber(text) : null;
    const email = needs.includes('email') ? readEmail(text) : null;
    if (order) state.slots.orderNumber = order;
    if (email) state.slots.email = email;
  }
  return state;
}

/** The `photo` slot's value when the shopper went on without one. */
export const NO_PHOTO = 'none';

/** The blob ids the `photo` slot holds (none for NO_PHOTO). */
export function photoIds(state: ActionState): string[] {
  const value = state.slots.photo ?? '';
  return value === NO_PHOTO ? [] : value.split(',').filter(Boolean);
}

/**
 * The shopper's answer to the question the state awaits. `invalid` names the slot whose answer did not
 * parse (ask again with the format hint). Order numbers and e-mails written alongside are taken too, and so
 * are files sent with any answer (`photos`: their blob ids), when the action takes a photo.
 */
export function absorbAnswer(
  state: ActionState,
  text: string,
  photos: readonly string[] = [],
): { state: ActionState; invalid: ActionSlot | 'confirm' | null } {
  const next: ActionState = { ...state, slots: { ...state.slots } };
  const awaiting = state.awaiting;
  const setOrder = (value: string) => {
    if (value !== next.slots.orderNumber) Object.assign(next, { isOrderChecked: false, isConfirmed: false, choices: [] });
    next.slots.orderNumber = value;
  };
  if (awaiting === 'confirm') {
    const yes = readYesNo(text);
    if (yes === null) return { state: next, invalid: 'confirm' };
    if (yes) next.isConfirmed = true;
    else Object.assign(next, { phase: 'stopped', outcome: 'kept' });
    return { state: next, invalid: null };
  }
  const order = readOrderNumber(text) ?? (awaiting === 'orderNumber' ? (ORDER_ANSWER.exec(text.trim())?.[1] ?? null) : null);
  const hasDigit = order !== null && /\d/.test(order);
  if (order && hasDigit && next.needs.includes('orderNumber')) setOrder(order.toUpperCase());
  const email = next.needs.includes('email') ? readEmail(text) : null;
  if (email) {
    if (email !== next.slots.email) Object.assign(next, { isOrderChecked: false, isConfirmed: false });
    next.slots.email = email;
  }
  if (awaiting === 'orderNumber' && !(order && hasDigit)) return { state: next, invalid: 'orderNumber' };
  if (awaiting === 'email' && !email) return { state: next, invalid: 'email' };
  if (photos.length > 0 && next.needs.includes('photo')) next.slots.photo = photos.join(',');
  // A photo sent instead of the awaited answer is kept; the question is asked again without the hint.
  const isPhotoOnly = photos.length > 0 && text.trim() === '';
  if (awaiting === 'items') {
    const skus = readItems(text, state.choices);
    if (!skus) return { state: next, invalid: isPhotoOnly ? null : 'items' };
    next.slots.items = skus.join(',');
  }
  if (awaiting === 'reason') {
    const reason = readReason(text);
    if (!reason) return { state: next, invalid: isPhotoOnly ? null : 'reason' };
    next.slots.reason = reason;
  }
  if (awaiting === 'photo' && !next.slots.photo) {
    if (!readNoPhoto(text)) return { state: next, invalid: 'photo' };
    next.slots.photo = NO_PHOTO;
  }
  return { state: next, invalid: null };
}

/** What the dialogue needs next. Cancel and return check the order (and the identity) before asking more. */
export function nextStep(state: ActionState): NextStep {
  const missing = (slot: ActionSlot) => state.needs.includes(slot) && !state.slots[slot];
  for (const slot of ['orderNumber', 'email'] as const) if (missing(slot)) return { kind: 'ask', slot };
  if (state.name === 'order.lookup') return { kind: 'lookup' };
  if (state.name === 'case.status') return { kind: 'call' };
  if (!state.isOrderChecked) return { kind: 'lookup' };
  if (state.name === 'order.cancel') return state.isConfirmed ? { kind: 'call' } : { kind: 'ask', slot: 'confirm' };
  for (const slot of ['items', 'reason', 'photo'] as const) if (missing(slot)) return { kind: 'ask', slot };
  return { kind: 'call' };
}

/** The state after the order was found: cancel and return go on; a single item needs no choosing. */
export function orderChecked(state: ActionState, items: readonly { sku: string; name: string }[]): ActionState {
  const next: ActionState = { ...state, slots: { ...state.slots }, isOrderChecked: true, choices: items.map((i) => ({ sku: i.sku, name: i.name })) };
  if (items.length === 1 && next.needs.includes('items')) next.slots.items = items[0]!.sku;
  return next;
}

/** The state after a wrong order/e-mail pair: both are asked again (a verified shopper keeps no e-mail). */
export function orderNotFound(state: ActionState): ActionState {
  const slots = { ...state.slots };
  delete slots.orderNumber;
  delete slots.email;
  return { ...state, slots, isOrderChecked: false, isConfirmed: false, choices: [] };
}
