import { analyticsRecord } from '../common/new-records';
import type { AccumulatorOperator } from 'mongoose';
import type { AnalyticsStore } from '../store';
import type { Models } from './models';

/** Analytics facts in MongoDB: one document each, aggregated on read. */
export function createAnalyticsStore(models: () => Promise<Models>): AnalyticsStore {
  const perType = async (from: number, to: number, accumulator: AccumulatorOperator, extra: object = {}) => {
    const { analytics } = await models();
    const rows = await analytics.aggregate<{ _id: string; v: number }>([
      { $match: { at: { $gte: from, $lt: to }, ...extra } },
      { $group: { _id: '$type', v: accumulator } },
    ]);
    return Object.fromEntries(rows.map((r) => [r._id, r.v]));
  };

  return {
    async record(event) {
      const { analytics } = await models();
      await analytics.create(analyticsRecord(event));
    },
    async counts(from, to) {
      return perType(from, to, { $sum: 1 });
    },
    async averages(from, to) {
      return perType(from, to, { $avg: '$value' }, { value: { $type: 'number' } });
    },
    async average(type, from, to) {
      const { analytics } = await models();
      // Matched on { type, at } first, so the (type, at) index bounds the work to this type's facts.
      const rows = await analytics.aggregate<{ _id: null; v: number | null }>([
        { $match: { type, at: { $gte: from, $lt: to }, value: { $type: 'number' } } },
        { $group: { _id: null, v: { $avg: '$value' } } },
      ]);
      return rows[0]?.v ?? null;
    },
    async knowledgeGaps(from, to, limit) {
      const n = Math.max(0, Math.trunc(limit));
      if (n === 0) return [];
      const { analytics } = await models();
      const rows = await analytics.aggregate<{ _id: string; count: number; lastAt: number }>([
        { $match: { type: 'bot.fallback', at: { $gte: from, $lt: to }, gapKey: { $nin: [null, ''] } } },
        { $group: { _id: '$gapKey', count: { $sum: 1 }, lastAt: { $max: '$at' } } },
        { $sort: { count: -1, lastAt: -1, _id: 1 } },
        { $limit: n },
      ]);
      return rows.map((r) => ({ text: r._id, count: r.count, lastAt: r.lastAt }));
    },
  };
}
