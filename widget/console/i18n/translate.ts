import type { Locale } from '../../../shared/model';
import { en, type Catalogue, type MessageKey } from './en';
import { zh } from './zh';

const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, zh };

/** Looks up a key and fills `{name}` placeholders; a placeholder without a value stays visible. */
export type Translate = (key: MessageKey, vars?: Readonly<Record<string, string | number>>) => string;

/** A translate function bound to one locale. */
export function translate(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, vars) => {
    const text = catalogue[key];
    if (vars === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = vars[name];
      return value === undefined ? whole : String(value);
    });
  };
}

/** The console's locale from the browser's preferred languages: any zh variant is Chinese, else English. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}
