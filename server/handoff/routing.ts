/**
 * Routing: moving conversations into the queue, assigning them (manual take, auto-assign), draining the
 * backlog whenever capacity appears, and returning chats of agents who left. Every state change is an
 * atomic store transition, so racing agents or instances end with one owner.
 */
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors';
import type { Agent, Conversation, HandoffReason, Message } from '../../shared/model';
import type { Bus } from '../domain/bus';
import type { PostMessage } from '../domain/post-message';
import type { Store } from '../store/store';
import { createKeyedMutex } from '../util/keyed-mutex';
import { pickAgent, type AgentCandidate } from './pick-agent';
import type { Presence } from './presence';
import { maxPriority, priorityFromIdentity } from './priority';
import type { QueueStatus } from './queue-status';
import type { Staffing } from './staffing';
import { readHandoffTranscript, summariseHandoff, type HandoffInfo } from './summarise-handoff';

export interface Routing {
  /**
   * Bot → waiting. Returns the conversation as it now is (unchanged if it was not with the bot). `transcript`:
   * readHandoffTranscript's for this conversation, when the caller has read it already.
   */
  request(conversation: Conversation, reason: HandoffReason, info?: HandoffInfo, transcript?: readonly Message[]): Promise<Conversation>;
  /**
   * waiting → assigned to `agent`. Throws ALREADY_TAKEN, AT_CAPACITY, NOT_FOUND or INVALID_STATE. `known`: the
   * conversation as the caller has just read it, told as the change's `previous` instead of a read of its own.
   */
  assign(conversationId: string, agent: Agent, by: 'take' | 'auto', known?: Conversation): Promise<Conversation>;
  /**
   * Auto-assigns waiting chats to available agents until no one has room. Passes run one at a time; calls made
   * while one waits to start share it (it reads the waiting list when it starts), so a burst of handoffs and
   * closes during a pass makes one more pass, not one each.
   */
  drain(): Promise<void>;
  /** An agent's grace period ran out: their open chats go back to the queue, keeping their place. */
  requeueAgentChats(agentId: string): Promise<void>;
}

/** One assignment a drain pass decided on. */
interface Planned {
  conversation: Conversation;
  agent: Agent;
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
  /**
   * Hand-offs written but not yet told, by conversation id. An assignment of one of them (in the same commit as
   * its transition: see request) is told only after it, so everyone hears "waiting" before "assigned" and the
   * transcript has the "queued" line before the "assigned" one.
   */
  const untold = new Map<string, Promise<void>>();

