import type { AgentPresence, QueueEntry } from '../../../shared/model';
import { formatTimeOfDay } from '../i18n/format-time';
import { useI18n } from '../i18n/i18n-context';
import type { SlaBreach } from '../state/console-model';
import { formatDuration } from '../state/format';
import { queueStatsByDepartment } from '../state/queue';

interface Props {
  presence: AgentPresence[];
  queue: QueueEntry[];
  departments: string[];
  breaches: SlaBreach[];
  now: number;
  onOpenConversation: (conversationId: string) => void;
}

/** The team floor: who is on and how loaded, queue pressure per department, SLA breaches this session. */
export function SupervisorView({ presence, queue, departments, breaches, now, onOpenConversation }: Props) {
  const { t, locale } = useI18n();
  const stats = queueStatsByDepartment(queue, departments, now);
  const order = { online: 0, away: 1, offline: 2 } as const;
  const agents = [...presence].sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name));

  return (
    <section class="team" data-testid="supervisor-view">
      <h2>{t('supervisor.title')}</h2>
      <div class="team-grid">
        <div class="card">
          <h3>{t('supervisor.queues')}</h3>
          <table class="table" data-testid="supervisor-queues">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.department')}</th>
                <th scope="col" class="num">{t('supervisor.waiting')}</th>
                <th scope="col" class="num">{t('supervisor.highPriority')}</th>
                <th scope="col" class="num">{t('supervisor.oldest')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.map((s) => (
                <tr key={s.department} class={s.oldestWaitMs > 120000 ? 'hot' : ''}>
                  <td>{s.department}</td>
                  <td class="num">{s.length}</td>
                  <td class="num">{s.highPriority}</td>
                  <td class="num">{s.length === 0 ? '—' : formatDuration(s.oldestWaitMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="card">
          <h3>{t('supervisor.agents')}</h3>
          {agents.length === 0 ? (
            <p class="muted">{t('supervisor.noAgents')}</p>
          ) : (
            <table class="table" data-testid="supervisor-agents">
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.agent')}</th>
                  <th scope="col">{t('supervisor.status')}</th>
                  <th scope="col">{t('supervisor.load')}</th>
                  <th scope="col">{t('supervisor.departments')}</th>
                </tr>
              </thead>
              <tbody>
                {agents.map((a) => (
                  <tr key={a.agentId} data-testid="supervisor-agent-row">
                    <td>{a.name}</td>
                    <td>
                      <span class={`presence presence-${a.status}`}>{t(`presence.${a.status}`)}</span>
                    </td>
                    <td>
                      <span class="load">
                        <span class="load-bar" style={{ width: `${Math.min(100, (a.activeChats / Math.max(1, a.maxChats)) * 100)}%` }} />
                      </span>
                      {a.activeChats}/{a.maxChats}
                    </td>
                    <td class="small">{a.departments.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div class="card card-wide">
          <h3>{t('supervisor.breaches')}</h3>
          {breaches.length === 0 ? (
            <p class="muted">{t('supervisor.noBreaches')}</p>
          ) : (
            <ul class="plain-list" data-testid="sla-breaches">
              {breaches.map((b) => (
                <li key={`${b.conversationId}-${b.at}`} class="breach">
                  <time>{formatTimeOfDay(b.at, locale)}</time>
                  <span>{t('supervisor.breachRow', { priority: t(`priority.${b.priority}`), time: formatDuration(b.waitedMs) })}</span>
                  <button type="button" class="btn btn-small" onClick={() => onOpenConversation(b.conversationId)}>
                    {t('supervisor.open')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
