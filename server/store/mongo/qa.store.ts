import { LOW_CSAT, LOW_NPS, type QaReview, type QaSampleItem } from '../../../shared/metrics';
import { newQaReview } from '../common/new-qa-review';
import { newId } from '../ids';
import type { QaStore } from '../store';
import type { Models, QaReviewDoc } from './models';

const toReview = ({ _id, ...rest }: QaReviewDoc): QaReview => ({ id: _id, ...rest });

/** QA reviews in MongoDB; the sample is one pipeline (low-rated first, then a seeded random order). */
export function createQaStore(models: () => Promise<Models>): QaStore {
  return {
    async create(input) {
      const { qaReviews } = await models();
      const review = newQaReview(input, newId());
      const { id, ...rest } = review;
      await qaReviews.create({ _id: id, ...rest });
      return review;
    },
    async list(query) {
      const { qaReviews } = await models();
      const filter: Record<string, unknown> = {};
      if (query.agentId !== undefined) filter.agentId = query.agentId;
      if (query.conversationId !== undefined) filter.conversationId = query.conversationId;
      if (query.from !== undefined || query.to !== undefined) {
        filter.createdAt = { ...(query.from !== undefined ? { $gte: query.from } : {}), ...(query.to !== undefined ? { $lt: query.to } : {}) };
      }
      const docs = await qaReviews.find(filter).sort({ createdAt: -1, _id: 1 }).limit(query.limit).lean<QaReviewDoc[]>();
      return docs.map(toReview);
    },
    async sample(query) {
      const { conversations } = await models();
      const match: Record<string, unknown> = { status: 'closed', closedAt: { $gte: query.from, $lt: query.to }, assignedAgentId: { $ne: null } };
      if (query.siteId !== undefined) match.siteId = query.siteId;
      if (query.department !== undefined) match.department = query.department;
      if (query.agentId !== undefined) match.assignedAgentId = query.agentId;
      const seed = Math.floor(query.seed * 1_000_000) + 7919;
      const rows = await conversations.aggregate<Record<string, unknown>>([
        { $match: match },
        {
          $addFields: {
            isLow: {
              $or: [
                { $and: [{ $ne: [{ $ifNull: ['$rating.score', null] }, null] }, { $lte: ['$rating.score', LOW_CSAT] }] },
                { $and: [{ $ne: [{ $ifNull: ['$rating.nps', null] }, null] }, { $lte: ['$rating.nps', LOW_NPS] }] },
              ],
            },
            // A repeatable scramble of the close time: random enough for a review sample, stable per seed.
            order: { $mod: [{ $multiply: [{ $mod: ['$closedAt', 1_000_003] }, seed] }, 1_000_003] },
          },
        },
        { $lookup: { from: 'qa_reviews', localField: '_id', foreignField: 'conversationId', as: 'reviews', pipeline: [{ $limit: 1 }, { $project: { _id: 1 } }] } },
        { $addFields: { isReviewed: { $gt: [{ $size: '$reviews' }, 0] } } },
        { $sort: { isReviewed: 1, isLow: -1, order: 1, _id: 1 } },
        { $limit: query.size },
        { $lookup: { from: 'agents', localField: 'assignedAgentId', foreignField: '_id', as: 'agent', pipeline: [{ $project: { name: 1 } }] } },
        {
          $lookup: {
            from: 'messages',
            localField: '_id',
            foreignField: 'conversationId',
            as: 'first',
            pipeline: [{ $match: { sender: 'shopper' } }, { $sort: { seq: 1 } }, { $limit: 1 }, { $project: { text: 1 } }],
          },
        },
      ]);
      return rows.map((r): QaSampleItem => {
        const rating = r.rating as { score?: number; nps?: number | null } | null;
        const first = (r.first as { text: string }[])[0];
        return {
          conversationId: String(r._id),
          agentId: String(r.assignedAgentId),
          agentName: (r.agent as { name: string }[])[0]?.name ?? null,
          department: String(r.department),
          closedAt: Number(r.closedAt),
          rating: rating?.score ?? null,
          nps: rating?.nps ?? null,
          reason: r.isLow === true ? 'low_rated' : 'random',
          isReviewed: r.isReviewed === true,
          preview: first ? first.text.slice(0, 140) : null,
        };
      });
    },
  };
}
