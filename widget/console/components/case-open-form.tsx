import { useState } from 'preact/hooks';
import type { CasePriority } from '../../../shared/cases';
import { LIMITS } from '../../../shared/limits';
import type { CaseOpenInput } from '../hooks/use-cases';
import { useI18n } from '../i18n/i18n-context';
import { PRIORITIES } from '../state/case-values';
import { PickField } from './pick-field';

interface Props {
  departments: string[];
  onCancel: () => void;
  /** True once the case is open (the form then closes); false keeps what the agent typed. */
  onSubmit: (input: CaseOpenInput) => Promise<boolean>;
}

/**
 * A case for a customer who phoned or wrote. The shop's customer id is optional: staff typed it, so the server
 * trusts it, and the case joins that customer's others (their "My requests", privacy requests by that id).
 */
export function CaseOpenForm({ departments, onCancel, onSubmit }: Props) {
  const { t } = useI18n();
  const [f, setF] = useState({ text: '', subject: '', name: '', email: '', customerId: '', department: departments[0] ?? '', priority: 'C' as CasePriority });
  const [isBusy, setBusy] = useState(false);
  const set = (patch: Partial<typeof f>): void => setF((x) => ({ ...x, ...patch }));
  /** Blank fields are left out, so the server applies its defaults (and never stores an empty id). */
  const given = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  const field = (key: 'subject' | 'name' | 'email' | 'customerId', label: string, max: number, hint?: string) => {
    const attrs = {
      maxLength: max,
      value: f[key],
      'aria-describedby': hint === undefined ? undefined : `case-new-${key}-hint`,
      'data-testid': `case-new-${key}`,
      onInput: (e: { currentTarget: HTMLInputElement }) => set({ [key]: e.currentTarget.value }),
    };
    return (
      <label class="field">
        <span>{label}</span>
        {key === 'email' ? <input type="email" {...attrs} /> : <input type="text" {...attrs} />}
        {hint !== undefined && (
          <small id={`case-new-${key}-hint`} class="muted">
            {hint}
          </small>
        )}
      </label>
    );
  };

  return (
    <form
      class="case-open-form"
      aria-label={t('cases.newTitle')}
      data-testid="case-new-form"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      onSubmit={(e) => {
        e.preventDefault();
        const text = given(f.text);
        if (text === undefined || isBusy) return;
        setBusy(true);
        void onSubmit({
          text,
          subject: given(f.subject),
          name: given(f.name),
          email: given(f.email),
          customerId: given(f.customerId),
          department: f.department === '' ? undefined : f.department,
          priority: f.priority,
        }).then(() => setBusy(false));
      }}
    >
      <h3>{t('cases.newTitle')}</h3>
      <label class="field">
        <span>{t('cases.newText')}</span>
        <textarea rows={4} required autoFocus maxLength={LIMITS.messageChars} value={f.text} data-testid="case-new-text" onInput={(e) => set({ text: e.currentTarget.value })} />
      </label>
      {field('subject', t('cases.newSubject'), 200)}
      {field('name', t('cases.newName'), 120)}
      {field('email', t('cases.newEmail'), 254)}
      {field('customerId', t('cases.newCustomerId'), 128, t('cases.newCustomerIdHint'))}
      <PickField label={t('cases.filter.department')} value={f.department} options={departments} testId="case-new-department" onChange={(department) => set({ department })} />
      <PickField
        label={t('cases.setPriority')}
        value={f.priority}
        options={PRIORITIES}
        testId="case-new-priority"
        labelOf={(p) => t(`cases.priority.${p}`)}
        onChange={(priority) => set({ priority })}
      />
      <div class="btn-row">
        <button type="button" class="btn" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
        <button type="submit" class="btn btn-primary" disabled={isBusy || f.text.trim() === ''} data-testid="case-new-confirm">
          {t('cases.newConfirm')}
        </button>
      </div>
    </form>
  );
}
