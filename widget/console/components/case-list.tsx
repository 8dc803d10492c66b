import { useState } from 'preact/hooks';
import type { AgentPresence } from '../../../shared/model';
import type { AssignFailure, CasesState } from '../hooks/use-cases';
import { useI18n } from '../i18n/i18n-context';
import type { Translate } from '../i18n/translate';
import { DUE_FILTERS, matchesFilter, sortCases, STATUS_FILTERS, type CaseFilter } from '../state/case-filters';
import { PRIORITIES, TIERS } from '../state/case-values';
import { CaseCountdown } from './case-countdown';
import { CaseOpenForm } from './case-open-form';

interface Props {
  state: CasesState;
  now: number;
  myId: string | null;
  presence: AgentPresence[];
  departments: string[];
  /** The departments a new case may go to: the agent's own (every one for a supervisor), theirs first. */
  openDepartments: string[];
  onNotice: (text: string) => void;
}

/** The cases view's left column: a new case, filters, bulk assignment, and the cases most urgent first. */
export function CaseList({ state, now, myId, presence, departments, openDepartments, onNotice }: Props) {
  const { t } = useI18n();
  const [isOpening, setOpening] = useState(false);
  const f = state.filter;
  const shown = sortCases(
    state.items.filter((i) => matchesFilter(i.case, f, myId, now)),
    now,
  );
  const shownIds = shown.map((i) => i.case.id);
  const selectedShown = shownIds.filter((id) => state.selected.has(id));
  const isAllSelected = shown.length > 0 && selectedShown.length === shown.length;

  const select = <K extends keyof CaseFilter>(key: K, label: string, value: CaseFilter[K], options: [CaseFilter[K], string][]) => (
    <label class="field field-compact">
      <span>{label}</span>
      <select
        value={String(value)}
        data-testid={`cases-filter-${key}`}
        onChange={(e) => {
          const picked = options.find(([v]) => String(v) === e.currentTarget.value);
          if (picked !== undefined) state.setFilter({ [key]: picked[0] } as Partial<CaseFilter>);
        }}
      >
        {options.map(([v, text]) => (
          <option key={String(v)} value={String(v)}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );

  if (isOpening) {
    return (
      <div class="case-col" data-testid="cases-list">
        <CaseOpenForm
          departments={openDepartments}
          onCancel={() => setOpening(false)}
          onSubmit={async (input) => {
            const c = await state.openNew(input);
            if (c !== null) {
              setOpening(false);
              onNotice(t('cases.opened', { n: c.number }));
            }
            return c !== null;
          }}
        />
      </div>
    );
  }

  return (
    <div class="case-col" data-testid="cases-list">
      <div class="case-open-bar">
        <button type="button" class="btn btn-small" data-testid="case-new" onClick={() => setOpening(true)}>
          {t('cases.new')}
        </button>
      </div>
      <form class="case-filters" aria-label={t('cases.filters')} onSubmit={(e) => e.preventDefault()}>
        {select('status', t('cases.filter.status'), f.status, STATUS_FILTERS.map((s) => [s, s === 'all' ? t('cases.filter.all') : s === 'active' ? t('cases.filter.active') : t(`cases.status.${s}`)]))}
        {select('priority', t('cases.filter.priority'), f.priority, [['all', t('cases.filter.all')], ...PRIORITIES.map((p): [CaseFilter['priority'], string] => [p, t(`cases.priority.${p}`)])])}
        {select('due', t('cases.filter.due'), f.due, DUE_FILTERS.map((d) => [d, t(`cases.due.${d}`)]))}
        {select('tier', t('cases.filter.tier'), f.tier, [['all', t('cases.filter.all')], ...TIERS.map((x): [CaseFilter['tier'], string] => [x, t(`cases.tier.${x}`)])])}
        {select('department', t('cases.filter.department'), f.department, [['all', t('cases.filter.all')], ...departments.map((d): [string, string] => [d, d])])}
        <label class="check">
          <input type="checkbox" checked={f.isMine} data-testid="cases-filter-mine" onChange={(e) => state.setFilter({ isMine: e.currentTarget.checked })} />
          {t('cases.filter.mine')}
        </label>
      </form>
      <BulkBar state={state} presence={presence} shownIds={shownIds} isAllSelected={isAllSelected} selectedIds={selectedShown} />
      {shown.length === 0 ? (
        <p class="empty">{state.isLoading ? t('inbox.loading') : t('cases.empty')}</p>
      ) : (
        <ul class="inbox" aria-label={t('cases.list')}>
          {shown.map(({ case: c, lastMessage, assigneeName }) => (
            <li
              key={c.id}
              class={`row case-row ${c.id === state.openId ? 'row-on' : ''} ${c.priority === 'A' ? 'prio-edge-urgent' : c.priority === 'B' ? 'prio-edge-high' : ''}`}
              data-testid="case-item"
              data-case-id={c.id}
              data-case-number={c.number}
            >
              <input
                type="checkbox"
                class="row-check"
                checked={state.selected.has(c.id)}
                aria-label={t('cases.select', { n: c.number })}
                data-testid="case-select"
                onChange={() => state.toggleSelected(c.id)}
              />
              <button type="button" class="row-main" aria-current={c.id === state.openId ? 'true' : undefined} onClick={() => state.open(c.id)}>
                <span class="row-top">
                  <span class="pos">{t('cases.number', { n: c.number })}</span>
                  <CaseCountdown c={c} now={now} />
                </span>
                <span class="row-name case-subject">{c.subject !== '' ? c.subject : t('cases.noSubject')}</span>
                {lastMessage !== null && <span class="row-preview">{lastMessage}</span>}
                <span class="row-meta">
                  <span class={`badge case-${c.status}`} data-testid="case-status">
                    {t(`cases.status.${c.status}`)}
                  </span>
                  <span class={`badge case-prio-${c.priority}`}>{c.priority}</span>
                  <span class="badge badge-tier">{c.tier}</span>
                  <span class="chip">{c.department}</span>
                  <span class="muted small" data-testid="case-assignee">
                    {assigneeName ?? (c.assigneeId === null ? t('cases.unassigned') : (presence.find((p) => p.agentId === c.assigneeId)?.name ?? c.assigneeId))}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const FAILURES = ['INVALID_STATE', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND'] as const;

/** Why one case of a bulk assignment failed, in words where the code is a known one. */
function failureText(code: string, t: Translate): string {
  const known = FAILURES.find((c) => c === code);
  return known === undefined ? code : t(`cases.fail.${known}`);
}

interface BulkProps {
  state: CasesState;
  presence: AgentPresence[];
  shownIds: string[];
  isAllSelected: boolean;
  /** Selected and shown: what a bulk action acts on (a selected case the filter now hides is left alone). */
  selectedIds: string[];
}

/** Select-all and "assign selected to …", with what could not be assigned said plainly. */
function BulkBar({ state, presence, shownIds, isAllSelected, selectedIds }: BulkProps) {
  const selectedCount = selectedIds.length;
  const { t } = useI18n();
  const [assignee, setAssignee] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [result, setResult] = useState<{ done: number; failed: AssignFailure[] } | null>(null);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (isBusy || selectedCount === 0) return;
    setBusy(true);
    const count = selectedIds.length;
    const failed = await state.assignMany(selectedIds, assignee === '' ? null : assignee);
    setBusy(false);
    if (failed !== null) setResult({ done: count - failed.length, failed });
  };

  return (
    <form class="bulk" aria-label={t('cases.bulkAssignTo')} onSubmit={(e) => void submit(e)}>
      <label class="check">
        <input
          type="checkbox"
          checked={isAllSelected}
          disabled={shownIds.length === 0}
          data-testid="cases-select-all"
          onChange={(e) => state.setSelected(e.currentTarget.checked ? shownIds : [])}
        />
        {selectedCount > 0 ? t('cases.selectedCount', { n: selectedCount }) : t('cases.selectAll')}
      </label>
      {selectedCount > 0 && (
        <>
          <label class="sr-only" for="bulk-assignee">
            {t('cases.bulkAssignTo')}
          </label>
          <select id="bulk-assignee" value={assignee} data-testid="cases-bulk-assignee" onChange={(e) => setAssignee(e.currentTarget.value)}>
            <option value="">{t('cases.unassigned')}</option>
            {presence.map((p) => (
              <option key={p.agentId} value={p.agentId}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="submit" class="btn btn-small btn-primary" disabled={isBusy} data-testid="cases-bulk-assign">
            {t('cases.bulkAssign')}
          </button>
        </>
      )}
      {result !== null && (
        <p class={`bulk-result ${result.failed.length > 0 ? 'bulk-failed' : ''}`} role={result.failed.length > 0 ? 'alert' : 'status'} data-testid="cases-bulk-result">
          {result.done > 0 && t('cases.bulkDone', { n: result.done })}{' '}
          {result.failed.length > 0 &&
            t('cases.bulkFailed', { list: result.failed.map((x) => `${x.number === null ? '?' : t('cases.number', { n: x.number })} (${failureText(x.code, t)})`).join(', ') })}
        </p>
      )}
    </form>
  );
}
