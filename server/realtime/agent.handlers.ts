/** The /agent namespace: validates each command, hands it to a service, and keeps presence. Emits nothing itself (see broadcaster.ts). */
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import type { AgentClientEvents, AgentServerEvents } from '../../shared/events';
import * as S from '../../shared/schemas';
import type { AgentAssist } from '../conversations/agent-assist';
import type { AgentService } from '../conversations/agent-service';
import type { ConsoleViews } from '../conversations/console-views';
import type { TicketService } from '../conversations/ticket-service';
import type { Presence } from '../handoff/presence';
import type { AgentSocketData } from './auth.middleware';
import { command, rejectUnknown } from './command';
import { agentRoom, ALL_AGENTS, conversationRoom, SUPERVISORS } from './rooms';

export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;

const KNOWN = new Set<string>([
  'console:sync', 'conversation:list', 'conversation:get', 'conversation:take', 'message:send', 'typing:set',
  'read:mark', 'conversation:close', 'conversation:transfer', 'conversation:hand-back', 'tags:set', 'presence:set',
  'ticket:list', 'ticket:reply',
  'assist:suggest', 'assist:use', 'kb:search',
]);

export function registerAgentHandlers(deps: {
  nsp: AgentNamespace;
  service: AgentService;
  views: ConsoleViews;
  tickets: TicketService;
  assist: AgentAssist;
  presence: Presence;
  now: () => number;
  logger: Logger;
}): void {
  const { nsp, service, views, tickets, assist, presence, now, logger } = deps;

  nsp.on('connection', (socket: Socket<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>) => {
    const { agent } = socket.data;
    const log = logger.child({ ns: 'agent', agentId: agent.id });
    const rooms = [ALL_AGENTS, agentRoom(agent.id)];
    if (agent.role !== 'agent') rooms.push(SUPERVISORS);
    void socket.join(rooms);
    presence.connect(agent.id, socket.id, now());
    const current = presence.status(agent.id);
    socket.data.status = current === 'away' ? 'away' : 'online';
    const on = (event: keyof AgentClientEvents, handler: (p: unknown, ack?: unknown) => void) =>
      socket.on(event, handler as never);
    const watch = (conversationId: string) => void socket.join(conversationRoom(conversationId));

    on('console:sync', command('console:sync', S.emptySchema, () => views.sync(agent), log));
    on('conversation:list', command('conversation:list', S.listViewSchema, (p) => views.list(agent, p), log));
    on('conversation:get', command('conversation:get', S.conversationRefSchema, async (p) => {
      const detail = await views.get(agent, p.conversationId);
      watch(p.conversationId);
      return detail;
    }, log));
    on('conversation:take', command('conversation:take', S.conversationRefSchema, async (p) => {
      const detail = await service.take(agent, p.conversationId);
      watch(p.conversationId);
      return detail;
    }, log));
    on('message:send', command('message:send', S.agentSendSchema, (p) => service.send(agent, p), log));
    on('typing:set', command('typing:set', S.agentTypingSchema, (p) => service.setTyping(agent, p), log));
    on('read:mark', command('read:mark', S.agentReadSchema, (p) => service.read(agent, p), log));
    on('conversation:close', command('conversation:close', S.closeSchema, (p) => service.close(agent, p), log));
    on('conversation:transfer', command('conversation:transfer', S.transferSchema, (p) => service.transfer(agent, p), log));
    on('conversation:hand-back', command('conversation:hand-back', S.conversationRefSchema, (p) => service.handBack(agent, p.conversationId), log));
    on('tags:set', command('tags:set', S.tagsSetSchema, (p) => service.setTags(agent, p), log));
    on('presence:set', command('presence:set', S.presenceSetSchema, async (p) => {
      presence.setStatus(agent.id, p.status);
      for (const s of await nsp.in(agentRoom(agent.id)).local.fetchSockets()) s.data.status = p.status;
      return null;
    }, log));
    on('ticket:list', command('ticket:list', S.ticketListSchema, (p) => tickets.list(agent, p), log));
    on('ticket:reply', command('ticket:reply', S.ticketReplySchema, (p) => tickets.reply(agent, p), log));
    on('assist:suggest', command('assist:suggest', S.conversationRefSchema, (p) => assist.suggest(agent, p), log));
    on('assist:use', command('assist:use', S.assistUseSchema, (p) => assist.used(agent, p), log));
    on('kb:search', command('kb:search', S.kbSearchSchema, async (p) => assist.search(agent, p), log));

    socket.onAny(rejectUnknown(KNOWN));
    socket.on('disconnect', () => presence.disconnect(agent.id, socket.id));
    socket.on('error', (err) => log.warn({ err }, 'agent socket error'));
  });
}
