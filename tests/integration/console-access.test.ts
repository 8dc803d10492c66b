/**
 * When a chat the console has open is moved away from its agent, the console drops what it read with full
 * access: the whole conversation when nothing is left, the internal notes when a preview is. The console's own
 * connection and reducer (widget/console) run against a real server; the move is a supervisor's, so nothing
 * in the console asked for it. A chat open as a queue preview closes when another agent takes it: before, the
 * previewer's socket left the preview room silently and the stale preview stayed on screen.
 */
import { createConnection, type Connection } from '../../widget/console/connection';
import { accessEndedNotice } from '../../widget/console/state/access-notice';
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

type Ended = { conversationId: string; access: 'preview' | 'none'; was: 'full' | 'preview' };
type Console = { connection: Connection; model: () => ConsoleModel; dispatch: (a: ConsoleAction) => void; ended: Promise<void>; told: Ended[] };

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
  const told: Ended[] = [];
  connection.on('conversation:access-ended', (p) => {
    told.push(p);
    dispatch({ type: 'accessEnded', conversationId: p.conversationId, access: p.access });
    onEnded();
  });
  await new Promise<void>((resolve) => connection.onConnect(resolve));
  const sync = await connection.request('console:sync', {});
  if (!sync.ok) throw new Error(sync.error.code);
  dispatch({ type: 'synced', state: sync.data });
  return { connection, model: () => model, dispatch, ended, told };
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

/** The console opens a waiting chat as a queue preview, as use-console's open does. */
async function preview(c: Console, id: string): Promise<void> {
  c.dispatch({ type: 'open', conversationId: id });
  const got = await c.connection.request('conversation:get', { conversationId: id });
  if (!got.ok) throw new Error(got.error.code);
  c.dispatch({ type: 'detail', detail: got.data });
  expect(c.model().detail?.conversation.status).toBe('waiting');
}

test('a previewed chat another agent takes closes on the previewer’s screen, with a notice; the taker keeps it', async () => {
  const watcher = await console_(['general']);
  const taker = await console_(['general']);
  try {
    const { id } = await waitingShopper(server);
    await preview(watcher, id);
    await preview(taker, id);
    // The taker takes it as use-commands does: the fresh detail replaces the preview.
    const taken = await taker.connection.request('conversation:take', { conversationId: id });
    if (!taken.ok) throw new Error(taken.error.code);
    taker.dispatch({ type: 'detail', detail: taken.data, isFresh: true });

    // Bounded: without the word the preview would wait forever, and so would this test.
    await Promise.race([watcher.ended, new Promise((r) => setTimeout(r, 3000))]);
    expect(watcher.told).toEqual([{ conversationId: id, access: 'none', was: 'preview' }]);
    expect(watcher.model().openId).toBeNull();
    expect(watcher.model().detail).toBeNull();
    expect(accessEndedNotice({ was: 'preview', wasOpen: true, isOwnHandover: false })).toBe('notice.previewEnded');

    // The taker is told nothing and still has the chat open, now theirs; their reply reaches their own screen.
    const sent = await taker.connection.request('message:send', { conversationId: id, clientId: clientId(), text: 'Hello, I am on it.' });
    if (!sent.ok) throw new Error(sent.error.code);
    taker.dispatch({ type: 'message', message: sent.data.message, isVisible: true });
    await new Promise((r) => setTimeout(r, 150));
    expect(taker.told).toEqual([]);
    expect(taker.model().openId).toBe(id);
    expect(taker.model().detail?.conversation.assignedAgentId).not.toBeNull();
    expect(taker.model().detail?.messages.map((m) => m.text)).toContain('Hello, I am on it.');
  } finally {
    watcher.connection.close();
    taker.connection.close();
  }
});
