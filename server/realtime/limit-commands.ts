/**
 * Rate limits for every socket command, per socket, per caller (visitor or agent, across their tabs) and
 * per client address, checked before the command runs. A refused command is acknowledged with
 * RATE_LIMITED and how long to wait; the socket stays connected.
 */
import type { Socket } from 'socket.io';
import { fail } from '../../shared/errors';
import { consume, type LimiterFactory, type Refusal } from '../security/create-limiter';

export interface CommandBudget {
  /** Commands allowed per window. */
  points: number;
  /** Window length, seconds. */
  duration: number;
}

export interface CommandLimits {
  perSocket: CommandBudget;
  perCaller: CommandBudget;
  /** null turns the per-address limit off (COMMANDS_PER_IP_PER_MINUTE=0). */
  perAddress: CommandBudget | null;
  /** Tighter budgets for costly commands, per caller: `ticket:create` stores a record and may send e-mail. */
  perCommand: Record<string, CommandBudget>;
}

/**
 * Installs the limits on a namespace's sockets. `callerOf` names who is behind a socket (a visitor id or
 * an agent id); `namespace` keeps shoppers' and agents' budgets apart.
 */
export function limitCommands(namespace: string, limits: CommandLimits, limiters: LimiterFactory, callerOf: (socket: Socket) => string) {
  const perSocket = limiters({ keyPrefix: `${namespace}-socket`, ...limits.perSocket });
  const perCaller = limiters({ keyPrefix: `${namespace}-caller`, ...limits.perCaller });
  const perAddress = limits.perAddress ? limiters({ keyPrefix: `${namespace}-address`, ...limits.perAddress }) : null;
  const perCommand = new Map(
    Object.entries(limits.perCommand).map(([event, budget]) => [event, limiters({ keyPrefix: `${namespace}-${event}`, ...budget })]),
  );

  return (socket: Socket) => {
    // Runs before every packet: no rest copy of the arguments and no spread arrays, only the checks themselves.
    socket.use((packet, next) => {
      const event = packet[0] as string;
      const caller = callerOf(socket);
      const special = perCommand.get(event);
      const checks: Promise<Refusal | null>[] = [consume(perSocket, socket.id), consume(perCaller, caller)];
      if (perAddress) checks.push(consume(perAddress, socket.handshake.address));
      if (special) checks.push(consume(special, caller));
      Promise.all(checks).then(
        (refusals) => {
          const refusal = refusals.find((r) => r !== null);
          if (!refusal) return next();
          const ack = packet.length > 1 ? packet.at(-1) : undefined;
          if (typeof ack === 'function') {
            const { error } = fail('RATE_LIMITED', 'Too many requests. Please wait a moment.');
            ack({ ok: false, error: { ...error, retryAfterSeconds: refusal.retryAfterSeconds } });
          }
        },
        // The limiter's backend failed (its insurance too): let the command through rather than refuse everyone.
        () => next(),
      );
    });
  };
}
