import { useState } from 'preact/hooks';
import { LIMITS } from '../../../shared/limits';
import type { AgentPresence } from '../../../shared/model';
import type { CasesState } from '../hooks/use-cases';
import { useI18n } from '../i18n/i18n-context';
import { CaseActions } from './case-actions';
import { CaseCountdown } from './case-countdown';
import { CaseHistory } from './case-history';
import { CaseThread } from './case-thread';

interface Props {
  state: CasesState;
  now: number;
  presence: AgentPresence[];
  departments: string[];
  onNotice: (text: string) => void;
  onOpenConversation: (conversationId: string) => void;
}

/** The open case: who and what, its clock, the actions, the thread with a reply/note box, and its history. */
export function CaseDetailView({ state, now, presence, departments, onNotice, onOpenConversation }: Props) {
  const { t } = useI18n();
  if (state.openId === null) return <p class="empty center">{t('cases.pick')}</p>;
  const detail = state.detail;
  if (detail === null || detail.case.id !== state.openId) return <p class="empty center">{t('cases.loading')}</p>;
  const c = detail.case;
  const contact = [c.contactName, c.contactEmail].filter((x): x is string => x !== null && x !== '').join(' · ');

  return (
    <section class="conversation case" data-testid="case-detail" data-case-id={c.id} data-case-number={c.number} data-status={c.status}>
      <header class="conv-head">
        <button type="button" class="btn btn-ghost only-narrow" onClick={() => state.open(null)}>
          ← {t('conversation.back')}
        </button>
        <div class="conv-title">
          <h2>
            {t('cases.number', { n: c.number })} · {c.subject !== '' ? c.subject : t('cases.noSubject')}
          </h2>
          <div class="conv-sub">
            <span class={`badge case-${c.status}`} data-testid="case-detail-status">
              {t(`cases.status.${c.status}`)}
            </span>
            <span class={`badge case-prio-${c.priority}`} data-testid="case-detail-priority">
              {t(`cases.priority.${c.priority}`)}
            </span>
            <span class="badge badge-tier" data-testid="case-detail-tier">
              <span class="sr-only">{t('cases.tierLabel')} </span>
              {c.tier}
            </span>
            <span class="chip" data-testid="case-detail-department">
              {c.department}
            </span>
            <CaseCountdown c={c} now={now} />
            {contact !== '' && <span class="muted small wrap">{contact}</span>}
            {c.customerId !== null && (
              <span class="muted small wrap" data-testid="case-detail-customer">
                {t('cases.customerId', { id: c.customerId })}
              </span>
            )}
            {c.conversationId !== null && (
              <button type="button" class="link-btn small" onClick={() => c.conversationId !== null && onOpenConversation(c.conversationId)}>
                {t('cases.openChat')}
              </button>
            )}
          </div>
        </div>
        <CaseActions c={c} state={state} presence={presence} departments={departments} onDone={onNotice} />
      </header>
      {state.isStale && (
        <div class="readonly" role="alert" data-testid="case-stale">
          <span>{t('cases.stale')}</span>
          <button type="button" class="btn" data-testid="case-reload" onClick={() => void state.reloadDetail()}>
            {t('cases.reload')}
          </button>
        </div>
      )}
      <div class="transcript case-body">
        <CaseThread messages={detail.messages} customerName={c.contactName} />
        <CaseHistory events={detail.events} presence={presence} />
      </div>
      {c.status === 'closed' ? (
        <div class="readonly" role="note">
          <span>{t('cases.closedNotice')}</span>
        </div>
      ) : (
        <CaseComposer key={c.id} caseId={c.id} onSend={state.reply} />
      )}
    </section>
  );
}

/** One box, two ways out: a public reply the customer receives, or an internal note for the team. */
function CaseComposer({ caseId, onSend }: { caseId: string; onSend: (text: string, isInternal: boolean) => Promise<boolean> }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [isBusy, setBusy] = useState(false);
  const send = async (isInternal: boolean): Promise<void> => {
    const body = text.trim();
    if (body === '' || isBusy) return;
    setBusy(true);
    if (await onSend(body, isInternal)) setText('');
    setBusy(false);
  };
  const id = `case-reply-${caseId}`;
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send(false);
      }}
    >
      <label class="sr-only" for={id}>
        {t('cases.replyLabel')}
      </label>
      <textarea
        id={id}
        class="reply-input"
        rows={4}
        maxLength={LIMITS.messageChars}
        placeholder={t('cases.replyPlaceholder')}
        value={text}
        data-testid="case-reply-input"
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="composer-bar">
        <span class="composer-spacer" />
        <button type="button" class="btn btn-note" disabled={isBusy || text.trim() === ''} data-testid="case-add-note" onClick={() => void send(true)}>
          {t('cases.addNote')}
        </button>
        <button type="submit" class="btn btn-primary" disabled={isBusy || text.trim() === ''} data-testid="case-send-reply">
          {t('cases.sendReply')}
        </button>
      </div>
    </form>
  );
}
