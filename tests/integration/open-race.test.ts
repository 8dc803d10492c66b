/**
 * A change that lands while a chat is being opened (conversation:get) or taken (conversation:take): the server
 * reads the chat, then joins the socket to the rooms that read calls for. A take, transfer, hand-back or close
 * in between is told to the rooms' members of its moment, without this socket; before, the socket then joined
 * the rooms of the old state: a previewer stayed with a chat already taken (Take button, nothing more heard,
 * the taker's replies still heard through the preview room), a taker kept hearing a chat moved to a colleague.
 *
 * The interleaving is forced, not slept into: the real store's tickets.list (read only by the console's detail,
 * between the chat's read and the join) is wrapped so that, for this chat's visitor, the other agent's command
 * runs to its acknowledgement before the read returns. The console's own connection and reducer
 * (widget/console) show what the agent's screen ends with.
 */
import type { Message } from '../../shared/model';
import type { Store } from '../../server/store/store';
import { createConnection, type Connection } from '../../widget/console/connection';
import { consoleReducer, initialModel, type ConsoleAction, type ConsoleModel } from '../../widget/console/state/console-model';
import { callOk, clientId, startServer, supervisorAndColleague, type AgentSocket, type TestServer, waitingShopper } from './harness';

let server: TestServer;
let supervisor: AgentSocket;
let colleague: { id: string; socket: AgentSocket };
beforeAll(async () => {
  server = await startServer();
  ({ supervisor, colleague } = await supervisorAndColleague(server));
}, 60_000);
afterAll(async () => {
  supervisor.disconnect();
  colleague.socket.disconnect();
  await server.close();
});

type Console = { connection: Connection; model: () => ConsoleModel; dispatch: (a: ConsoleAction) => void; heard: Message[] };

/** A console (of a new agent of `general` unless given a token), fed the live events use-console feeds to the reducer. */
async function openConsole(token?: string): Promise<Console> {
  const agent = token === undefined ? await server.createAgent({ maxChats: 5, departments: ['general'] }) : null;
  const connection = createConnection(token ?? (await server.login(agent!.email, agent!.password)), server.url);
  let model = initialModel;
  const dispatch = (a: ConsoleAction): void => void (model = consoleReducer(model, a));
  const heard: Message[] = [];
  connection.on('message:created', (message) => {
    heard.push(message);
    dispatch({ type: 'message', message, isVisible: true });
  });
  connection.on('conversation:updated', (conversation) => dispatch({ type: 'conversation', conversation }));
  connection.on('conversation:assigned', ({ conversation, summary }) => dispatch({ type: 'assigned', conversation, summary }));
  connection.on('conversation:access-ended', ({ conversationId, access }) => dispatch({ type: 'accessEnded', conversationId, access }));
  await new Promise<void>((resolve) => connection.onConnect(resolve));
  const sync = await connection.request('console:sync', {});
  if (!sync.ok) throw new Error(sync.error.code);
  dispatch({ type: 'synced', state: sync.data });
  return { connection, model: () => model, dispatch, heard };
}

/**
 * Runs `meanwhile` to its end inside the console detail's next read for `visitorId`: after the chat was read,
 * before the socket joins its rooms. Resolves once that has happened.
 */
function between(store: Store, visitorId: string, meanwhile: () => Promise<unknown>): Promise<void> {
  const { tickets } = store;
  const list = tickets.list;
  let fired!: () => void;
  const done = new Promise<void>((resolve) => (fired = resolve));
  tickets.list = async (query) => {
    const read = await list.call(tickets, query);
    if (query.visitorId !== visitorId) return read;
    tickets.list = list;
    await meanwhile();
    fired();
    return read;
  };
  return done;
}

/**
 * Everything the server sent the console so far has arrived: an ack comes after the events emitted to the
 * socket before it (the messages above were emitted before their senders' acks).
 */
async function flushed(c: Console): Promise<void> {
  const res = await c.connection.request('conversation:list', { view: 'mine', limit: 1 });
  if (!res.ok) throw new Error(res.error.code);
}

