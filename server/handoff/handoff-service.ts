/**
 * Handoff and routing: moving conversations into the queue, assigning them (manual take, auto-assign,
 * transfer), draining the backlog whenever capacity appears, and returning chats of agents who left.
 * Every state change is an atomic store transition, so racing agents or instances end with one owner.
 */
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors';
import type {
  Agent,
  Conversation,
  HandoffReason,
  HandoffSummary,
  Priority,
  QueueEntry,
} from '../../shared/model';
import type { DepartmentConfig } from '../config';
import type { Bus } from '../domain/bus';
import type { PostMessage } from '../domain/post-message';
import type { Store } from '../store/store';
import { createKeyedMutex } from '../util/keyed-mutex';
import { extractDetails } from './extract-details';
import { isOpen } from '../domain/business-hours';
import { pickAgent, type AgentCandidate } from './pick-agent';
import type { Presence } from './presence';
import { maxPriority, priorityFromIdentity } from './priority';
import { estimateWaitSec, toQueueEntries } from './queue-view';

export interface HandoffInfo {
  department?: string | null;
  priority?: Priority;
  intent?: string | null;
  topIntents?: { intent: string; confidence: number }[];
  sentiment?: number | null;
  note?: string | null;
}

export interface HandoffService {
  /** Bot → waiting. Returns the conversation as it now is (unchanged if it was not with the bot). */
  request(conversation: Conversation, reason: HandoffReason, info?: HandoffInfo): Promise<Conversation>;
  /** waiting → assigned to `agent`. Throws ALREADY_TAKEN, AT_CAPACITY, NOT_FOUND or INVALID_STATE. */
  assign(conversationId: string, agent: Agent, by: 'take' | 'auto'): Promise<Conversation>;
  /** Auto-assigns waiting chats to available agents until no one has room. */
  drain(): Promise<void>;
  /** An agent's grace period ran out: their open chats go back to the queue, keeping their place. */
  requeueAgentChats(agentId: string): Promise<void>;
  transfer(conversation: Conversation, by: Agent, to: { toAgentId?: string; toDepartment?: string; note?: string }): Promise<Conversation>;
  handBack(conversation: Conversation, by: Agent): Promise<Conversation>;
  queue(): Promise<QueueEntry[]>;
  /** Position in its department's queue and estimated wait, or null when not waiting. */
  queuePlace(conversation: Conversation): Promise<{ position: number; estimatedWaitSec: number } | null>;
  departments(): DepartmentConfig[];
  /** Open now (business hours) and staffed by at least one available agent: can a person help? */
  canServe(department: string): boolean;
}

