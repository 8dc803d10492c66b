import { parseLocale } from './parse-settings';
import type { WidgetLocale } from '../protocol/types';

/** The only text the loader shows (the launcher's accessible name); the chat chunk carries the rest. */
export const LOADER_STRINGS: Record<WidgetLocale, { open: string; close: string; unread: string }> = {
  en: { open: 'Open chat', close: 'Close chat', unread: '{n} unread' },
  zh: { open: '打开聊天', close: '关闭聊天', unread: '{n} 条未读' },
};

/** The locale to use: the setting, else the browser's first language, else English. */
export function resolveLocale(setting: WidgetLocale | null, languages: readonly string[]): WidgetLocale {
  if (setting) return setting;
  for (const lang of languages) {
    const l = parseLocale(lang);
    if (l) return l;
  }
  return 'en';
}