test('a chat taken while it opens as a preview: the previewer is answered as after the take and hears nothing of it', async () => {
  const previewer = await openConsole();
  const taker = await server.agent(await server.createAgent({ maxChats: 5, departments: ['general'] }));
  try {
    const { shopper, id } = await waitingShopper(server);
    const { visitorId } = (await server.store.conversations.get(id))!;
    const taken = between(server.store, visitorId, () => callOk(taker, 'conversation:take', { conversationId: id }));

    // Opened as use-console's loadDetail does.
    previewer.dispatch({ type: 'open', conversationId: id });
    const got = await previewer.connection.request('conversation:get', { conversationId: id });
    await taken;
    if (got.ok) previewer.dispatch({ type: 'detail', detail: got.data });
    else previewer.dispatch({ type: 'accessEnded', conversationId: id, access: 'none' });

    // The answer is the chat as it is now: another agent's, so nothing to show and no Take button.
    expect(got.ok ? got.data.conversation.status : got.error.code).toBe('FORBIDDEN');
    expect(previewer.model().openId).toBeNull();
    expect(previewer.model().detail).toBeNull();

    // Nothing of the taken chat reaches the previewer: not the taker's reply, not the shopper's message.
    await callOk(taker, 'message:send', { conversationId: id, clientId: clientId(), text: 'Hello, I am on it.' });
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'thanks' });
    await flushed(previewer);
    expect(previewer.heard.filter((m) => m.conversationId === id)).toEqual([]);
  } finally {
    previewer.connection.close();
    taker.disconnect();
  }
});

test('a chat moved to a colleague while it is being taken: the taker is answered FORBIDDEN and hears nothing of it', async () => {
  const agent = await openConsole();
  try {
    const { shopper, id } = await waitingShopper(server);
    const { visitorId } = (await server.store.conversations.get(id))!;
    const moved = between(server.store, visitorId, () =>
      callOk(supervisor, 'conversation:transfer', { conversationId: id, toAgentId: colleague.id, note: 'over to you' }));

    // Taken as use-commands does: a fresh detail opens the chat, a refusal opens nothing.
    const taken = await agent.connection.request('conversation:take', { conversationId: id });
    await moved;
    if (taken.ok) {
      agent.dispatch({ type: 'open', conversationId: id });
      agent.dispatch({ type: 'detail', detail: taken.data, isFresh: true });
    }

    expect(taken.ok ? taken.data.conversation.assignedAgentId : taken.error.code).toBe('FORBIDDEN');
    expect(agent.model().openId).toBeNull();
    expect(agent.model().mine.map((c) => c.id)).not.toContain(id);

    // The shopper's messages and typing are the colleague's now.
    const typing: unknown[] = [];
    agent.connection.on('typing:changed', (t) => void (t.conversationId === id && typing.push(t)));
    await callOk(shopper, 'typing:set', { isTyping: true, draft: 'my card number is' });
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'hello?' });
    await flushed(agent);
    expect(agent.heard.filter((m) => m.conversationId === id && m.sender === 'shopper')).toEqual([]);
    expect(typing).toEqual([]);
  } finally {
    agent.connection.close();
  }
});

test('a chat the agent takes in another tab while this one opens it: this tab gets the whole chat and hears its notes', async () => {
  const agent = await server.createAgent({ maxChats: 5, departments: ['general'] });
  const token = await server.login(agent.email, agent.password);
  const tab = await openConsole(token);
  const otherTab = await server.agentWithToken(token);
  try {
    const { id } = await waitingShopper(server);
    const { visitorId } = (await server.store.conversations.get(id))!;
    const taken = between(server.store, visitorId, () => callOk(otherTab, 'conversation:take', { conversationId: id }));

    tab.dispatch({ type: 'open', conversationId: id });
    const got = await tab.connection.request('conversation:get', { conversationId: id });
    await taken;
    if (!got.ok) throw new Error(got.error.code);
    tab.dispatch({ type: 'detail', detail: got.data });
    expect(tab.model().detail?.conversation).toMatchObject({ status: 'assigned', assignedAgentId: agent.id });

    // Full access, live: the note from the other tab reaches this one.
    await callOk(otherTab, 'message:send', { conversationId: id, clientId: clientId(), text: 'VIP, refund approved', internal: true });
    await flushed(tab);
    expect(tab.heard.filter((m) => m.conversationId === id && m.internal).map((m) => m.text)).toEqual(['VIP, refund approved']);
  } finally {
    tab.connection.close();
    otherTab.disconnect();
  }
});

test('without a change meanwhile, opening and taking answer as before and the socket hears the chat', async () => {
  const previewer = await openConsole();
  const taker = await openConsole();
  try {
    const { shopper, id } = await waitingShopper(server);
    const got = await previewer.connection.request('conversation:get', { conversationId: id });
    expect(got.ok && got.data.conversation.status).toBe('waiting');
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'anyone?' });

    const taken = await taker.connection.request('conversation:take', { conversationId: id });
    expect(taken.ok && taken.data.conversation.status).toBe('assigned');
    await callOk(shopper, 'message:send', { clientId: clientId(), text: 'great' });
    await flushed(previewer);
    await flushed(taker);
    expect(previewer.heard.filter((m) => m.conversationId === id).map((m) => m.text)).toContain('anyone?');
    expect(previewer.heard.map((m) => m.text)).not.toContain('great');
    expect(taker.heard.filter((m) => m.conversationId === id).map((m) => m.text)).toContain('great');
  } finally {
    previewer.connection.close();
    taker.connection.close();
  }
});
