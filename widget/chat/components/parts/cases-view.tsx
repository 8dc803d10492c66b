import type { VNode } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { ShopperCaseView } from '../../../../shared/cases';
import type { ClientResult } from '../../../../shared/errors';
import { LIMITS } from '../../../../shared/limits';
import { MessageBubble } from '../../../ui/message-bubble';
import { ChatContext } from '../../chat-context';
import { useStore } from '../../hooks/use-store';
import { errorKey } from '../../i18n/error-key';
import type { MessageKey, Translate } from '../../i18n/translate';
import { replyTime } from '../../reply-time';
import { caseSync } from './case-sync';

/** "Expected reply: usually within 2 hours", while the team owes an answer; null otherwise. */
export function expectedReply(c: ShopperCaseView, t: Translate): string | null {
  if (c.status !== 'new' && c.status !== 'open' && c.status !== 'reopened') return null;
  const { key, n } = replyTime(c.replyTargetMinutes);
  return t('case.expect', { time: t(key, { n }) });
}

/** My requests: the shopper's cases, newest first; one opens to its thread, a reply box and, once solved, "Did this solve it?". */
export function CasesView({ isOpen }: { isOpen: boolean }): VNode {
  const { t, transport } = useContext(ChatContext);
  const s = useStore(transport.cases);
  const current = s.cases.find((c) => c.id === s.viewing);
  // Reopening the panel (or the tab) on a case shows its replies: they are read now.
  useEffect(() => {
    const mark = (): void => caseSync()?.markRead();
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [isOpen]);
  if (!current) {
    return (
      <div class="log" tabIndex={-1}>
        <h3>{t('cases.title')}</h3>
        {s.cases.length === 0 && <p class="sys">{t(s.isLoaded ? 'cases.empty' : 'cases.loading')}</p>}
        <ul class="cases">
          {s.cases.map((c) => (
            <li key={c.id}>
              <button type="button" class="case" data-case={c.number} onClick={() => void caseSync()?.view(c.id)}>
                <strong>{t('cases.item', { n: c.number })}</strong>
                {c.unread > 0 && <span class="bdg">{t('cases.unread', { n: c.unread })}</span>}
                <span>{c.subject}</span>
                <span class="mut">{t(`case.status.${c.status}` as MessageKey)}</span>
                {expectedReply(c, t) && <span class="mut">{expectedReply(c, t)}</span>}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return <CaseThread c={current} />;
}

function CaseThread({ c }: { c: ShopperCaseView }): VNode {
  const { t, transport } = useContext(ChatContext);
  const s = useStore(transport.cases);
  const [text, setText] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [isBusy, setBusy] = useState(false);
  const isAsked = c.status === 'solved' && c.confirmation !== null && c.confirmation.answer === null;
  const run = async (fn: () => Promise<ClientResult<unknown>>): Promise<boolean> => {
    setBusy(true);
    const ack = await fn();
    setBusy(false);
    setError(ack.ok ? null : errorKey(ack.error));
    return ack.ok;
  };
  const expected = expectedReply(c, t);
  return (
    <div class="log" tabIndex={-1}>
      <button type="button" class="lnk" onClick={() => void caseSync()?.view(null)}>
        {t('cases.list')}
      </button>
      <h3>{t('cases.item', { n: c.number })}</h3>
      <p class="mut" role="status">
        {t(`case.status.${c.status}` as MessageKey)}
        {expected && ` · ${expected}`}
      </p>
      {s.thread.map((m) => {
        const isMine = m.kind === 'shopper';
        return (
          <div key={m.id} class={isMine ? 'row me' : 'row'}>
            <span class="name">{isMine ? t('you') : (m.authorName ?? t(m.kind === 'reply' ? 'agent' : 'bot'))}</span>
            <MessageBubble class="bub" text={m.text} isMarkdown={!isMine} />
          </div>
        );
      })}
      {isAsked && (
        <div class="card" role="group" aria-label={t('confirm.ask')}>
          <h3>{t('confirm.ask')}</h3>
          <button type="button" class="btn" disabled={isBusy} onClick={() => void run(() => caseSync()!.confirm(true))}>
            {t('confirm.yes')}
          </button>{' '}
          <button type="button" class="btn" disabled={isBusy} onClick={() => void run(() => caseSync()!.confirm(false))}>
            {t('confirm.no')}
          </button>
        </div>
      )}
      {error && (
        <p class="fe" role="alert">
          {t(error)}
        </p>
      )}
      {c.status !== 'closed' && (
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) void run(() => caseSync()!.reply(text.trim())).then((ok) => ok && setText(''));
          }}
        >
          <label>
            {t('cases.reply')}
            <textarea rows={2} value={text} maxLength={LIMITS.messageChars} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
          <button type="submit" class="btn" disabled={isBusy || text.trim() === ''}>
            {t('cases.send')}
          </button>
        </form>
      )}
    </div>
  );
}

/** After the leave-a-message form: the request's number and when to expect a reply, kept across reloads. */
export function CaseConfirmation({ number, onShow }: { number: number; onShow(caseId: string): void }): VNode {
  const { t, transport } = useContext(ChatContext);
  const s = useStore(transport.cases);
  const c = s.cases.find((x) => x.number === number);
  const expected = c && expectedReply(c, t);
  return (
    <div class="card" role="status">
      <p>{t('case.done', { n: number })}</p>
      {expected && <p>{expected}</p>}
      {c && (
        <button type="button" class="lnk" onClick={() => onShow(c.id)}>
          {t('menu.cases')}
        </button>
      )}
    </div>
  );
}

/** This chunk's CSS, adopted into the panel's shadow root when the chunk loads. */
export const PARTS_STYLES = `
.card label{display:block;margin:8px 0 4px;font-size:13px;font-weight:600}
.btn{margin-top:12px;padding:9px 16px;border:0;border-radius:8px;background:var(--parley-primary);color:var(--parley-on-primary);font-weight:600}
.cases{list-style:none;margin:8px 0;padding:0}
.case{display:flex;flex-wrap:wrap;gap:2px 8px;width:100%;margin:6px 0;padding:10px 12px;border:1px solid #d0d4d9;border-radius:12px;background:#fafbfc;text-align:left}
.case span{flex-basis:100%}
.case .bdg{flex-basis:auto}
.mut{font-size:13px;color:#595959}
fieldset{display:flex;gap:4px;margin:0;padding:0;border:0}
legend{margin-bottom:6px;font-weight:600}
.card .star{margin:0;font-size:30px;line-height:1;color:#8a8f98;position:relative}
.on{color:#b26a00!important}
.nps{flex-wrap:wrap;gap:3px;margin-top:10px}
.card .nps label{margin:0;position:relative;min-width:26px;padding:5px 0;border:1px solid #8a8f98;border-radius:6px;text-align:center}
.nps .on{border-color:#b26a00}
.star input,.nps input{position:absolute;opacity:0;width:1px;padding:0;margin:0}
label input:focus-visible+span{outline:2px solid #0b57d0}
`;
