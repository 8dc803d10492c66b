import { useI18n } from '../i18n/i18n-context';

/** The console's screens: the inbox (live work), the insight dashboard, and quality review. */
export type Screen = 'inbox' | 'insight' | 'qa';
const SCREENS: readonly Screen[] = ['inbox', 'insight', 'qa'];

/** Switches screens from the top bar; the current one is marked for screen readers with aria-current. */
export function ScreenNav({ current, onSelect }: { current: Screen; onSelect: (screen: Screen) => void }) {
  const { t } = useI18n();
  return (
    <nav class="presence-switch screen-nav" aria-label={t('screen.label')}>
      {SCREENS.map((s) => (
        <button
          key={s}
          type="button"
          class={`seg ${s === current ? 'seg-on' : ''}`}
          aria-current={s === current ? 'page' : undefined}
          data-testid={`screen-${s}`}
          onClick={() => onSelect(s)}
        >
          {t(`screen.${s}`)}
        </button>
      ))}
    </nav>
  );
}
