/**
 * Handshake checks for both namespaces. Shoppers are identified by their visitor token (a new visitor
 * is created when it is absent or unknown); agents need a valid signed token.
 */
import type { Socket } from 'socket.io';
import { agentAuthSchema, shopperAuthSchema } from '../../shared/schemas';
import type { Agent, Visitor } from '../../shared/model';
import { authenticateAgent } from '../auth/authenticate-agent';
import { hashVisitorToken, newVisitorToken } from '../auth/tokens';
import type { Store } from '../store/store';
import { isLastSeenStale } from '../domain/last-seen';

export interface ShopperSocketData {
  visitor: Visitor;
  visitorToken: string;
  /** The handshake created the visitor (see ShopperContext.isUnannounced). */
  isUnannounced?: boolean;
  socketId?: string;
}

export interface AgentSocketData {
  agent: Agent;
  /** When the socket's token expires (ms): the socket is dropped then (session-guard.ts). */
  tokenExp: number;
  /** Mirrors this agent's presence here, so other instances can read it through fetchSockets(). */
  status?: 'online' | 'away';
}

type Next = (err?: Error) => void;

function refuse(code: string, next: Next) {
  const err = new Error(code) as Error & { data?: unknown };
  err.data = { code };
  next(err);
}

export function shopperAuth(store: Store, now: () => number) {
  return async (socket: Socket, next: Next) => {
    const parsed = shopperAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) return refuse('INVALID_PAYLOAD', next);
    const { siteId, visitorToken, locale } = parsed.data;
    try {
      let visitor = visitorToken ? await store.visitors.getByTokenHash(siteId, hashVisitorToken(visitorToken)) : null;
      let token = visitorToken ?? '';
      let isUnannounced = false;
      if (!visitor) {
        token = newVisitorToken();
        visitor = await store.visitors.create({ siteId, tokenHash: hashVisitorToken(token), locale: locale ?? 'en' });
        isUnannounced = true;
      } else if (isLastSeenStale(visitor, now())) {
        // Not on a reconnect within the minute (a flaky network reconnects often): the same stamp again.
        visitor = (await store.visitors.update(visitor.id, { lastSeenAt: now() })) ?? visitor;
      }
      (socket.data as ShopperSocketData) = { visitor, visitorToken: token, ...(isUnannounced ? { isUnannounced } : {}) };
      next();
    } catch {
      refuse('INTERNAL', next);
    }
  };
}

export function agentAuth(store: Store, secret: () => string, now: () => number) {
  return async (socket: Socket, next: Next) => {
    const parsed = agentAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) return refuse('UNAUTHORIZED', next);
    try {
      const session = await authenticateAgent(parsed.data.token, store, secret(), now());
      if (!session) return refuse('UNAUTHORIZED', next);
      (socket.data as AgentSocketData) = { agent: session.agent, tokenExp: session.exp };
      next();
    } catch {
      refuse('INTERNAL', next);
    }
  };
}
