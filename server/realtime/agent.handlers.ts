/** The /agent namespace: validates each command, hands it to a service, and keeps presence. Emits nothing itself (see broadcaster.ts). */
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import type { AgentClientEvents, AgentServerEvents, ConversationDetail } from '../../shared/events';
import * as C from '../../shared/cases';
import { AppError } from '../../shared/errors';
import * as S from '../../shared/schemas';
import type { AgentCases } from '../cases/agent-cases';
import type { AgentAssist } from '../conversations/agent-assist';
import type { AgentService } from '../conversations/agent-service';
import { sameAccess } from '../conversations/agent-access';
import type { ConsoleViews } from '../conversations/console-views';
import type { Presence } from '../handoff/presence';
import type { AgentSocketData } from './auth.middleware';
import { createClientErrorLog } from './client-error-log';
import { command, rejectUnknown } from './command';
import type { Broadcaster } from './broadcaster';
import { agentRoom, ALL_AGENTS, departmentRoom, queueRoom, SUPERVISORS } from './rooms';

export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>;

const KNOWN = new Set<string>([
  'console:sync', 'conversation:list', 'conversation:get', 'message:list', 'conversation:take', 'message:send', 'typing:set',
  'read:mark', 'conversation:close', 'conversation:transfer', 'conversation:hand-back', 'tags:set', 'presence:set',
  'assist:suggest', 'assist:use', 'kb:search',
  'case:list', 'case:get', 'case:open', 'case:reply', 'case:set-status', 'case:set-priority', 'case:assign',
  'case:assign-many', 'case:escalate', 'case:merge', 'conversation:convert',
]);

export function registerAgentHandlers(deps: {
  nsp: AgentNamespace;
  service: AgentService;
  views: ConsoleViews;
  assist: AgentAssist;
  cases: AgentCases;
  presence: Presence;
  /** Joins a socket to the rooms of a conversation it opened, as it is after the join (the broadcaster owns room membership). */
  rooms: Pick<Broadcaster, 'watch'>;
  now: () => number;
  logger: Logger;
}): void {
  const { nsp, service, views, assist, cases, presence, rooms, now, logger } = deps;

  nsp.on('connection', (socket: Socket<AgentClientEvents, AgentServerEvents, Record<string, never>, AgentSocketData>) => {
    const { agent } = socket.data;
    const log = logger.child({ ns: 'agent', agentId: agent.id });
    const own = [ALL_AGENTS, agentRoom(agent.id), queueRoom(agent)];
    if (agent.role !== 'agent') own.push(SUPERVISORS);
    // Case facts go to the departments' rooms ('*' is a room of its own: those who work every department).
    for (const department of agent.departments) own.push(departmentRoom(department));
    void socket.join(own);
    presence.connect(agent.id, socket.id, now());
    const current = presence.status(agent.id);
    socket.data.status = current === 'away' ? 'away' : 'online';
    const on = (event: keyof AgentClientEvents, handler: (p: unknown, ack?: unknown) => void) =>
      socket.on(event, handler as never);
    /**
     * The socket joins the rooms of the conversation it read, and the answer is the conversation as it stands
     * after the join: a change between the read and the join (another agent's take, a transfer, a hand-back, a
     * close) was told to the rooms without this socket, which kept a stale chat, a Take button on a taken one.
     * Answered again only when the access changed meanwhile (FORBIDDEN when nothing is left to read).
     */
    const watch = async (detail: ConversationDetail): Promise<ConversationDetail> => {
      const now = await rooms.watch(socket.id, agent, detail.conversation);
      if (now === null) throw new AppError('NOT_FOUND', { message: 'No such conversation.' });
      return sameAccess(now, detail.conversation) ? detail : views.read(agent, now);
    };

    on('console:sync', command('console:sync', S.emptySchema, () => views.sync(agent), log));
    on('conversation:list', command('conversation:list', S.listViewSchema, (p) => views.list(agent, p), log));
    on('conversation:get', command('conversation:get', S.conversationRefSchema, async (p) => {
      return watch(await views.get(agent, p.conversationId));
    }, log));
    on('message:list', command('message:list', S.transcriptPageSchema, (p) => views.page(agent, p), log));
    on('conversation:take', command('conversation:take', S.conversationRefSchema, async (p) => {
      return watch(await service.take(agent, p.conversationId));
    }, log));
    on('message:send', command('message:send', S.agentSendSchema, (p) => service.send(agent, p, { ackedTo: socket.id }), log));
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
    on('assist:suggest', command('assist:suggest', S.conversationRefSchema, (p) => assist.suggest(agent, p), log));
    on('assist:use', command('assist:use', S.assistUseSchema, (p) => assist.used(agent, p), log));
    on('kb:search', command('kb:search', S.kbSearchSchema, async (p) => assist.search(agent, p), log));
    on('case:list', command('case:list', C.agentCaseListSchema, (p) => cases.list(agent, p), log));
    on('case:get', command('case:get', C.caseRefSchema, (p) => cases.get(agent, p.caseId), log));
    on('case:open', command('case:open', C.agentCaseOpenSchema, (p) => cases.open(agent, p), log));
    on('case:reply', command('case:reply', C.caseReplySchema, (p) => cases.reply(agent, p), log));
    on('case:set-status', command('case:set-status', C.caseSetStatusSchema, (p) => cases.setStatus(agent, p), log));
    on('case:set-priority', command('case:set-priority', C.caseSetPrioritySchema, (p) => cases.setPriority(agent, p), log));
    on('case:assign', command('case:assign', C.caseAssignSchema, (p) => cases.assign(agent, p), log));
    on('case:assign-many', command('case:assign-many', C.caseAssignManySchema, (p) => cases.assignMany(agent, p), log));
    on('case:escalate', command('case:escalate', C.caseEscalateSchema, (p) => cases.escalate(agent, p), log));
    on('case:merge', command('case:merge', C.caseMergeSchema, (p) => cases.merge(agent, p), log));
    on('conversation:convert', command('conversation:convert', C.conversationConvertSchema, (p) => cases.convert(agent, p), log));

    socket.onAny(rejectUnknown(KNOWN));
    socket.on('disconnect', () => presence.disconnect(agent.id, socket.id));
    // A client can emit `error` itself, with any payload: never log it whole.
    const logClientError = createClientErrorLog(log);
    socket.on('error', (err) => logClientError('agent socket error', err));
  });
}
