import type { AttachmentRef } from '../../../shared/cases';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ClientError, ClientResult } from '../../../shared/errors';
import type { Case, CasePriority } from '../../../shared/cases';
import type { AssistSuggestion } from '../../../shared/events';
import type { Conversation, Locale, Resolution } from '../../../shared/model';
import { errorText } from '../i18n/error-text';
import type { Translate } from '../i18n/translate';
import { createReplyOutbox } from '../state/reply-outbox';
import { createReplySender, type ReplySender } from '../state/reply-sender';
import type { ConsoleApi } from './use-console';
import type { NoticeKind } from './use-notices';

export interface TransferTarget {
  toAgentId?: string;
  toDepartment?: string;
  note?: string;
}

export interface Commands {
  /** Chats with a take in flight, to disable their buttons. */
  taking: ReadonlySet<string>;
  /** True while `conversation:assigned` for this id is the echo of our own take, not news. */
  isOwnTake: (conversationId: string) => boolean;
  take: (conversationId: string) => Promise<boolean>;
  /** True while the end of access to this chat is the echo of this agent's own transfer or hand-back. */
  isOwnHandover: (conversationId: string) => boolean;
  send: (conversationId: string, text: string, isInternal: boolean, attachments?: AttachmentRef[]) => Promise<boolean>;
  setTyping: (conversationId: string, isTyping: boolean) => void;
  markRead: (conversationId: string, upToSeq: number) => void;
  close: (conversationId: string, resolution: Resolution) => Promise<boolean>;
  transfer: (conversationId: string, target: TransferTarget) => Promise<boolean>;
  handback: (conversationId: string) => Promise<boolean>;
  saveTags: (conversationId: string, tags: string[]) => Promise<boolean>;
  /** The chat becomes a case (its transcript the first messages); resolves with the case, or null on failure. */
  convert: (conversationId: string, input: { subject?: string; priority?: CasePriority }) => Promise<Case | null>;
  setPresence: (status: 'online' | 'away') => Promise<boolean>;
  reportError: (error: ClientError) => void;
  /** Agent assist: KB answers for the conversation, a KB word search, and "this suggestion was used". */
  suggest: (conversationId: string) => Promise<AssistSuggestion[]>;
  searchKb: (query: string, locale: Locale) => Promise<AssistSuggestion[]>;
  useSuggestion: (conversationId: string, intent: string) => void;
}

/**
 * The agent's commands: each sends one acked event, applies the result to the model, and reports
 * failures as notices with the server's message. Resolves true on success.
 */
