import type { LauncherSettings } from '../protocol/types';

/**
 * The launcher bubble, shown at once by the loader before any chat code loads: closed, named "Open chat",
 * with the shop's label if it set one. The chat chunk adds the unread badge and drives its name and state:
 * widget/chat/launcher-state.ts.
 */
export function createLauncher(root: ShadowRoot, settings: LauncherSettings, name: string, onActivate: () => void): HTMLButtonElement {
  // No type=button needed: a button in a shadow root has no form to submit.
  const button = document.createElement('button');
  button.className = 'pl-l';
  button.setAttribute('aria-label', name);
  button.setAttribute('aria-expanded', 'false');
  // The label is a text node beside the icon (launcher-styles.ts draws it); a string is never parsed as markup.
  button.append(settings.launcherText ?? '');
  button.onclick = onActivate;
  // Hidden: never shown, but the chat still drives it (its state follows the panel the shop's button opens).
  if (!settings.hideLauncher) root.append(button);
  return button;
}
