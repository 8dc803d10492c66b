import type { RefObject } from 'preact';
import { useI18n } from '../i18n/i18n-context';

interface Props {
  value: string;
  inputRef: RefObject<HTMLInputElement | null>;
  onChange: (value: string) => void;
}

/** Search over text, customer and tag; `/` focuses it (see the keyboard hook), Esc clears it. */
export function SearchBox({ value, inputRef, onChange }: Props) {
  const { t } = useI18n();
  return (
    <div class="search">
      <input
        ref={inputRef}
        type="search"
        class="search-input"
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={value}
        data-testid="search"
        onInput={(e) => onChange(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            onChange('');
            e.currentTarget.blur();
          }
        }}
      />
      {value !== '' && (
        <button type="button" class="icon-btn search-clear" aria-label={t('search.clear')} onClick={() => onChange('')}>
          ×
        </button>
      )}
    </div>
  );
}
