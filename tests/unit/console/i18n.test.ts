import { en } from '../../../widget/console/i18n/en';
import { errorText } from '../../../widget/console/i18n/error-text';
import { pickLocale, translate } from '../../../widget/console/i18n/translate';
import { zh } from '../../../widget/console/i18n/zh';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('console i18n', () => {
  test('zh has exactly the English keys, each with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(zh[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  test('translate fills placeholders and leaves unknown ones visible', () => {
    const t = translate('en');
    expect(t('inbox.unread', { n: 3 })).toBe('3 unread');
    expect(t('inbox.unread')).toBe('{n} unread');
    expect(translate('zh')('tab.waiting')).toBe('排队中');
  });

  test('a report refused for now (UNAVAILABLE) reads from the catalogue in either language; other refusals keep the server\'s text', () => {
    const refused = { code: 'UNAVAILABLE' as const, message: 'Reports are temporarily unavailable. Try again in 58 s.' };
    expect(errorText(refused, translate('en'))).toBe('Reports are unavailable for a moment. Try again in a minute.');
    expect(errorText(refused, translate('zh'))).toBe('报表暂时不可用，请一分钟后重试。');
    expect(errorText({ code: 'INVALID_STATE', message: 'Already closed.' }, translate('zh'))).toBe('Already closed.');
  });

  test('pickLocale follows the browser order', () => {
    expect(pickLocale(['zh-CN', 'en'])).toBe('zh');
    expect(pickLocale(['en-GB', 'zh'])).toBe('en');
    expect(pickLocale(['fr-FR', 'zh-TW'])).toBe('zh');
    expect(pickLocale([])).toBe('en');
  });
});