export function useCommands(api: ConsoleApi, t: Translate, push: (kind: NoticeKind, text: string) => void): Commands {
  const { request, dispatch } = api;
  const [taking, setTaking] = useState<ReadonlySet<string>>(new Set());
  const ownTakes = useRef(new Set<string>());
  const ownHandovers = useRef(new Set<string>());
  const modelRef = useRef(api.model);
  modelRef.current = api.model;

  const reportError = useCallback((error: ClientError) => push('error', errorText(error, t)), [push, t]);
  const hooks = useRef({ reportError, t, push });
  hooks.current = { reportError, t, push };

  // One sender for the console's life: replies the server has not acknowledged are sent again, with the same
  // clientId, on every reconnect and on a timer, until acknowledged or refused.
  const replies = useRef<ReplySender | null>(null);
  replies.current ??= createReplySender(
    createReplyOutbox(),
    (p) => request('message:send', p),
    () => api.connection.isConnected(),
    {
      onStored: (message) => dispatch({ type: 'message', message, isVisible: true }),
      onRefused: (_reply, error) => hooks.current.push('error', hooks.current.t('notice.replyRefused', { reason: errorText(error, hooks.current.t) })),
    },
  );
  useEffect(() => {
    const sender = replies.current;
    const off = api.connection.onConnect(() => void sender?.flush());
    return () => {
      off();
      sender?.stop();
    };
  }, [api.connection]);

  const take = async (conversationId: string): Promise<boolean> => {
    setTaking((s) => new Set(s).add(conversationId));
    ownTakes.current.add(conversationId);
    const res = await request('conversation:take', { conversationId });
    // The assigned event may arrive just before or after the ack; forget the id once it surely has.
    setTimeout(() => ownTakes.current.delete(conversationId), res.ok ? 5000 : 0);
    setTaking((s) => {
      const next = new Set(s);
      next.delete(conversationId);
      return next;
    });
    if (res.ok) {
      dispatch({ type: 'open', conversationId });
      dispatch({ type: 'detail', detail: res.data, isFresh: true });
      return true;
    }
    if (res.error.code !== 'ALREADY_TAKEN') {
      reportError(res.error);
      return false;
    }
    push('warning', t('notice.alreadyTaken'));
    const sync = await request('console:sync', {});
    if (sync.ok) dispatch({ type: 'synced', state: sync.data });
    await api.reloadOpen();
    return false;
  };

  const send = async (conversationId: string, text: string, isInternal: boolean, attachments: AttachmentRef[] = []): Promise<boolean> => {
    const outcome = await (replies.current as ReplySender).send(conversationId, text, isInternal, attachments);
    if (outcome === 'stored') return true;
    // Not acknowledged yet: it stays queued under its clientId and goes again by itself, so the reply box is
    // cleared (sending it by hand as well would be the same message, stored once).
    if (outcome === 'pending') {
      push('warning', t('notice.replyPending'));
      return true;
    }
    reportError(outcome);
    return false;
  };

  /** A transfer or hand-back: its conversation:access-ended may come before or after the ack. */
  const handover = async (conversationId: string, run: () => Promise<boolean>): Promise<boolean> => {
    ownHandovers.current.add(conversationId);
    const ok = await run();
    setTimeout(() => ownHandovers.current.delete(conversationId), ok ? 5000 : 0);
    return ok;
  };

  const updateWith = async (
    pending: Promise<ClientResult<{ conversation: Conversation }>>,
    notice: Parameters<Translate>[0] | null,
  ): Promise<boolean> => {
    const res = await pending;
    if (!res.ok) {
      reportError(res.error);
      return false;
    }
    dispatch({ type: 'conversation', conversation: res.data.conversation });
    if (notice !== null) push('info', t(notice));
    return true;
  };

  return {
    taking,
    isOwnTake: (id) => ownTakes.current.has(id),
    isOwnHandover: (id) => ownHandovers.current.has(id),
    take,
    send,
    setTyping: (conversationId, isTyping) => void request('typing:set', { conversationId, isTyping }),
    markRead: (conversationId, upToSeq) => {
      dispatch({ type: 'read', conversationId });
      void request('read:mark', { conversationId, upToSeq });
    },
    close: (conversationId, resolution) => updateWith(request('conversation:close', { conversationId, resolution }), 'notice.closed'),
    transfer: (conversationId, target) =>
      handover(conversationId, async () => {
        const ok = await updateWith(request('conversation:transfer', { conversationId, ...target }), 'notice.transferred');
        if (ok) void api.reloadOpen();
        return ok;
      }),
    handback: (conversationId) => handover(conversationId, () => updateWith(request('conversation:hand-back', { conversationId }), 'notice.handedBack')),
    saveTags: (conversationId, tags) => updateWith(request('tags:set', { conversationId, tags }), null),
    convert: async (conversationId, input) => {
      const res = await request('conversation:convert', { conversationId, ...input });
      if (!res.ok) {
        reportError(res.error);
        return null;
      }
      // The chat closed with the conversion: show it closed without waiting for the fact.
      await api.reloadOpen();
      return res.data.case;
    },
    setPresence: async (status) => {
      const res = await request('presence:set', { status });
      if (!res.ok) {
        reportError(res.error);
        return false;
      }
      // Show the switch at once; presence:changed from the server confirms it for everyone.
      const m = modelRef.current;
      const me = m.me;
      if (me !== null) dispatch({ type: 'presence', presence: m.presence.map((p) => (p.agentId === me.id ? { ...p, status } : p)) });
      return true;
    },
    reportError,
    suggest: async (conversationId) => {
      const res = await request('assist:suggest', { conversationId });
      return res.ok ? res.data.suggestions : [];
    },
    searchKb: async (query, locale) => {
      const res = await request('kb:search', { query, locale });
      return res.ok ? res.data.results : [];
    },
    useSuggestion: (conversationId, intent) => void request('assist:use', { conversationId, intent }),
  };
}
