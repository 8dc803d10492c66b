import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Locale } from '../../../shared/model';
import { translate, type Translate } from './translate';

export interface I18n {
  locale: Locale;
  t: Translate;
}

/** The active locale and its translate function; the header switch replaces the value. */
export const I18nContext = createContext<I18n>({ locale: 'en', t: translate('en') });

/** The current locale's translate function and locale, for components. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