  /**
   * A drain pass's decisions: which available agent takes which waiting chat, in queue order, while anyone has
   * room. With `upTo`, only as far as that chat: the ones ahead of it take their agents first.
   */
  async function plan(upTo?: string): Promise<Planned[]> {
    const available = presence.availableAgentIds();
    if (available.length === 0) return [];
    const agents = await store.agents.getMany(available);
    const counts = await store.conversations.countAssigned(agents.map((a) => a.id));
    const lastAssigned = new Map(presence.entries().map((e) => [e.agentId, e.lastAssignedAt]));
    const candidates: AgentCandidate[] = agents.map((a) => ({
      agentId: a.id,
      departments: a.departments,
      activeChats: counts[a.id] ?? 0,
      maxChats: a.maxChats,
      lastAssignedAt: lastAssigned.get(a.id) ?? 0,
    }));
    // Room first: in a busy hour every agent is full, and the queue (up to 500 rows, each decoded) is then not
    // read at all, by the pass or by the assignment on arrival that each hand-off now adds.
    if (!candidates.some((c) => c.activeChats < c.maxChats)) return [];
    let waiting = await store.conversations.list({ status: ['waiting'], order: 'queue', limit: 500 });
    if (upTo !== undefined) {
      const at = waiting.findIndex((c) => c.id === upTo);
      waiting = at < 0 ? [] : waiting.slice(0, at + 1);
    }
    if (waiting.length === 0) return [];
    // Presence knows only this instance's assignments (and its own agents' sign-ins); the store knows every
    // instance's. With presence alone an agent on another instance looked idle forever and won every tie:
    // in the two-instance bench one agent got half of all hand-offs, in bursts past its command budget.
    const stored = await store.conversations.lastAssignedAt(agents.map((a) => a.id));
    for (const c of candidates) c.lastAssignedAt = Math.max(c.lastAssignedAt, stored[c.agentId] ?? 0);
    const planned: Planned[] = [];
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
      planned.push({ conversation, agent });
    }
    return planned;
  }

  /** An automatic assignment: losing a race to a manual take or another instance is the atomic step at work. */
  const assignQuietly = ({ conversation, agent }: Planned): Promise<void> =>
    service.assign(conversation.id, agent, 'auto', conversation).then(
      () => undefined,
      (err: unknown) => {
        if (!(err instanceof AppError)) throw err;
        logger.debug({ conversationId: conversation.id, code: err.code }, 'auto-assign skipped');
      },
    );

  /**
   * The chat just queued goes to the agent a drain pass would give it, without waiting for a pass. Started right
   * after its transition's statement ran: on SQLite, reads on the connection see that uncommitted row, so the
   * assignment joins the transition's group commit and the agent hears of it a commit (a loop turn under load)
   * sooner. Passes run one at a time, and a burst of hand-offs would queue behind them; this does not, so it may
   * race a pass for an agent's last place: the loser is skipped, and the pass that handoff.requested starts
   * after it assigns what was skipped. Where the transition is not visible yet (MongoDB), that pass assigns it.
   */
  async function assignOnArrival(conversationId: string): Promise<void> {
    const mine = (await plan(conversationId)).find((p) => p.conversation.id === conversationId);
    if (mine) await assignQuietly(mine);
  }

  const service: Routing = {
    async request(conversation, reason, info = {}, transcript) {
      const visitor = await store.visitors.get(conversation.visitorId);
      const priority = maxPriority(info.priority ?? 'normal', visitor ? priorityFromIdentity(visitor.identity) : 'low');
      const department = staffing.known(info.department);
      const recent = transcript ?? (await readHandoffTranscript(store, conversation));
      const handoff = await summariseHandoff(store, conversation, reason, info, recent);
      let tell = () => {};
      const told = new Promise<void>((resolve) => (tell = resolve));
      untold.set(conversation.id, told);
      try {
        const transitioned = store.conversations.transition(conversation.id, ['bot'], {
          status: 'waiting',
          waitingSince: now(),
          department,
          priority,
          handoff,
          fallbackCount: 0,
        });
        // The place in line as the hand-off found it, read before an assignment on arrival can take the chat out
        // of the line (on SQLite the uncommitted transition is visible already). Null where it is not visible yet
        // (MongoDB) or nobody can serve it: then no assignment on arrival either, and the drain does as before.
        const positioned = queueStatus.queuePosition(conversation.id, department);
        // Not awaited: it waits for this hand-off to be told, and this call must not wait for an assignment.
        void positioned
          .then((position) => (position === null ? undefined : assignOnArrival(conversation.id)))
          .catch((err: unknown) => logger.error({ err, conversationId: conversation.id }, 'assignment on arrival failed'));
        const updated = await transitioned;
        if (!updated) return (await store.conversations.get(conversation.id)) ?? conversation;
        const position = (await positioned) ?? (await queueStatus.queuePosition(updated.id, department));
        // The transition is committed, so it is told now (then an assignment on arrival, if any, and the drain);
        // the "queued" line is told on its own commit (its place in the transcript is fixed when it is written,
        // before any "assigned" line). Waiting for that commit first kept every handoff a commit (a loop turn
        // under load) longer from reaching an agent.
        const queued = post(updated, { clientId: null, sender: 'system', text: '', event: { kind: 'queued', department, position: position ?? undefined } });
        bus.emit('conversation.changed', { conversation: updated, previous: conversation });
        bus.emit('handoff.requested', { conversation: updated, reason, recent });
        tell();
        await queued;
        return updated;
      } finally {
        if (untold.get(conversation.id) === told) untold.delete(conversation.id);
        tell();
      }
    },

    async assign(conversationId, agent, by, known) {
      const at = now();
      // Only `previous` for listeners (whose access and queue changed): the transition below is what checks the
      // state, atomically, so a read a moment older than this one's is as good.
      const before = known ?? (await store.conversations.get(conversationId));
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
      // Committed, but its hand-off (same commit) may not be told yet: that goes first.
      await untold.get(conversationId);
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
        await Promise.all((await plan()).map(assignQuietly));
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
