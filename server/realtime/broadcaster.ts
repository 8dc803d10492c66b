/**
 * Domain events → socket emits. The only module that knows which room hears what. Queue and presence
 * broadcasts are coalesced, because one handoff can change several conversations at once: the queue's, which
 * cost O(queue), to one per QUEUE_INTERVAL_MS under load, and the agents' presence list to one per
 * PRESENCE_INTERVAL_MS.
 */
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors';
import { isPublicCaseMessage, type Case } from '../../shared/cases';
import type { Agent, Conversation, QueueEntry } from '../../shared/model';
import type { CaseViews } from '../cases/case-views';
import { accessTo, listenAccess, visibleQueue, type ConversationAccess } from '../conversations/agent-access';
import type { Bus } from '../domain/bus';
import type { ConsoleViews } from '../conversations/console-views';
import type { ShopperService } from '../conversations/shopper-service';
import type { HandoffService } from '../handoff/handoff-service';
import type { Store } from '../store/store';
import type { AgentNamespace } from './agent.handlers';
import { audienceOf } from './audience';
import { coalesce } from './coalesce';
import type { ShopperNamespace } from './shopper.handlers';
import {
  agentRoom,
  agentRooms,
  ALL_AGENTS,
  conversationRoom,
  customerRoom,
  departmentRoom,
  previewRoom,
  queueRoom,
  SUPERVISORS,
  visitorRoom,
  WHOLE_QUEUE,
} from './rooms';

/** At most one queue broadcast per this interval (the first after a quiet spell goes out at once). */
const QUEUE_INTERVAL_MS = 200;
/**
 * At most one agents' presence list per this interval. Every assignment and every close changes an agent's
 * count, and the list (every agent, ~190 bytes each) goes to every agent: one per change was ~37 packets and
 * 140 KB per handoff in the default bench (20 agents): 96 % of the bytes written to agents.
 */
const PRESENCE_INTERVAL_MS = 500;
/**
 * Joins and re-reads a watch may take before it gives up (CONFLICT): each round after the first needs the
 * chat's access to have changed again between a join and the read just after it.
 */
const WATCH_ROUNDS = 3;

export interface Broadcaster {
  /** Publishes the queue to agents and each waiting shopper's position (coalesced). */
  queueChanged(): void;
  presenceChanged(): void;
  /** Tells shoppers when help became (un)available without any agent event, e.g. business hours starting. */
  refreshAvailability(): void;
  /**
   * An agent's socket opened a conversation: it hears its live traffic as far as agent-access.ts allows,
   * until that access ends (every conversation change re-checks the sockets in its rooms). `conversation` is
   * what the caller read; a change committed since was told to the rooms' members of its moment, not to this
   * socket, so the conversation is read again once the socket is in: the socket ends in the rooms of the
   * conversation as it is after the join, which is returned (null: it is gone) for the caller to answer from.
   */
  watch(socketId: string, agent: Agent, conversation: Conversation): Promise<Conversation | null>;
  stop(): void;
}

