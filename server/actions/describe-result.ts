/**
 * An action's result as the shopper sees it: a typed card for the bot meta and the same content as markdown
 * for the message text (which the widget and console already render safely, so a card costs them no code).
 */
import type { ShopperCaseView } from '../../shared/cases';
import type { Order, OrderCancelResult, ReturnRequestResult } from '../../shared/integrations';
import type { ActionCard, Locale } from '../../shared/model';
import { say } from './action-texts';

export interface Described {
  text: string;
  card: ActionCard | null;
  outcome: string;
}

/** "2026-12-04" → "Fri, Dec 4" / "12月4日 周五"; dates are calendar days, so read in UTC. */
function day(iso: string, locale: Locale): string {
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-US', { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(date);
}

const itemList = (order: Order) => order.items.map((i) => (i.quantity > 1 ? `${i.name} ×${i.quantity}` : i.name)).join(', ');

/** The order card: status, carrier, expected delivery, items, tracking link. */
export function describeOrder(order: Order, locale: Locale): Described {
  const lines = [say(locale, 'card.order', { order: order.orderNumber, status: say(locale, `status.${order.status}`) })];
  if (order.carrier) lines.push(`- ${say(locale, 'card.carrier', { carrier: order.carrier })}`);
  if (order.deliveredAt) lines.push(`- ${say(locale, 'card.delivered', { date: day(order.deliveredAt, locale) })}`);
  else if (order.expectedDelivery) lines.push(`- ${say(locale, 'card.expected', { date: day(order.expectedDelivery, locale) })}`);
  lines.push(`- ${say(locale, 'card.items', { items: itemList(order) })}`);
  if (order.trackingUrl) lines.push(`[${say(locale, 'card.track')}](${order.trackingUrl})`);
  return {
    text: lines.join('\n'),
    card: {
      kind: 'order',
      orderNumber: order.orderNumber,
      status: order.status,
      carrier: order.carrier,
      trackingUrl: order.trackingUrl,
      expectedDelivery: order.expectedDelivery,
      deliveredAt: order.deliveredAt,
      items: order.items.map((i) => ({ name: i.name, quantity: i.quantity })),
    },
    outcome: 'found',
  };
}

/** The outcome of a cancel: done, or why not. */
export function describeCancel(result: Extract<OrderCancelResult, { found: true }>, locale: Locale): Described {
  const order = result.order.orderNumber;
  const key = result.outcome === 'cancelled' ? 'cancel.cancelled' : (`cancel.${result.reason}` as const);
  return {
    text: say(locale, key, { order }),
    card: { kind: 'cancel', orderNumber: order, outcome: result.outcome },
    outcome: result.outcome === 'cancelled' ? 'cancelled' : `refused:${result.reason}`,
  };
}

/** The outcome of a return: its label and steps (and that the shopper's photos went with it), or why not. */
export function describeReturn(result: Extract<ReturnRequestResult, { found: true }>, orderNumber: string, locale: Locale, photoCount = 0): Described {
  if (result.outcome === 'refused') {
    return { text: say(locale, `return.${result.reason}`, { order: orderNumber }), card: null, outcome: `refused:${result.reason}` };
  }
  const text = [
    say(locale, 'return.created', { returnId: result.returnId, order: orderNumber }),
    // Right under the title: the shopper sees at once that the photo went with the return.
    ...(photoCount === 0 ? [] : [photoCount === 1 ? say(locale, 'return.photo') : say(locale, 'return.photos', { n: String(photoCount) })]),
    ...result.steps.map((step, i) => `${i + 1}. ${step}`),
    `[${say(locale, 'return.label')}](${result.labelUrl})`,
  ].join('\n');
  return {
    text,
    card: { kind: 'return', orderNumber, returnId: result.returnId, labelUrl: result.labelUrl, steps: result.steps, ...(photoCount > 0 ? { photoCount } : {}) },
    outcome: 'created',
  };
}

/** "240" → "4 hours" / "4 小时"; under an hour in minutes. */
function duration(minutes: number, locale: Locale): string {
  if (minutes < 60) return say(locale, 'duration.minutes', { n: String(minutes) });
  const hours = Math.round(minutes / 60);
  return hours === 1 ? say(locale, 'duration.hour') : say(locale, 'duration.hours', { n: String(hours) });
}

/** The shopper's open requests (case.status): number, subject, status and, while unanswered, the usual reply time. */
export function describeCases(cases: readonly ShopperCaseView[], locale: Locale): Described {
  if (cases.length === 0) return { text: say(locale, 'cases.none'), card: null, outcome: 'none' };
  const lines = cases.map((c) => {
    const line = say(locale, 'cases.line', { number: String(c.number), subject: c.subject, status: say(locale, `caseStatus.${c.status}`) });
    return c.expectedReplyBy === null ? `- ${line}` : `- ${line} (${say(locale, 'cases.usually', { target: duration(c.replyTargetMinutes, locale) })})`;
  });
  return {
    text: [say(locale, 'cases.intro'), ...lines].join('\n'),
    card: {
      kind: 'cases',
      cases: cases.map((c) => ({
        number: c.number,
        status: c.status,
        subject: c.subject,
        replyTargetMinutes: c.replyTargetMinutes,
        isAwaitingReply: c.expectedReplyBy !== null,
      })),
    },
    outcome: `listed:${cases.length}`,
  };
}
