import { useRef, useState } from 'preact/hooks';
import type { Case, CasePriority } from '../../../shared/cases';
import type { AgentPresence } from '../../../shared/model';
import type { CasesState } from '../hooks/use-cases';
import { useI18n } from '../i18n/i18n-context';
import { PRIORITIES } from '../state/case-values';
import { PickField } from './pick-field';

const SETTABLE = ['open', 'pending', 'solved'] as const;

interface Props {
  c: Case;
  state: CasesState;
  presence: AgentPresence[];
  departments: string[];
  onDone: (text: string) => void;
}

/** Status, priority and assignee as selects that apply at once; escalate and merge behind small forms. */
export function CaseActions({ c, state, presence, departments, onDone }: Props) {
  const { t } = useI18n();
  const [panel, setPanelState] = useState<'none' | 'escalate' | 'merge'>('none');
  const [isBusy, setBusy] = useState(false);
  const opener = useRef<HTMLElement | null>(null);
  /** Opening remembers the button; closing gives it the focus back, so a keyboard user is not left on the page body. */
  const setPanel = (next: 'none' | 'escalate' | 'merge', from?: EventTarget | null): void => {
    if (next !== 'none' && from instanceof HTMLElement) opener.current = from;
    setPanelState(next);
    if (next === 'none') setTimeout(() => opener.current?.focus(), 0);
  };
  const isClosed = c.status === 'closed';

  const run = async (action: () => Promise<boolean>): Promise<boolean> => {
    setBusy(true);
    const ok = await action();
    setBusy(false);
    return ok;
  };

  return (
    <div
      class="conv-actions case-actions"
      role="group"
      aria-label={t('cases.actions')}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && panel !== 'none') {
          e.stopPropagation();
          setPanel('none');
        }
      }}
    >
      <div class="btn-row">
        <label class="field field-compact">
          <span>{t('cases.setStatus')}</span>
          <select
            value={SETTABLE.includes(c.status as (typeof SETTABLE)[number]) ? c.status : ''}
            disabled={isBusy || isClosed}
            data-testid="case-status-select"
            onChange={(e) => {
              const s = SETTABLE.find((x) => x === e.currentTarget.value);
              if (s !== undefined) void run(() => state.setStatus(s));
            }}
          >
            {!SETTABLE.includes(c.status as (typeof SETTABLE)[number]) && <option value="">{t(`cases.status.${c.status}`)}</option>}
            {SETTABLE.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <PickField
          compact
          label={t('cases.setPriority')}
          value={c.priority}
          options={PRIORITIES}
          disabled={isBusy || isClosed}
          testId="case-priority-select"
          labelOf={(p) => t(`cases.priority.${p}`)}
          onChange={(p) => void run(() => state.setPriority(p))}
        />
        <label class="field field-compact">
          <span>{t('cases.assignee')}</span>
          <select
            value={c.assigneeId ?? ''}
            disabled={isBusy || isClosed}
            data-testid="case-assignee-select"
            onChange={(e) => void run(() => state.assign(e.currentTarget.value === '' ? null : e.currentTarget.value))}
          >
            <option value="">{t('cases.unassigned')}</option>
            {c.assigneeId !== null && !presence.some((p) => p.agentId === c.assigneeId) && <option value={c.assigneeId}>{c.assigneeId}</option>}
            {presence.map((p) => (
              <option key={p.agentId} value={p.agentId}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="btn" disabled={isClosed || c.tier === 'L3'} aria-expanded={panel === 'escalate'} data-testid="case-escalate" onClick={(e) => setPanel(panel === 'escalate' ? 'none' : 'escalate', e.currentTarget)}>
          {t('cases.escalate')}
        </button>
        <button type="button" class="btn" disabled={isClosed} aria-expanded={panel === 'merge'} data-testid="case-merge" onClick={(e) => setPanel(panel === 'merge' ? 'none' : 'merge', e.currentTarget)}>
          {t('cases.merge')}
        </button>
      </div>
      {panel === 'escalate' && (
        <EscalateForm
          c={c}
          departments={departments}
          isBusy={isBusy}
          onCancel={() => setPanel('none')}
          onSubmit={async (input) => {
            if (await run(() => state.escalate(input))) {
              setPanel('none');
              onDone(t('cases.escalated', { tier: input.tier }));
            }
          }}
        />
      )}
      {panel === 'merge' && (
        <MergeForm
          isBusy={isBusy}
          onCancel={() => setPanel('none')}
          onSubmit={async (n) => {
            setBusy(true);
            const outcome = await state.mergeInto(n);
            setBusy(false);
            if (outcome === 'ok') {
              setPanel('none');
              onDone(t('cases.merged', { n }));
            }
            return outcome;
          }}
        />
      )}
    </div>
  );
}

interface EscalateProps {
  c: Case;
  departments: string[];
  isBusy: boolean;
  onCancel: () => void;
  onSubmit: (input: { tier: 'L2' | 'L3'; reason: string; department?: string }) => Promise<void>;
}

function EscalateForm({ c, departments, isBusy, onCancel, onSubmit }: EscalateProps) {
  const { t } = useI18n();
  const [tier, setTier] = useState<'L2' | 'L3'>(c.tier === 'L1' ? 'L2' : 'L3');
  const [department, setDepartment] = useState(c.department);
  const [reason, setReason] = useState('');
  const options = departments.includes(c.department) ? departments : [c.department, ...departments];
  return (
    <div class="popover" role="dialog" aria-label={t('cases.escalateTitle')} data-testid="case-escalate-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim() === '') return;
          void onSubmit({ tier, reason: reason.trim(), ...(department !== c.department ? { department } : {}) });
        }}
      >
        <fieldset class="radios">
          <legend>{t('cases.escalateTier')}</legend>
          {(['L2', 'L3'] as const).map((x) => (
            <label key={x} class="radio">
              <input type="radio" name="tier" value={x} checked={tier === x} disabled={x === 'L2' && c.tier !== 'L1'} data-testid={`case-escalate-${x}`} onChange={() => setTier(x)} />
              {t(`cases.tier.${x}`)}
            </label>
          ))}
        </fieldset>
        <PickField label={t('cases.escalateDepartment')} value={department} options={options} testId="case-escalate-department" onChange={setDepartment} />
        <label class="field">
          <span>{t('cases.escalateReason')}</span>
          <textarea
            rows={3}
            required
            autoFocus
            maxLength={500}
            aria-describedby="escalate-reason-hint"
            value={reason}
            data-testid="case-escalate-reason"
            onInput={(e) => setReason(e.currentTarget.value)}
          />
          <small id="escalate-reason-hint" class="muted">
            {t('cases.escalateReasonHint')}
          </small>
        </label>
        <div class="btn-row">
          <button type="button" class="btn" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
          <button type="submit" class="btn btn-primary" disabled={isBusy || reason.trim() === ''} data-testid="case-escalate-confirm">
            {t('cases.escalateConfirm')}
          </button>
        </div>
      </form>
    </div>
  );
}

