import { isOpen, parseSchedule } from '../../../server/domain/business-hours';
import { loadConfig } from '../../../server/config';

const at = (iso: string) => Date.parse(iso);

test('open on weekdays in its own time zone, across daylight saving', () => {
  const london = parseSchedule('Mon-Fri 09:00-18:00 Europe/London');
  expect(isOpen(london, at('2026-11-23T09:30:00Z'))).toBe(true); // Monday, GMT
  expect(isOpen(london, at('2026-11-23T18:00:00Z'))).toBe(false);
  expect(isOpen(london, at('2026-11-21T12:00:00Z'))).toBe(false); // Saturday
  expect(isOpen(london, at('2026-07-06T08:30:00Z'))).toBe(true); // Monday 09:30 BST
  const shanghai = parseSchedule('Mon-Sun 08:00-22:00 Asia/Shanghai');
  expect(isOpen(shanghai, at('2026-11-23T23:30:00Z'))).toBe(false); // 07:30 in Shanghai
  expect(isOpen(shanghai, at('2026-11-24T00:30:00Z'))).toBe(true); // 08:30 in Shanghai
});

test('day lists and wrap-around ranges', () => {
  const s = parseSchedule('Fri-Mon,Wed 00:00-24:00 UTC');
  expect([...s.days].sort()).toEqual([0, 1, 3, 5, 6]);
});

test.each(['Mon-Fri 09:00 UTC', 'Mon-Fry 09:00-18:00 UTC', 'Mon-Fri 9-18 UTC', 'Mon-Fri 09:00-18:00 Mars/Olympus'])('rejects %s', (text) => {
  expect(() => parseSchedule(text)).toThrow();
});

test('BUSINESS_HOURS in config names the department on error', () => {
  const c = loadConfig({ BUSINESS_HOURS: 'orders=Mon-Fri 09:00-17:00 America/New_York;*=Mon-Sun 00:00-24:00 UTC' });
  expect(c.departments.find((d) => d.name === 'orders')?.hours?.timeZone).toBe('America/New_York');
  expect(c.departments.find((d) => d.name === 'general')?.hours?.timeZone).toBe('UTC');
  expect(() => loadConfig({ BUSINESS_HOURS: 'nowhere=Mon-Fri 09:00-17:00 UTC' })).toThrow(/^BUSINESS_HOURS: unknown department/);
  expect(() => loadConfig({ BUSINESS_HOURS: 'orders=Mon-Fri 09:00-17:00 Mars/Base' })).toThrow(/^BUSINESS_HOURS: orders:/);
});
