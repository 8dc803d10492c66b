/**
 * A low score is a callback (the service standard: "a low score triggers a callback"): 1–2 stars or an NPS
 * of 0–6 opens a follow-up case at the supervisor tier, through the case service.
 */
import { FOLLOW_UP_CATEGORY, LOW_CSAT, LOW_NPS } from '../../shared/metrics';
import type { Conversation, Visitor } from '../../shared/model';
import { provenCustomerId, vouchedEmail } from '../cases/case-access';
import type { CaseService } from '../cases/case-service';
import type { Bus } from '../domain/bus';
import type { Store } from '../store/store';
import type { Logger } from 'pino';
import { FOLLOW_UP_TEXTS } from './follow-up-texts';

/** The low score: stars (1–5) or the NPS answer (0–10). */
type LowScore = { kind: 'stars' | 'nps'; score: number };

/** The team's wording, for the internal note (agents read English notes; the shopper never sees it). */
function teamWording({ kind, score }: LowScore): string {
  return kind === 'stars' ? `${score} of 5 stars` : `an NPS of ${score}`;
}

/**
 * What an unverified shopper typed (name, e-mail), for the note only: the case must not carry a typed address
 * (its mail would go there), but whoever calls back still needs some way to reach them.
 */
function typedContact(visitor: Pick<Visitor, 'identity'> | null): string {
  if (!visitor || visitor.identity.verified) return '';
  const { name, email } = visitor.identity;
  const given = [name ? `name ${name}` : null, email ? `e-mail ${email}` : null].filter((g) => g !== null);
  return given.length > 0 ? `\n\nContact given by the shopper, not verified: ${given.join(', ')}.` : '';
}

export function openFollowUps(deps: { bus: Bus; store: Store; cases: Pick<CaseService, 'open' | 'escalate'>; logger: Logger }): () => void {
  const { bus, store, cases, logger } = deps;
  const system = { kind: 'system' as const, id: null };

  const open = async (c: Conversation, low: LowScore) => {
    const visitor = await store.visitors.get(c.visitorId);
    const comment = c.rating?.comment ? `\n\n“${c.rating.comment}”` : '';
    const what = teamWording(low);
    const opened = await cases.open({
      siteId: c.siteId,
      locale: c.locale,
      source: 'system',
      // The shopper reads the subject in "My requests": in their chat's language.
      subject: FOLLOW_UP_TEXTS[c.locale][`subject.${low.kind}`].replace('{score}', String(low.score)),
      text: `The shopper gave ${what} on chat ${c.id}${c.assignedAgentId ? ' (handled by an agent)' : ' (bot only)'}. Call back and find out what went wrong.${typedContact(visitor)}${comment}`,
      category: FOLLOW_UP_CATEGORY,
      department: c.department,
      priority: 'B',
      visitorId: c.visitorId,
      // The rated chat, as a converted chat's case links it: agents open it from the case (linked-chat-access.ts).
      conversationId: c.id,
      // Only a proven id: a typed one would put this case in the "My requests" of whoever really has that id.
      customerId: visitor ? provenCustomerId(visitor) : null,
      contactName: visitor?.identity.name ?? null,
      // Only an address the shop vouched for: the case mail (opened, solved, replies) goes to the contact, and
      // nobody asked for this case, so a typed address would have the shop mail whoever's address was typed.
      contactEmail: visitor ? vouchedEmail(visitor) : null,
      actor: system,
    });
    await cases.escalate(opened.id, { toTier: 'L3', reason: 'low_score' }, system, opened.version);
  };
  const run = (c: Conversation, low: LowScore) =>
    open(c, low).catch((err: unknown) => logger.error({ err, conversationId: c.id }, 'opening a follow-up case failed'));

  const offs = [
    bus.on('conversation.rated', ({ conversation: c, score }) => (score <= LOW_CSAT ? run(c, { kind: 'stars', score }) : undefined)),
    // Stars that were already low opened the follow-up: one case per conversation.
    bus.on('conversation.nps_answered', ({ conversation: c, score }) =>
      score <= LOW_NPS && (c.rating?.score ?? 5) > LOW_CSAT ? run(c, { kind: 'nps', score }) : undefined),
  ];
  return () => offs.forEach((off) => off());
}
