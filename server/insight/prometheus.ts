/**
 * Operational counters for Prometheus (prom-client), fed by the domain bus like every other listener:
 * connections, messages, bot decisions, queue length, handoff latency, and Node's own figures (event-loop
 * lag among them). One registry per app, so several apps in one process (tests) do not collide.
 */
import client from 'prom-client';
import type { Bus } from '../domain/bus';
import type { Store } from '../store/store';

export interface Prometheus {
  readonly contentType: string;
  /** The exposition text of every metric. */
  render(): Promise<string>;
  stop(): void;
}

export function createPrometheus(deps: {
  bus: Bus;
  store: Store;
  /** Open sockets per namespace, read at scrape time. */
  connections: () => Record<'shopper' | 'agent', number>;
}): Prometheus {
  const { bus, store } = deps;
  const register = new client.Registry();
  client.collectDefaultMetrics({ register, prefix: 'parley_' });

  new client.Gauge({
    name: 'parley_socket_connections',
    help: 'Open Socket.IO connections on this instance',
    labelNames: ['namespace'],
    registers: [register],
    collect() {
      for (const [namespace, n] of Object.entries(deps.connections())) this.set({ namespace }, n);
    },
  });
  const messages = new client.Counter({
    name: 'parley_messages_total',
    help: 'Messages stored, by sender',
    labelNames: ['sender'],
    registers: [register],
  });
  const decisions = new client.Counter({
    name: 'parley_bot_decisions_total',
    help: 'Bot turns, by decision (answer, clarify, fallback, handoff)',
    labelNames: ['decision'],
    registers: [register],
  });
  const handoffs = new client.Counter({
    name: 'parley_handoffs_total',
    help: 'Conversations sent to the queue, by reason',
    labelNames: ['reason'],
    registers: [register],
  });
  const latency = new client.Histogram({
    name: 'parley_handoff_latency_seconds',
    help: 'From a handoff to the assignment to an agent',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers: [register],
  });
  new client.Gauge({
    name: 'parley_queue_length',
    help: 'Conversations waiting for an agent (all instances: read from the store)',
    registers: [register],
    async collect() {
      this.set((await store.conversations.list({ status: ['waiting'], order: 'queue', limit: 100_000 })).length);
    },
  });

  const offs = [
    bus.on('message.created', ({ message }) => void messages.inc({ sender: message.sender })),
    bus.on('bot.replied', ({ reply }) => void decisions.inc({ decision: reply.decision })),
    bus.on('handoff.requested', ({ reason }) => void handoffs.inc({ reason })),
    bus.on('conversation.assigned', ({ conversation: c, by }) => {
      if (by === 'transfer' || c.assignedAt === null || c.waitingSince === null) return;
      latency.observe(Math.max(0, (c.assignedAt - c.waitingSince) / 1000));
    }),
  ];

  return {
    contentType: register.contentType,
    render: () => register.metrics(),
    stop: () => offs.forEach((off) => off()),
  };
}