export function attachBroadcaster(deps: {
  bus: Bus;
  store: Store;
  shoppers: ShopperNamespace;
  agents: AgentNamespace;
  handoff: HandoffService;
  shopperService: ShopperService;
  views: ConsoleViews;
  caseViews: CaseViews;
  logger: Logger;
}): Broadcaster {
  const { bus, store, shoppers, agents, handoff, shopperService, views, caseViews, logger } = deps;
  /** A queue broadcast pending this tick: 'agents' (their lists only) or 'all' (waiting shoppers' places too). */
  let queueScheduled: false | 'agents' | 'all' = false;
  let queueTimer: NodeJS.Timeout | null = null;
  let lastQueueAt = -Infinity;
  /**
   * Waiting conversations that changed since the last queue broadcast: their shoppers' views go out with it,
   * place in line included, instead of one queue read each (a busy hour has hundreds waiting).
   */
  const changedWaiting = new Set<string>();
  /** What each waiting shopper was last told (place, wait, anyone there), by conversation id. */
  let toldWaiting = new Map<string, string>();
  let agentsOnline = false;
  let stopped = false;
  // Per-message emits skip rooms nobody is in: most of them, and each would be encoded anyway (audience.ts).
  const hearsShopper = audienceOf(shoppers);
  const hearsAgent = audienceOf(agents);

  const safely = (what: string, fn: () => Promise<void>) =>
    fn().catch((err: unknown) => logger.error({ err, what }, 'broadcast failed'));

  /**
   * Every queue audience: the whole-queue room and one room per set of departments some agent serves. From
   * the store, not this instance's sockets, so agents connected to other instances hear it too.
   */
  const queueAudiences = async (): Promise<Map<string, Agent>> => {
    const audiences = new Map<string, Agent>();
    for (const agent of await store.agents.list()) if (!audiences.has(queueRoom(agent))) audiences.set(queueRoom(agent), agent);
    audiences.delete(WHOLE_QUEUE);
    return audiences;
  };

  /** The agents' queue lists, each audience seeing the departments it serves. */
  const publishAgentQueue = async (queue: QueueEntry[]) => {
    agents.to(WHOLE_QUEUE).emit('queue:changed', { queue });
    for (const [room, agent] of await queueAudiences()) agents.to(room).emit('queue:changed', { queue: visibleQueue(agent, queue) });
  };

  const publishQueue = () =>
    safely('queue', async () => {
      const isShoppersToo = queueScheduled === 'all';
      queueScheduled = false;
      queueTimer = null;
      lastQueueAt = performance.now();
      if (stopped) return;
      if (!isShoppersToo) return publishAgentQueue(await handoff.queue());
      // Read once for every waiting shopper: one list, staffing and the average wait per department.
      const { entries, waiting, places } = await handoff.queueSnapshot();
      const changed = new Set(changedWaiting);
      changedWaiting.clear();
      await publishAgentQueue(entries);
      const servable = new Map<string, boolean>();
      const told = new Map<string, string>();
      for (const conversation of waiting) {
        if (!places.has(conversation.id)) continue;
        const place = places.get(conversation.id) ?? null;
        // A waiting shopper's "is anyone there" is about their department, not the shop as a whole: with
        // nobody who can take it, the widget offers to leave a message instead of a place in line.
        if (!servable.has(conversation.department)) servable.set(conversation.department, await handoff.canServe(conversation.department));
        const agentsOnline = servable.get(conversation.department) ?? false;
        const said = `${place?.position}|${place?.estimatedWaitSec}|${agentsOnline}`;
        told.set(conversation.id, said);
        // Most broadcasts move a few places: the others' unchanged view is not sent again.
        if (!changed.has(conversation.id) && toldWaiting.get(conversation.id) === said) continue;
        const room = shoppers.to(visitorRoom(conversation.visitorId));
        room.emit('conversation:updated', await shopperService.view(conversation, place));
        room.emit('presence:changed', { agentsOnline });
      }
      toldWaiting = told;
      for (const id of changed) {
        if (places.has(id)) continue;
        // Beyond the listed part of the queue, or no longer waiting (then its own change was told already).
        const conversation = await store.conversations.get(id);
        if (conversation?.status === 'waiting') shoppers.to(visitorRoom(conversation.visitorId)).emit('conversation:updated', await shopperService.view(conversation, null));
      }
    });

  const presenceList = coalesce(PRESENCE_INTERVAL_MS, () =>
    void safely('presence', async () => {
      if (!stopped) agents.to(ALL_AGENTS).emit('presence:changed', { presence: await views.presenceList() });
    }),
  );
  // Shoppers' "is anyone there" is only sent when it flips: checked on the turn after any presence change.
  const availability = coalesce(0, () => api.refreshAvailability());

  const roomFor = (access: ConversationAccess, conversationId: string): string | null =>
    access === 'full' ? conversationRoom(conversationId) : access === 'preview' ? previewRoom(conversationId) : null;

  // fetchSockets sees every instance's sockets (Redis adapter), and leave/join on them act where they live.
  const reconcileRooms = (conversation: Conversation) =>
    safely('rooms', async () => {
      const rooms = [conversationRoom(conversation.id), previewRoom(conversation.id)];
      for (const socket of await agents.in(rooms).fetchSockets()) {
        // The console holds what it read with full access (notes too) and drops it on this word. Not a close:
        // the owner of a closed chat may still read it, only there is nothing live to hear. A preview ends too
        // once the chat is no longer this agent's to read (another agent took it): else it stayed on screen,
        // silently no longer live, with a Take button for a chat already taken.
        const access = accessTo(socket.data.agent, conversation);
        if (access !== 'full' && socket.rooms.has(conversationRoom(conversation.id))) {
          socket.emit('conversation:access-ended', { conversationId: conversation.id, access, was: 'full' });
        } else if (access === 'none' && socket.rooms.has(previewRoom(conversation.id))) {
          socket.emit('conversation:access-ended', { conversationId: conversation.id, access, was: 'preview' });
        }
        const wanted = roomFor(listenAccess(socket.data.agent, conversation), conversation.id);
        for (const room of rooms) if (room !== wanted && socket.rooms.has(room)) socket.leave(room);
        if (wanted && !socket.rooms.has(wanted)) socket.join(wanted);
      }
    });

  /**
   * This instance's sockets still in the conversation's room without full access to it now. Their leave
   * (reconcileRooms) is async and a note can be posted in the same turn as the change that ended their access
   * (a transfer's note to the new owner): a note must not reach them meanwhile. Another instance's sockets
   * are not known here; they leave as soon as reconcileRooms reaches them.
   */
  const lostFullAccess = (conversation: Conversation): string[] => {
    const lost: string[] = [];
    for (const id of agents.adapter.rooms.get(conversationRoom(conversation.id)) ?? []) {
      const agent = agents.sockets.get(id)?.data.agent;
      if (agent && accessTo(agent, conversation) !== 'full') lost.push(id);
    }
    return lost;
  };

  /** Agents who may see the case (case-access.ts), and those who could until this change. */
  const caseAgentRooms = (c: Case, previous?: Case): string[] => {
    const rooms = [departmentRoom(c.department), departmentRoom('*'), SUPERVISORS];
    if (c.assigneeId) rooms.push(agentRoom(c.assigneeId));
    if (previous && previous.department !== c.department) rooms.push(departmentRoom(previous.department));
    if (previous?.assigneeId && previous.assigneeId !== c.assigneeId) rooms.push(agentRoom(previous.assigneeId));
    return rooms;
  };

  /** The customer's devices: this visitor's sockets and, for an identified customer, all of theirs. */
  const caseShopperRooms = (c: Case): string[] => {
    const rooms: string[] = [];
    if (c.visitorId) rooms.push(visitorRoom(c.visitorId));
    if (c.customerId) rooms.push(customerRoom(c.siteId, c.customerId));
    return rooms;
  };

  const caseChanged = (c: Case, previous?: Case) =>
    safely('case', async () => {
      agents.to(caseAgentRooms(c, previous)).emit('case:updated', c);
      const rooms = caseShopperRooms(c);
      if (rooms.length) shoppers.to(rooms).emit('case:updated', await caseViews.shopperView(c));
    });

  const scheduleQueue = (scope: 'agents' | 'all') => {
    if (queueScheduled === 'all' || queueScheduled === scope) return;
    const isPending = queueScheduled !== false;
    queueScheduled = scope;
    if (isPending) return;
    // A broadcast costs O(queue): under load, changes arriving every turn share one per interval.
    const wait = lastQueueAt + QUEUE_INTERVAL_MS - performance.now();
    if (wait <= 0) setImmediate(() => void publishQueue());
    else queueTimer = setTimeout(() => void publishQueue(), wait);
  };

  const api: Broadcaster = {
    async watch(socketId, agent, conversation) {
      // A closed chat stays closed: nothing to hear, nothing to read again.
      if (conversation.status === 'closed') return conversation;
      // The asking socket is this instance's: it joins and leaves here, not through the adapter (with Redis,
      // a message to every instance).
      const socket = agents.sockets.get(socketId);
      const rooms = [conversationRoom(conversation.id), previewRoom(conversation.id)];
      let joined = roomFor(listenAccess(agent, conversation), conversation.id);
      for (let round = 0; round < WATCH_ROUNDS; round++) {
        if (joined) void socket?.join(joined);
        // Read after the join: a change from here on finds the socket in the room (reconcileRooms). Rooms are
        // left only on what this read says, so a socket already rightly in one misses nothing meanwhile.
        const now = await store.conversations.get(conversation.id);
        const wanted = now ? roomFor(listenAccess(agent, now), now.id) : null;
        for (const room of rooms) if (room !== wanted) void socket?.leave(room);
        // No room wanted: nothing live to hear, and the caller answers from `now` (refused, or a closed transcript).
        if (wanted === joined || wanted === null) return now;
        joined = wanted;
      }
      for (const room of rooms) void socket?.leave(room);
      throw new AppError('CONFLICT', { message: 'The conversation changed meanwhile; reload it.' });
    },
    queueChanged() {
      scheduleQueue('all');
    },
    presenceChanged() {
      presenceList.schedule();
      availability.schedule();
    },
    refreshAvailability() {
      void safely('availability', async () => {
        const online = await handoff.canServe('general');
        if (online === agentsOnline || stopped) return;
        agentsOnline = online;
        shoppers.emit('presence:changed', { agentsOnline: online });
        // Waiting shoppers then hear about their own department (publishQueue), after this general word:
        // all of them, since the general word just overwrote what each was told.
        toldWaiting = new Map();
        api.queueChanged();
      });
    },
    stop() {
      stopped = true;
      if (queueTimer) clearTimeout(queueTimer);
      presenceList.stop();
      availability.stop();
      offs.forEach((off) => off());
    },
  };

  const offs = [
    bus.on('message.created', ({ conversation, message, ackedTo }) => {
      // The sending tab (a shopper's or an agent's) has it from its ack: one packet fewer per message; the
      // sender's other tabs hear it. Socket ids are unique across namespaces, so one `except` serves both.
      const visitor = visitorRoom(conversation.visitorId);
      if (!message.internal && hearsShopper(visitor, ackedTo)) {
        (ackedTo ? shoppers.to(visitor).except(ackedTo) : shoppers.to(visitor)).emit('message:created', message);
      }
      const rooms = agentRooms(conversation);
      if (!message.internal) rooms.push(previewRoom(conversation.id));
      const except = message.internal ? lostFullAccess(conversation) : [];
      if (ackedTo) except.push(ackedTo);
      if (hearsAgent(rooms, ackedTo)) agents.to(rooms).except(except).emit('message:created', message);
      // A new message changes the agents' preview of a waiting chat, not anyone's place in line.
      if (conversation.status === 'waiting') scheduleQueue('agents');
    }),
    // First, so a socket whose access ended is out of the rooms before anything else is said in them.
    bus.on('conversation.changed', ({ conversation }) => void reconcileRooms(conversation)),
    bus.on('conversation.changed', async ({ conversation, previous }) => {
      // A waiting shopper's view carries their place in line: it goes out with the queue broadcast below.
      const visitor = visitorRoom(conversation.visitorId);
      if (conversation.status === 'waiting') changedWaiting.add(conversation.id);
      else if (hearsShopper(visitor)) shoppers.to(visitor).emit('conversation:updated', await shopperService.view(conversation));
      const rooms = [...agentRooms(conversation), SUPERVISORS];
      if (previous?.assignedAgentId && previous.assignedAgentId !== conversation.assignedAgentId) {
        rooms.push(agentRoom(previous.assignedAgentId));
      }
      if (hearsAgent(rooms)) agents.to(rooms).emit('conversation:updated', conversation);
      if (conversation.status === 'waiting' || previous?.status === 'waiting') api.queueChanged();
      if (conversation.status !== previous?.status && (conversation.status === 'assigned' || previous?.status === 'assigned')) {
        api.presenceChanged();
      }
    }),
    bus.on('conversation.assigned', ({ conversation, agentId }) => {
      agents.to(agentRoom(agentId)).emit('conversation:assigned', { conversation, summary: conversation.handoff });
    }),
    bus.on('agents.changed', () => {
      api.presenceChanged();
      // Waiting shoppers' place and wait estimate depend on who is available.
      api.queueChanged();
    }),
    bus.on('metrics.drifted', (alert) => {
      agents.to(SUPERVISORS).emit('metrics:drifted', alert);
    }),
    bus.on('sla.breached', ({ conversation, priority, waitedMs }) => {
      agents.to(SUPERVISORS).emit('sla:breached', { conversationId: conversation.id, priority, waitedMs });
    }),
    bus.on('queue.alerted', async (alert) => {
      const conversation = await store.conversations.get(alert.conversationId);
      if (!conversation) return;
      const rooms = [WHOLE_QUEUE];
      for (const [room, agent] of await queueAudiences()) if (visibleQueue(agent, [conversation]).length > 0) rooms.push(room);
      agents.to(rooms).emit('queue:alerted', alert);
    }),
    bus.on('typing.changed', ({ conversation, by, isTyping, draft, name }) => {
      if (by === 'shopper') {
        const rooms = agentRooms(conversation);
        if (hearsAgent(rooms)) agents.to(rooms).emit('typing:changed', { conversationId: conversation.id, isTyping, draft });
      } else {
        shoppers.to(visitorRoom(conversation.visitorId)).emit('typing:changed', { sender: 'agent', isTyping, name });
      }
    }),
    bus.on('case.created', ({ case: c }) => void caseChanged(c)),
    bus.on('case.updated', ({ case: c, previous }) => void caseChanged(c, previous)),
    bus.on('case.merged', ({ primary, duplicate }) => {
      void caseChanged(primary);
      void caseChanged(duplicate);
    }),
    bus.on('case.read', ({ case: c }) =>
      void safely('case read', async () => {
        const rooms = caseShopperRooms(c);
        if (rooms.length) shoppers.to(rooms).emit('case:updated', await caseViews.shopperView(c));
      })),
    bus.on('case.replied', ({ case: c, message }) =>
      void safely('case reply', async () => {
        agents.to(caseAgentRooms(c)).emit('case:replied', { caseId: c.id, message });
        if (!isPublicCaseMessage(message)) return;
        const rooms = caseShopperRooms(c);
        if (!rooms.length) return;
        shoppers.to(rooms).emit('case:replied', { caseId: c.id, message });
        // The unread badge of a widget that is open but not showing this case.
        if (message.kind === 'reply') shoppers.to(rooms).emit('case:updated', await caseViews.shopperView(c));
      })),
    // Each escalation notifies the new owner: the assignee, else the department's agents (L3: supervisors too).
    bus.on('case.escalated', ({ case: c, reason, isAutomatic }) => {
      const rooms = c.assigneeId ? [agentRoom(c.assigneeId)] : [departmentRoom(c.department), departmentRoom('*')];
      if (c.tier === 'L3') rooms.push(SUPERVISORS);
      agents.to(rooms).emit('case:escalated', { case: c, reason, isAutomatic });
    }),
    bus.on('read.marked', ({ conversation, by, upToSeq }) => {
      if (by === 'shopper') agents.to(agentRooms(conversation)).emit('read:marked', { conversationId: conversation.id, upToSeq });
      else shoppers.to(visitorRoom(conversation.visitorId)).emit('read:marked', { upToSeq });
    }),
  ];
  return api;
}
