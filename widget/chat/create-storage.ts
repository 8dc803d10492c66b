import type { KeyValueStore } from '../protocol/storage-keys';

/**
 * localStorage under `parley:<site>:`, every access guarded: Safari private mode, blocked third-party
 * storage and full quotas throw, and the widget must keep working (it falls back to memory).
 * `backing` is injectable for tests.
 */
export function createStorage(siteId: string, backing: () => Storage | null = () => window.localStorage): KeyValueStore {
  const prefix = `parley:${siteId}:`;
  // Values that could not be persisted; they shadow storage for the rest of this page's life.
  const memory = new Map<string, string>();
  const store = (): Storage | null => {
    try {
      return backing();
    } catch {
      return null;
    }
  };
  return {
    get(key) {
      if (!memory.has(key)) {
        try {
          const s = store();
          if (s) return s.getItem(prefix + key);
        } catch {
          // Blocked: memory below.
        }
      }
      return memory.get(key) ?? null;
    },
    set(key, value) {
      try {
        const s = store();
        if (s) {
          s.setItem(prefix + key, value);
          memory.delete(key);
          return;
        }
      } catch {
        // Quota or blocked: memory keeps this page working.
      }
      memory.set(key, value);
    },
    remove(key) {
      memory.delete(key);
      try {
        store()?.removeItem(prefix + key);
      } catch {
        // Blocked: nothing persisted to remove.
      }
    },
    watch(key, fn) {
      if (typeof window === 'undefined') return () => undefined;
      const onStorage = (e: StorageEvent): void => {
        if (e.key === prefix + key) fn(e.newValue);
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
  };
}
