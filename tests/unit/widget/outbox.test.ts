import type { KeyValueStore } from '../../../widget/protocol/storage-keys';
import { createStorage } from '../../../widget/chat/create-storage';
import { addToOutbox, readOutbox, removeFromOutbox, sendable, setOutboxError, type OutboxItem } from '../../../widget/chat/outbox';

/** A Storage double (what localStorage implements). */
function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

const item = (clientId: string, createdAt: number, text = clientId): OutboxItem => ({ clientId, text, createdAt, error: null });

describe('outbox', () => {
  let storage: KeyValueStore;
  let backing: Storage;
  beforeEach(() => {
    backing = fakeStorage();
    storage = createStorage('shop', () => backing);
  });

  it('persists items under parley:<site>:outbox', () => {
    addToOutbox(storage, item('aaaaaaaa1', 1));
    expect(JSON.parse(backing.getItem('parley:shop:outbox') ?? '[]')).toEqual([item('aaaaaaaa1', 1)]);
  });

  it('adds, replaces by clientId and removes', () => {
    addToOutbox(storage, item('aaaaaaaa1', 1));
    addToOutbox(storage, item('aaaaaaaa2', 2));
    addToOutbox(storage, item('aaaaaaaa1', 1, 'edited'));
    expect(readOutbox(storage).map((i) => i.text)).toEqual(['aaaaaaaa2', 'edited']);
    expect(removeFromOutbox(storage, 'aaaaaaaa2').map((i) => i.clientId)).toEqual(['aaaaaaaa1']);
    removeFromOutbox(storage, 'aaaaaaaa1');
    expect(backing.getItem('parley:shop:outbox')).toBeNull();
  });

  it('re-reads storage on every change so another tab’s items survive', () => {
    addToOutbox(storage, item('aaaaaaaa1', 1));
    const otherTab = createStorage('shop', () => backing);
    addToOutbox(otherTab, item('bbbbbbbb1', 2));
    addToOutbox(storage, item('aaaaaaaa2', 3));
    expect(readOutbox(storage).map((i) => i.clientId)).toEqual(['aaaaaaaa1', 'bbbbbbbb1', 'aaaaaaaa2']);
  });

  it('marks failed items, which sendable() skips until retried', () => {
    addToOutbox(storage, item('aaaaaaaa1', 1));
    addToOutbox(storage, item('aaaaaaaa2', 2));
    setOutboxError(storage, 'aaaaaaaa1', { code: 'INVALID_PAYLOAD', message: 'bad' });
    expect(sendable(readOutbox(storage)).map((i) => i.clientId)).toEqual(['aaaaaaaa2']);
    setOutboxError(storage, 'aaaaaaaa1', null);
    expect(sendable(readOutbox(storage)).map((i) => i.clientId)).toEqual(['aaaaaaaa1', 'aaaaaaaa2']);
  });

  it('sendable() orders oldest first', () => {
    expect(sendable([item('c', 3), item('a', 1), item('b', 2)]).map((i) => i.clientId)).toEqual(['a', 'b', 'c']);
  });

  it('treats corrupt JSON and junk entries as empty', () => {
    backing.setItem('parley:shop:outbox', '{not json');
    expect(readOutbox(storage)).toEqual([]);
    backing.setItem('parley:shop:outbox', JSON.stringify([{ nope: 1 }, item('aaaaaaaa1', 1), 'x']));
    expect(readOutbox(storage).map((i) => i.clientId)).toEqual(['aaaaaaaa1']);
  });
});

describe('createStorage', () => {
  it('falls back to memory when localStorage throws', () => {
    const throwing = createStorage('shop', () => {
      throw new Error('SecurityError');
    });
    throwing.set('token', 'abc');
    expect(throwing.get('token')).toBe('abc');
    throwing.remove('token');
    expect(throwing.get('token')).toBeNull();
  });

  it('keeps a value in memory when a write fails (quota) and storage reads still work', () => {
    const backing = fakeStorage();
    backing.setItem('parley:shop:open', '1');
    backing.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const s = createStorage('shop', () => backing);
    expect(s.get('open')).toBe('1');
    s.set('outbox', '[1]');
    expect(s.get('outbox')).toBe('[1]');
  });

  it('namespaces keys per site', () => {
    const backing = fakeStorage();
    createStorage('a', () => backing).set('token', '1');
    expect(createStorage('b', () => backing).get('token')).toBeNull();
  });
});
