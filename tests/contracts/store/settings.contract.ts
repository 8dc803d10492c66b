import { uid, type GetStore } from './helpers';

/** Settings rules: null when absent, first writer wins. */
export function settingsContract(store: GetStore): void {
  describe('settings', () => {
    it('returns null for an absent key and keeps the first value written', async () => {
      const key = `secret-${uid()}`;
      expect(await store().getSetting(key)).toBeNull();
      expect(await store().setSettingIfAbsent(key, 'first')).toBe('first');
      expect(await store().setSettingIfAbsent(key, 'second')).toBe('first');
      expect(await store().getSetting(key)).toBe('first');
    });

    it('lets exactly one of 10 concurrent writers win, and tells every writer the winning value', async () => {
      const key = `secret-${uid()}`;
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store().setSettingIfAbsent(key, `value-${i}`)));
      expect(new Set(results).size).toBe(1);
      expect(await store().getSetting(key)).toBe(results[0]);
    });
  });
}
