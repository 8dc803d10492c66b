import { analyticsRecord } from '../common/new-records';
import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit';
import type { AnalyticsEvent, AnalyticsStore } from '../store';

/** Analytics facts in SQLite: one row each, aggregated on read. */
export function createAnalyticsStore(db: Database.Database, group: GroupCommit): AnalyticsStore {
  const insert = db.prepare(`INSERT INTO analytics (type, site_id, conversation_id, intent, text, gap_key, value, at)
    VALUES (@type, @siteId, @conversationId, @intent, @text, @gapKey, @value, @at)`);
  const counts = db.prepare<[number, number], { type: string; n: number }>(
    'SELECT type, COUNT(*) AS n FROM analytics WHERE at >= ? AND at < ? GROUP BY type',
  );
  const averages = db.prepare<[number, number], { type: string; avg: number }>(
    'SELECT type, AVG(value) AS avg FROM analytics WHERE at >= ? AND at < ? AND value IS NOT NULL GROUP BY type',
  );
  // analytics_type_at (type, at) finds exactly this type's rows in the window.
  const average = db.prepare<[string, number, number], { avg: number | null }>(
    'SELECT AVG(value) AS avg FROM analytics WHERE type = ? AND at >= ? AND at < ? AND value IS NOT NULL',
  );
  const gaps = db.prepare<[number, number, number], { text: string; count: number; lastAt: number }>(
    `SELECT gap_key AS text, COUNT(*) AS count, MAX(at) AS lastAt FROM analytics
     WHERE type = 'bot.fallback' AND at >= ? AND at < ? AND gap_key IS NOT NULL AND gap_key <> ''
     GROUP BY gap_key ORDER BY count DESC, lastAt DESC, gap_key LIMIT ?`,
  );

  return {
    async record(event: AnalyticsEvent) {
      const record = analyticsRecord(event);
      await group.write(() => insert.run(record));
    },
    async counts(from, to) {
      return Object.fromEntries(counts.all(from, to).map((r) => [r.type, r.n]));
    },
    async averages(from, to) {
      return Object.fromEntries(averages.all(from, to).map((r) => [r.type, r.avg]));
    },
    async average(type, from, to) {
      return average.get(type, from, to)?.avg ?? null;
    },
    async knowledgeGaps(from, to, limit) {
      return gaps.all(from, to, Math.max(0, Math.trunc(limit)));
    },
  };
}
