const KEY = 'parley.console.session';

/** What survives a page reload within the tab: the bearer token. */
export interface StoredSession {
  token: string;
}

/** Reads the saved session; blocked or corrupt storage reads as signed out. */
export function loadSession(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw === null) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as StoredSession).token === 'string') {
      return { token: (parsed as StoredSession).token };
    }
    return null;
  } catch {
    return null;
  }
}

/** Saves the session; a blocked storage only costs a re-login after reload. */
export function saveSession(session: StoredSession): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage blocked (private mode, policy): the session lives in memory only.
  }
}

/** Forgets the session (logout, expired token). */
export function clearSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored if storage is blocked.
  }
}
