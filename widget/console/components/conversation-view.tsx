import type { AttachmentRef } from '../../../shared/cases';
import type { RefObject } from 'preact';
import type { CasePriority } from '../../../shared/cases';
import type { CannedResponse, ConversationDetail } from '../../../shared/events';
import type { Agent, AgentPresence, Message, Resolution } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';
import { useReadMarks } from '../hooks/use-read-marks';
import { lastSeqOf } from '../state/messages';
import { isMine } from '../state/mine';
import type { TypingState } from '../state/console-model';
import { ConversationActions } from './conversation-actions';
import { HandoffCard } from './handoff-card';
import { PriorityBadge } from './priority-badge';
import type { AssistHandlers } from './assist-bar';
import { ReplyBox } from './reply-box';
import { Transcript } from './transcript';

export interface ConversationHandlers {
  onTake: () => void;
  /** The transcript page before the earliest one shown. */
  onLoadEarlier: () => Promise<void>;
  /** One of my replies becomes a KB answer draft (with the shopper's question before it). */
  onToKb?: (reply: Message, question: Message | undefined) => void;
  onSend: (text: string, isInternal: boolean, attachments?: AttachmentRef[]) => Promise<boolean>;
  onTyping: (isTyping: boolean) => void;
  onRead: (upToSeq: number) => void;
  onClose: (resolution: Resolution) => Promise<void>;
  onTransfer: (target: { toAgentId?: string; toDepartment?: string; note?: string }) => Promise<boolean>;
  onHandback: () => Promise<void>;
  onConvert: (input: { subject?: string; priority?: CasePriority }) => Promise<boolean>;
  onBack: () => void;
  /** Shows or hides the customer panel where it is a drawer (tablet widths). */
  onToggleCustomer: () => void;
  onLeaveReply: () => void;
  getDraft: (conversationId: string) => string;
  /** Agent assist (suggested KB answers, KB search, usage record). */
  assist: AssistHandlers;
  setDraft: (conversationId: string, draft: string) => void;
}

interface Props {
  detail: ConversationDetail;
  me: Agent | null;
  presence: AgentPresence[];
  departments: string[];
  canned: CannedResponse[];
  typing: TypingState | undefined;
  isTaking: boolean;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  handlers: ConversationHandlers;
}

/** The middle column: who and what, the handoff summary, the transcript, and the reply box when it is mine. */
export function ConversationView({ detail, me, presence, departments, canned, typing, isTaking, replyRef, handlers: h }: Props) {
  const { t } = useI18n();
  const c = detail.conversation;
  const myId = me?.id ?? null;
  const mine = isMine(c, myId);
  const name = detail.visitor.identity.name ?? t('inbox.anonymous');
  const owner = presence.find((p) => p.agentId === c.assignedAgentId);
  useReadMarks(c.id, lastSeqOf(detail.messages), mine, h.onRead);

  return (
    <section class="conversation" data-testid="conversation-view" data-conversation-id={c.id} data-status={c.status}>
      <header class="conv-head">
        <button type="button" class="btn btn-ghost only-narrow" onClick={h.onBack}>
          ← {t('conversation.back')}
        </button>
        <div class="conv-title">
          <h2>{name}</h2>
          <div class="conv-sub">
            <span class={`badge status-${c.status}`} data-testid="conversation-status">
              {t(`status.${c.status}`)}
            </span>
            <PriorityBadge priority={c.priority} isAlwaysShown />
            <span class="chip">{c.department}</span>
            <span class="chip">{c.locale.toUpperCase()}</span>
          </div>
        </div>
        <button type="button" class="btn only-tablet" data-testid="customer-toggle" onClick={h.onToggleCustomer}>
          {t('customer.title')}
        </button>
        {mine && (
          <ConversationActions
            presence={presence}
            myAgentId={myId}
            departments={departments}
            currentDepartment={c.department}
            onClose={h.onClose}
            onTransfer={h.onTransfer}
            onHandback={h.onHandback}
            onConvert={h.onConvert}
          />
        )}
      </header>

      {c.handoff !== null && <HandoffCard key={c.id} summary={c.handoff} />}

      <Transcript
        key={c.id}
        messages={detail.messages}
        myAgentId={myId}
        shopperReadSeq={c.shopperReadSeq}
        typingDraft={typing === undefined ? undefined : typing.draft}
        shopperName={name}
        hasEarlier={detail.hasEarlier}
        onLoadEarlier={h.onLoadEarlier}
        onToKb={h.onToKb && ((m) => h.onToKb!(m, detail.messages.filter((x) => x.seq < m.seq && x.sender === 'shopper').at(-1)))}
      />

      {mine ? (
        <ReplyBox
          key={c.id}
          conversationId={c.id}
          canned={canned}
          vars={{ name: detail.visitor.identity.name, agent: me?.name ?? '' }}
          initialDraft={h.getDraft(c.id)}
          inputRef={replyRef}
          onDraftChange={(d) => h.setDraft(c.id, d)}
          onSend={h.onSend}
          onTyping={h.onTyping}
          onLeave={h.onLeaveReply}
          assist={h.assist}
          locale={c.locale}
          lastShopperSeq={lastShopperSeq(detail.messages)}
        />
      ) : (
        <div class="readonly" data-testid="read-only-banner" role="note">
          {c.status === 'waiting' ? (
            <>
              <span>{t('conversation.waitingNotice')}</span>
              <button type="button" class="btn btn-primary" disabled={isTaking} data-testid="take-open-button" onClick={h.onTake}>
                {t('conversation.take')}
              </button>
            </>
          ) : c.status === 'closed' ? (
            <span>{t('conversation.closedNotice', { resolution: c.resolution === null ? '—' : t(`actions.${c.resolution}`) })}</span>
          ) : owner !== undefined && c.status === 'assigned' ? (
            <span>{t('conversation.readOnlyAssigned', { name: owner.name })}</span>
          ) : (
            <span>{t('conversation.readOnly')}</span>
          )}
        </div>
      )}
    </section>
  );
}

/** The seq of the shopper's latest message: suggestions are fetched again when it changes. */
function lastShopperSeq(messages: readonly { sender: string; seq: number }[]): number {
  for (let i = messages.length - 1; i >= 0; i -= 1) if (messages[i]!.sender === 'shopper') return messages[i]!.seq;
  return 0;
}
