import type { VNode } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { ShopperConversationView } from '../../../shared/model';
import { ChatContext } from '../chat-context';
import type { MessageKey } from '../i18n/translate';
import { safeHref } from '../../ui/parse-markdown';

export interface PanelHeaderProps {
  conversation: ShopperConversationView | null;
  agentsOnline: boolean;
  /** The chat could not connect: the header must not promise instant replies. */
  isDown: boolean;
  isSoundOn: boolean;
  onClose(): void;
  onLeaveMessage(): void;
  onToggleSound(): void;
}

/** Title, agent name and avatar after a handoff, the options menu and the close button. */
export function PanelHeader(props: PanelHeaderProps): VNode {
  const { t, transport } = useContext(ChatContext);
  const [isMenuOpen, setMenuOpen] = useState(false);
  const agent = props.conversation?.status === 'assigned' ? props.conversation.agent : null;
  const status = props.conversation?.status ?? 'bot';
  const statusKey: MessageKey = props.isDown
    ? 'status.down'
    : status === 'waiting' && !props.agentsOnline
      ? 'status.offline'
      : (`status.${status}` as MessageKey);
  const avatar = agent?.avatarUrl ? safeHref(agent.avatarUrl) : null;
  const choose = (fn: () => void) => () => {
    setMenuOpen(false);
    fn();
  };
  return (
    // Escape closes the open menu first (focus is on its ⋯ button or an item), not the whole panel.
    <div class="head" onKeyDown={(e) => isMenuOpen && e.key === 'Escape' && (e.stopPropagation(), setMenuOpen(false))}>
      {agent &&
        (avatar ? (
          <img class="av" src={avatar} alt="" />
        ) : (
          <span class="av" aria-hidden="true">
            {agent.name.slice(0, 1)}
          </span>
        ))}
      <div class="ht">
        <h2 id="pl-title">{agent ? agent.name : t('title')}</h2>
        <p>{t(statusKey)}</p>
      </div>
      <button
        type="button"
        class="ib"
        aria-label={t('menu')}
        aria-expanded={isMenuOpen}
        onClick={() => setMenuOpen(!isMenuOpen)}
      >
        ⋯
      </button>
      <button type="button" class="ib" aria-label={t('close')} onClick={props.onClose}>
        ×
      </button>
      {isMenuOpen && (
        <div class="menu">
          {(status === 'bot' || status === 'closed') && (
            <button type="button" onClick={choose(() => void transport.requestHandoff())}>
              {t('menu.handoff')}
            </button>
          )}
          <button type="button" onClick={choose(props.onLeaveMessage)}>
            {t('menu.ticket')}
          </button>
          <button type="button" onClick={choose(props.onToggleSound)}>
            {t(props.isSoundOn ? 'menu.soundOff' : 'menu.soundOn')}
          </button>
        </div>
      )}
    </div>
  );
}
