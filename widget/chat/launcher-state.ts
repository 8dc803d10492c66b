import type { Translate } from './i18n/translate';

/** The launcher button the loader drew; the chat drives its state. */
export interface LauncherState {
  setOpen(isOpen: boolean): void;
  setUnread(count: number): void;
  /** Renames it after the catalogue changed. */
  render(): void;
  focus(): void;
}

/**
 * The launcher's states once the chat runs: open (its icon a cross) or closed, the unread badge (its ::after,
 * showing `data-unread`: chat-styles.ts), and its accessible name in the shopper's language, carrying the
 * action and the unread count.
 */
export function createLauncherState(button: HTMLButtonElement, isLeft: boolean, t: () => Translate): LauncherState {
  let isOpen = false;
  let unread = 0;
  // The badge sits on the outer corner.
  button.classList.toggle('left', isLeft);
  const render = (): void => {
    const tr = t();
    const name = tr(isOpen ? 'close' : 'launcher.open');
    button.setAttribute('aria-label', unread > 0 ? `${name} (${tr('launcher.unread', { n: unread })})` : name);
    button.setAttribute('aria-expanded', String(isOpen));
    if (unread > 0) button.setAttribute('data-unread', unread > 9 ? '9+' : String(unread));
    else button.removeAttribute('data-unread');
  };
  render();

  return {
    setOpen(v) {
      isOpen = v;
      render();
    },
    setUnread(n) {
      unread = n;
      render();
    },
    render,
    focus() {
      // On phones the launcher is hidden under the full-screen panel; focusing it must not scroll the page.
      button.focus({ preventScroll: true });
    },
  };
}
