import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { Locale } from '../../../shared/model';
import { logout } from '../api/login';
import { clearSession, loadSession, saveSession } from '../api/session-token';
import { I18nContext } from '../i18n/i18n-context';
import { loadPreferredLocale, savePreferredLocale } from '../i18n/preferred-locale';
import { translate } from '../i18n/translate';
import { LoginScreen } from './login-screen';
// The login screen is the first screen; the workspace is a chunk, fetched once signed in.
import { Workspace } from './lazy-views';

/** Root: the language, and either the login screen or the signed-in workspace. */
export function App() {
  const [locale, setLocale] = useState<Locale>(loadPreferredLocale);
  const [token, setToken] = useState<string | null>(() => loadSession()?.token ?? null);
  const [expired, setExpired] = useState(false);
  const i18n = useMemo(() => ({ locale, t: translate(locale) }), [locale]);

  // Fetch the workspace chunk while the agent types the password: signing in then never waits on it.
  useEffect(() => {
    if (!('requestIdleCallback' in window)) return Workspace.preload();
    const id = window.requestIdleCallback(Workspace.preload, { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }, [locale]);

  const changeLocale = useCallback((next: Locale) => {
    setLocale(next);
    savePreferredLocale(next);
  }, []);
  const signedIn = useCallback((next: string) => {
    saveSession({ token: next });
    setExpired(false);
    setToken(next);
  }, []);
  const signOut = useCallback((isExpired: boolean) => {
    // A chosen sign-out revokes the token on the server too; an expired one is already dead.
    const current = loadSession()?.token;
    if (!isExpired && current) void logout(current);
    clearSession();
    setExpired(isExpired);
    setToken(null);
  }, []);

  return (
    <I18nContext.Provider value={i18n}>
      {token === null ? (
        <LoginScreen isExpired={expired} onSignedIn={signedIn} onLocaleChange={changeLocale} />
      ) : (
        <Workspace key={token} token={token} onSignOut={signOut} onLocaleChange={changeLocale} />
      )}
    </I18nContext.Provider>
  );
}
