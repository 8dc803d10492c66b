import type { WidgetLocale, WidgetPosition, WidgetSettings } from '../protocol/types';

/** Brand blue with white text at 5.2:1, so the default passes WCAG AA. */
export const DEFAULT_PRIMARY = '#1f5fbf';
const DEFAULT_Z_INDEX = 2147483000;

/** Raw option values: `data-*` attributes (always strings) or `window.parleySettings` (any JSON-ish value). */
type Raw = Record<string, unknown>;

const str = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null;

const bool = (v: unknown): boolean | null =>
  typeof v === 'boolean' ? v : v === 'true' || v === '' || v === '1' ? true : v === 'false' || v === '0' ? false : null;

/** 'zh-CN', 'zh-Hant', 'ZH' → 'zh'; 'en-GB' → 'en'; anything else → null. */
export function parseLocale(v: unknown): WidgetLocale | null {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return s.startsWith('zh') ? 'zh' : s.startsWith('en') ? 'en' : null;
}

function colour(v: unknown): string | null {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (/^#[0-9a-f]{6}$/.test(s)) return s;
  // Expand #abc so everything downstream only handles #rrggbb.
  return /^#[0-9a-f]{3}$/.test(s) ? '#' + [...s.slice(1)].map((c) => c + c).join('') : null;
}

function zIndex(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  // Out-of-range integers are clamped by CSS itself.
  return Number.isInteger(n) ? (n as number) : null;
}

/** First defined value, preferring `window.parleySettings` (set per page by the shop's code) over the static tag. */
function pick<T>(parse: (v: unknown) => T | null, fallback: T, global: Raw, data: Raw, ...names: string[]): T {
  for (const src of [global, data]) {
    for (const name of names) {
      const v = parse(src[name]);
      if (v !== null) return v;
    }
  }
  return fallback;
}

/**
 * Merges the script tag's dataset with `window.parleySettings`; invalid values fall back to defaults.
 * Returns null without a valid site id (the widget then stays off).
 */
export function parseSettings(dataset: Record<string, string | undefined>, globalSettings: unknown): WidgetSettings | null {
  const g: Raw = globalSettings !== null && typeof globalSettings === 'object' ? (globalSettings as Raw) : {};
  const d: Raw = dataset;
  const siteId = pick((v) => (typeof v === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(v) ? v : null), '', g, d, 'siteId', 'site');
  if (siteId === '') return null;
  const position = pick<WidgetPosition>((v) => (v === 'left' || v === 'right' ? v : null), 'right', g, d, 'position');
  return {
    siteId,
    locale: pick<WidgetLocale | null>(parseLocale, null, g, d, 'locale'),
    position,
    primaryColor: pick(colour, DEFAULT_PRIMARY, g, d, 'primaryColor', 'color'),
    greeting: pick((v) => str(v, 500), null, g, d, 'greeting'),
    launcherText: pick((v) => str(v, 40), null, g, d, 'launcherText'),
    zIndex: pick(zIndex, DEFAULT_Z_INDEX, g, d, 'zIndex'),
    hideLauncher: pick(bool, false, g, d, 'hideLauncher'),
    sound: pick(bool, true, g, d, 'sound'),
  };
}
