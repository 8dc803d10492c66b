import type { Catalogue } from '../../protocol/types';
import type { MessageKey } from './en';

/** A bound translator: `t('typing', { name })`. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Returns the translator for a catalogue; a missing key shows the key, missing variables stay as `{x}`. */
export function translate(catalogue: Catalogue): Translate {
  return (key, vars) => (catalogue[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => String(vars?.[name] ?? whole));
}

export type { MessageKey };
