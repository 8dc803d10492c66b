/**
 * Domain events: what happened, told to whoever listens (the bot, routing, the socket broadcaster, analytics).
 * The code that changes a conversation emits; it does not know who reacts.
 */
import type { Case, CaseActor, CaseChange, CaseMessage, CaseTier } from '../../shared/cases';
import type { MetricsDriftAlert } from '../../shared/metrics';
import type { BotMeta, Conversation, HandoffReason, Message, Priority, Ticket } from '../../shared/model';

export interface DomainEvents {
  /** `ackedTo`: the sending connection, which has the message from its ack already. */
  'message.created': { conversation: Conversation; message: Message; ackedTo?: string };
  /** A client sent a message again (same clientId) that is already stored: nothing was written. */
  'message.resent': { conversation: Conversation; message: Message };
  /** Any change of a conversation's stored fields (status, assignee, tags, rating…). */
  'conversation.changed': { conversation: Conversation; previous: Conversation | null };
  /**
   * The conversation entered the waiting queue (from the bot, a transfer, a returning agent's grace expiry).
   * `recent`: the transcript the handoff summary was made from, its latest HANDOFF_LOOKBACK messages before
   * the handoff (listeners need not read it again).
   */
  'handoff.requested': { conversation: Conversation; reason: HandoffReason; recent?: readonly Message[] };
  'conversation.assigned': { conversation: Conversation; agentId: string; by: 'take' | 'auto' | 'transfer' };
  'conversation.closed': { conversation: Conversation };
  /** Agent presence or capacity changed (online, away, offline, a slot freed). */
  'agents.changed': { agentId: string };
  /** Every session of the agent ended (sign-out, deactivation): their open sockets must go. */
  'agent.signed_out': { agentId: string };
  'conversation.started': { conversation: Conversation };
  /** The bot answered a shopper's question (the question is kept for the knowledge-gap list). */
  /** `recent`: the transcript the bot read for this turn, up to the question (listeners need not read it again). */
  'bot.replied': { conversation: Conversation; question: string; reply: BotMeta; recent?: readonly Message[] };
  /** The shopper marked a bot answer helpful or not; `question` is the shopper's message it answered. */
  'answer.rated': { conversation: Conversation; intent: string; question: string | null; isHelpful: boolean };
  'conversation.first_response': { conversation: Conversation; waitedMs: number };
  'conversation.rated': { conversation: Conversation; score: number };
  /** The shopper answered the 0–10 NPS question for this conversation. */
  'conversation.nps_answered': { conversation: Conversation; score: number };
  /** A service figure passed its target in the recent window (supervisors are told). */
  'metrics.drifted': MetricsDriftAlert;
  'ticket.created': { ticket: Ticket };
  'sla.breached': { conversation: Conversation; priority: Priority; waitedMs: number };
  /** A case was opened; `messages` is its first thread (the form's text, or a converted chat's transcript). */
  'case.created': { case: Case; messages: CaseMessage[]; actor: CaseActor };
  /** Any change of a case's stored fields, with the history entries it recorded. */
  'case.updated': { case: Case; previous: Case; changes: CaseChange[]; actor: CaseActor };
  /** A message was added to a case's thread (internal notes too: check message.kind before telling the customer). */
  'case.replied': { case: Case; message: CaseMessage };
  /** A case moved up a tier: notify its new owner (assignee, or the new department's queue). */
  'case.escalated': { case: Case; fromTier: CaseTier; toTier: CaseTier; reason: string; isAutomatic: boolean; actor: CaseActor };
  /** A first-response or resolution deadline passed unmet. */
  'case.breached': { case: Case; target: 'first_response' | 'resolution'; dueAt: number };
  /** A case was solved: ask the customer "Did this solve it?". */
  'case.solved': { case: Case };
  /** A case was closed (see case.resolution: only confirmed and auto_closed count as resolved). */
  'case.closed': { case: Case };
  /** The customer read their case up to `readSeq` (on one device: the others update their unread badge). */
  'case.read': { case: Case; readSeq: number };
  /** A duplicate was merged into a primary case. */
  'case.merged': { primary: Case; duplicate: Case; actor: CaseActor };
  /** A waiting chat nobody has taken yet: told again at an interval until taken. */
  'queue.alerted': { conversationId: string; priority: Priority; waitingMs: number };
  /** Someone started or stopped typing (the shopper's draft goes to agents only). */
  'typing.changed': { conversation: Conversation; by: 'shopper' | 'agent'; isTyping: boolean; draft: string | null; name: string | null };
  /** The shopper or the assigned agent has read up to `upToSeq`. */
  'read.marked': { conversation: Conversation; by: 'shopper' | 'agent'; upToSeq: number };
}

export type DomainEventName = keyof DomainEvents;
