/**
 * The shopper namespace socket as the transport sees it: the small interface a test double implements,
 * the default socket.io connector, and commands that always resolve with a ClientResult.
 */
import { Manager } from 'socket.io-client';
import { clientFailure, type ClientResult } from '../../shared/errors';
import type { ShopperClientEvents } from '../../shared/events';
import type { WidgetLocale } from '../protocol/types';

export type Command = keyof ShopperClientEvents;
export type PayloadOf<E extends Command> = Parameters<ShopperClientEvents[E]>[0];
/** The Ack<T> a command's callback receives from the server. */
export type AckOf<E extends Command> = Parameters<Parameters<ShopperClientEvents[E]>[1]>[0];
export type DataOf<E extends Command> = Extract<AckOf<E>, { ok: true }>['data'];
/** A command's outcome: the server's ack, or TIMEOUT / OFFLINE when none came. */
export type CommandResult<E extends Command> = ClientResult<DataOf<E>>;
export type Listener = (...args: never[]) => void;

/** The part of a socket.io-client Socket the transport uses (a fake implements it in tests). */
export interface ShopperSocketLike {
  readonly connected: boolean;
  /** False after the server refused the handshake: socket.io then stops reconnecting by itself. */
  readonly active: boolean;
  connect(): unknown;
  disconnect(): unknown;
  on(event: string, fn: Listener): unknown;
  timeout(ms: number): { emitWithAck<E extends Command>(event: E, payload: PayloadOf<E>): Promise<AckOf<E>> };
}

export type SocketAuth = () => { siteId: string; visitorToken?: string; locale?: WidgetLocale };
export type ConnectFn = (url: string, auth: SocketAuth) => ShopperSocketLike;

/** Sends one command and waits for its ack; never rejects. */
export type SendCommand = <E extends Command>(event: E, payload: PayloadOf<E>) => Promise<CommandResult<E>>;

/**
 * Default connector: websocket first (no long-polling round trips), polling when a proxy blocks it
 * (`tryAllTransports`: without it socket.io retries the first transport forever); socket.io's
 * reconnection backoff (1 s doubling to 5 s, ±50% jitter) is kept as is. No transport upgrade: none is ever offered
 * here (WebSocket has none; after the fallback only polling is left to filter the server's offer by), and the build
 * leaves the upgrade's code out (scripts/build.ts, UNUSED_MEMBERS).
 * A Manager per call, as `io()` does for a namespace it has seen before: the chat never multiplexes,
 * and skipping `io()`'s URL parser and cache keeps the chat chunk within its budget.
 */
export const connectSocketIo: ConnectFn = (url, auth) => {
  const { origin, pathname } = new URL(url);
  const opts = { auth: (cb: (data: object) => void) => cb(auth()), transports: ['websocket', 'polling'], tryAllTransports: true, upgrade: false };
  // socket.io's typed Socket is structurally wider than the subset used here.
  return new Manager(origin, opts).socket(pathname, opts) as unknown as ShopperSocketLike;
};

/** Commands over whichever socket is current: OFFLINE without one, TIMEOUT when no ack comes within ackMs. */
export function createSendCommand(socket: () => ShopperSocketLike | null, ackMs: number): SendCommand {
  return async (event, payload) => {
    const s = socket();
    if (!s) return clientFailure('OFFLINE');
    try {
      return await s.timeout(ackMs).emitWithAck(event, payload);
    } catch {
      return clientFailure('TIMEOUT');
    }
  };
}
