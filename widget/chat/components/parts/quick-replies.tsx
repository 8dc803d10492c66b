import type { VNode } from 'preact';
import { useContext } from 'preact/hooks';
import type { QuickReply } from '../../../../shared/model';
import { ChatContext } from '../../chat-context';
import { safeHref } from '../../../ui/parse-markdown';

/**
 * Quick replies and clarify chips under the bot's latest message: text chips send, url chips open. In the parts
 * chunk, which the panel requests as it first renders: in by the time an answer (or a resumed transcript) comes.
 */
export function QuickReplies({ replies, asksForFile }: { replies: QuickReply[]; asksForFile?: boolean }): VNode {
  const { t, transport, pickFile } = useContext(ChatContext);
  return (
    <div class="chips">
      {asksForFile && (
        <button type="button" class="hi" onClick={pickFile}>
          {'📎 ' + t('attach.photo')}
        </button>
      )}
      {replies.map((r) => {
        const href = r.url && safeHref(r.url);
        return href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {r.label}
          </a>
        ) : (
          <button type="button" onClick={() => transport.send(r.text ?? r.label)}>
            {r.label}
          </button>
        );
      })}
    </div>
  );
}

/** The typing dots and who is typing. */
export function Typing({ name }: { name: string }): VNode {
  const { t } = useContext(ChatContext);
  return (
    <p class="typ">
      <span class="dots" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      {t('typing', { name })}
    </p>
  );
}

export const CHIPS_STYLES = `
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.chips *{padding:6px 12px;border:1.5px solid;border-radius:16px;background:#fff;font-size:14px;text-decoration:none}
.chips button{color:#0b57d0}
.chips .hi{background:#0b57d0;color:#fff}
.typ{font-size:12px;color:#595959;margin:6px 4px 2px}
.dots{display:inline-flex;gap:3px;margin-right:6px}
.dots i{width:6px;height:6px;border-radius:50%;background:#767676}
@media (prefers-reduced-motion:no-preference){.dots i{animation:bounce 1.2s infinite}.dots i+i{animation-delay:.2s}@keyframes bounce{30%{transform:translateY(-4px)}}}
`;
