/** The /shopper namespace: validates each command and hands it to a service. Emits nothing itself (see broadcaster.ts). */
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import type { ShopperClientEvents, ShopperServerEvents } from '../../shared/events';
import { AppError } from '../../shared/errors';
import * as C from '../../shared/cases';
import * as S from '../../shared/schemas';
import { CONSOLE_SITE, provenCustomerId } from '../cases/case-access';
import type { ShopperCases } from '../cases/shopper-cases';
import type { AnswerFeedback } from '../conversations/answer-feedback';
import type { ShopperService } from '../conversations/shopper-service';
import type { ShopperSocketData } from './auth.middleware';
import { npsSubmitSchema } from '../../shared/metrics';
import { command, createRateLimit, rejectUnknown } from './command';
import { createClientErrorLog } from './client-error-log';
import { customerRoom, visitorRoom } from './rooms';

export type ShopperNamespace = Namespace<ShopperClientEvents, ShopperServerEvents, Record<string, never>, ShopperSocketData>;

const KNOWN = new Set<string>([
  'session:resume', 'message:send', 'typing:set', 'read:mark', 'handoff:request',
  'conversation:rate', 'nps:submit', 'answer:rate', 'ticket:create', 'identity:set', 'locale:set',
  'case:list', 'case:get', 'case:open', 'case:reply', 'case:confirm', 'case:read',
]);

export function registerShopperHandlers(
  nsp: ShopperNamespace,
  services: { shopper: ShopperService; cases: ShopperCases; feedback: AnswerFeedback },
  logger: Logger,
): void {
  const { shopper: service, cases, feedback } = services;
  nsp.on('connection', (socket: Socket<ShopperClientEvents, ShopperServerEvents, Record<string, never>, ShopperSocketData>) => {
    const ctx = socket.data;
    ctx.socketId = socket.id;
    void socket.join(visitorRoom(ctx.visitor.id));
    // An identified customer hears about their cases on every device; the rooms follow the proven id: their
    // site's, and the one of the cases agents opened for that id by hand (no site: case-access.ts).
    let customer: string[] = [];
    const followCustomer = () => {
      const id = provenCustomerId(ctx.visitor);
      const rooms = id ? [customerRoom(ctx.visitor.siteId, id), customerRoom(CONSOLE_SITE, id)] : [];
      if (rooms.join() === customer.join()) return;
      for (const room of customer) void socket.leave(room);
      for (const room of rooms) void socket.join(room);
      customer = rooms;
    };
    followCustomer();
    // Ten messages in a burst, then one a second: enough for a person, not for a flood.
    const sendLimit = createRateLimit(10, 1);
    const log = logger.child({ ns: 'shopper', visitorId: ctx.visitor.id });
    const on = (event: keyof ShopperClientEvents, handler: (p: unknown, ack?: unknown) => void) =>
      socket.on(event, handler as never);

    on('session:resume', command('session:resume', S.sessionResumeSchema, (p) => service.resume(ctx, p), log));
    on('message:send', command('message:send', S.shopperSendSchema, async (p) => {
      if (!sendLimit()) throw new AppError('RATE_LIMITED', { message: 'You are sending messages too fast. Please wait a moment.' });
      return service.send(ctx, p);
    }, log));
    on('handoff:request', command('handoff:request', S.handoffRequestSchema, () => service.requestHuman(ctx), log));
    on('conversation:rate', command('conversation:rate', S.rateSchema, (p) => service.rate(ctx, p), log));
    on('answer:rate', command('answer:rate', S.answerRateSchema, (p) => feedback.rate(ctx.visitor.id, p), log));
    on('nps:submit', command('nps:submit', npsSubmitSchema, (p) => service.answerNps(ctx, p), log));
    // The offline form now opens a case (the same number sequence as tickets).
    on('ticket:create', command('ticket:create', S.ticketCreateSchema, (p) => cases.openFromForm(ctx, p), log));
    on('identity:set', command('identity:set', S.identifySchema, async (p) => {
      const result = await service.identify(ctx, p);
      followCustomer();
      return result;
    }, log));
    on('locale:set', command('locale:set', S.localeSetSchema, (p) => service.setLocale(ctx, p.locale), log));
    on('typing:set', command('typing:set', S.shopperTypingSchema, (p) => service.setTyping(ctx, p), log));
    on('read:mark', command('read:mark', S.readSchema, (p) => service.read(ctx, p.upToSeq), log));
    on('case:list', command('case:list', S.emptySchema, () => cases.list(ctx), log));
    on('case:get', command('case:get', C.caseRefSchema, (p) => cases.get(ctx, p.caseId), log));
    on('case:open', command('case:open', C.caseOpenSchema, (p) => cases.open(ctx, p), log));
    on('case:reply', command('case:reply', C.shopperCaseReplySchema, (p) => cases.reply(ctx, p), log));
    on('case:confirm', command('case:confirm', C.caseConfirmSchema, (p) => cases.confirm(ctx, p), log));
    on('case:read', command('case:read', C.caseReadSchema, (p) => cases.read(ctx, p), log));

    socket.onAny(rejectUnknown(KNOWN));
    // A client can emit `error` itself, with any payload: never log it whole.
    const logClientError = createClientErrorLog(log);
    socket.on('error', (err) => logClientError('shopper socket error', err));
  });
}

