/**
 * The waiting queue as each agent may see it (issue 16): agents hear of and list only the waiting chats of
 * the departments they serve (queue:changed, console:sync, conversation:list 'waiting', queue:alerted);
 * supervisors, admins and agents of every department (`*`) see all of it.
 */
import type { ConsoleState, ConversationListItem } from '../../shared/events';
import type { QueueEntry } from '../../shared/model';
import { callOk, startServer, type AgentSocket, type TestServer, waitingShopper } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('queue scope', () => {
  let server: TestServer;
  const sockets: Record<string, AgentSocket> = {};
  const lastQueue: Record<string, QueueEntry[]> = {};
  const alerts: Record<string, string[]> = {};

  beforeAll(async () => {
    server = await startServer();
    const team = {
      orders: { departments: ['orders'] },
      billing: { departments: ['billing'] },
      star: { departments: ['*'] },
      supervisor: { role: 'supervisor' as const, departments: ['general'] },
      admin: { role: 'admin' as const, departments: ['general'] },
    };
    await Promise.all(
      Object.entries(team).map(async ([name, opts]) => {
        const socket = await server.agent(await server.createAgent({ ...opts, maxChats: 20 }));
        sockets[name] = socket;
        alerts[name] = [];
        socket.on('queue:changed', ({ queue }) => void (lastQueue[name] = queue));
        socket.on('queue:alerted', ({ conversationId }) => void alerts[name]!.push(conversationId));
      }),
    );
  }, 60_000);
  afterAll(() => server.close());

  /** A chat waiting in `department`: the shopper asks for a person, a supervisor takes it and transfers it. */
  async function waitingIn(department: string): Promise<string> {
    const { id } = await waitingShopper(server);
    await callOk(sockets.supervisor!, 'conversation:take', { conversationId: id });
    await callOk(sockets.supervisor!, 'conversation:transfer', { conversationId: id, toDepartment: department });
    return id;
  }

  const ids = (entries: { conversationId: string }[] | undefined) => (entries ?? []).map((e) => e.conversationId);

  /** Resolves once the last queue:changed `name` heard lists every chat of `visible`. */
  const queueShows = (name: string, visible: string[]) =>
    new Promise<void>((resolve) => {
      const shows = () => visible.every((id) => ids(lastQueue[name]).includes(id));
      if (shows()) return resolve();
      const socket = sockets[name]!;
      const check = () => {
        if (!shows()) return;
        socket.off('queue:changed', check);
        resolve();
      };
      socket.on('queue:changed', check);
    });

  test('each agent hears, syncs and lists only the waiting chats of their departments; supervisors all', async () => {
    const inOrders = await waitingIn('orders');
    const inBilling = await waitingIn('billing');

    const expected: Record<string, string[]> = {
      orders: [inOrders],
      billing: [inBilling],
      star: [inOrders, inBilling],
      supervisor: [inOrders, inBilling],
      admin: [inOrders, inBilling],
    };
    for (const [name, visible] of Object.entries(expected)) {
      // The queue broadcast is coalesced (one per 200 ms) and reads the store first: wait for the one that lists
      // what this agent may see, not a fixed 300 ms (with broadcasts 600 ms apart that read a stale list).
      await queueShows(name, visible);
      const hidden = [inOrders, inBilling].filter((id) => !visible.includes(id));
      const socket = sockets[name]!;
      const sync = await callOk<ConsoleState>(socket, 'console:sync', {});
      const listed = await callOk<{ items: ConversationListItem[] }>(socket, 'conversation:list', { view: 'waiting', limit: 50 });
      const views = {
        'queue:changed': ids(lastQueue[name]),
        'console:sync': ids(sync.queue),
        'conversation:list': listed.items.map((i) => i.conversation.id),
      };
      for (const [view, seen] of Object.entries(views)) {
        expect({ name, view, seen: seen.filter((id) => visible.includes(id)) }).toEqual({ name, view, seen: visible });
        expect({ name, view, leaked: seen.filter((id) => hidden.includes(id)) }).toEqual({ name, view, leaked: [] });
      }
    }
  });

  test('a repeated alert about an untaken chat reaches only agents who may take it, and supervisors', async () => {
    const inOrders = await waitingIn('orders');
    server.app.bus.emit('queue.alerted', { conversationId: inOrders, priority: 'normal', waitingMs: 60_000 });
    await server.app.bus.idle();
    await sleep(300);
    for (const name of ['orders', 'star', 'supervisor', 'admin']) expect({ name, heard: alerts[name]!.includes(inOrders) }).toEqual({ name, heard: true });
    expect(alerts.billing).not.toContain(inOrders);
  });
});
