import type { LauncherSettings, OptionReader, WidgetLocale, WidgetPosition, WidgetSettings } from '../protocol/types';

/** Brand blue with white text at 5.2:1, so the default passes WCAG AA. */
export const DEFAULT_PRIMARY = '#1f5fbf';

const FLAG = /^(true|false|1|0|)$/;

/** 'zh-CN', 'zh-Hant', 'ZH' → 'zh'; 'en-GB' → 'en'; anything else → null. */
export function parseLocale(v: unknown): WidgetLocale | null {
  return (/^(en|zh)/i.exec(String(v))?.[0].toLowerCase() as WidgetLocale | undefined) ?? null;
}

/**
 * Merges the script tag's dataset with `window.parleySettings`, option by option: the first value that is
 * valid wins, `parleySettings` (set per page by the shop's code) before the static tag; invalid values fall
 * back to the next source, then to the default. Returns null without a valid site id (the widget stays off).
 * Only what the launcher needs is read here; the chat reads the rest with `option` (chatSettings).
 */
export function parseSettings(dataset: Record<string, string | undefined>, globalSettings: unknown): LauncherSettings | null {
  // Object(): null and undefined become {}, a stray primitive a wrapper without these keys.
  const g = Object(globalSettings) as Record<string, unknown>;
  // Other options also take the numbers and booleans parleySettings may hold (`zIndex: 10`), as text: their
  // patterns never match a missing value's 'undefined' or 'null'.
  const pick: OptionReader = (valid, names, isText) => {
    for (const src of [g, dataset as Record<string, unknown>]) {
      for (const name of names.split(' ')) {
        const v = src[name];
        const s = typeof v === 'string' ? v.trim() : isText ? '' : String(v);
        if (valid.test(s)) return s;
      }
    }
    return undefined;
  };
  const siteId = pick(/^[\w.-]{1,64}$/, 'siteId site', true);
  if (!siteId) return null;
  const colour = pick(/^#[\da-f]{3}([\da-f]{3})?$/i, 'primaryColor color')?.toLowerCase() ?? DEFAULT_PRIMARY;
  return {
    siteId,
    option: pick,
    locale: parseLocale(pick(/^(en|zh)/i, 'locale')),
    position: (pick(/^(left|right)$/, 'position') ?? 'right') as WidgetPosition,
    // #abc becomes #aabbcc, so everything downstream only handles #rrggbb.
    primaryColor: colour.length > 4 ? colour : colour.replace(/\w/g, '$&$&'),
    launcherText: pick(/./, 'launcherText', true)?.slice(0, 40) ?? null,
    // Out-of-range integers are clamped by CSS itself.
    zIndex: Number(pick(/^-?\d+$/, 'zIndex') ?? 2147483000),
    hideLauncher: /^(true|1|)$/.test(String(pick(FLAG, 'hideLauncher'))),
  };
}

/** The options only the chat uses, read when it mounts: the loader never pays for them. */
export function chatSettings(s: LauncherSettings): WidgetSettings {
  return {
    ...s,
    greeting: s.option(/./, 'greeting', true)?.slice(0, 500) ?? null,
    sound: !/^(false|0)$/.test(String(s.option(FLAG, 'sound'))),
  };
}
