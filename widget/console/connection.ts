import { io, type Socket } from 'socket.io-client';
import { clientFailure, refusalCode, type ClientResult } from '../../shared/errors';
import { AGENT_NAMESPACE, type AgentClientEvents, type AgentServerEvents } from '../../shared/events';

/** How long a command waits for its acknowledgement before the UI says the server did not answer. */
export const ACK_TIMEOUT_MS = 8000;

export type CommandName = keyof AgentClientEvents;
export type PayloadOf<E extends CommandName> = Parameters<AgentClientEvents[E]>[0];
type AckOf<E extends CommandName> = Parameters<Parameters<AgentClientEvents[E]>[1]>[0];
export type DataOf<E extends CommandName> = Extract<AckOf<E>, { ok: true }>['data'];

type ServerEventName = keyof AgentServerEvents;

/** The agent namespace socket behind small subscribe functions, so components never touch Socket.IO. */
export interface Connection {
  /** Sends a command and resolves with its ack; never rejects. */
  request<E extends CommandName>(event: E, payload: PayloadOf<E>): Promise<ClientResult<DataOf<E>>>;
  /** Subscribes to a server fact; returns the unsubscribe function. */
  on<E extends ServerEventName>(event: E, handler: AgentServerEvents[E]): () => void;
  /** Called on the first connect and every reconnect (the moment to `console:sync`). */
  onConnect(handler: () => void): () => void;
  onDisconnect(handler: () => void): () => void;
  /** The token was refused: the console must sign in again. */
  onUnauthorized(handler: () => void): () => void;
  isConnected(): boolean;
  close(): void;
}

type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;
/** The same socket without event typing: the generic `request` is checked by its own signature instead. */
type LooseSocket = Socket;

/** Opens `/agent` with the bearer token. `url` defaults to this page's origin. */
export function createConnection(token: string, url: string = location.origin): Connection {
  const socket: AgentSocket = io(url + AGENT_NAMESPACE, {
    auth: { token },
    transports: ['websocket', 'polling'],
  });
  const loose = socket as unknown as LooseSocket;
  const unauthorized = new Set<() => void>();

  socket.on('connect_error', (err: Error) => {
    // By the code the handshake middleware attaches, not by message text.
    if (refusalCode(err) === 'UNAUTHORIZED') {
      socket.disconnect();
      for (const h of [...unauthorized]) h();
    }
  });

  // The server drops the socket when the session ends (expiry, sign-out elsewhere, deactivation). Try once
  // more: the handshake then answers UNAUTHORIZED and the console returns to the login screen.
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') socket.connect();
  });

  const listen = (event: 'connect' | 'disconnect', handler: () => void): (() => void) => {
    const wrapped = (): void => handler();
    socket.on(event, wrapped);
    return () => {
      socket.off(event, wrapped);
    };
  };

  return {
    async request<E extends CommandName>(event: E, payload: PayloadOf<E>): Promise<ClientResult<DataOf<E>>> {
      if (!socket.connected) return clientFailure('OFFLINE');
      try {
        const ack = (await loose.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as ClientResult<DataOf<E>>;
        return ack;
      } catch {
        return clientFailure('TIMEOUT');
      }
    },
    on<E extends ServerEventName>(event: E, handler: AgentServerEvents[E]): () => void {
      const l = loose as unknown as { on(e: string, h: (...args: unknown[]) => void): void; off(e: string, h: (...args: unknown[]) => void): void };
      const h = handler as unknown as (...args: unknown[]) => void;
      l.on(event, h);
      return () => l.off(event, h);
    },
    onConnect: (handler) => listen('connect', handler),
    onDisconnect: (handler) => listen('disconnect', handler),
    onUnauthorized(handler) {
      unauthorized.add(handler);
      return () => {
        unauthorized.delete(handler);
      };
    },
    isConnected: () => socket.connected,
    close: () => {
      unauthorized.clear();
      socket.disconnect();
    },
  };
}
