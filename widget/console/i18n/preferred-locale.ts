import type { Locale } from '../../../shared/model';
import { pickLocale } from './translate';

const KEY = 'parley.console.locale';

/** The agent's saved language choice, else the browser's preference. */
export function loadPreferredLocale(): Locale {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    // Blocked storage: fall back to the browser's languages.
  }
  return pickLocale(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

/** Remembers the header switch across sessions. */
export function savePreferredLocale(locale: Locale): void {
  try {
    localStorage.setItem(KEY, locale);
  } catch {
    // Not remembered if storage is blocked; the switch still works for this page.
  }
}
