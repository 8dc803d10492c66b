import { analyticsRecord } from '../common/new-records';
import type { AccumulatorOperator } from 'mongoose';
import { MISS_TYPES, type AnalyticsStore, type IntentOutcome, type MissFact } from '../store';
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
    async misses(from, to, limit) {
      const n = Math.max(0, Math.trunc(limit));
      if (n === 0) return [];
      const { analytics } = await models();
      // Matched on { type, at } first (the (type, at) index), bounded by the limit before the lookup.
      return analytics.aggregate<MissFact>([
        { $match: { type: { $in: [...MISS_TYPES] }, at: { $gte: from, $lt: to }, text: { $nin: [null, ''] } } },
        { $sort: { at: -1, _id: -1 } },
        { $limit: n },
        { $lookup: { from: 'conversations', localField: 'conversationId', foreignField: '_id', as: 'c', pipeline: [{ $project: { visitorId: 1 } }] } },
        {
          $project: {
            _id: 0,
            type: 1,
            text: 1,
            intent: { $ifNull: ['$intent', null] },
            conversationId: { $ifNull: ['$conversationId', null] },
            visitorId: { $ifNull: [{ $first: '$c.visitorId' }, null] },
            at: 1,
          },
        },
      ]);
    },
    async intentOutcomes(from, to) {
      const { analytics } = await models();
      const is = (type: string) => ({ $cond: [{ $eq: ['$type', type] }, 1, 0] });
      const rows = await analytics.aggregate<IntentOutcome & { missedIn: (string | null)[] }>([
        { $match: { type: { $in: ['bot.answered', 'handoff.after_answer', 'bot.helpful', 'bot.unhelpful'] }, at: { $gte: from, $lt: to }, intent: { $type: 'string' } } },
        {
          $group: {
            _id: '$intent',
            answered: { $sum: is('bot.answered') },
            helpful: { $sum: is('bot.helpful') },
            unhelpful: { $sum: is('bot.unhelpful') },
            missedIn: { $addToSet: { $cond: [{ $in: ['$type', ['handoff.after_answer', 'bot.unhelpful']] }, '$conversationId', '$$REMOVE'] } },
          },
        },
        { $sort: { _id: 1 } },
      ]);
      return rows.map((r) => ({
        intent: (r as unknown as { _id: string })._id,
        answered: r.answered,
        missed: r.missedIn.filter((c) => c !== null).length,
        helpful: r.helpful,
        unhelpful: r.unhelpful,
      }));
    },
  };
}
