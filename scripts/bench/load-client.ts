/**
 * Bench child: the load generator, in its own process so its CPU and memory are not the server's.
 * It ramps real /shopper sockets (handshake `{ siteId: 'demo' }`) at `connectRate`, reports `connected`,
 * then runs phases on the same sockets: in each, every shopper asks at its own random phase once per
 * interval for the phase's duration (`message:send` with an ack, timed until the bot's `message:created`).
 * `go` runs one phase with the options' interval and duration; `phase` runs another with its own (the
 * max-rate steps); `sample` during a phase takes the figures so far (the soak's minutes). Some shoppers ask
 * for a person; simulated agents on /agent take what they are assigned, reply, and close. Results go back
 * over IPC. Every timer and socket is bounded by the phase durations and closed on `close`.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { bunching } from './stats';

export interface LoadOptions {
  /** One per server instance: shoppers and agents are spread over them in turn. */
  urls: string[];
  mode: 'parley' | 'echo';
  shoppers: number;
  /** New connections per second during the ramp. */
  connectRate: number;
  /** Each shopper asks once per this many ms. */
  intervalMs: number;
  durationMs: number;
  /** How many shoppers ask for a person (on their second message). */
  handoffShoppers: number;
  agentTokens: string[];
}

/** What the bench sends once `connected` has come back. */
export type LoadCommand =
  | { type: 'go' }
  | { type: 'phase'; intervalMs: number; durationMs: number }
  | { type: 'sample' }
  | { type: 'close' }
  | { type: 'stop' };

/** A phase's figures (`done`), or those since the phase began or the last `sample` (`sample`). */
export interface LoadResult {
  connected: number;
  connectFailed: number;
  connectMs: number;
  sent: number;
  /** Sends skipped because the shopper's previous question was still unanswered. */
  skipped: number;
  /** Refused shopper questions, and simulated agents' refused replies and closes. */
  errors: number;
  timeouts: number;
  /** The window these figures cover, including a phase's closing drain. */
  elapsedMs: number;
  ackMs: number[];
  botAnswerMs: number[];
  handoffToAgentMs: number[];
  agentReplyToShopperMs: number[];
  /** Questions sent in each 10 ms slot of the window (empty slots count): how bunched the offered load is. */
  sendsPer10ms: { mean: number; p99: number; max: number };
}

const QUESTIONS = [
  'where is my order', 'how long does shipping take', 'do you ship to canada', 'can I return a sweater',
  'what payment methods do you accept', 'my card was declined', 'how do I reset my password', '我的订单到哪了',
  '退货政策是什么', '可以用支付宝吗', 'do you have this in size M', 'what are your opening hours',
  'is there a discount code', 'the zipper on my jacket broke', 'can I change my delivery address',
];
/** A reply slower than this counts as a timeout, not a sample. */
const ANSWER_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 20_000;

const clientId = () => `b${randomBytes(9).toString('base64url')}`;

interface Shopper {
  socket: Socket;
  index: number;
  /** Start of the question waiting for the bot (null when none is). */
  askedAt: number | null;
  asked: number;
  isHandoff: boolean;
  handoffAt: number | null;
  conversationId: string | null;
  timer?: NodeJS.Timeout;
}

