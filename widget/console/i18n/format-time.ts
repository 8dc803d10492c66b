import type { Locale } from '../../../shared/model';

/** BCP 47 tag for dates: the console's chosen language, not the browser's, so one screen never mixes two. */
function tag(locale: Locale): string {
  return locale === 'zh' ? 'zh-CN' : 'en';
}

/** Hour and minute, for transcript lines. */
export function formatClock(ms: number, locale: Locale): string {
  return new Date(ms).toLocaleTimeString(tag(locale), { hour: '2-digit', minute: '2-digit' });
}

/** Hour, minute and second, for event logs such as SLA breaches. */
export function formatTimeOfDay(ms: number, locale: Locale): string {
  return new Date(ms).toLocaleTimeString(tag(locale), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A calendar day, e.g. "Nov 23, 2026". */
export function formatDay(ms: number, locale: Locale): string {
  return new Date(ms).toLocaleDateString(tag(locale), { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Day and time, for tickets. */
export function formatDateTime(ms: number, locale: Locale): string {
  return new Date(ms).toLocaleString(tag(locale), { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
