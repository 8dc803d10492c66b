import { useState } from 'preact/hooks';
import type { AgentPresence } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';
import { PickField } from './pick-field';

interface Props {
  presence: AgentPresence[];
  myAgentId: string | null;
  departments: string[];
  currentDepartment: string;
  isBusy: boolean;
  onCancel: () => void;
  onSubmit: (target: { toAgentId?: string; toDepartment?: string; note?: string }) => void;
}

/** Online agents first, then away, then offline; within a status the least loaded first. */
function rankAgents(list: AgentPresence[], myAgentId: string | null): AgentPresence[] {
  const order = { online: 0, away: 1, offline: 2 } as const;
  return list
    .filter((a) => a.agentId !== myAgentId)
    .sort((a, b) => order[a.status] - order[b.status] || a.activeChats / a.maxChats - b.activeChats / b.maxChats);
}

/** Who can take a chat now: online (not away) and under their limit, as the server checks it. */
const canTake = (a: AgentPresence): boolean => a.status === 'online' && a.activeChats < a.maxChats;

/** Why nobody can be picked: nobody else online, or everyone online is full. Null when someone can. */
function whyNoAgent(agents: AgentPresence[]): 'actions.noAgentOnline' | 'actions.noAgentCapacity' | null {
  if (agents.some(canTake)) return null;
  return agents.some((a) => a.status === 'online') ? 'actions.noAgentCapacity' : 'actions.noAgentOnline';
}

/** Transfer to a named agent (with their status and load) or to a department queue, with a note. */
export function TransferDialog({ presence, myAgentId, departments, currentDepartment, isBusy, onCancel, onSubmit }: Props) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'agent' | 'department'>('agent');
  const agents = rankAgents(presence, myAgentId);
  const [agentId, setAgentId] = useState(agents.find(canTake)?.agentId ?? '');
  const noAgent = whyNoAgent(agents);
  const [department, setDepartment] = useState(departments.find((d) => d !== currentDepartment) ?? departments[0] ?? '');
  const [note, setNote] = useState('');
  const target = mode === 'agent' ? (noAgent === null ? agentId : '') : department;

  const submit = (e: Event): void => {
    e.preventDefault();
    if (target === '') return;
    const trimmed = note.trim();
    const base = trimmed === '' ? {} : { note: trimmed };
    onSubmit(mode === 'agent' ? { ...base, toAgentId: agentId } : { ...base, toDepartment: department });
  };

  return (
    <div class="popover" role="dialog" aria-label={t('actions.transferTitle')} data-testid="transfer-dialog">
      <form onSubmit={submit}>
      <fieldset class="radios">
        <legend>{t('actions.transferTitle')}</legend>
        <label class="radio">
          <input type="radio" name="transfer-mode" checked={mode === 'agent'} data-testid="transfer-mode-agent" onChange={() => setMode('agent')} />
          {t('actions.transferToAgent')}
        </label>
        <label class="radio">
          <input type="radio" name="transfer-mode" checked={mode === 'department'} data-testid="transfer-mode-department" onChange={() => setMode('department')} />
          {t('actions.transferToDepartment')}
        </label>
      </fieldset>
      {mode === 'agent' && noAgent !== null ? (
        <p class="muted small" role="status" data-testid="transfer-agent-empty">
          {t(noAgent)}
        </p>
      ) : mode === 'agent' ? (
        <label class="field">
          <span>{t('actions.pickAgent')}</span>
          <select value={agentId} data-testid="transfer-agent" onChange={(e) => setAgentId(e.currentTarget.value)}>
            {agents.map((a) => (
              <option key={a.agentId} value={a.agentId} disabled={!canTake(a)}>
                {t('actions.agentLoad', { name: a.name, status: t(`presence.${a.status}`), active: a.activeChats, max: a.maxChats })}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <PickField label={t('actions.pickDepartment')} value={department} options={departments} testId="transfer-department" onChange={setDepartment} />
      )}
      <label class="field">
        <span>{t('actions.transferNote')}</span>
        <textarea rows={2} value={note} data-testid="transfer-note" onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <div class="btn-row">
        <button type="button" class="btn" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
        <button type="submit" class="btn btn-primary" disabled={isBusy || target === ''} data-testid="transfer-confirm">
          {t('actions.confirmTransfer')}
        </button>
      </div>
      </form>
    </div>
  );
}
