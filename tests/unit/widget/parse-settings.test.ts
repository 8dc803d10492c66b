import { contrastRatio, contrastText } from '../../../widget/loader/contrast-text';
import { chatSettings, DEFAULT_PRIMARY, parseSettings as parseLauncherSettings } from '../../../widget/loader/parse-settings';

/** Every option: what the loader reads for the launcher, then what the chat reads when it mounts. */
const parseSettings = (dataset: Record<string, string | undefined>, globalSettings: unknown) => {
  const launcher = parseLauncherSettings(dataset, globalSettings);
  return launcher && chatSettings(launcher);
};

describe('parseSettings', () => {
  it('returns null without a valid site id', () => {
    expect(parseSettings({}, undefined)).toBeNull();
    expect(parseSettings({ site: 'bad site!' }, undefined)).toBeNull();
  });

  it('reads data-* attributes with defaults for the rest', () => {
    expect(parseSettings({ site: 'demo' }, undefined)).toEqual({
      siteId: 'demo',
      locale: null,
      position: 'right',
      primaryColor: DEFAULT_PRIMARY,
      greeting: null,
      launcherText: null,
      zIndex: 2147483000,
      hideLauncher: false,
      sound: true,
      option: expect.any(Function),
    });
  });

  it('the loader reads only what the launcher needs', () => {
    expect(parseLauncherSettings({ site: 'demo', greeting: 'Hi', sound: 'false' }, undefined)).not.toHaveProperty('greeting');
  });

  it('parses every data-* option', () => {
    const s = parseSettings(
      { site: 'demo', locale: 'zh-CN', position: 'left', color: '#0A0', greeting: ' Hello ', launcherText: 'Help', zIndex: '50', hideLauncher: '', sound: 'false' },
      undefined,
    );
    expect(s).toMatchObject({ locale: 'zh', position: 'left', primaryColor: '#00aa00', greeting: 'Hello', launcherText: 'Help', zIndex: 50, hideLauncher: true, sound: false });
  });

  it('lets window.parleySettings override data-* per option', () => {
    const s = parseSettings({ site: 'demo', locale: 'en', position: 'left' }, { locale: 'zh', primaryColor: '#123456', zIndex: 10, hideLauncher: true });
    expect(s).toMatchObject({ siteId: 'demo', locale: 'zh', position: 'left', primaryColor: '#123456', zIndex: 10, hideLauncher: true });
  });

  it('takes the site id from parleySettings.siteId', () => {
    expect(parseSettings({}, { siteId: 'shop-1' })?.siteId).toBe('shop-1');
  });

  it('falls back to defaults for invalid values instead of failing', () => {
    const s = parseSettings(
      { site: 'demo', position: 'middle', color: 'red; background:url(x)', zIndex: '1.5', locale: 'fr' },
      { greeting: 42, launcherText: '', hideLauncher: 'maybe' },
    );
    expect(s).toMatchObject({ position: 'right', primaryColor: DEFAULT_PRIMARY, zIndex: 2147483000, locale: null, greeting: null, launcherText: null, hideLauncher: false });
  });

  it('takes numbers and booleans from parleySettings where the option is not text, never for text', () => {
    expect(parseSettings({ site: 'demo', greeting: 'Hi' }, { zIndex: 7, sound: false, hideLauncher: true, greeting: 5, siteId: 12 })).toMatchObject({
      siteId: 'demo',
      zIndex: 7,
      sound: false,
      hideLauncher: true,
      greeting: 'Hi',
    });
  });

  it('ignores a non-object parleySettings', () => {
    expect(parseSettings({ site: 'demo' }, 'oops')?.siteId).toBe('demo');
  });

  it('caps long greeting and launcher text', () => {
    const s = parseSettings({ site: 'demo', greeting: 'x'.repeat(900), launcherText: 'y'.repeat(90) }, null);
    expect(s?.greeting).toHaveLength(500);
    expect(s?.launcherText).toHaveLength(40);
  });
});

describe('contrastText', () => {
  it('gives AA contrast (4.5:1) on any brand colour', () => {
    for (let i = 0; i < 4096; i++) {
      const hex = '#' + [i >> 8, (i >> 4) & 15, i & 15].map((c) => (c * 17).toString(16).padStart(2, '0')).join('');
      const text = contrastText(hex) === '#fff' ? '#ffffff' : '#000000';
      expect(contrastRatio(hex, text)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('uses white on dark and black on light colours', () => {
    expect(contrastText('#1f5fbf')).toBe('#fff');
    expect(contrastText('#ffd400')).toBe('#000');
  });

  it('the default brand colour passes AA with white text', () => {
    expect(contrastRatio(DEFAULT_PRIMARY, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
