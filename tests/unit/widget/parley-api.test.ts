import { createEventBus } from '../../../widget/loader/create-event-bus';
import { createParleyApi, replayQueue } from '../../../widget/loader/create-parley-api';
import { resolveLocale } from '../../../widget/loader/loader-strings';
import type { ChatHandle, IdentifyInput } from '../../../widget/protocol/types';

function fakeChat(): ChatHandle & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    open: () => calls.push('open'),
    close: () => calls.push('close'),
    toggle: () => calls.push('toggle'),
    identify: (i) => calls.push(`identify:${i.id}`),
    setLocale: (l) => calls.push(`locale:${l}`),
  };
}

function setup(isLoaded = false) {
  const chat = fakeChat();
  let mounted: ChatHandle | null = isLoaded ? chat : null;
  const identities: IdentifyInput[] = [];
  const locales: string[] = [];
  const loads = { count: 0 };
  const api = createParleyApi({
    bus: createEventBus(),
    loadChat: () => {
      loads.count++;
      mounted = chat;
      return Promise.resolve(chat);
    },
    chat: () => mounted,
    onIdentify: (i) => identities.push(i),
    onLocale: (l) => locales.push(l),
  });
  return { api, chat, identities, locales, loads };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Parley API', () => {
  it('open() loads the chat then opens it', async () => {
    const { api, chat, loads } = setup();
    api.open();
    await tick();
    expect(loads.count).toBe(1);
    expect(chat.calls).toEqual(['open']);
  });

  it('close() before the chat loads does nothing (and loads nothing)', () => {
    const { api, loads } = setup();
    api.close();
    expect(loads.count).toBe(0);
  });

  it('identify() and setLocale() are remembered for a later mount and forwarded when loaded', () => {
    const before = setup();
    before.api.identify({ id: 'u1', name: 'Mei' });
    before.api.setLocale('zh-CN');
    before.api.setLocale('fr');
    expect(before.identities).toEqual([{ id: 'u1', name: 'Mei' }]);
    expect(before.locales).toEqual(['zh']);
    expect(before.loads.count).toBe(0);
    const after = setup(true);
    after.api.identify({ id: 'u2' });
    after.api.setLocale('en');
    expect(after.chat.calls).toEqual(['identify:u2', 'locale:en']);
  });

  it('identify() ignores calls without an id', () => {
    const { api, identities } = setup();
    api.identify({} as IdentifyInput);
    expect(identities).toEqual([]);
  });

  it('on() subscribes to the bus and returns an unsubscribe function', () => {
    const bus = createEventBus();
    const api = createParleyApi({ bus, loadChat: () => Promise.reject(new Error('x')), chat: () => null, onIdentify: () => {}, onLocale: () => {} });
    const seen: string[] = [];
    const off = api.on('open', () => seen.push('open'));
    bus.emit('open', undefined);
    off();
    bus.emit('open', undefined);
    expect(seen).toEqual(['open']);
  });

  it('a throwing host listener does not stop other listeners', () => {
    const bus = createEventBus();
    const seen: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    bus.on('close', () => {
      throw new Error('host bug');
    });
    bus.on('close', () => seen.push('second'));
    bus.emit('close', undefined);
    expect(seen).toEqual(['second']);
    spy.mockRestore();
  });
});

describe('replayQueue', () => {
  it('replays [method, ...args] entries and arguments objects in order, skipping junk', async () => {
    const { api, chat, identities } = setup();
    const args = (function (..._a: unknown[]) {
      // An `arguments` object, as the pre-load stub pushes it.
      return arguments;
    })('identify', { id: 'u9' });
    replayQueue(api, [['setLocale', 'zh'], args, ['nope'], 'junk', null, ['toString'], ['open']]);
    await tick();
    expect(identities).toEqual([{ id: 'u9' }]);
    expect(chat.calls).toEqual(['open']);
  });

  it('ignores a missing or non-array queue', () => {
    const { api } = setup();
    expect(() => replayQueue(api, undefined)).not.toThrow();
    expect(() => replayQueue(api, { length: 1 })).not.toThrow();
  });
});

describe('resolveLocale', () => {
  it('prefers the setting, then the browser languages, then English', () => {
    expect(resolveLocale('zh', ['en-US'])).toBe('zh');
    expect(resolveLocale(null, ['fr-FR', 'zh-TW', 'en'])).toBe('zh');
    expect(resolveLocale(null, ['de'])).toBe('en');
  });
});
