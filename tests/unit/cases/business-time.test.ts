import { parseSchedule } from '../../../server/domain/business-hours';
import { addBusinessTime, businessTimeBetween } from '../../../server/cases/business-time';

const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;
const M = 60_000;
const london = parseSchedule('Mon-Fri 09:00-18:00 Europe/London');

describe('addBusinessTime', () => {
  it('is plain addition without a schedule (always open)', () => {
    expect(addBusinessTime(at('2026-11-21T03:00:00Z'), 2 * H, null)).toBe(at('2026-11-21T05:00:00Z'));
  });

  it('runs only inside the window: an evening start finishes the next morning', () => {
    expect(addBusinessTime(at('2026-11-23T17:00:00Z'), 2 * H, london)).toBe(at('2026-11-24T10:00:00Z'));
  });

  it('ends exactly at closing time rather than the next morning', () => {
    expect(addBusinessTime(at('2026-11-23T17:00:00Z'), H, london)).toBe(at('2026-11-23T18:00:00Z'));
  });

  it('skips the week-end', () => {
    expect(addBusinessTime(at('2026-11-27T17:30:00Z'), 4 * H, london)).toBe(at('2026-11-30T12:30:00Z'));
  });

  it('starts counting at the next opening when started outside hours', () => {
    expect(addBusinessTime(at('2026-11-28T22:00:00Z'), 30 * M, london)).toBe(at('2026-11-30T09:30:00Z'));
    expect(addBusinessTime(at('2026-11-24T06:00:00Z'), 5 * M, london)).toBe(at('2026-11-24T09:05:00Z'));
  });

  it('returns the start itself for zero, even outside hours', () => {
    expect(addBusinessTime(at('2026-11-28T22:00:00Z'), 0, london)).toBe(at('2026-11-28T22:00:00Z'));
  });

  it('counts in the schedule’s own time zone', () => {
    const shanghai = parseSchedule('Mon-Fri 09:00-18:00 Asia/Shanghai');
    // Monday 17:00 in Shanghai: one hour that day, one the next morning (09:00 local = 01:00Z).
    expect(addBusinessTime(at('2026-11-23T09:00:00Z'), 2 * H, shanghai)).toBe(at('2026-11-24T02:00:00Z'));
    const newYork = parseSchedule('Mon-Fri 09:00-17:00 America/New_York');
    // Friday 16:00 EST: one hour, then Monday from 09:00 EST (14:00Z).
    expect(addBusinessTime(at('2026-11-27T21:00:00Z'), 4 * H, newYork)).toBe(at('2026-11-30T17:00:00Z'));
  });

  it('follows daylight saving across the change week-end', () => {
    // Friday 17:00 GMT; Monday opens at 09:00 BST = 08:00Z.
    expect(addBusinessTime(at('2026-03-27T17:00:00Z'), 2 * H, london)).toBe(at('2026-03-30T09:00:00Z'));
    // Friday 17:00 BST (16:00Z); Monday opens at 09:00 GMT = 09:00Z.
    expect(addBusinessTime(at('2026-10-23T16:00:00Z'), 2 * H, london)).toBe(at('2026-10-26T10:00:00Z'));
    const newYork = parseSchedule('Mon-Sun 09:00-17:00 America/New_York');
    // US spring forward on Sunday 8 March 2026: Saturday closes 22:00Z (EST), Sunday opens 13:00Z (EDT).
    expect(addBusinessTime(at('2026-03-07T21:00:00Z'), 2 * H, newYork)).toBe(at('2026-03-08T14:00:00Z'));
  });

  it('refuses a schedule that is never open', () => {
    expect(() => addBusinessTime(0, H, parseSchedule('Mon 10:00-10:00 UTC'))).toThrow(RangeError);
  });
});

describe('businessTimeBetween', () => {
  it('is zero for an empty or reversed span and plain subtraction without a schedule', () => {
    expect(businessTimeBetween(10, 10, london)).toBe(0);
    expect(businessTimeBetween(20, 10, london)).toBe(0);
    expect(businessTimeBetween(10, 20, null)).toBe(10);
  });

  it('counts an overnight wait as nothing and a week-end as nothing', () => {
    expect(businessTimeBetween(at('2026-11-23T18:00:00Z'), at('2026-11-24T09:00:00Z'), london)).toBe(0);
    expect(businessTimeBetween(at('2026-11-27T17:00:00Z'), at('2026-11-30T10:00:00Z'), london)).toBe(2 * H);
    expect(businessTimeBetween(at('2026-11-23T00:00:00Z'), at('2026-11-30T00:00:00Z'), london)).toBe(45 * H);
  });

  it('gives a 23-hour and a 25-hour day on the daylight-saving Sundays', () => {
    const sundays = parseSchedule('Sun 00:00-24:00 Europe/London');
    expect(businessTimeBetween(at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z'), sundays)).toBe(23 * H);
    expect(businessTimeBetween(at('2026-10-24T12:00:00Z'), at('2026-10-26T12:00:00Z'), sundays)).toBe(25 * H);
  });

  it('handles a window whose edges fall in the skipped or repeated hour', () => {
    const night = parseSchedule('Sun 01:00-03:00 Europe/London');
    // 01:00 does not exist on 29 March (clocks jump from 01:00 GMT to 02:00 BST): one real hour is open.
    expect(businessTimeBetween(at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z'), night)).toBe(H);
    // 01:00-02:00 happens twice on 25 October: three real hours are open.
    expect(businessTimeBetween(at('2026-10-24T12:00:00Z'), at('2026-10-26T12:00:00Z'), night)).toBe(3 * H);
  });

  it('undoes addBusinessTime', () => {
    const schedules = [london, parseSchedule('Mon-Fri 09:00-17:00 America/New_York'), parseSchedule('Mon-Sun 08:00-22:00 Asia/Shanghai')];
    const starts = ['2026-03-06T15:00:00Z', '2026-03-27T23:10:00Z', '2026-10-23T17:59:00Z', '2026-11-01T04:00:00Z'].map(at);
    for (const s of schedules) {
      for (const start of starts) {
        for (const ms of [M, 30 * M, 4 * H, 24 * H]) {
          const end = addBusinessTime(start, ms, s);
          expect(businessTimeBetween(start, end, s)).toBe(ms);
        }
      }
    }
  });
});
