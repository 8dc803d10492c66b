/**
 * `npm run bench`: end-to-end figures through a real server on loopback (real sockets, a temp SQLite file,
 * the retail KB): bot answer round trip, handoff-to-agent time, and throughput under concurrent shoppers.
 * `--json` prints one JSON object instead of the table.
 */
import { performance } from 'node:perf_hooks';
import type { Conversation, Message } from '../../shared/model';
import { callOk, clientId, startServer, waitFor } from '../../tests/integration/harness';
import { summarise } from './stats';

const QUESTIONS = [
  'where is my order', 'how long does shipping take', 'do you ship to canada', 'can I return a sweater',
  'what payment methods do you accept', 'my card was declined', 'how do I reset my password', '我的订单到哪了',
  '退货政策是什么', '可以用支付宝吗', 'do you have this in size M', 'what are your opening hours',
];

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const server = await startServer({ DEPARTMENTS: 'general:auto,orders:auto,returns:auto,billing:auto,technical:auto', COMMANDS_PER_IP_PER_MINUTE: '0' /* every simulated shopper shares loopback */ });
  try {
    // 1. Bot answer round trip: send → the bot's message arrives on the shopper's socket.
    const botRtt: number[] = [];
    const shoppers = await Promise.all(Array.from({ length: 40 }, () => server.shopper()));
    for (let round = 0; round < 5; round++) {
      for (const [i, shopper] of shoppers.entries()) {
        const start = performance.now();
        const answer = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
        await callOk(shopper, 'message:send', { clientId: clientId(), text: QUESTIONS[(i + round) % QUESTIONS.length] });
        await answer;
        botRtt.push(performance.now() - start);
      }
    }
    shoppers.forEach((s) => s.disconnect());

    // 2. Handoff speed: "talk to a human" → the agent's console is told it owns the chat.
    const agent = await server.createAgent({ maxChats: 50 });
    const agentSocket = await server.agent(agent);
    const handoff: number[] = [];
    for (let i = 0; i < 50; i++) {
      const shopper = await server.shopper();
      const start = performance.now();
      const assigned = waitFor<{ conversation: Conversation }>(agentSocket, 'conversation:assigned');
      await callOk(shopper, 'message:send', { clientId: clientId(), text: i % 2 ? 'talk to a human' : '转人工' });
      const { conversation } = await assigned;
      handoff.push(performance.now() - start);
      await callOk(agentSocket, 'conversation:close', { conversationId: conversation.id, resolution: 'resolved' });
      shopper.disconnect();
    }

    // 3. Concurrency: 200 shoppers each send 3 messages at once; every ack is timed.
    const crowd = await Promise.all(Array.from({ length: 200 }, () => server.shopper()));
    const acks: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      crowd.map(async (shopper, i) => {
        for (let k = 0; k < 3; k++) {
          const start = performance.now();
          await callOk(shopper, 'message:send', { clientId: clientId(), text: QUESTIONS[(i + k) % QUESTIONS.length] });
          acks.push(performance.now() - start);
        }
      }),
    );
    const elapsed = performance.now() - t0;
    await server.app.bus.idle();
    crowd.forEach((s) => s.disconnect());

    const result = {
      botAnswerRoundTripMs: summarise(botRtt),
      handoffToAgentMs: summarise(handoff),
      concurrentSendAckMs: summarise(acks),
      concurrentThroughputMsgPerSec: Math.round((acks.length / elapsed) * 1000),
      store: server.store.kind,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const row = (name: string, s: ReturnType<typeof summarise>) =>
        `${name.padEnd(34)} n=${String(s.n).padEnd(5)} p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms  max ${s.max} ms`;
      process.stdout.write(
        [
          'Parley bench (loopback, in-process server, SQLite, retail KB)',
          row('bot answer round trip', result.botAnswerRoundTripMs),
          row('handoff → agent assigned (auto)', result.handoffToAgentMs),
          row('send ack, 200 shoppers × 3', result.concurrentSendAckMs),
          `${'throughput, 200 concurrent shoppers'.padEnd(34)} ${result.concurrentThroughputMsgPerSec} messages/s (bot answering each)`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
