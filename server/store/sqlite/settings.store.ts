import type Database from 'better-sqlite3';
import type { Store } from '../store';
import type { GroupCommit } from './group-commit';

/** Key/value settings in SQLite; setSettingIfAbsent is one INSERT … ON CONFLICT DO NOTHING, so the first writer wins. */
export function createSettingsStore(db: Database.Database, group: GroupCommit): Pick<Store, 'getSetting' | 'setSettingIfAbsent'> {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const insert = db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  const setIfAbsent = db.transaction((key: string, value: string): string => {
    insert.run(key, value);
    return get.get(key)?.value ?? value;
  });
  return {
    async getSetting(key) {
      return get.get(key)?.value ?? null;
    },
    async setSettingIfAbsent(key, value) {
      return group.write(() => setIfAbsent(key, value));
    },
  };
}
