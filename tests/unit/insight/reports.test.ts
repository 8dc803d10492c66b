import { DEFAULT_METRICS_TARGETS, checkTargets, type MetricsComputed } from '../../../shared/metrics';
import { lastPeriod, reportCsv } from '../../../server/insight/reports';

const empty = { p50: null, p90: null, max: null, average: null, count: 0 };

/** A report with a few known figures; the rest empty. */
const figures = (over: Partial<MetricsComputed> = {}): MetricsComputed => ({
  from: Date.UTC(2026, 10, 23),
  to: Date.UTC(2026, 10, 30),
  conversations: 10,
  botResolutionRate: 0.5,
  botAnswerRate: 0.95,
  handoffRate: 0.4,
  handoffReasons: { button: 2, request: 1, fallbacks: 1, sentiment: 0, intent: 0, other: 0 },
  resolutionSplit: { bot: 5, agent: 3, unresolved: 2 },
  firstResponseSeconds: { p50: 20, p90: 40, max: 90, average: 25, count: 4 },
  resolutionSeconds: empty,
  queueWaitSeconds: empty,
  stageSeconds: { bot: null, queue: null, agent: null },
  fcrRate: 0.9,
  repeatContactRate: 0.1,
  complaintRate: null,
  complaints: { count: 0, ackOnTimeRate: null },
  csat: { average: 4.6, satisfiedShare: 0.9, responses: 5 },
  nps: { score: 20, promoters: 2, passives: 2, detractors: 1, responses: 5 },
  slaAttainment: {
    overall: null,
    byPriority: { A: { cases: 0, firstResponseRate: null, resolutionRate: null }, B: { cases: 0, firstResponseRate: null, resolutionRate: null }, C: { cases: 0, firstResponseRate: null, resolutionRate: null } },
    chatFirstResponse: 0.75,
  },
  cases: { opened: 0, solved: 0, reopened: 0, closed: 0 },
  widget: { pageViews: 0, opens: 0, opensPerPageView: null },
  agents: [],
  volumeByHour: Array.from({ length: 24 }, () => 0),
  firstResponseHistogram: [],
  trend: [],
  ...over,
});

describe('targets and reports', () => {
  test('each target is checked against its figure and direction; no figure, no verdict', () => {
    const checks = Object.fromEntries(checkTargets(figures(), DEFAULT_METRICS_TARGETS).map((c) => [c.key, c]));
    expect(checks.chatFirstResponseSeconds).toMatchObject({ value: 40, target: 30, direction: 'atMost', isMet: false });
    expect(checks.averageFirstResponseSeconds).toMatchObject({ value: 25, isMet: true });
    expect(checks.fcrRate).toMatchObject({ value: 0.9, isMet: true });
    expect(checks.csatAverage).toMatchObject({ value: 4.6, isMet: true });
    expect(checks.botAnswerRate).toMatchObject({ value: 0.95, isMet: true });
    expect(checks.slaAttainmentRate).toMatchObject({ value: null, isMet: null });
  });

  test('the last complete week runs Monday to Monday (UTC); the last month is the calendar month before', () => {
    const wednesday = Date.UTC(2026, 11, 2, 14, 30);
    expect(lastPeriod('weekly', wednesday)).toEqual({ from: Date.UTC(2026, 10, 23), to: Date.UTC(2026, 10, 30), name: 'weekly-2026-11-23.csv' });
    expect(lastPeriod('weekly', Date.UTC(2026, 10, 30))).toMatchObject({ name: 'weekly-2026-11-23.csv' });
    expect(lastPeriod('monthly', wednesday)).toEqual({ from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 11, 1), name: 'monthly-2026-11.csv' });
    expect(lastPeriod('monthly', Date.UTC(2026, 0, 15))).toMatchObject({ name: 'monthly-2025-12.csv' });
  });

  test('the CSV quotes what needs quoting and lists figures, targets and agents', () => {
    const agent = {
      agentId: 'a1', name: 'Lee, "Sam"', chats: 3, cases: 1, firstResponseSeconds: { ...empty, p50: 12 }, resolutionSeconds: empty,
      fcrRate: 1, onTimeRate: null, csat: { average: 5, satisfiedShare: 1, responses: 1 }, qa: { score: 4.2, reviews: 1 },
    };
    const csv = reportCsv(figures({ agents: [agent] }), DEFAULT_METRICS_TARGETS);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('period,2026-11-23T00:00:00.000Z,2026-11-30T00:00:00.000Z');
    expect(lines).toContain('conversations,10');
    expect(lines).toContain('chatFirstResponseSeconds,40,30,no');
    expect(lines).toContain('slaAttainmentRate,,0.9,');
    expect(lines).toContain('"Lee, ""Sam""",3,1,12,,1,,5,4.2');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
