import type { MessageKey } from './i18n/translate';

/**
 * The catalogue key and number that word a reply target in whole, rounded-up units ("usually within 2
 * hours"): minutes under an hour, hours up to two days, then days. A promise is never made shorter than
 * the target.
 */
export function replyTime(minutes: number): { key: MessageKey; n: number } {
  const m = Math.max(1, Math.ceil(minutes));
  if (m < 60) return { key: 'reply.minutes', n: m };
  const hours = Math.ceil(m / 60);
  if (hours === 1) return { key: 'reply.hour', n: 1 };
  if (hours <= 48) return { key: 'reply.hours', n: hours };
  return { key: 'reply.days', n: Math.ceil(hours / 24) };
}
