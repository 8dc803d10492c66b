import type { PanelState } from './panel-state';
import { translate } from './i18n/translate';

/**
 * Draws the launcher's states once the chat runs (the loader drew it closed): open (its icon a cross) or closed,
 * the unread badge (its ::after, showing `data-unread`: chat-styles.ts), and its accessible name in the
 * shopper's language, carrying the action and the unread count. The chat calls it whenever one of these changes.
 */
export function drawLauncher(button: HTMLButtonElement, { isOpen, catalogue }: PanelState, unread: number): void {
  const t = translate(catalogue);
  const name = t(isOpen ? 'close' : 'launcher.open');
  button.setAttribute('aria-label', unread > 0 ? `${name} (${t('launcher.unread', { n: unread })})` : name);
  button.setAttribute('aria-expanded', String(isOpen));
  if (unread > 0) button.setAttribute('data-unread', unread > 9 ? '9+' : String(unread));
  else button.removeAttribute('data-unread');
}
