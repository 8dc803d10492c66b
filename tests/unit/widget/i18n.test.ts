import { describeEvent } from '../../../widget/chat/describe-event';
import { catalogue as en } from '../../../widget/chat/i18n/en';
import { translate } from '../../../widget/chat/i18n/translate';
import { catalogue as zh } from '../../../widget/chat/i18n/zh';
import { LAUNCHER_OPEN } from '../../../widget/loader/loader-strings';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('catalogues', () => {
  it('zh has exactly the keys of en, none empty, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(zh[key].trim()).not.toBe('');
      expect(placeholders(zh[key])).toEqual(placeholders(en[key]));
    }
  });

  it("the loader's launcher name is the catalogue's, in both locales; the unread count has its placeholder", () => {
    expect(LAUNCHER_OPEN).toEqual({ en: en['launcher.open'], zh: zh['launcher.open'] });
    expect(placeholders(zh['launcher.unread'])).toEqual(['n']);
  });

  it('translate interpolates and leaves unknown variables visible', () => {
    const t = translate(en);
    expect(t('typing', { name: 'Anna' })).toBe('Anna is typing…');
    expect(t('typing')).toBe('{name} is typing…');
    expect(translate(zh)('case.done', { n: 42 })).toContain('#42');
  });

  it('every system event kind has catalogue text', () => {
    const kinds = ['queued', 'assigned', 'transferred', 'handed_back', 'closed', 'agent_left', 'requeued'] as const;
    for (const t of [translate(en), translate(zh)]) {
      for (const kind of kinds) {
        const text = describeEvent({ kind, agentName: 'Anna' }, t);
        expect(text).not.toMatch(/^ev\./);
        expect(text).not.toContain('{');
      }
    }
  });
});
