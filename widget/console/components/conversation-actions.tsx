import { useState } from 'preact/hooks';
import type { CasePriority } from '../../../shared/cases';
import { PRIORITIES } from '../state/case-values';
import type { AgentPresence, Resolution } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';
import { TransferDialog } from './lazy-views';
import { PickField } from './pick-field';

interface Props {
  presence: AgentPresence[];
  myAgentId: string | null;
  departments: string[];
  currentDepartment: string;
  onClose: (resolution: Resolution) => Promise<void>;
  onTransfer: (target: { toAgentId?: string; toDepartment?: string; note?: string }) => Promise<boolean>;
  onHandback: () => Promise<void>;
  onConvert: (input: { subject?: string; priority?: CasePriority }) => Promise<boolean>;
}

const RESOLUTIONS: Resolution[] = ['resolved', 'not_resolved', 'spam'];

/** Close (with a resolution), transfer, hand back and convert to a case: the owner's actions, in the conversation header. */
export function ConversationActions({ presence, myAgentId, departments, currentDepartment, onClose, onTransfer, onHandback, onConvert }: Props) {
  const { t } = useI18n();
  const [panel, setPanel] = useState<'none' | 'close' | 'transfer' | 'handback' | 'convert'>('none');
  const [subject, setSubject] = useState('');
  const [casePriority, setCasePriority] = useState<CasePriority>('C');
  const [resolution, setResolution] = useState<Resolution>('resolved');
  const [isBusy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    await action();
    setBusy(false);
    setPanel('none');
  };

  return (
    <div
      class="conv-actions"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && panel !== 'none') {
          e.stopPropagation();
          setPanel('none');
        }
      }}
    >
      <div class="btn-row">
        <button type="button" class="btn" data-testid="transfer-button" aria-expanded={panel === 'transfer'} onClick={() => setPanel(panel === 'transfer' ? 'none' : 'transfer')}>
          {t('actions.transfer')}
        </button>
        <button type="button" class="btn" data-testid="handback-button" aria-expanded={panel === 'handback'} onClick={() => setPanel(panel === 'handback' ? 'none' : 'handback')}>
          {t('actions.handback')}
        </button>
        <button type="button" class="btn" data-testid="convert-button" aria-expanded={panel === 'convert'} onClick={() => setPanel(panel === 'convert' ? 'none' : 'convert')}>
          {t('actions.convert')}
        </button>
        <button type="button" class="btn btn-primary" data-testid="close-button" aria-expanded={panel === 'close'} onClick={() => setPanel(panel === 'close' ? 'none' : 'close')}>
          {t('actions.closeChat')}
        </button>
      </div>
      {panel === 'close' && (
        <div class="popover" role="dialog" aria-label={t('actions.closeChat')} data-testid="close-dialog">
          <fieldset class="radios">
            <legend>{t('actions.resolution')}</legend>
            {RESOLUTIONS.map((r) => (
              <label key={r} class="radio">
                <input
                  type="radio"
                  name="resolution"
                  value={r}
                  checked={resolution === r}
                  data-testid={`resolution-${r}`}
                  onChange={() => setResolution(r)}
                />
                {t(`actions.${r}`)}
              </label>
            ))}
          </fieldset>
          <div class="btn-row">
            <button type="button" class="btn" onClick={() => setPanel('none')}>
              {t('actions.cancel')}
            </button>
            <button type="button" class="btn btn-primary" disabled={isBusy} data-testid="close-confirm" onClick={() => void run(() => onClose(resolution))}>
              {t('actions.confirmClose')}
            </button>
          </div>
        </div>
      )}
      {panel === 'handback' && (
        <div class="popover" role="dialog" aria-label={t('actions.handback')} data-testid="handback-dialog">
          <p>{t('actions.handbackConfirm')}</p>
          <div class="btn-row">
            <button type="button" class="btn" onClick={() => setPanel('none')}>
              {t('actions.cancel')}
            </button>
            <button type="button" class="btn btn-primary" disabled={isBusy} data-testid="handback-confirm" onClick={() => void run(onHandback)}>
              {t('actions.handback')}
            </button>
          </div>
        </div>
      )}
      {panel === 'convert' && (
        <div class="popover" role="dialog" aria-label={t('actions.convertTitle')} data-testid="convert-dialog">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const trimmed = subject.trim();
              void run(() => onConvert({ priority: casePriority, ...(trimmed === '' ? {} : { subject: trimmed }) }));
            }}
          >
            <p class="muted small">{t('actions.convertHint')}</p>
            <label class="field">
              <span>{t('actions.convertSubject')}</span>
              <input type="text" maxLength={200} autoFocus value={subject} data-testid="convert-subject" onInput={(e) => setSubject(e.currentTarget.value)} />
            </label>
            <PickField
              label={t('actions.convertPriority')}
              value={casePriority}
              options={PRIORITIES}
              testId="convert-priority"
              labelOf={(p) => t(`cases.priority.${p}`)}
              onChange={setCasePriority}
            />
            <div class="btn-row">
              <button type="button" class="btn" onClick={() => setPanel('none')}>
                {t('actions.cancel')}
              </button>
              <button type="submit" class="btn btn-primary" disabled={isBusy} data-testid="convert-confirm">
                {t('actions.convertConfirm')}
              </button>
            </div>
          </form>
        </div>
      )}
      {panel === 'transfer' && (
        <TransferDialog
          presence={presence}
          myAgentId={myAgentId}
          departments={departments}
          currentDepartment={currentDepartment}
          isBusy={isBusy}
          onCancel={() => setPanel('none')}
          onSubmit={(target) => void run(() => onTransfer(target))}
        />
      )}
    </div>
  );
}
