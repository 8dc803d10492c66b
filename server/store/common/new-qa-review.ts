import { QA_CRITERIA, type QaReview } from '../../../shared/metrics';
import type { NewQaReview } from '../store';

/** The review as both adapters store it: the score is the rubric's average, to two decimals. */
export function newQaReview(input: NewQaReview, id: string): QaReview {
  const total = QA_CRITERIA.reduce((sum, c) => sum + input.scores[c], 0);
  return {
    id,
    siteId: input.siteId,
    conversationId: input.conversationId,
    agentId: input.agentId,
    reviewerId: input.reviewerId,
    scores: { ...input.scores },
    score: Math.round((total / QA_CRITERIA.length) * 100) / 100,
    comment: input.comment,
    createdAt: input.createdAt,
  };
}
