/**
 * Routing: moving conversations into the queue, assigning them (manual take, auto-assign), draining the
 * backlog whenever capacity appears, and returning chats of agents who left. Every state change is an
 * atomic store transition, so racing agents or instances end with one owner.
 */
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors';
import type { Agent, Conversation, HandoffReason } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { PostMessage } from '../domain/post-message';
import type { Store } from '../store/store';
import { createKeyedMutex } from '../util/keyed-mutex';
import { pickAgent, type AgentCandidate } from './pick-agent';
import type { Presence } from './presence';
import { maxPriority, priorityFromIdentity } from './priority';
import type { QueueStatus } from './queue-status';
import type { Staffing } from './staffing';
import { summariseHandoff, type HandoffInfo } from './summarise-handoff';

export interface Routing {
  /** Bot → waiting. Returns the conversation as it now is (unchanged if it was not with the bot). */
  request(conversation: Conversation, reason: HandoffReason, info?: HandoffInfo): Promise<Conversation>;
  /** waiting → assigned to `agent`. Throws ALREADY_TAKEN, AT_CAPACITY, NOT_FOUND or INVALID_STATE. */
  assign(conversationId: string, agent: Agent, by: 'take' | 'auto'): Promise<Conversation>;
  /**
   * Auto-assigns waiting chats to available agents until no one has room. Passes run one at a time; calls made
   * while one waits to start share it (it reads the waiting list when it starts), so a burst of handoffs and
   * closes during a pass makes one more pass, not one each.
   */
  drain(): Promise<void>;
  /** An agent's grace period ran out: their open chats go back to the queue, keeping their place. */
  requeueAgentChats(agentId: string): Promise<void>;
}

