import { CASE_PRIORITIES } from '../../../shared/cases';
import { HANDOFF_REASON_KEYS, QA_CRITERIA } from '../../../shared/metrics';
import { translate } from '../../../widget/console/i18n/translate';
import { csvFileName, toCsv } from '../../../widget/console/state/csv';
import { HANDOFF_REASONS, PRIORITIES, RUBRIC } from '../../../widget/console/state/insight-keys';
import { describeDrift, figureChange, formatFigure, formatTarget } from '../../../widget/console/state/insight-format';

const t = translate('en');

describe('dashboard CSV', () => {
  test('quotes commas, quotes and line breaks, leaves numbers and empties plain, ends rows with CRLF', () => {
    expect(toCsv([['Agent', 'CSAT'], ['Chen, Mei', 4.5], ['Omar "O" Haddad', null], ['two\nlines', 0]])).toBe(
      'Agent,CSAT\r\n"Chen, Mei",4.5\r\n"Omar ""O"" Haddad",\r\n"two\nlines",0\r\n',
    );
  });

  test('text a spreadsheet would run as a formula is defused; negative numbers stay numbers', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '@me', -3]])).toBe(`"'=HYPERLINK(""x"")",'+1,'@me,-3\r\n`);
  });

  test('file names carry the table and the period, in UTC days', () => {
    expect(csvFileName('agents', Date.UTC(2026, 10, 25, 10), Date.UTC(2026, 11, 2, 9))).toBe('parley-agents-2026-11-25_2026-12-02.csv');
  });
});

describe('dashboard figures', () => {
  test('each unit is written its own way; no value is a dash', () => {
    expect(formatFigure('rate', 0.8734)).toBe('87.3%');
    expect(formatFigure('seconds', 185)).toBe('3m 05s');
    expect(formatFigure('csat', 4.5)).toBe('4.50');
    expect(formatFigure('nps', 31.6)).toBe('32');
    expect(formatFigure('count', 300)).toBe('300');
    expect(formatFigure('rate', null)).toBe('—');
  });

  test('changes: rates in points, counts with their share, better or worse by the figure\'s direction', () => {
    expect(figureChange('rate', 0.9, 0.85, true, t)).toEqual({ text: '+5 pts', isBetter: true });
    expect(figureChange('seconds', 180, 40, false, t)).toEqual({ text: '+2m 20s', isBetter: false });
    expect(formatFigure('seconds', 120)).toBe('2m');
    expect(figureChange('count', 90, 120, true, t)).toEqual({ text: '−30 (−25%)', isBetter: false });
    expect(figureChange('csat', 4.5, 4.5, true, t)).toEqual({ text: '±0.00', isBetter: null });
    expect(figureChange('rate', 0.5, null, true, t)).toBeNull();
  });

  test('targets read with their direction', () => {
    expect(formatTarget({ key: 'chatFirstResponseSeconds', target: 30, direction: 'atMost' })).toBe('≤ 30s');
    expect(formatTarget({ key: 'fcrRate', target: 0.85, direction: 'atLeast' })).toBe('≥ 85%');
  });

  test('a drift alert says what moved, from what to what, since when, against which target', () => {
    const since = new Date(2026, 11, 2, 10, 0).getTime();
    const alert = { key: 'chatFirstResponseSeconds', previous: 40, current: 180, target: 30, direction: 'atMost', since, at: since + 3_600_000, siteId: 'demo' } as const;
    expect(describeDrift(alert, t, 'en')).toBe('First response (p90) up from 40s to 3m since 10:00 AM (target ≤ 30s)');
    expect(describeDrift({ ...alert, key: 'csatAverage', previous: 4.6, current: 4.1, target: 4.5, direction: 'atLeast' }, translate('zh'), 'zh')).toBe(
      'CSAT 满意度 自 10:00 起从 4.60 降至 4.10（目标 ≥ 4.50）',
    );
  });
});

test('the console restates the key lists of the contract exactly, in the same order', () => {
  expect(HANDOFF_REASONS).toEqual([...HANDOFF_REASON_KEYS]);
  expect(PRIORITIES).toEqual([...CASE_PRIORITIES]);
  expect(RUBRIC).toEqual([...QA_CRITERIA]);
});
