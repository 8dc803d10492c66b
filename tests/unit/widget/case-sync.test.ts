import type { CaseMessage, ShopperCaseView } from '../../../shared/cases';
import type { CasesState } from '../../../widget/chat/case-views';
import { createStorage } from '../../../widget/chat/create-storage';
import { createStore } from '../../../widget/chat/create-store';
import type { Transport } from '../../../widget/chat/transport';

type Handler = (...args: never[]) => void;

const view = (id: string, patch: Partial<ShopperCaseView> = {}): ShopperCaseView => ({
  id,
  number: Number(id.replace(/\D/g, '')) || 1,
  status: 'new',
  subject: '',
  createdAt: 1,
  updatedAt: 1,
  replyTargetMinutes: 240,
  expectedReplyBy: 2,
  confirmation: null,
  unread: 0,
  lastSeq: 1,
  ...patch,
});
const msg = (caseId: string, seq: number, kind: CaseMessage['kind'] = 'reply'): CaseMessage => ({
  id: `${caseId}-${seq}`,
  caseId,
  seq,
  kind,
  authorId: null,
  authorName: 'Omar',
  text: `message ${seq}`,
  attachments: [],
  createdAt: seq,
  mergedFrom: null,
});

/** A transport double: the server answers from `cases` and `threads`; facts are emitted with `emit`. */
function setup(opts: { visible: boolean }) {
  const storage = createStorage('t', () => null);
  const handlers = new Map<string, Handler>();
  const calls: [string, unknown][] = [];
  const server = { cases: [view('c1'), view('c2', { status: 'closed' })], threads: { c1: [msg('c1', 1, 'shopper')] } as Record<string, CaseMessage[]> };
  let stale: () => void = () => undefined;
  const transport = {
    cases: createStore<CasesState>({ cases: [], isLoaded: false, viewing: null, thread: [] }),
    socket: () => ({ on: (e: string, fn: Handler) => handlers.set(e, fn) }),
    onCasesStale: (fn: () => void) => {
      stale = fn;
      return () => undefined;
    },
    command: async (event: string, payload: { caseId?: string }) => {
      calls.push([event, payload]);
      if (event === 'case:list') return { ok: true, data: { cases: server.cases } };
      if (event === 'case:get') return { ok: true, data: { case: server.cases.find((c) => c.id === payload.caseId), messages: server.threads[payload.caseId!] ?? [] } };
      return { ok: true, data: null };
    },
  } as unknown as Transport;
  let sync!: typeof import('../../../widget/chat/components/parts/case-sync');
  jest.isolateModules(() => {
    sync = require('../../../widget/chat/components/parts/case-sync');
  });
  const emit = (event: string, payload: unknown): void => (handlers.get(event) as unknown as (p: unknown) => void)(payload);
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { storage, calls, server, transport, emit, flush, stale: () => stale(), start: () => sync.startCaseSync(transport, storage, () => opts.visible) };
}

describe('the case sync (My requests)', () => {
  test('lists the cases from the server; an open one makes the next page connect at once', async () => {
    const t = setup({ visible: false });
    t.start();
    await t.flush();
    expect(t.transport.cases.get()).toMatchObject({ isLoaded: true, cases: [{ id: 'c1' }, { id: 'c2' }] });
    expect(t.storage.get('cases')).toBe('1');
    t.server.cases = [view('c1', { status: 'closed' })];
    t.stale();
    await t.flush();
    expect(t.storage.get('cases')).toBeNull();
  });

  test('a reply while the chat is closed is unread; opening the case shows the thread and marks it read', async () => {
    const t = setup({ visible: false });
    const sync = t.start();
    await t.flush();
    t.emit('case:replied', { caseId: 'c1', message: msg('c1', 2) });
    expect(t.transport.cases.get().cases.find((c) => c.id === 'c1')?.unread).toBe(1);
    await sync.view('c1');
    // Not visible: the thread loads but nothing is marked read.
    expect(t.transport.cases.get().thread.map((m) => m.seq)).toEqual([1]);
    expect(t.calls.some(([e]) => e === 'case:read')).toBe(false);
  });

  test('while the shopper reads a case, a live reply joins the thread and is read at once', async () => {
    const t = setup({ visible: true });
    const sync = t.start();
    await t.flush();
    t.server.threads.c1 = [msg('c1', 1, 'shopper'), msg('c1', 2)];
    t.server.cases = [view('c1', { lastSeq: 2, unread: 1 })];
    t.stale();
    await t.flush();
    await sync.view('c1');
    expect(t.calls).toContainEqual(['case:read', { caseId: 'c1', upToSeq: 2 }]);
    t.emit('case:replied', { caseId: 'c1', message: msg('c1', 3) });
    expect(t.transport.cases.get().thread.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(t.transport.cases.get().cases[0]).toMatchObject({ lastSeq: 3, unread: 0 });
    // A reply to another case is not read by looking at this one.
    t.emit('case:updated', view('c9', { unread: 1, lastSeq: 4 }));
    expect(t.transport.cases.get().cases.map((c) => [c.id, c.unread])).toEqual([
      ['c9', 1],
      ['c1', 0],
    ]);
  });
});