export function createRouting(deps: {
  store: Store;
  bus: Bus;
  presence: Presence;
  post: PostMessage;
  staffing: Staffing;
  queueStatus: QueueStatus;
  now: () => number;
  logger: Logger;
}): Routing {
  const { store, bus, presence, post, staffing, queueStatus, now, logger } = deps;
  const mutex = createKeyedMutex();
  /** The drain pass waiting for the one running, if any: later calls join it. */
  let nextDrain: Promise<void> | null = null;

  const service: Routing = {
    async request(conversation, reason, info = {}) {
      const visitor = await store.visitors.get(conversation.visitorId);
      const priority = maxPriority(info.priority ?? 'normal', visitor ? priorityFromIdentity(visitor.identity) : 'low');
      const department = staffing.known(info.department);
      const handoff = await summariseHandoff(store, conversation, reason, info);
      const updated = await store.conversations.transition(conversation.id, ['bot'], {
        status: 'waiting',
        waitingSince: now(),
        department,
        priority,
        handoff,
        fallbackCount: 0,
      });
      if (!updated) return (await store.conversations.get(conversation.id)) ?? conversation;
      const place = await queueStatus.queuePlace(updated);
      // The transition is committed, so it is told now and routing starts; the "queued" line is told on its own
      // commit (its place in the transcript is fixed when it is written, before any "assigned" line). Waiting for
      // that commit first kept every handoff a commit (a loop turn under load) longer from reaching an agent.
      const queued = post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'queued', department, position: place?.position } });
      bus.emit('conversation.changed', { conversation: updated, previous: conversation });
      bus.emit('handoff.requested', { conversation: updated, reason });
      await queued;
      return updated;
    },

    async assign(conversationId, agent, by) {
      const at = now();
      const before = await store.conversations.get(conversationId);
      // The capacity check is part of the store's atomic step: a check here first would let racing takes through.
      const updated = await store.conversations.assignWithinCapacity(conversationId, agent.id, agent.maxChats, at);
      if (!updated) {
        const current = await store.conversations.get(conversationId);
        if (!current) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
        if (current.status === 'assigned') {
          throw new AppError('ALREADY_TAKEN', { message: 'Another agent has already taken this conversation.' });
        }
        if (current.status === 'waiting') {
          throw new AppError('AT_CAPACITY', { message: `You already have as many open chats as your limit (${agent.maxChats}).` });
        }
        throw new AppError('INVALID_STATE', { message: `The conversation is ${current.status}, not waiting.` });
      }
      presence.markAssigned(agent.id, at);
      // Both in the same group commit: under load each awaited write costs a turn of the event loop. Written
      // before the agent is told (the "assigned" line's place in the transcript is fixed now, before any reply),
      // told on their own commit: the assignment is committed, and waiting for that commit too kept every
      // hand-off a loop turn longer from reaching the agent, as the "queued" line once did.
      const written = Promise.all([
        store.visitors.update(updated.visitorId, { lastAgentId: agent.id }),
        post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'assigned', agentName: agent.name } }),
      ]);
      bus.emit('conversation.changed', { conversation: updated, previous: before });
      bus.emit('conversation.assigned', { conversation: updated, agentId: agent.id, by });
      await written;
      return updated;
    },

    drain() {
      if (nextDrain) return nextDrain;
      const pass = mutex.run('drain', async () => {
        nextDrain = null;
        const available = presence.availableAgentIds();
        if (available.length === 0) return;
        const waiting = await store.conversations.list({ status: ['waiting'], order: 'queue', limit: 500 });
        if (waiting.length === 0) return;
        const agents = (await Promise.all(available.map((id) => store.agents.get(id)))).filter((a): a is Agent => !!a);
        const ids = agents.map((a) => a.id);
        const counts = await store.conversations.countAssigned(ids);
        // Presence knows only this instance's assignments (and its own agents' sign-ins); the store knows every
        // instance's. With presence alone an agent on another instance looked idle forever and won every tie:
        // in the two-instance bench one agent got half of all hand-offs, in bursts past its command budget.
        const stored = await store.conversations.lastAssignedAt(ids);
        const lastAssigned = new Map(presence.entries().map((e) => [e.agentId, e.lastAssignedAt]));
        const candidates: AgentCandidate[] = agents.map((a) => ({
          agentId: a.id,
          departments: a.departments,
          activeChats: counts[a.id] ?? 0,
          maxChats: a.maxChats,
          lastAssignedAt: Math.max(lastAssigned.get(a.id) ?? 0, stored[a.id] ?? 0),
        }));
        const assigning: Promise<void>[] = [];
        for (const conversation of waiting) {
          if (!candidates.some((c) => c.activeChats < c.maxChats)) break;
          // Outside business hours chats wait (or become tickets); agents may still take them by hand.
          if (!staffing.isOpen(conversation.department)) continue;
          // Sticky routing is for returning shoppers; a chat transferred away must not bounce back.
          const visitor = conversation.handoff?.reason === 'transfer' ? null : await store.visitors.get(conversation.visitorId);
          const preferred = visitor?.lastAgentId ?? null;
          const manual = staffing.isManual(conversation.department);
          const pick = pickAgent(candidates, conversation.department, preferred);
          if (!pick || (manual && pick.agentId !== preferred)) continue;
          const agent = agents.find((a) => a.id === pick.agentId);
          if (!agent) continue;
          // Counted at once, assigned together: the assignments of one drain share their commits instead of
          // each waiting for the previous one's (a backlog of a hundred then goes out in a few turns, not a hundred).
          pick.activeChats += 1;
          pick.lastAssignedAt = now();
          assigning.push(
            service.assign(conversation.id, agent, 'auto').then(
              () => undefined,
              (err: unknown) => {
                // Lost a race to a manual take or another instance: that is the point of the atomic transition.
                if (!(err instanceof AppError)) throw err;
                logger.debug({ conversationId: conversation.id, code: err.code }, 'auto-assign skipped');
              },
            ),
          );
        }
        await Promise.all(assigning);
      });
      nextDrain = pass;
      return pass;
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

  };
  return service;
}
