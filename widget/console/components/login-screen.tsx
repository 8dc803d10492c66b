import { useState } from 'preact/hooks';
import type { Locale } from '../../../shared/model';
import { login } from '../api/login';
import { useI18n } from '../i18n/i18n-context';
import { unlockAudio } from '../notify/beep';
import { requestAlertPermission } from '../notify/desktop-notify';
import { LanguageSwitch } from './language-switch';

interface Props {
  isExpired: boolean;
  onSignedIn: (token: string) => void;
  onLocaleChange: (locale: Locale) => void;
}

/** Email + password sign-in. The submit click is a user gesture, so it also unlocks sound and asks for alerts. */
export function LoginScreen({ isExpired, onSignedIn, onLocaleChange }: Props) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    unlockAudio();
    void requestAlertPermission();
    setBusy(true);
    setError(null);
    const res = await login(email.trim(), password);
    setBusy(false);
    if (res.ok) {
      onSignedIn(res.token);
      return;
    }
    if (res.error.code === 'UNAUTHORIZED') setError(t('login.failed'));
    else if (res.error.code === 'OFFLINE') setError(t('login.networkError'));
    else setError(res.error.message !== '' ? res.error.message : t('error.generic'));
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={(e) => void submit(e)} data-testid="login-form">
        <div class="login-top">
          <h1>{t('app.title')}</h1>
          <LanguageSwitch onChange={onLocaleChange} />
        </div>
        <p class="login-sub">{t('login.heading')}</p>
        {isExpired && error === null && <p class="login-info" role="status">{t('login.expired')}</p>}
        <label class="field">
          <span>{t('login.email')}</span>
          <input
            data-testid="login-email"
            type="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t('login.password')}</span>
          <input
            data-testid="login-password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error !== null && (
          <p class="login-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button class="btn btn-primary btn-block" type="submit" disabled={busy} data-testid="login-submit">
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
