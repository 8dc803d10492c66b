import type { VNode } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { ShopperConversationView } from '../../../shared/model';
import { ChatContext } from '../chat-context';
import type { MessageKey } from '../i18n/translate';
import { loadFiles, useParts } from '../hooks/use-parts';

export interface PanelHeaderProps {
  conversation: ShopperConversationView | null;
  /** The chat could not connect: the header must not promise instant replies. */
  isDown: boolean;
  isSoundOn: boolean;
  onClose(): void;
  onCases(): void;
  onLeaveMessage(): void;
  onToggleSound(): void;
}

/**
 * Title, agent name and avatar after a handoff, "Talk to a person" (one tap, while the bot has the chat), the
 * options menu (its button shows unread request replies) and the close button.
 */
export function PanelHeader(props: PanelHeaderProps): VNode {
  const { t, transport } = useContext(ChatContext);
  const [isMenuOpen, setMenuOpen] = useState(false);
  const agent = props.conversation?.status === 'assigned' ? props.conversation.agent : null;
  const status = props.conversation?.status ?? 'bot';
  const statusKey: MessageKey = props.isDown
    ? 'status.down'
    : status === 'waiting' && !props.conversation?.queue
      ? 'status.offline'
      : (`status.${status}` as MessageKey);
  // The menu's items, its unread dot and the avatar are in the parts chunk (requested as the panel first renders).
  const parts = useParts(true, loadFiles);
  return (
    // Escape closes the open menu first (focus is on its ⋯ button or an item), not the whole panel.
    <div class="head" onKeyDown={(e) => isMenuOpen && e.key === 'Escape' && (e.stopPropagation(), setMenuOpen(false))}>
      {parts && agent && <parts.Avatar agent={agent} />}
      <div class="ht">
        <h2 id="pl-title">{agent ? agent.name : t('title')}</h2>
        <p>{t(statusKey)}</p>
      </div>
      {(status === 'bot' || status === 'closed') && (
        <button type="button" class="hb" onClick={() => void transport.requestHandoff()}>
          {t('menu.handoff')}
        </button>
      )}
      <button
        type="button"
        class="ib"
        aria-label={t('menu')}
        aria-expanded={isMenuOpen}
        onClick={() => setMenuOpen(!isMenuOpen)}
      >
        ⋯{parts && <parts.CasesDot />}
      </button>
      <button type="button" class="ib" aria-label={t('close')} onClick={props.onClose}>
        ×
      </button>
      {parts && isMenuOpen && (
        <parts.Menu
          isSoundOn={props.isSoundOn}
          onCases={props.onCases}
          onLeaveMessage={props.onLeaveMessage}
          onToggleSound={props.onToggleSound}
          onDone={() => setMenuOpen(false)}
        />
      )}
    </div>
  );
}
