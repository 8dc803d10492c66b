import { useCallback, useEffect, useRef } from 'preact/hooks';
import type { Locale } from '../../../shared/model';
import type { Translate } from '../i18n/translate';
import { beep } from '../notify/beep';
import { desktopNotify } from '../notify/desktop-notify';
import { badgeTitle, formatDuration } from '../state/format';
import { describeDrift } from '../state/insight-format';
import type { ConsoleSignal } from './use-console';
import type { NoticeKind, Notice } from './use-notices';

interface Options {
  t: Translate;
  locale: Locale;
  isOnline: boolean;
  isLead: boolean;
  push: (kind: NoticeKind, text: string, action?: Notice['action']) => void;
  openConversation: (conversationId: string) => void;
  openDashboard: () => void;
  openCase: (caseId: string) => void;
  onUnauthorized: () => void;
}

/**
 * Turns console signals into what gets an agent's attention without the tab focused: a beep,
 * a desktop notification (replacing the previous one for the same chat), and an in-page notice.
 * Queue alerts go quiet while the agent is away; their own conversations never do.
 */
export function useAlerts(options: Options): (signal: ConsoleSignal) => void {
  const ref = useRef(options);
  ref.current = options;

  return useCallback((signal: ConsoleSignal) => {
    const { t, locale, isOnline, isLead, push, openConversation, openDashboard, openCase, onUnauthorized } = ref.current;
    const hidden = document.visibilityState !== 'visible';
    switch (signal.kind) {
      case 'queued': {
        if (!isOnline) return;
        beep(signal.entries.some((e) => e.priority === 'urgent' || e.priority === 'high'));
        for (const e of signal.entries) {
          const body = t('notify.newChatBody', { name: e.visitorName ?? t('inbox.anonymous'), preview: e.preview });
          desktopNotify(t('notify.newChat'), body, `queue-${e.conversationId}`, () => openConversation(e.conversationId));
        }
        const first = signal.entries[0];
        if (first !== undefined) push('info', t('notify.newChat'), { label: t('supervisor.open'), run: () => openConversation(first.conversationId) });
        return;
      }
      case 'queueAlert': {
        if (!isOnline) return;
        const e = signal.entry;
        beep(e.priority === 'urgent' || e.priority === 'high');
        const title = t('notify.stillWaiting', { time: formatDuration(signal.waitingMs) });
        const body = t('notify.newChatBody', { name: e.visitorName ?? t('inbox.anonymous'), preview: e.preview });
        desktopNotify(title, body, `queue-${e.conversationId}`, () => openConversation(e.conversationId));
        return;
      }
      case 'assigned': {
        beep(true);
        const id = signal.conversation.id;
        desktopNotify(t('notify.assigned'), t('notice.assigned'), `assigned-${id}`, () => openConversation(id));
        push('info', t('notice.assigned'), { label: t('supervisor.open'), run: () => openConversation(id) });
        return;
      }
      case 'shopperMessage': {
        if (signal.isVisible) return;
        beep();
        if (hidden) {
          const m = signal.message;
          desktopNotify(t('notify.newMessage', { name: m.senderName ?? t('transcript.shopper') }), m.text.slice(0, 140), `msg-${m.conversationId}`, () =>
            openConversation(m.conversationId),
          );
        }
        return;
      }
      case 'slaBreached': {
        if (!isLead) return;
        const text = t('notify.sla', { priority: t(`priority.${signal.priority}`), time: formatDuration(signal.waitedMs) });
        push('warning', text, { label: t('supervisor.open'), run: () => openConversation(signal.conversationId) });
        desktopNotify(text, '', `sla-${signal.conversationId}`, () => openConversation(signal.conversationId));
        return;
      }
      case 'drifted': {
        // A figure past its target is the floor's business: supervisors and admins, whatever their presence.
        if (!isLead) return;
        const text = describeDrift(signal.alert, t, locale);
        push('warning', text, { label: t('drift.open'), run: openDashboard });
        desktopNotify(text, '', `drift-${signal.alert.key}`, openDashboard);
        return;
      }
      case 'caseEscalated': {
        // The new owner must notice even away from the cases view: a beep, a desktop notification and a toast.
        beep(true);
        const c = signal.case;
        const text = signal.isAutomatic
          ? t('notify.caseEscalatedAuto', { n: c.number, tier: c.tier })
          : t('notify.caseEscalated', { n: c.number, tier: c.tier, reason: signal.reason });
        desktopNotify(text, c.subject, `case-${c.id}`, () => openCase(c.id));
        push('warning', text, { label: t('notice.openCase'), run: () => openCase(c.id) });
        return;
      }
      case 'syncFailed':
        push('error', signal.message);
        return;
      case 'unauthorized':
        onUnauthorized();
        return;
    }
  }, []);
}

/** Keeps `document.title` showing the pending-work count, so a background tab still tells the agent. */
export function useTitleBadge(base: string, count: number): void {
  useEffect(() => {
    document.title = badgeTitle(base, count);
  }, [base, count]);
}
