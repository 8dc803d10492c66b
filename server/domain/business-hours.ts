/**
 * Business hours per department, in the department's own time zone: `Mon-Fri 09:00-18:00 Europe/London`.
 * Outside hours a department counts as closed even if an agent is logged in, and shoppers are offered
 * to leave a message.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export interface Schedule {
  days: Set<number>;
  /** Minutes after midnight; close may be 1440 for "until midnight". */
  open: number;
  close: number;
  timeZone: string;
}

function parseDays(spec: string): Set<number> {
  const days = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to] = part.split('-').map((d) => DAYS.indexOf(d as (typeof DAYS)[number]));
    if (from === undefined || from < 0 || (to !== undefined && to < 0)) throw new Error(`unknown day in "${spec}"`);
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (to === undefined || d === to) break;
    }
  }
  return days;
}

function parseTime(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!(minutes >= 0 && minutes <= 1440)) throw new Error(`bad time "${hhmm}"`);
  return minutes;
}

/** Parses `Mon-Fri 09:00-18:00 Area/City`; throws with the reason. */
export function parseSchedule(text: string): Schedule {
  const [days, hours, timeZone] = text.trim().split(/\s+/);
  const [open, close] = (hours ?? '').split('-');
  if (!days || !open || !close || !timeZone) throw new Error(`"${text}" is not like "Mon-Fri 09:00-18:00 Europe/London"`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(`unknown time zone "${timeZone}"`);
  }
  return { days: parseDays(days), open: parseTime(open), close: parseTime(close), timeZone };
}

/** Is the schedule open at `now`? Computed in the schedule's time zone, so daylight saving is handled. */
export function isOpen(schedule: Schedule, now: number): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: schedule.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(now));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAYS.indexOf(get('weekday') as (typeof DAYS)[number]);
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  return schedule.days.has(day) && minutes >= schedule.open && minutes < schedule.close;
}
