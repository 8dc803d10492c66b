/**
 * The shopper's cases ("My requests") kept in step with the server, their source of truth: the list is fetched
 * after every resume (and after the form opened a case), then case:updated and case:replied keep it current in
 * transport.cases, which the badge reads. The case being read has its thread there too; replies to it are
 * marked read while the shopper can see them. Lives in the parts chunk: the chat loads it when the shopper has
 * or may have requests.
 */
import type { CaseMessage, ShopperCaseView } from '../../../../shared/cases';
import type { ShopperServerEvents } from '../../../../shared/events';
import { STORAGE_KEYS, type KeyValueStore } from '../../../protocol/storage-keys';
import { applyCaseReply, upsertCase, type CasesState } from '../../case-views';
import type { CommandResult, Listener } from '../../shopper-socket';
import type { Transport, TransportState } from '../../transport';

export interface CaseSync {
  refresh(): Promise<void>;
  /** Opens a case's thread (null: back to the list) and marks it read. */
  view(caseId: string | null): Promise<void>;
  /** Marks the viewed case read up to its last message, if the shopper can see it. */
  markRead(): void;
  reply(text: string): Promise<CommandResult<'case:reply'>>;
  confirm(isSolved: boolean): Promise<CommandResult<'case:confirm'>>;
}

let started: CaseSync | null = null;
let where: { transport: Transport; storage: KeyValueStore; isVisible(): boolean } | null = null;

/**
 * Where loadCaseSync starts the sync: the chat's transport and storage (set as the chunk loads). From then on, a
 * shopper who has (or, identified, may have on another device) requests gets their list, and its badge.
 */
export function placeCaseSync(c: NonNullable<typeof where> & { isIdentified(): boolean }): void {
  where = c;
  const check = (s: TransportState): void => {
    if (s.isReady && (c.storage.get(STORAGE_KEYS.cases) || c.storage.get(STORAGE_KEYS.formCase) || c.isIdentified())) loadCaseSync();
  };
  c.transport.state.subscribe(check);
  check(c.transport.state.get());
}

/** Starts the case sync (once) where placeCaseSync said. */
export const loadCaseSync = (): CaseSync | null => (where ? startCaseSync(where.transport, where.storage, where.isVisible) : started);

/** The one case sync of this page, started on first use. */
export const caseSync = (): CaseSync | null => started;

/**
 * Starts the case sync (once): listens on the transport's socket and refreshes now and whenever the cases may
 * have changed. `isVisible`: the panel is open and the tab shown.
 */
export function startCaseSync(transport: Transport, storage: KeyValueStore, isVisible: () => boolean): CaseSync {
  if (started) return started;
  const { cases: state, command } = transport;
  const set = (patch: Partial<CasesState>): void => {
    state.set(patch);
    // The loader connects at once while a request is open, so a reply shows as a badge on any page.
    if (state.get().cases.some((c) => c.status !== 'closed')) storage.set(STORAGE_KEYS.cases, '1');
    else storage.remove(STORAGE_KEYS.cases);
  };
  const setCase = (c: ShopperCaseView): void => set({ cases: upsertCase(state.get().cases, c) });
  const viewed = (): ShopperCaseView | undefined => state.get().cases.find((c) => c.id === state.get().viewing);
  const addToThread = (m: CaseMessage): void => {
    const { thread, viewing } = state.get();
    if (m.caseId === viewing && !thread.some((x) => x.id === m.id)) set({ thread: [...thread, m].sort((a, b) => a.seq - b.seq) });
  };

  const sync: CaseSync = {
    async refresh() {
      const ack = await command('case:list', {});
      if (ack.ok) set({ isLoaded: true, cases: ack.data.cases });
      const id = state.get().viewing;
      if (id) await sync.view(id);
    },
    async view(caseId) {
      set({ viewing: caseId, thread: caseId === state.get().viewing ? state.get().thread : [] });
      if (!caseId) return;
      const ack = await command('case:get', { caseId });
      if (!ack.ok || state.get().viewing !== caseId) return;
      setCase(ack.data.case);
      const live = state.get().thread;
      set({ thread: [] });
      [...ack.data.messages, ...live].forEach(addToThread);
      sync.markRead();
    },
    markRead() {
      const c = viewed();
      if (!c || c.unread === 0 || !isVisible()) return;
      setCase({ ...c, unread: 0 });
      void command('case:read', { caseId: c.id, upToSeq: c.lastSeq });
    },
    async reply(text) {
      const caseId = state.get().viewing ?? '';
      const ack = await command('case:reply', { caseId, text });
      if (ack.ok) {
        addToThread(ack.data.message);
        set({ cases: applyCaseReply(state.get().cases, ack.data.message, caseId) });
      }
      return ack;
    },
    async confirm(isSolved) {
      const ack = await command('case:confirm', { caseId: state.get().viewing ?? '', isSolved });
      if (ack.ok) setCase(ack.data.case);
      return ack;
    },
  };

  const socket = transport.socket();
  const on = <E extends keyof ShopperServerEvents>(e: E, fn: ShopperServerEvents[E]): unknown => socket?.on(e, fn as Listener);
  on('case:updated', (c) => {
    setCase(c);
    sync.markRead();
  });
  on('case:replied', ({ message }) => {
    addToThread(message);
    set({ cases: applyCaseReply(state.get().cases, message, isVisible() ? state.get().viewing : null) });
    sync.markRead();
  });
  transport.onCasesStale(() => void sync.refresh());
  void sync.refresh();
  started = sync;
  return sync;
}
