/**
 * Time arithmetic in business hours: SLA clocks run only while the department is open, so an overnight or
 * week-end wait outside support hours is not a breach. Schedules come from the handoff's business-hours
 * parser (one weekly window per department, in the department's own time zone).
 *
 * Each local day's window is turned into a span of real time; a wall-clock time that does not exist (spring
 * forward) maps to the moment after the gap, one that occurs twice (fall back) to its first occurrence, as
 * Temporal's 'compatible' disambiguation does. A null schedule means always open.
 */
import type { Schedule } from '../domain/business-hours';

const DAY_MS = 86_400_000;
/** No sensible schedule needs more than a few years to find its next open minute; this stops a bad one looping. */
const MAX_DAYS = 366 * 5;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of `t` in `timeZone`, expressed as if it were UTC. */
function wallAsUtc(t: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(t));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The zone's offset from UTC at instant `t`, in ms (positive east of Greenwich). */
function offsetAt(t: number, timeZone: string): number {
  const whole = Math.floor(t / 1000) * 1000;
  return wallAsUtc(whole, timeZone) - whole;
}

/** The instant at which the zone's clock shows `wall` (a wall time written as UTC ms), disambiguated as above. */
function wallToInstant(wall: number, timeZone: string): number {
  // The offsets just before and after the wall time bracket any transition near it.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const first = wall - before;
  if (offsetAt(first, timeZone) === before) return first;
  const second = wall - after;
  if (offsetAt(second, timeZone) === after) return second;
  // In a gap: neither offset reads back. Move forward by the gap (the time as if the change had not happened).
  return wall - before;
}

/** The open span of the local day `day` (days since the epoch of the zone's calendar), or null when closed. */
function windowOf(schedule: Schedule, day: number): { from: number; to: number } | null {
  const midnight = day * DAY_MS;
  if (!schedule.days.has(new Date(midnight).getUTCDay())) return null;
  const from = wallToInstant(midnight + schedule.open * 60_000, schedule.timeZone);
  const to = wallToInstant(midnight + schedule.close * 60_000, schedule.timeZone);
  return to > from ? { from, to } : null;
}

function assertEverOpen(schedule: Schedule): void {
  if (schedule.days.size === 0 || schedule.close <= schedule.open) {
    throw new RangeError('the business-hours schedule is never open');
  }
}

/** The zone's local day number (days since 1970-01-01 on its calendar) at instant `t`. */
function localDay(t: number, timeZone: string): number {
  return Math.floor(wallAsUtc(t, timeZone) / DAY_MS);
}

/**
 * The instant `ms` of business time after `start`: the deadline of a target counted in open hours.
 * With `ms` 0 it is `start` itself; otherwise the clock runs only inside the schedule's windows.
 * @throws RangeError when the schedule has no open time at all.
 */
export function addBusinessTime(start: number, ms: number, hours: Schedule | null): number {
  if (hours === null) return start + ms;
  if (ms <= 0) return start;
  assertEverOpen(hours);
  let remaining = ms;
  let t = start;
  const firstDay = localDay(start, hours.timeZone);
  for (let day = firstDay; day < firstDay + MAX_DAYS; day++) {
    const w = windowOf(hours, day);
    if (!w || w.to <= t) continue;
    const from = Math.max(t, w.from);
    const available = w.to - from;
    if (remaining <= available) return from + remaining;
    remaining -= available;
    t = w.to;
  }
  throw new RangeError('the business-hours schedule has no open time within five years');
}

/** Business time elapsed between `from` and `to` (0 when `to` is not after `from`). */
export function businessTimeBetween(from: number, to: number, hours: Schedule | null): number {
  if (to <= from) return 0;
  if (hours === null) return to - from;
  assertEverOpen(hours);
  let total = 0;
  const lastDay = localDay(to, hours.timeZone);
  for (let day = localDay(from, hours.timeZone); day <= lastDay; day++) {
    const w = windowOf(hours, day);
    if (!w) continue;
    total += Math.max(0, Math.min(to, w.to) - Math.max(from, w.from));
  }
  return total;
}
