import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Locale } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';
import { useAlerts, useTitleBadge } from '../hooks/use-alerts';
import { useConsole, type ConsoleSignal } from '../hooks/use-console';
import { useCommands } from '../hooks/use-commands';
import { useConversationList } from '../hooks/use-conversation-list';
import { useKeyboardNav } from '../hooks/use-keyboard-nav';
import { useNotices } from '../hooks/use-notices';
import { useNow } from '../hooks/use-now';
import { useCases } from '../hooks/use-cases';
import { unlockAudio } from '../notify/beep';
import { alertPermission, requestAlertPermission } from '../notify/desktop-notify';
import { rowsFromList, rowsFromMine, rowsFromQueue, stepSelection, type InboxRow } from '../state/inbox-rows';
import { isServerListed, viewsForRole, type InboxView } from '../state/inbox-view';
import { openableDepartments } from '../state/case-values';
import { accessEndedNotice } from '../state/access-notice';
import { isMine } from '../state/mine';
import { totalUnread } from '../state/unread';
import { ConversationView, type ConversationHandlers } from './conversation-view';
import { CustomerPanel } from './customer-panel';
import { Header } from './header';
import { InboxList } from './inbox-list';
import { InboxTabs } from './inbox-tabs';
import { NoticeBar } from './notice-bar';
import { SearchBox } from './search-box';
import type { Message } from '../../../shared/model';
import { CaseDetailView, CaseList, Dashboard, KnowledgeView, preloadWorkspaceViews, QaReview, ReplyToKb, SupervisorView } from './lazy-views';
import { ScreenNav, type Screen } from './screen-nav';

interface Props {
  token: string;
  onSignOut: (isExpired: boolean) => void;
  onLocaleChange: (locale: Locale) => void;
}

