/**
 * `npm run seed -- --conversations N` through the store port: the history gives every dashboard figure
 * something to show, and the scheduled reports are written from it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedHistory } from '../../scripts/seed/seed-history';
import { createMetricsService } from '../../server/insight/metrics-service';
import { writeDueReports } from '../../server/insight/reports';
import { createTargets } from '../../server/insight/targets';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store';
import type { Store } from '../../server/store/store';

const DAY = 86_400_000;

describe('seeded history', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-seed-'));
  let store: Store;
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('two weeks of chats, handoffs for every reason, cases with breaches, ratings, NPS and reviews; reports written', async () => {
    store = openSqliteStore(path.join(dir, 'parley.db'));
    const team = [
      await store.agents.create({ email: 'lead@seed.test', name: 'Lead', passwordHash: 'x', role: 'supervisor', departments: ['general', 'orders', 'returns', 'billing', 'technical'], maxChats: 3 }),
      await store.agents.create({ email: 'o@seed.test', name: 'Olivia', passwordHash: 'x', role: 'agent', departments: ['orders', 'general'], maxChats: 4 }),
      await store.agents.create({ email: 'w@seed.test', name: 'Wei', passwordHash: 'x', role: 'agent', departments: ['returns', 'billing', 'general'], maxChats: 4 }),
    ];
    const now = Date.UTC(2026, 11, 2, 14, 0);
    const seeded = await seedHistory(store, { conversations: 150, now, agents: team });
    expect(seeded.conversations).toBe(150);
    expect(seeded.cases).toBeGreaterThan(5);
    expect(seeded.reviews).toBeGreaterThan(2);

    const targets = createTargets({ store, now: () => now });
    const metrics = createMetricsService({ store, targets, now: () => now });
    const lead = team[0]!;
    const m = await metrics.report({ from: now - 14 * DAY, to: now, utcOffsetMinutes: 0 }, lead);
    expect(m.conversations).toBe(seeded.conversations);
    expect(m.botResolutionRate).toBeGreaterThan(0.3);
    expect(m.botResolutionRate).toBeLessThan(0.75);
    for (const reason of ['button', 'request', 'fallbacks', 'sentiment', 'intent'] as const) expect(m.handoffReasons[reason]).toBeGreaterThan(0);
    expect(m.firstResponseSeconds.count).toBeGreaterThan(20);
    expect(m.slaAttainment.chatFirstResponse).toBeGreaterThan(0);
    expect(m.slaAttainment.chatFirstResponse).toBeLessThan(1);
    expect(m.csat.responses).toBeGreaterThan(20);
    expect(m.nps.responses).toBeGreaterThan(10);
    expect(m.cases.opened).toBe(seeded.cases);
    expect(m.slaAttainment.overall).toBeLessThan(1);
    expect(m.widget.opensPerPageView).toBeGreaterThan(0.1);
    expect(m.trend.length).toBeGreaterThanOrEqual(13);
    expect(m.agents.map((a) => a.name).sort()).toEqual(['Olivia', 'Wei']);
    expect(m.agents.every((a) => a.qa.reviews > 0 || a.chats < 10)).toBe(true);
    expect(m.volumeByHour[12]).toBeGreaterThan(m.volumeByHour[3]!);

    const files = await writeDueReports({ dir: path.join(dir, 'reports'), schedule: ['weekly', 'monthly'], metrics, targets, now });
    expect(files.map((f) => path.basename(f))).toEqual(['weekly-2026-11-23.csv', 'monthly-2026-11.csv']);
    expect(fs.readFileSync(files[0]!, 'utf8')).toMatch(/^period,2026-11-23T00:00:00.000Z,2026-11-30T00:00:00.000Z\r\n/);
    // Written once: a second run finds them there.
    expect(await writeDueReports({ dir: path.join(dir, 'reports'), schedule: ['weekly', 'monthly'], metrics, targets, now })).toEqual([]);
  });
});
