/**
 * When a chat the console has open is moved away from its agent, the console drops what it read with full
 * access: the whole conversation when nothing is left, the internal notes when a preview is. The console's own
 * connection and reducer (widget/console) run against a real server; the move is a supervisor's, so nothing
 * in the console asked for it.
 */
import { createConnection, type Connection } from '../../widget/console/connection';
import { consoleReducer, initialModel, type ConsoleAction, type ConsoleModel } from '../../widget/console/state/console-model';
import { callOk, clientId, startServer, type AgentSocket, type TestServer, waitingShopper } from './harness';

let server: TestServer;
let supervisor: AgentSocket;
let colleague: { id: string; socket: AgentSocket };
beforeAll(async () => {
  server = await startServer();
  supervisor = await server.agent(await server.createAgent({ role: 'supervisor', departments: ['general'] }));
  const agent = await server.createAgent({ maxChats: 5 });
  // Online, so that a transfer to them is allowed.
  colleague = { id: agent.id, socket: await server.agent(agent) };
}, 60_000);
afterAll(async () => {
  supervisor.disconnect();
  colleague.socket.disconnect();
  await server.close();
});

type Console = { connection: Connection; model: () => ConsoleModel; dispatch: (a: ConsoleAction) => void; ended: Promise<void> };

/** A console of a new agent, with the live events use-console feeds to the reducer for an open chat. */
async function console_(departments: string[]): Promise<Console> {
  const agent = await server.createAgent({ maxChats: 5, departments });
  const connection = createConnection(await server.login(agent.email, agent.password), server.url);
  let model = initialModel;
  const dispatch = (a: ConsoleAction): void => void (model = consoleReducer(model, a));
  let onEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (onEnded = resolve));
  connection.on('message:created', (message) => dispatch({ type: 'message', message, isVisible: true }));
  connection.on('conversation:updated', (conversation) => dispatch({ type: 'conversation', conversation }));
  connection.on('conversation:access-ended', ({ conversationId, access }) => {
    dispatch({ type: 'accessEnded', conversationId, access });
    onEnded();
  });
  await new Promise<void>((resolve) => connection.onConnect(resolve));
  const sync = await connection.request('console:sync', {});
  if (!sync.ok) throw new Error(sync.error.code);
  dispatch({ type: 'synced', state: sync.data });
  return { connection, model: () => model, dispatch, ended };
}

/** The console takes a waiting chat, opens it as use-commands does, and adds a note to it. */
async function takeWithNote(c: Console): Promise<string> {
  const { id } = await waitingShopper(server);
  const taken = await c.connection.request('conversation:take', { conversationId: id });
  if (!taken.ok) throw new Error(taken.error.code);
  c.dispatch({ type: 'open', conversationId: id });
  c.dispatch({ type: 'detail', detail: taken.data, isFresh: true });
  const note = await c.connection.request('message:send', { conversationId: id, clientId: clientId(), text: 'refund approved, VIP', internal: true });
  if (!note.ok) throw new Error(note.error.code);
  c.dispatch({ type: 'message', message: note.data.message, isVisible: true });
  expect(c.model().detail?.messages.some((m) => m.internal)).toBe(true);
  return id;
}

const notes = (model: ConsoleModel) => (model.detail?.messages ?? []).filter((m) => m.internal).map((m) => m.text);

test('moved to another agent: the open chat, its transcript and notes leave the console', async () => {
  const c = await console_(['general']);
  try {
    const id = await takeWithNote(c);
    await callOk(supervisor, 'conversation:transfer', { conversationId: id, toAgentId: colleague.id, note: 'over to you' });
    await c.ended;
    expect(c.model().openId).toBeNull();
    expect(c.model().detail).toBeNull();
    expect(c.model().mine.map((m) => m.id)).not.toContain(id);
  } finally {
    c.connection.close();
  }
});

test('moved to a department the agent serves: the chat stays open as a preview, without its notes', async () => {
  const c = await console_(['general', 'billing']);
  try {
    const id = await takeWithNote(c);
    await callOk(supervisor, 'conversation:transfer', { conversationId: id, toDepartment: 'billing', note: 'billing: refund approved' });
    await c.ended;
    expect(c.model().openId).toBe(id);
    expect(c.model().detail?.messages.length).toBeGreaterThan(0);
    expect(notes(c.model())).toEqual([]);
  } finally {
    c.connection.close();
  }
});
