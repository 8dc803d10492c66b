import type { Store } from '../store';
import type { Models, SettingDoc } from './models';
import { upsertRetrying } from './upsert-retrying';

/** Key/value settings in MongoDB; setSettingIfAbsent is an upsert with `$setOnInsert`, so the first writer wins. */
export function createSettingsStore(models: () => Promise<Models>): Pick<Store, 'getSetting' | 'setSettingIfAbsent'> {
  return {
    async getSetting(key) {
      const { settings } = await models();
      return (await settings.findById(key).lean<SettingDoc>())?.value ?? null;
    },
    async setSettingIfAbsent(key, value) {
      const { settings } = await models();
      const doc = await upsertRetrying(() =>
        settings
          .findOneAndUpdate({ _id: key }, { $setOnInsert: { value } }, { upsert: true, returnDocument: 'after' })
          .lean<SettingDoc>(),
      );
      return doc.value;
    },
  };
}
