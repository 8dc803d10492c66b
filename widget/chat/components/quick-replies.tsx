import type { VNode } from 'preact';
import { useContext } from 'preact/hooks';
import type { QuickReply } from '../../../shared/model';
import { ChatContext } from '../chat-context';
import { safeHref } from '../../ui/safe-href';

/** Quick replies and clarify chips under the bot's latest message: text chips send, url chips open. */
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
