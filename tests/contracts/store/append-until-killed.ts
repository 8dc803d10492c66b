/**
 * Child process for the SIGKILL durability test: opens the SQLite store at argv[2], then appends forever,
 * twenty messages per event-loop turn (so group commit batches them), printing each clientId on stdout the
 * moment its append resolves: what a shopper would be acked. The parent kills it mid-stream.
 */
import { openSqliteStore } from '../../../server/store/sqlite/sqlite-store';

async function main(): Promise<void> {
  const store = openSqliteStore(process.argv[2]!);
  const visitor = await store.visitors.create({ siteId: 'kill', tokenHash: `kill-${process.pid}`, locale: 'en' });
  const conversation = await store.conversations.create({ siteId: 'kill', visitorId: visitor.id, locale: 'en' });
  process.stdout.write(`conversation ${conversation.id}\n`);
  let n = 0;
  const turn = () => {
    for (let i = 0; i < 20; i++) {
      const clientId = `client-kill-${++n}`;
      void store.messages
        .append({ conversationId: conversation.id, clientId, sender: 'shopper', text: `message ${n}` })
        .then(() => process.stdout.write(`acked ${clientId}\n`));
      void store.analytics.record({ type: 'bot.answered', siteId: 'kill', conversationId: conversation.id, at: Date.now() });
    }
    setImmediate(turn);
  };
  turn();
}

void main();
