/** The full records both adapters insert for new agents, messages and analytics facts: one rule, two stores. */
import type { Agent, Message } from '../../../shared/model';
import type { AnalyticsEvent, NewAgent, NewMessage } from '../store';

export function newAgent(input: NewAgent, id: string, now: number): Agent {
  return {
    id,
    email: input.email.trim(),
    name: input.name,
    role: input.role,
    departments: [...input.departments],
    maxChats: input.maxChats,
    avatarUrl: input.avatarUrl ?? null,
    createdAt: now,
    isActive: true,
    tokenVersion: 0,
  };
}

export function newMessage(input: NewMessage, id: string, seq: number, now: number): Message {
  return {
    id,
    conversationId: input.conversationId,
    seq,
    clientId: input.clientId,
    sender: input.sender,
    agentId: input.agentId ?? null,
    senderName: input.senderName ?? null,
    text: input.text,
    internal: input.internal ?? false,
    bot: input.bot ?? null,
    event: input.event ?? null,
    attachments: input.attachments ?? [],
    createdAt: now,
  };
}

/** An analytics fact as stored. */
export function analyticsRecord(event: AnalyticsEvent) {
  const text = event.text ?? null;
  return {
    type: event.type,
    siteId: event.siteId,
    conversationId: event.conversationId ?? null,
    intent: event.intent ?? null,
    text,
    value: event.value ?? null,
    at: event.at,
  };
}