/** The signed-in console: inbox | conversation | customer, wired to the live connection. */
export function Workspace({ token, onSignOut, onLocaleChange }: Props) {
  const { t, locale } = useI18n();
  const { notices, push, dismiss } = useNotices();
  const [screen, setScreen] = useState<Screen>('inbox');
  const [view, setView] = useState<InboxView>('waiting');
  const [query, setQuery] = useState('');
  const [permission, setPermission] = useState(alertPermission);
  /** Cases escalated to this agent since they last looked at the cases view: the tab's badge. */
  const [escalations, setEscalations] = useState(0);
  const [isCustomerOpen, setCustomerOpen] = useState(false);
  const [toKb, setToKb] = useState<{ reply: Message; question: Message | undefined } | null>(null);
  const drafts = useRef(new Map<string, string>());
  const searchRef = useRef<HTMLInputElement>(null);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const signalRef = useRef<(s: ConsoleSignal) => void>(() => undefined);
  const showRef = useRef<(id: string) => void>(() => undefined);
  const showCaseRef = useRef<(id: string) => void>(() => undefined);
  const now = useNow(1000);
  useEffect(preloadWorkspaceViews, []);

  const api = useConsole(token, (s) => signalRef.current(s));
  const { model, dispatch, request } = api;
  const commands = useCommands(api, t, push);
  const me = model.me;
  const isLead = me?.role === 'supervisor' || me?.role === 'admin';
  const myPresence = model.presence.find((p) => p.agentId === me?.id)?.status ?? 'online';
  const views = viewsForRole(me?.role ?? null);
  const openDepartments = openableDepartments(me, model.departments);

  const alerts = useAlerts({
    t,
    locale,
    isOnline: myPresence === 'online',
    isLead,
    push,
    openConversation: (id) => showRef.current(id),
    openDashboard: () => setScreen('insight'),
    openCase: (id) => showCaseRef.current(id),
    onUnauthorized: () => onSignOut(true),
  });
  signalRef.current = (s) => {
    if (s.kind === 'assigned' && commands.isOwnTake(s.conversation.id)) return;
    if (s.kind === 'assigned') {
      const open = model.detail?.conversation;
      // Jump to the new chat unless the agent is already working one of their own.
      if (open === undefined || !isMine(open, me?.id ?? null)) {
        setView('mine');
        void api.open(s.conversation.id);
      }
    }
    if (s.kind === 'accessEnded') {
      // The reply draft was for a chat that is no longer this agent's to answer.
      drafts.current.delete(s.conversationId);
      const notice = accessEndedNotice({ was: s.was, wasOpen: s.wasOpen, isOwnHandover: commands.isOwnHandover(s.conversationId) });
      if (notice !== null) push('info', t(notice));
      return;
    }
    if (s.kind === 'caseEscalated') {
      // An agent who escalates into a department they also serve is not told about their own act.
      if (cases.isOwnEscalation(s.case.id)) return;
      if (view !== 'cases') setEscalations((n) => n + 1);
    }
    alerts(s);
  };

  const listed = useConversationList(api.connection, request, view, query, (items) => dispatch({ type: 'listed', items }));
  const cases = useCases({
    connection: api.connection,
    request,
    isActive: view === 'cases',
    myId: me?.id ?? null,
    nameOf: (id) => model.presence.find((p) => p.agentId === id)?.name ?? null,
    onError: commands.reportError,
  });

  const rows: InboxRow[] = useMemo(() => {
    if (isServerListed(view, query)) return rowsFromList(listed.items, model.unread, model.previews);
    if (view === 'mine') return rowsFromMine(model.mine, model.unread, model.previews, model.names);
    return rowsFromQueue(model.queue);
  }, [view, query, listed.items, model.unread, model.previews, model.mine, model.names, model.queue]);

  const teamAgents = useMemo(() => model.presence.map((p) => ({ id: p.agentId, name: p.name })), [model.presence]);
  const loadConversation = useCallback((conversationId: string) => request('conversation:get', { conversationId }), [request]);
  const loadPage = useCallback((conversationId: string, beforeSeq: number) => request('message:list', { conversationId, beforeSeq }), [request]);

  const mineIds = model.mine.map((c) => c.id);
  useTitleBadge(t('app.title'), model.queue.length + totalUnread(model.unread, mineIds));

  const open = async (id: string | null): Promise<void> => {
    const res = await api.open(id);
    if (!res.ok) commands.reportError(res.error);
  };

  /** Opens a conversation from anywhere (notification, ticket, team view), switching to a view that lists it. */
  const show = (id: string): void => {
    setScreen('inbox');
    if (model.queue.some((e) => e.conversationId === id)) setView('waiting');
    else if (model.mine.some((c) => c.id === id)) setView('mine');
    else if (view === 'cases' || view === 'team' || view === 'knowledge') setView(isLead ? 'open' : 'closed');
    void open(id);
  };
  showRef.current = show;

  /** Opens a case from anywhere (an escalation notice, a converted chat), in the cases view. */
  const showCase = (id: string): void => {
    selectView('cases');
    cases.open(id);
  };
  showCaseRef.current = showCase;

  const take = async (id: string): Promise<void> => {
    if (await commands.take(id)) {
      setView('mine');
      setTimeout(() => replyRef.current?.focus(), 0);
    }
  };

  const openId = model.openId;
  const handlers: ConversationHandlers = {
    onTake: () => openId !== null && void take(openId),
    onLoadEarlier: async () => {
      const res = await api.loadEarlier();
      if (!res.ok) commands.reportError(res.error);
    },
    onToKb: (reply, question) => setToKb({ reply, question }),
    onSend: async (text, isInternal, attachments) => {
      if (openId === null) return false;
      const ok = await commands.send(openId, text, isInternal, attachments);
      if (ok) drafts.current.delete(openId);
      return ok;
    },
    onTyping: (isTyping) => openId !== null && commands.setTyping(openId, isTyping),
    onRead: (upToSeq) => openId !== null && commands.markRead(openId, upToSeq),
    onClose: async (resolution) => {
      if (openId !== null && (await commands.close(openId, resolution))) drafts.current.delete(openId);
    },
    onTransfer: async (target) => openId !== null && commands.transfer(openId, target),
    onHandback: async () => {
      if (openId !== null) await commands.handback(openId);
    },
    onConvert: async (input) => {
      if (openId === null) return false;
      const c = await commands.convert(openId, input);
      if (c === null) return false;
      drafts.current.delete(openId);
      push('info', t('notice.caseOpened', { n: c.number }), { label: t('notice.openCase'), run: () => showCase(c.id) });
      return true;
    },
    onBack: () => void open(null),
    onToggleCustomer: () => setCustomerOpen((v) => !v),
    onLeaveReply: () => {
      replyRef.current?.blur();
      const row = openId === null ? null : document.querySelector<HTMLElement>(`[data-conversation-id="${CSS.escape(openId)}"] .row-main`);
      row?.focus();
    },
    assist: {
      suggest: commands.suggest,
      search: commands.searchKb,
      used: commands.useSuggestion,
    },
    getDraft: (id) => drafts.current.get(id) ?? '',
    setDraft: (id, d) => {
      if (d === '') drafts.current.delete(id);
      else drafts.current.set(id, d);
    },
  };

  const saveTags = async (tags: string[]): Promise<void> => {
    if (openId !== null) await commands.saveTags(openId, tags);
  };

  useKeyboardNav({
    onStep: (delta) => {
      if (view === 'cases') {
        const ids = [...document.querySelectorAll<HTMLElement>('[data-testid="case-item"]')].map((el) => el.dataset['caseId'] ?? '');
        const next = stepSelection(ids, cases.openId, delta);
        if (next !== null) cases.open(next);
        return;
      }
      const next = stepSelection(rows.map((r) => r.conversationId), openId, delta);
      if (next !== null && next !== openId) void open(next);
    },
    onFocusSearch: () => searchRef.current?.focus(),
  });

  function selectView(v: InboxView): void {
    setView(v);
    if (v === 'cases') {
      setEscalations(0);
      cases.reload();
    }
  }

  const counts: Partial<Record<InboxView, number>> = { waiting: model.queue.length, mine: model.mine.length, cases: escalations };
  const detail = model.detail;
  const isWide = view === 'team' || view === 'knowledge';
  const isMain = view === 'cases' ? cases.openId !== null : !isWide && openId !== null;
  const emptyKey = query.trim() !== '' ? 'inbox.empty.search' : view === 'mine' ? 'inbox.empty.mine' : view === 'open' ? 'inbox.empty.open' : view === 'closed' ? 'inbox.empty.closed' : 'inbox.empty.waiting';

  return (
    <div
      class="shell"
      onPointerDown={unlockAudio}
      onKeyDown={unlockAudio}
    >
      <Header
        me={me}
        connection={model.connection}
        presence={myPresence}
        team={model.presence}
        alerts={permission}
        onPresence={(s) => void commands.setPresence(s)}
        onEnableAlerts={() => void requestAlertPermission().then(setPermission)}
        onLocaleChange={onLocaleChange}
        onSignOut={() => onSignOut(false)}
        nav={<ScreenNav current={screen} onSelect={setScreen} />}
      />
      <NoticeBar notices={notices} onDismiss={dismiss} />
      {screen === 'insight' ? (
        <div class="screen-full">
          <Dashboard token={token} isLead={isLead} departments={model.departments} agents={teamAgents} />
        </div>
      ) : screen === 'qa' ? (
        <div class="screen-full">
          <QaReview token={token} isLead={isLead} loadConversation={loadConversation} loadPage={loadPage} />
        </div>
      ) : (
        <div class={`columns ${isMain ? 'show-main' : ''} ${isWide ? 'is-team' : ''} ${isWide || view === 'cases' ? 'is-wide' : ''} ${view === 'cases' ? 'is-cases' : ''} ${isCustomerOpen ? 'show-side' : ''}`}>
          <aside class="col col-inbox" aria-label={t('tab.label')}>
            <InboxTabs views={views} current={view} counts={counts} onSelect={selectView} />
            {view === 'cases' ? (
              <CaseList
                state={cases}
                now={now}
                myId={me?.id ?? null}
                presence={model.presence}
                departments={model.departments}
                openDepartments={openDepartments}
                onNotice={(text) => push('info', text)}
              />
            ) : (
              <>
                <SearchBox value={query} inputRef={searchRef} onChange={setQuery} />
                <InboxList
                  rows={rows}
                  selectedId={openId}
                  now={now}
                  isLoading={listed.isLoading}
                  emptyKey={emptyKey}
                  typingIds={new Set(Object.keys(model.typing))}
                  takingIds={commands.taking}
                  breachedIds={new Set(model.slaBreaches.map((b) => b.conversationId))}
                  onOpen={(id) => void open(id)}
                  onTake={(id) => void take(id)}
                />
              </>
            )}
            <p class="keys-hint muted small">{t('keys.hint')}</p>
          </aside>
          <main class="col col-main">
            {toKb !== null ? (
              <ReplyToKb
                token={token}
                reply={toKb.reply}
                question={toKb.question}
                onDone={(notice) => {
                  setToKb(null);
                  if (notice) push(notice.kind, notice.text);
                }}
              />
            ) : view === 'knowledge' ? (
              <KnowledgeView token={token} onNotice={push} />
            ) : view === 'team' ? (
              <SupervisorView
                presence={model.presence}
                queue={model.queue}
                departments={model.departments}
                breaches={model.slaBreaches}
                now={now}
                onOpenConversation={show}
              />
            ) : view === 'cases' ? (
              <CaseDetailView
                state={cases}
                now={now}
                presence={model.presence}
                departments={model.departments}
                onNotice={(text) => push('info', text)}
                onOpenConversation={show}
              />
            ) : detail !== null ? (
              <ConversationView
                detail={detail}
                me={me}
                presence={model.presence}
                departments={model.departments}
                canned={model.canned}
                typing={model.typing[detail.conversation.id]}
                isTaking={commands.taking.has(detail.conversation.id)}
                replyRef={replyRef}
                handlers={handlers}
              />
            ) : (
              <p class="empty center">{openId !== null ? t('conversation.loading') : t('conversation.none')}</p>
            )}
          </main>
          {!isWide && view !== 'cases' && detail !== null && (
            <div class="col col-side">
              <CustomerPanel
                detail={detail}
                isReadOnly={!isMine(detail.conversation, me?.id ?? null)}
                onOpenConversation={show}
                onSaveTags={saveTags}
                privacy={
                  me?.role === 'admin'
                    ? {
                        token,
                        onErased: () => void open(null).then(() => request('console:sync', {})).then((res) => res.ok && dispatch({ type: 'synced', state: res.data })),
                        onError: (text) => push('error', text),
                        onDone: (text) => push('info', text),
                      }
                    : undefined
                }
              />
            </div>
          )}
        </div>
      )}
    </div>
  );
}
