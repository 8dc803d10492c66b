import { LOCALES, type Locale } from '../../../shared/model';
import { useI18n } from '../i18n/i18n-context';

/** The header's language select; each option is named in its own language so anyone can find theirs. */
export function LanguageSwitch({ onChange }: { onChange: (locale: Locale) => void }) {
  const { locale, t } = useI18n();
  const native: Record<Locale, string> = { en: 'English', zh: '中文' };
  return (
    <label class="lang-switch">
      <span class="sr-only">{t('app.language')}</span>
      <select
        data-testid="language-switch"
        value={locale}
        onChange={(e) => onChange(e.currentTarget.value === 'zh' ? 'zh' : 'en')}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {native[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
