import { analyticsRecord } from '../common/new-records';
import type Database from 'better-sqlite3';
import type { GroupCommit } from './group-commit';
import { MISS_TYPES, type AnalyticsEvent, type AnalyticsStore, type MissFact } from '../store';

/** Analytics facts in SQLite: one row each, aggregated on read. */
export function createAnalyticsStore(db: Database.Database, group: GroupCommit): AnalyticsStore {
  const insert = db.prepare(`INSERT INTO analytics (type, site_id, conversation_id, intent, text, value, at)
    VALUES (@type, @siteId, @conversationId, @intent, @text, @value, @at)`);
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
  const missList = MISS_TYPES.map((t) => `'${t}'`).join(', ');
  // analytics_type_at serves the IN list; the conversation's visitor comes by its primary key.
  const misses = db.prepare<[number, number, number], MissFact>(
    `SELECT a.type, a.text, a.intent, a.conversation_id AS conversationId, c.visitor_id AS visitorId, a.at
     FROM analytics a LEFT JOIN conversations c ON c.id = a.conversation_id
     WHERE a.type IN (${missList}) AND a.at >= ? AND a.at < ? AND a.text IS NOT NULL AND a.text <> ''
     ORDER BY a.at DESC, a.id DESC LIMIT ?`,
  );
  const outcomes = db.prepare<[number, number], { intent: string; answered: number; missed: number; helpful: number; unhelpful: number }>(
    `SELECT intent,
       SUM(type = 'bot.answered') AS answered,
       COUNT(DISTINCT CASE WHEN type IN ('handoff.after_answer', 'bot.unhelpful') THEN conversation_id END) AS missed,
       SUM(type = 'bot.helpful') AS helpful,
       SUM(type = 'bot.unhelpful') AS unhelpful
     FROM analytics
     WHERE type IN ('bot.answered', 'handoff.after_answer', 'bot.helpful', 'bot.unhelpful') AND at >= ? AND at < ? AND intent IS NOT NULL
     GROUP BY intent ORDER BY intent`,
  );

  return {
    async record(event: AnalyticsEvent) {
      const record = analyticsRecord(event);
      await group.writeStatement(() => insert.run(record));
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
    async misses(from, to, limit) {
      return misses.all(from, to, Math.max(0, Math.trunc(limit)));
    },
    async intentOutcomes(from, to) {
      return outcomes.all(from, to);
    },
  };
}