async function run(opts: LoadOptions): Promise<void> {
  const connection = { connected: 0, connectFailed: 0, connectMs: 0 };
  const fresh = (): LoadResult => ({
    ...connection, sent: 0, skipped: 0, errors: 0, timeouts: 0, elapsedMs: 0,
    ackMs: [], botAnswerMs: [], handoffToAgentMs: [], agentReplyToShopperMs: [],
    sendsPer10ms: { mean: 0, p99: 0, max: 0 },
  });
  // Samples land in the current window; a `sample` or a phase's end hands it over and opens the next.
  let result = fresh();
  let windowStart = performance.now();
  let sendSlots = new Map<number, number>();
  const take = (): LoadResult => {
    const elapsedMs = performance.now() - windowStart;
    const taken = { ...result, ...connection, elapsedMs: Math.round(elapsedMs), sendsPer10ms: bunching(sendSlots, elapsedMs) };
    result = fresh();
    windowStart = performance.now();
    sendSlots = new Map();
    return taken;
  };
  const sockets: Socket[] = [];
  const open = (nsp: string, auth: Record<string, unknown>, k: number): Promise<Socket | null> =>
    new Promise((resolve) => {
      const socket = io(opts.urls[k % opts.urls.length]! + nsp, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: CONNECT_TIMEOUT_MS });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', () => resolve(null));
    });

  // Agents first, so handoffs find someone online.
  const byConversation = new Map<string, Shopper>();
  /** Assignments that arrived before the shopper's ack told us the conversation id. */
  const earlyAssigned = new Map<string, number>();
  const agentReplySent = new Map<string, number>();
  for (const [i, token] of opts.agentTokens.entries()) {
    const agent = await open('/agent', { token }, i);
    if (!agent) throw new Error('an agent could not connect');
    agent.on('conversation:assigned', ({ conversation }: { conversation: { id: string } }) => {
      const at = performance.now();
      const shopper = byConversation.get(conversation.id);
      if (shopper?.handoffAt != null) {
        result.handoffToAgentMs.push(at - shopper.handoffAt);
        shopper.handoffAt = null;
      } else {
        earlyAssigned.set(conversation.id, at);
      }
      agentReplySent.set(conversation.id, performance.now());
      // Reply, then close so the slot frees for the next handoff.
      // A refused reply or close counts as an error: unseen, it left the chat assigned and only surfaced as the
      // shopper's later questions timing out (an agent past its command budget, two instances, December 2026).
      const counted = (ack: { ok: boolean } | undefined) => {
        if (!ack?.ok) result.errors++;
      };
      agent.emit('message:send', { conversationId: conversation.id, clientId: clientId(), text: 'Hi, I am here to help.' }, (ack: { ok: boolean } | undefined) => {
        counted(ack);
        agent.emit('conversation:close', { conversationId: conversation.id, resolution: 'resolved' }, counted);
      });
    });
  }

  const shoppers: Shopper[] = [];
  const t0 = performance.now();
  const batchMs = 50;
  const perBatch = Math.max(1, Math.round((opts.connectRate * batchMs) / 1000));
  const connecting: Promise<void>[] = [];
  const every = Math.max(1, Math.floor(opts.shoppers / Math.max(1, opts.handoffShoppers)));
  const isHandoff = (k: number) => opts.handoffShoppers > 0 && k % every === 0 && k / every < opts.handoffShoppers;
  for (let i = 0; i < opts.shoppers; i += perBatch) {
    for (let k = i; k < Math.min(opts.shoppers, i + perBatch); k++) {
      connecting.push(
        open('/shopper', { siteId: 'demo' }, k).then((socket) => {
          if (!socket) {
            connection.connectFailed++;
            return;
          }
          connection.connected++;
          shoppers.push({ socket, index: k, askedAt: null, asked: 0, isHandoff: isHandoff(k), handoffAt: null, conversationId: null });
        }),
      );
    }
    await new Promise((r) => setTimeout(r, batchMs));
  }
  await Promise.all(connecting);
  connection.connectMs = Math.round(performance.now() - t0);
  process.send?.({ type: 'connected', connected: connection.connected, failed: connection.connectFailed });

  for (const shopper of shoppers) {
    shopper.socket.on('message:created', (m: { sender: string; conversationId: string }) => {
      const at = performance.now();
      if (m.sender === 'agent') {
        const sent = agentReplySent.get(m.conversationId);
        if (sent !== undefined) {
          result.agentReplyToShopperMs.push(at - sent);
          agentReplySent.delete(m.conversationId);
        }
        return;
      }
      if (m.sender !== 'bot' || shopper.askedAt === null) return;
      if (opts.mode === 'parley') result.botAnswerMs.push(at - shopper.askedAt);
      shopper.askedAt = null;
    });
  }

  let started = performance.now();
  let durationMs = 0;
  const ask = (shopper: Shopper) => {
    const now = performance.now();
    if (now - started > durationMs) return;
    if (shopper.askedAt !== null) {
      if (now - shopper.askedAt < ANSWER_TIMEOUT_MS) {
        result.skipped++;
        return;
      }
      result.timeouts++;
      shopper.askedAt = null;
    }
    const isHandoff = shopper.isHandoff && shopper.asked === 1;
    const text = isHandoff ? 'talk to a human' : QUESTIONS[(shopper.index + shopper.asked) % QUESTIONS.length];
    shopper.asked++;
    result.sent++;
    const at = performance.now();
    const slot = Math.floor((at - windowStart) / 10);
    sendSlots.set(slot, (sendSlots.get(slot) ?? 0) + 1);
    // Handoff requests are timed to the agent, not to the bot's "connecting you" phrase.
    shopper.askedAt = isHandoff ? null : at;
    if (isHandoff) shopper.handoffAt = at;
    shopper.socket.emit('message:send', { clientId: clientId(), text }, (ack: { ok: boolean; data?: { message: { conversationId: string } } }) => {
      const acked = performance.now();
      result.ackMs.push(acked - at);
      if (!ack?.ok) {
        result.errors++;
        shopper.askedAt = null;
        return;
      }
      if (opts.mode === 'echo') {
        shopper.askedAt = null;
        return;
      }
      const id = ack.data?.message.conversationId;
      if (!id) return;
      shopper.conversationId = id;
      if (isHandoff) {
        byConversation.set(id, shopper);
        const early = earlyAssigned.get(id);
        if (early !== undefined && shopper.handoffAt !== null) {
          result.handoffToAgentMs.push(early - shopper.handoffAt);
          shopper.handoffAt = null;
          earlyAssigned.delete(id);
        }
      }
    });
  };
  const runPhase = async (intervalMs: number, phaseMs: number): Promise<LoadResult> => {
    started = performance.now();
    durationMs = phaseMs;
    take();
    // Each shopper asks on its own fixed schedule: at a random phase, then every intervalMs from it. Not
    // setInterval: Node re-arms every interval fired in one pass over a timer list at that pass's loop time,
    // so a stall of this client merged the late shoppers into one group for good, and over a soak the
    // offered load bunched up (asks per 10 ms p99 rose from 18 to 53 in 5 minutes, at the same 500 a second).
    const end = started + phaseMs;
    for (const shopper of shoppers) {
      const first = started + Math.random() * intervalMs;
      const arm = (k: number) => {
        const due = first + k * intervalMs;
        if (due > end) return;
        shopper.timer = setTimeout(() => {
          ask(shopper);
          arm(k + 1);
        }, Math.max(0, due - performance.now()));
      };
      arm(0);
    }
    // The phase, then a short drain for answers still in flight.
    await new Promise((r) => setTimeout(r, phaseMs + 2000));
    shoppers.forEach((s) => clearTimeout(s.timer));
    // Still unanswered after the drain: a timeout, and not a late sample in the next phase.
    for (const shopper of shoppers) {
      if (shopper.askedAt === null) continue;
      result.timeouts++;
      shopper.askedAt = null;
    }
    return take();
  };

  // A phase runs to its end before another may start; a sample is taken at once, phase or not.
  let isRunning = false;
  await new Promise<void>((resolve) => {
    const onCommand = (command: LoadCommand) => {
      if (command.type === 'sample') {
        process.send?.({ type: 'sample', result: take() });
      } else if (command.type === 'go' || command.type === 'phase') {
        if (isRunning) throw new Error(`load-client: ${command.type} while a phase runs`);
        isRunning = true;
        const [intervalMs, phaseMs] = command.type === 'go' ? [opts.intervalMs, opts.durationMs] : [command.intervalMs, command.durationMs];
        void runPhase(intervalMs, phaseMs).then((phaseResult) => {
          isRunning = false;
          process.send?.({ type: 'done', result: phaseResult });
        });
      } else {
        process.off('message', onCommand);
        resolve();
      }
    };
    process.on('message', onCommand);
  });
  shoppers.forEach((s) => clearTimeout(s.timer));
  sockets.forEach((s) => s.disconnect());
  process.disconnect?.();
}

process.once('message', (msg: { type: string; options: LoadOptions }) => {
  run(msg.options).catch((err: unknown) => {
    process.stderr.write(`load-client: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
});