export function createHandoffService(deps: {
  store: Store;
  bus: Bus;
  presence: Presence;
  post: PostMessage;
  departments: DepartmentConfig[];
  now: () => number;
  logger: Logger;
}): HandoffService {
  const { store, bus, presence, post, now, logger } = deps;
  const mutex = createKeyedMutex();
  const deptByName = new Map(deps.departments.map((d) => [d.name, d]));
  const known = (department: string | null | undefined) =>
    department && deptByName.has(department) ? department : 'general';
  const isDepartmentOpen = (department: string) => {
    const hours = deptByName.get(department)?.hours;
    return !hours || isOpen(hours, now());
  };

  async function summarise(conversation: Conversation, reason: HandoffReason, info: HandoffInfo): Promise<HandoffSummary> {
    const messages = await store.messages.listSince(conversation.id, 0, { limit: 500 });
    const { orderNumbers, emails } = extractDetails(messages.filter((m) => m.sender === 'shopper').map((m) => m.text));
    return {
      reason,
      intent: info.intent ?? null,
      topIntents: info.topIntents ?? [],
      orderNumbers,
      emails,
      sentiment: info.sentiment ?? null,
      note: info.note ?? null,
    };
  }

  async function avgWaitSec(): Promise<number | null> {
    const to = now();
    const averages = await store.analytics.averages(to - 3_600_000, to);
    const ms = averages['conversation.assigned'];
    return ms === undefined ? null : ms / 1000;
  }

  const service: HandoffService = {
    departments: () => deps.departments,

    canServe(department) {
      return isDepartmentOpen(known(department)) && presence.availableAgentIds().length > 0;
    },

    async request(conversation, reason, info = {}) {
      const visitor = await store.visitors.get(conversation.visitorId);
      const priority = maxPriority(info.priority ?? 'normal', visitor ? priorityFromIdentity(visitor.identity) : 'low');
      const department = known(info.department);
      const handoff = await summarise(conversation, reason, info);
      const updated = await store.conversations.transition(conversation.id, ['bot'], {
        status: 'waiting',
        waitingSince: now(),
        department,
        priority,
        handoff,
        fallbackCount: 0,
      });
      if (!updated) return (await store.conversations.get(conversation.id)) ?? conversation;
      const place = await service.queuePlace(updated);
      await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'queued', department, position: place?.position } });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      bus.emit('handoff.requested', { conversation: updated, reason });
      return updated;
    },

    async assign(conversationId, agent, by) {
      const load = (await store.conversations.countAssigned([agent.id]))[agent.id] ?? 0;
      if (load >= agent.maxChats) {
        throw new AppError('AT_CAPACITY', { message: `You already have ${load} open chats (your limit is ${agent.maxChats}).` });
      }
      const at = now();
      const before = await store.conversations.get(conversationId);
      const updated = await store.conversations.transition(conversationId, ['waiting'], {
        status: 'assigned',
        assignedAgentId: agent.id,
        assignedAt: at,
      });
      if (!updated) {
        const current = await store.conversations.get(conversationId);
        if (!current) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
        if (current.status === 'assigned') {
          throw new AppError('ALREADY_TAKEN', { message: 'Another agent has already taken this conversation.' });
        }
        throw new AppError('INVALID_STATE', { message: `The conversation is ${current.status}, not waiting.` });
      }
      presence.markAssigned(agent.id, at);
      await store.visitors.update(updated.visitorId, { lastAgentId: agent.id });
      await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'assigned', agentName: agent.name } });
      bus.emit('conversation.changed', { conversation: updated, previous: before });
      bus.emit('conversation.assigned', { conversation: updated, agentId: agent.id, by });
      return updated;
    },

    drain() {
      return mutex.run('drain', async () => {
        const available = presence.availableAgentIds();
        if (available.length === 0) return;
        const waiting = await store.conversations.list({ status: ['waiting'], order: 'queue', limit: 500 });
        if (waiting.length === 0) return;
        const agents = (await Promise.all(available.map((id) => store.agents.get(id)))).filter((a): a is Agent => !!a);
        const counts = await store.conversations.countAssigned(agents.map((a) => a.id));
        const lastAssigned = new Map(presence.entries().map((e) => [e.agentId, e.lastAssignedAt]));
        const candidates: AgentCandidate[] = agents.map((a) => ({
          agentId: a.id,
          departments: a.departments,
          activeChats: counts[a.id] ?? 0,
          maxChats: a.maxChats,
          lastAssignedAt: lastAssigned.get(a.id) ?? 0,
        }));
        for (const conversation of waiting) {
          if (!candidates.some((c) => c.activeChats < c.maxChats)) break;
          // Outside business hours chats wait (or become tickets); agents may still take them by hand.
          if (!isDepartmentOpen(conversation.department)) continue;
          // Sticky routing is for returning shoppers; a chat transferred away must not bounce back.
          const visitor = conversation.handoff?.reason === 'transfer' ? null : await store.visitors.get(conversation.visitorId);
          const preferred = visitor?.lastAgentId ?? null;
          const manual = deptByName.get(conversation.department)?.mode === 'manual';
          const pick = pickAgent(candidates, conversation.department, preferred);
          if (!pick || (manual && pick.agentId !== preferred)) continue;
          const agent = agents.find((a) => a.id === pick.agentId);
          if (!agent) continue;
          try {
            await service.assign(conversation.id, agent, 'auto');
            pick.activeChats += 1;
            pick.lastAssignedAt = now();
          } catch (err) {
            // Lost a race to a manual take or another instance: that is the point of the atomic transition.
            if (!(err instanceof AppError)) throw err;
            logger.debug({ conversationId: conversation.id, code: err.code }, 'auto-assign skipped');
          }
        }
      });
    },

    async requeueAgentChats(agentId) {
      const chats = await store.conversations.list({ status: ['assigned'], assignedAgentId: agentId, limit: 200 });
      for (const chat of chats) {
        const updated = await store.conversations.transition(
          chat.id,
          ['assigned'],
          { status: 'waiting', assignedAgentId: null, assignedAt: null, waitingSince: chat.waitingSince ?? now() },
          agentId,
        );
        if (!updated) continue;
        await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'requeued' } });
        bus.emit('conversation.changed', { conversation: updated, previous: chat });
      }
      if (chats.length > 0) await service.drain();
    },

    async transfer(conversation, by, to) {
      if (to.toAgentId) {
        const target = await store.agents.get(to.toAgentId);
        if (!target) throw new AppError('NOT_FOUND', { message: 'No such agent.' });
        if (!presence.isAvailable(target.id)) {
          throw new AppError('INVALID_STATE', { message: `${target.name} is not online.` });
        }
        const updated = await store.conversations.transition(
          conversation.id,
          ['assigned'],
          { assignedAgentId: target.id, assignedAt: now() },
          conversation.assignedAgentId,
        );
        if (!updated) throw new AppError('CONFLICT', { message: 'The conversation changed meanwhile; reload it.' });
        if (to.note) await post(updated, { clientId: null, sender: 'agent', agentId: by.id, senderName: by.name, text: to.note, internal: true });
        await store.visitors.update(updated.visitorId, { lastAgentId: target.id });
        await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'transferred', agentName: target.name } });
        bus.emit('conversation.changed', { conversation: updated, previous: conversation });
        bus.emit('conversation.assigned', { conversation: updated, agentId: target.id, by: 'transfer' });
        bus.emit('agents.changed', { agentId: by.id });
        return updated;
      }
      const department = known(to.toDepartment);
      const handoff = conversation.handoff
        ? { ...conversation.handoff, reason: 'transfer' as const, note: to.note ?? conversation.handoff.note }
        : await summarise(conversation, 'transfer', { note: to.note ?? null });
      const updated = await store.conversations.transition(
        conversation.id,
        ['assigned'],
        { status: 'waiting', department, assignedAgentId: null, assignedAt: null, handoff, waitingSince: conversation.waitingSince ?? now() },
        conversation.assignedAgentId,
      );
      if (!updated) throw new AppError('CONFLICT', { message: 'The conversation changed meanwhile; reload it.' });
      if (to.note) await post(updated, { clientId: null, sender: 'agent', agentId: by.id, senderName: by.name, text: to.note, internal: true });
      await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'transferred', department } });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      bus.emit('handoff.requested', { conversation: updated, reason: 'transfer' });
      bus.emit('agents.changed', { agentId: by.id });
      return updated;
    },

    async handBack(conversation, by) {
      const updated = await store.conversations.transition(
        conversation.id,
        ['assigned'],
        { status: 'bot', assignedAgentId: null, fallbackCount: 0 },
        conversation.assignedAgentId,
      );
      if (!updated) throw new AppError('CONFLICT', { message: 'The conversation changed meanwhile; reload it.' });
      await post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'handed_back', agentName: by.name } });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      bus.emit('agents.changed', { agentId: by.id });
      return updated;
    },

    async queue() {
      const waiting = await store.conversations.list({ status: ['waiting'], order: 'queue', limit: 500 });
      const previews = await store.messages.lastTexts(waiting.map((c) => c.id));
      const extras: Record<string, { visitorName: string | null; preview: string }> = {};
      for (const c of waiting) {
        const visitor = await store.visitors.get(c.visitorId);
        extras[c.id] = { visitorName: visitor?.identity.name ?? null, preview: previews[c.id] ?? '' };
      }
      return toQueueEntries(waiting, extras);
    },

    async queuePlace(conversation) {
      // With nobody to serve the department, a place in line would be a promise we cannot keep.
      if (conversation.status !== 'waiting' || !service.canServe(conversation.department)) return null;
      const waiting = await store.conversations.list({ status: ['waiting'], department: conversation.department, order: 'queue', limit: 500 });
      const index = waiting.findIndex((c) => c.id === conversation.id);
      if (index < 0) return null;
      const position = index + 1;
      return { position, estimatedWaitSec: estimateWaitSec(position, presence.availableAgentIds().length, await avgWaitSec()) };
    },
  };
  return service;
}
