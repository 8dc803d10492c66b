/**
 * What a shopper message costs in packets, counted on a real server with real clients (issue 17): no packet
 * built for rooms nobody is in, but every packet still goes out once a cluster adapter may have listeners elsewhere.
 */
import type { Namespace } from 'socket.io';
import type { Message } from '../../shared/model';
import { callOk, clientId, startServer, waitFor, type ShopperSocket, type TestServer } from './harness';

const AUTO = 'general:auto,orders:auto,returns:auto,billing:auto,technical:auto';

/** Names of the events `nsp` is asked to broadcast from now on (built, whoever hears them). */
function broadcasts(nsp: Namespace): string[] {
  const names: string[] = [];
  const { adapter } = nsp;
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    names.push(String((packet.data as unknown[])[0]));
    broadcast(packet, opts);
  };
  return names;
}

async function ask(shopper: ShopperSocket, text: string): Promise<Message> {
  const answered = waitFor<Message>(shopper, 'message:created', (m) => m.sender === 'bot');
  await callOk(shopper, 'message:send', { clientId: clientId(), text });
  return answered;
}

describe('one instance', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ DEPARTMENTS: AUTO });
  });
  afterAll(() => server.close());

  test('a message in a chat no agent watches builds one packet: the answer to the asking tab', async () => {
    const shopper = await server.shopper();
    await callOk(shopper, 'session:resume', { sinceSeq: 0 });
    await ask(shopper, 'how long does shipping take?');
    const toShoppers = broadcasts(server.app.io.of('/shopper'));
    const toAgents = broadcasts(server.app.io.of('/agent'));

    await ask(shopper, 'do you ship to canada?');
    // The question came back in its ack; nobody else is in the visitor's or the chat's rooms.
    expect(toShoppers).toEqual(['message:created']);
    expect(toAgents).toEqual([]);
    shopper.disconnect();
  });
});

test('behind a cluster adapter every packet is built, since other instances may hold the listeners', async () => {
  const server = await startServer({ DEPARTMENTS: AUTO });
  try {
    // A subclass stands in for the Redis adapter: the rooms it knows locally are not the whole story.
    const toAgents: string[] = [];
    const Base = server.app.io.of('/agent').adapter.constructor as new (nsp: Namespace) => Namespace['adapter'];
    server.app.io.adapter(
      class extends Base {
        override broadcast(...[packet, opts]: Parameters<Namespace['adapter']['broadcast']>) {
          if (this.nsp.name === '/agent') toAgents.push(String((packet.data as unknown[])[0]));
          super.broadcast(packet, opts);
        }
      } as never,
    );
    const shopper = await server.shopper();
    await callOk(shopper, 'session:resume', { sinceSeq: 0 });
    await ask(shopper, 'how long does shipping take?');
    expect(toAgents.filter((e) => e === 'message:created')).toHaveLength(2);
    shopper.disconnect();
  } finally {
    await server.close();
  }
});
