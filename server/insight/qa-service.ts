/**
 * Quality review: supervisors score closed chats against the rubric; agents read the reviews of their own.
 */
import { AppError } from '../../shared/errors';
import type { QaReview, QaReviewItem, QaSampleItem, QaScores } from '../../shared/metrics';
import type { Agent } from '../../shared/model';
import type { Store } from '../store/store';
import { DEFAULT_PERIOD_MS } from './metrics-service';

export interface QaService {
  sample(q: { from?: number; to?: number; size: number; department?: string; agent?: string }): Promise<QaSampleItem[]>;
  review(input: { conversationId: string; scores: QaScores; comment?: string }, reviewer: Agent): Promise<QaReview>;
  list(q: { agent?: string; conversationId?: string; from?: number; to?: number; limit: number }, viewer: Agent): Promise<QaReviewItem[]>;
}

export function createQaService(deps: { store: Store; now: () => number; random?: () => number }): QaService {
  const { store, now } = deps;
  const random = deps.random ?? Math.random;
  return {
    async sample(q) {
      const to = q.to ?? now();
      const from = q.from ?? to - DEFAULT_PERIOD_MS;
      return store.qa.sample({ from, to, size: q.size, department: q.department, agentId: q.agent, seed: random() });
    },
    async review(input, reviewer) {
      const conversation = await store.conversations.get(input.conversationId);
      if (!conversation) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
      if (conversation.status !== 'closed' || conversation.assignedAgentId === null) {
        throw new AppError('INVALID_STATE', { message: 'Only closed conversations an agent handled can be reviewed.' });
      }
      return store.qa.create({
        siteId: conversation.siteId,
        conversationId: conversation.id,
        agentId: conversation.assignedAgentId,
        reviewerId: reviewer.id,
        scores: input.scores,
        comment: input.comment?.length ? input.comment : null,
        createdAt: now(),
      });
    },
    async list(q, viewer) {
      const agentId = viewer.role === 'agent' ? viewer.id : q.agent;
      const reviews = await store.qa.list({ agentId, conversationId: q.conversationId, from: q.from, to: q.to, limit: q.limit });
      const names = new Map((await store.agents.list()).map((a) => [a.id, a.name]));
      return reviews.map((review) => ({
        review,
        agentName: names.get(review.agentId) ?? null,
        reviewerName: names.get(review.reviewerId) ?? null,
      }));
    },
  };
}
