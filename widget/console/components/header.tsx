import type { ComponentChildren } from 'preact';
import type { Agent, AgentPresence, Locale, PresenceStatus } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';
import type { AlertPermission } from '../notify/desktop-notify';
import type { ConnectionStatus } from '../state/console-model';
import { LanguageSwitch } from './language-switch';

interface Props {
  me: Agent | null;
  connection: ConnectionStatus;
  presence: PresenceStatus;
  team: AgentPresence[];
  alerts: AlertPermission;
  onPresence: (status: 'online' | 'away') => void;
  onEnableAlerts: () => void;
  onLocaleChange: (locale: Locale) => void;
  onSignOut: () => void;
  /** The screen switch, beside the brand. */
  nav?: ComponentChildren;
}

/** Top bar: who I am, connection, presence switch, alerts, language, sign out. */
export function Header({ me, connection, presence, team, alerts, onPresence, onEnableAlerts, onLocaleChange, onSignOut, nav }: Props) {
  const { t } = useI18n();
  const isOnline = presence === 'online';
  return (
    <header class="topbar">
      <div class="brand">{t('app.title')}</div>
      {nav}
      <div class={`conn conn-${connection}`} role="status" data-testid="connection-status">
        <span class="dot" aria-hidden="true" />
        {t(`connection.${connection}`)}
      </div>
      <div class="topbar-spacer" />
      <span class="team-online" data-testid="team-online">
        {t('header.teamOnline', { n: team.filter((a) => a.status === 'online').length, total: team.length })}
        <span class="sr-only">: {team.filter((a) => a.status === 'online').map((a) => a.name).join(', ')}</span>
      </span>
      <div class="presence-switch" role="group" aria-label={t('header.presence')} data-testid="presence-switch">
        <button
          type="button"
          class={`seg ${isOnline ? 'seg-on seg-online' : ''}`}
          aria-pressed={isOnline}
          data-testid="presence-online"
          onClick={() => onPresence('online')}
        >
          {t('presence.online')}
        </button>
        <button
          type="button"
          class={`seg ${presence === 'away' ? 'seg-on seg-away' : ''}`}
          aria-pressed={presence === 'away'}
          data-testid="presence-away"
          onClick={() => onPresence('away')}
        >
          {t('presence.away')}
        </button>
      </div>
      {alerts === 'default' && (
        <button type="button" class="btn btn-ghost" onClick={onEnableAlerts} data-testid="enable-alerts">
          {t('header.enableAlerts')}
        </button>
      )}
      {alerts === 'denied' && <span class="muted small">{t('header.alertsBlocked')}</span>}
      <LanguageSwitch onChange={onLocaleChange} />
      {me !== null && (
        <div class="me" data-testid="me">
          <span class="avatar" aria-hidden="true">
            {me.name.slice(0, 1).toUpperCase()}
          </span>
          <span class="me-name">{me.name}</span>
          <span class="role">{t(`header.role.${me.role}`)}</span>
        </div>
      )}
      <button type="button" class="btn btn-ghost" onClick={onSignOut} data-testid="logout">
        {t('header.logout')}
      </button>
    </header>
  );
}