interface MergeProps {
  isBusy: boolean;
  onCancel: () => void;
  onSubmit: (primaryNumber: number) => Promise<'ok' | 'not_found' | 'failed'>;
}

function MergeForm({ isBusy, onCancel, onSubmit }: MergeProps) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState<number | null>(null);
  const n = Number.parseInt(value, 10);
  const isValid = Number.isInteger(n) && n > 0;
  return (
    <div class="popover" role="dialog" aria-label={t('cases.mergeTitle')} data-testid="case-merge-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!isValid) return;
          void onSubmit(n).then((outcome) => setMissing(outcome === 'not_found' ? n : null));
        }}
      >
        <p class="muted small">{t('cases.mergeHint')}</p>
        <label class="field">
          <span>{t('cases.mergeNumber')}</span>
          <input type="number" min={1} inputMode="numeric" required autoFocus value={value} data-testid="case-merge-number" onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
        {missing !== null && (
          <p class="login-error" role="alert">
            {t('cases.mergeNotFound', { n: missing })}
          </p>
        )}
        <div class="btn-row">
          <button type="button" class="btn" onClick={onCancel}>
            {t('actions.cancel')}
          </button>
          <button type="submit" class="btn btn-primary" disabled={isBusy || !isValid} data-testid="case-merge-confirm">
            {t('cases.mergeConfirm')}
          </button>
        </div>
      </form>
    </div>
  );
}
