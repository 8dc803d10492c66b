import { parseLocale } from './parse-settings';
import type { WidgetLocale } from '../protocol/types';

/**
 * The launcher's name before the chat runs (the catalogue's `launcher.open`); the chat chunk, with the
 * catalogues, names its other states (open, unread).
 */
export const LAUNCHER_OPEN: Record<WidgetLocale, string> = { en: 'Open chat', zh: '打开聊天' };

/** The locale to use: the setting (or Parley.setLocale), else the browser's first language we have, else English. */
export const resolveLocale = (setting: WidgetLocale | null, languages: readonly string[]): WidgetLocale =>
  setting ?? parseLocale(languages.find(parseLocale)) ?? 'en';
