export type AlertPermission = 'granted' | 'denied' | 'default' | 'unsupported';

/** The browser's current desktop-notification permission. */
export function alertPermission(): AlertPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks for permission; must run inside a user gesture (a click), or browsers ignore it. */
export async function requestAlertPermission(): Promise<AlertPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/**
 * Shows a desktop notification. `tag` makes a repeat (queue:alerted) replace the previous one for the
 * same chat instead of stacking; clicking focuses the console and runs `onClick`.
 */
export function desktopNotify(title: string, body: string, tag: string, onClick?: () => void): void {
  if (alertPermission() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick?.();
      n.close();
    };
  } catch {
    // Some browsers (Android Chrome) only allow notifications from a service worker.
  }
}
