import { useCallback, useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import type { Case } from '../../../shared/cases';
import type { Conversation, Message, QueueEntry } from '../../../shared/model';
import type { ClientErrorCode, ClientResult } from '../../../shared/errors';
import type { MetricsDriftAlert } from '../../../shared/metrics';
import { createConnection, type CommandName, type Connection, type DataOf, type PayloadOf } from '../connection';
import { consoleReducer, initialModel, type ConsoleAction, type ConsoleModel } from '../state/console-model';
import { isMine } from '../state/mine';
import { newlyQueued } from '../state/queue';
import { syncConsole } from '../state/console-sync';

/** What the console reports outward for alerts and notices; the workspace decides how to show them. */
export type ConsoleSignal =
  | { kind: 'queued'; entries: QueueEntry[] }
  | { kind: 'queueAlert'; entry: QueueEntry; waitingMs: number }
  | { kind: 'assigned'; conversation: Conversation }
  | { kind: 'shopperMessage'; message: Message; isVisible: boolean }
  | { kind: 'slaBreached'; conversationId: string; priority: QueueEntry['priority']; waitedMs: number }
  | { kind: 'drifted'; alert: MetricsDriftAlert }
  | { kind: 'caseEscalated'; case: Case; reason: string; isAutomatic: boolean }
  /**
   * The server took away this console's access to a conversation: full access (someone moved it elsewhere),
   * or a preview (another agent took it). `wasOpen`: it was the chat on screen.
   */
  | { kind: 'accessEnded'; conversationId: string; was: 'full' | 'preview'; wasOpen: boolean }
  | { kind: 'unauthorized' }
  | { kind: 'syncFailed'; message: string };

export interface ConsoleApi {
  model: ConsoleModel;
  dispatch: (action: ConsoleAction) => void;
  request: <E extends CommandName>(event: E, payload: PayloadOf<E>) => Promise<ClientResult<DataOf<E>>>;
  /** Opens a conversation in the middle column and loads its detail. */
  open: (conversationId: string | null) => Promise<ClientResult<unknown>>;
  /** Reloads the open conversation (after take, transfer, a reconnect). */
  reloadOpen: () => Promise<void>;
  /** Puts the open conversation's previous transcript page before the one shown. */
  loadEarlier: () => Promise<ClientResult<unknown>>;
  connection: Connection;
}

/** Answers to reading a conversation that mean this agent may no longer see it (moved away, or erased). */
const lostAccess = (code: ClientErrorCode): boolean => code === 'FORBIDDEN' || code === 'NOT_FOUND';

/** True while the agent can actually see the page. */
function pageVisible(): boolean {
  return document.visibilityState === 'visible';
}

/**
 * Owns the agent socket for one signed-in session: syncs on every (re)connect, feeds server facts
 * into the reducer, and reports alert-worthy facts through `onSignal`.
 */
export function useConsole(token: string, onSignal: (signal: ConsoleSignal) => void): ConsoleApi {
  const [model, dispatch] = useReducer(consoleReducer, initialModel);
  const connection = useMemo(() => createConnection(token), [token]);
  const modelRef = useRef(model);
  modelRef.current = model;
  const signalRef = useRef(onSignal);
  signalRef.current = onSignal;
  const queueInitialised = useRef(false);

  const request = useCallback(
    <E extends CommandName>(event: E, payload: PayloadOf<E>) => connection.request(event, payload),
    [connection],
  );

  const loadDetail = useCallback(
    async (conversationId: string): Promise<ClientResult<unknown>> => {
      const res = await connection.request('conversation:get', { conversationId });
      if (res.ok) dispatch({ type: 'detail', detail: res.data });
      // Access ended while no word of it could arrive (offline, or before the socket watched the chat): what
      // is held of it goes, as on conversation:access-ended.
      else if (lostAccess(res.error.code)) dispatch({ type: 'accessEnded', conversationId, access: 'none' });
      return res;
    },
    [connection],
  );

  const open = useCallback(
    async (conversationId: string | null): Promise<ClientResult<unknown>> => {
      dispatch({ type: 'open', conversationId });
      if (conversationId === null) return { ok: true, data: null };
      return loadDetail(conversationId);
    },
    [loadDetail],
  );

  const loadEarlier = useCallback(async (): Promise<ClientResult<unknown>> => {
    const d = modelRef.current.detail;
    if (d === null || !d.hasEarlier) return { ok: true, data: null };
    const conversationId = d.conversation.id;
    const res = await connection.request('message:list', { conversationId, beforeSeq: d.fromSeq });
    if (res.ok) dispatch({ type: 'earlier', conversationId, page: res.data });
    return res;
  }, [connection]);

  const reloadOpen = useCallback(async () => {
    const id = modelRef.current.openId;
    if (id !== null) await loadDetail(id);
  }, [loadDetail]);

  useEffect(() => {
    const signal = (s: ConsoleSignal): void => signalRef.current(s);
    const sync = async (): Promise<void> => {
      const res = await syncConsole(connection, dispatch, () => {
        queueInitialised.current = true;
      });
      if (!res.ok) {
        signal({ kind: 'syncFailed', message: res.error.message });
        return;
      }
      const openId = modelRef.current.openId;
      if (openId !== null) await loadDetail(openId);
    };

    const offs = [
      connection.onConnect(() => void sync()),
      connection.onDisconnect(() => dispatch({ type: 'connection', status: 'offline' })),
      connection.onUnauthorized(() => signal({ kind: 'unauthorized' })),
      connection.on('queue:changed', ({ queue }) => {
        const fresh = queueInitialised.current ? newlyQueued(modelRef.current.queue, queue) : [];
        dispatch({ type: 'queue', queue });
        if (fresh.length > 0) signal({ kind: 'queued', entries: fresh });
      }),
      connection.on('queue:alerted', ({ conversationId, waitingMs }) => {
        // Repeats stop mattering the moment someone takes the chat, even if the server sends one more.
        const entry = modelRef.current.queue.find((e) => e.conversationId === conversationId);
        if (entry !== undefined) signal({ kind: 'queueAlert', entry, waitingMs });
      }),
      connection.on('conversation:updated', (conversation) => dispatch({ type: 'conversation', conversation })),
      connection.on('conversation:assigned', ({ conversation, summary }) => {
        dispatch({ type: 'assigned', conversation, summary });
        signal({ kind: 'assigned', conversation });
      }),
      connection.on('message:created', (message) => {
        const m = modelRef.current;
        const isVisible = pageVisible() && m.openId === message.conversationId;
        dispatch({ type: 'message', message, isVisible });
        const mine = m.mine.find((c) => c.id === message.conversationId);
        if (message.sender === 'shopper' && mine !== undefined && isMine(mine, m.me?.id ?? null)) {
          signal({ kind: 'shopperMessage', message, isVisible });
        }
      }),
      connection.on('conversation:access-ended', ({ conversationId, access, was }) => {
        const wasOpen = modelRef.current.openId === conversationId;
        dispatch({ type: 'accessEnded', conversationId, access });
        signal({ kind: 'accessEnded', conversationId, was, wasOpen });
      }),
      connection.on('typing:changed', ({ conversationId, isTyping, draft }) =>
        dispatch({ type: 'typing', conversationId, isTyping, draft, at: Date.now() }),
      ),
      connection.on('read:marked', ({ conversationId, upToSeq }) =>
        dispatch({ type: 'shopperRead', conversationId, upToSeq }),
      ),
      connection.on('presence:changed', ({ presence }) => dispatch({ type: 'presence', presence })),
      connection.on('sla:breached', ({ conversationId, priority, waitedMs }) => {
        dispatch({ type: 'sla', breach: { conversationId, priority, waitedMs, at: Date.now() } });
        signal({ kind: 'slaBreached', conversationId, priority, waitedMs });
      }),
      connection.on('metrics:drifted', (alert) => signal({ kind: 'drifted', alert })),
      connection.on('case:escalated', ({ case: c, reason, isAutomatic }) => signal({ kind: 'caseEscalated', case: c, reason, isAutomatic })),
    ];
    if (connection.isConnected()) void sync();
    return () => {
      for (const off of offs) off();
      connection.close();
    };
  }, [connection, loadDetail]);

  return { model, dispatch, request, open, reloadOpen, loadEarlier, connection };
}
