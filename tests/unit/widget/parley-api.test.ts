import { createEventBus } from '../../../widget/chat/components/parts/create-event-bus';
import { installApi, type ApiEvents } from '../../../widget/chat/components/parts/install-api';
import { replayQueue } from '../../../widget/chat/components/parts/replay-queue';
import { installOpen } from '../../../widget/chat/install-open';
import { createParleyStub } from '../../../widget/loader/create-parley-stub';
import { resolveLocale } from '../../../widget/loader/loader-strings';
import type { IdentifyInput, ParleyGlobal, WidgetLocale } from '../../../widget/protocol/types';

/** What the mounted chat does for each API method: recorded. */
function fakeChat() {
  const calls: string[] = [];
  return {
    calls,
    open: () => void calls.push('open'),
    close: () => void calls.push('close'),
    toggle: () => void calls.push('toggle'),
    identify: (i: IdentifyInput) => void calls.push(`identify:${i.id}`),
    setLocale: (l: WidgetLocale) => void calls.push(`locale:${l}`),
  };
}

/** The loader's stub over `queued` (what a shop's pre-load stub left), recording loads and relabels. */
function stub(queued?: unknown) {
  const seen = { loads: 0, labels: [] as unknown[] };
  const api = createParleyStub(queued, () => seen.loads++, (l) => seen.labels.push(l));
  return { api, seen };
}

/** An `arguments` object, as the documented pre-load stub pushes it. */
function args(..._a: unknown[]): IArguments {
  return arguments;
}

const quiet = () => jest.spyOn(console, 'error').mockImplementation(() => {});

describe('the loader stub (window.Parley before the chat runs)', () => {
  it('queues every call in order; open and toggle load the chat, setLocale relabels, close and identify only queue', () => {
    const { api, seen } = stub();
    api.identify({ id: 'u1' });
    api.close();
    api.setLocale('zh-CN');
    expect(seen.loads).toBe(0);
    api.open();
    api.toggle();
    expect(seen).toEqual({ loads: 2, labels: ['zh-CN'] });
    expect(api.q).toEqual([['identify', { id: 'u1' }], ['close'], ['setLocale', 'zh-CN'], ['open'], ['toggle']]);
    expect(api.version).toBe('1');
  });

  it('keeps the calls a shop queued before widget.js, and acts on them: open loads, setLocale relabels', () => {
    const early = [args('setLocale', 'zh'), ['open'], 'junk', null, 42, { length: 1 }];
    const { api, seen } = stub(early);
    expect(seen).toEqual({ loads: 1, labels: ['zh'] });
    api.identify({ id: 'u2' });
    expect(api.q).toBe(early);
    expect(early.at(-1)).toEqual(['identify', { id: 'u2' }]);
  });

  it('ignores a queue that is not an array', () => {
    expect(stub({ length: 1 }).api.q).toEqual([]);
    expect(stub('oops').seen.loads).toBe(0);
  });

  it('on() returns an unsubscribe, which queues its undoing', () => {
    const { api } = stub();
    const fn = () => {};
    const off = api.on('open', fn);
    off();
    expect(api.q).toEqual([['on', 'open', fn], ['off', 'open', fn]]);
  });
});

describe('the chat takes over window.Parley: open, close and toggle at mount, the rest with the parts chunk', () => {
  /** The chat as mount() wires it: events held until installApi, which the parts chunk runs later. */
  function mounted(queued: unknown[] = []) {
    const { api } = stub(queued);
    const chat = fakeChat();
    const events: ApiEvents = { held: [], emit: (name, payload) => void events.held.push([name, payload]) };
    const mount = () => installOpen(api, { open: chat.open, close: chat.close, toggle: chat.toggle });
    return { api: api as ParleyGlobal, chat, events, mount, install: (early: unknown[]) => installApi({ api, queued: early, events, ...chat }) };
  }

  it('at mount, a queued open or toggle opens at once (once), and open, close and toggle go straight to the chat', () => {
    const { api, chat, mount } = mounted([['close'], ['toggle'], ['open'], args('identify', { id: 'u1' })]);
    const early = mount();
    expect(chat.calls).toEqual(['open']);
    expect(early).toEqual([['close'], ['toggle'], ['open'], expect.anything()]);
    api.close();
    api.toggle();
    expect(chat.calls).toEqual(['open', 'close', 'toggle']);
    // The rest still queues, in a fresh queue, until the parts chunk replays it.
    api.identify({ id: 'u2' });
    expect(api.q).toEqual([['identify', { id: 'u2' }]]);
    expect(chat.calls).toHaveLength(3);
  });

  it('opens nothing at mount when nothing opening was queued; junk entries do not throw', () => {
    const { chat, mount } = mounted([['close'], null, 42, 'open', { length: 1 }, args('setLocale', 'zh')]);
    mount();
    expect(chat.calls).toEqual([]);
  });

  it('the parts chunk replays the queue in order: the pre-load calls with their meaning (opening done at mount), then those since', () => {
    const { api, chat, mount, install } = mounted([args('identify', { id: 'u9' }), ['close'], ['nope'], 'junk', null, ['toString'], ['toggle'], ['setLocale', 'zh-Hant']]);
    const early = mount();
    expect(chat.calls).toEqual(['open']);
    api.setLocale('en-GB');
    api.q.push(['close']);
    install(early);
    expect(chat.calls).toEqual(['open', 'identify:u9', 'locale:zh', 'locale:en', 'close']);
    // From now on calls go straight to the chat, with their own meaning.
    api.close();
    api.toggle();
    expect(chat.calls.slice(5)).toEqual(['close', 'toggle']);
  });

  it('ignores identify() without an id and setLocale() with a locale it does not have', () => {
    const { api, chat, mount, install } = mounted([['identify', {}], ['setLocale', 'fr']]);
    install(mount());
    api.identify({ name: 'no id' } as IdentifyInput);
    api.setLocale('de');
    api.identify({ id: 'u3', name: 'Mei' });
    expect(chat.calls).toEqual(['identify:u3']);
  });

  it('holds the events emitted before the parts chunk and delivers them, in order, to the listeners the queue adds', () => {
    const { api, events, mount, install } = mounted();
    const heard: string[] = [];
    const offEarly = api.on('open', () => heard.push('early'));
    const removedEarly = api.on('close', () => heard.push('never'));
    removedEarly();
    const early = mount();
    // Listeners added after the chat ran but before its parts are in are queued too.
    api.on('close', () => heard.push('close'));
    events.emit('open', undefined);
    events.emit('close', undefined);
    expect(heard).toEqual([]);
    install(early);
    expect(heard).toEqual(['early', 'close']);
    api.on('open', () => heard.push('late'));
    events.emit('open', undefined);
    offEarly();
    events.emit('open', undefined);
    expect(heard).toEqual(['early', 'close', 'early', 'late', 'late']);
    expect(events.held).toEqual([]);
  });

  it('runs what is pushed onto Parley.q afterwards at once', () => {
    const { api, chat, mount, install } = mounted();
    install(mount());
    api.q.push(['open'], args('identify', { id: 'u4' }), ['nope']);
    expect(chat.calls).toEqual(['open', 'identify:u4']);
  });

  it('a call that throws is reported and the next one still runs', () => {
    const spy = quiet();
    const { chat, mount, install } = mounted([['identify', { id: 'a' }], ['identify', { id: 'b' }]]);
    let first = true;
    chat.identify = (i) => {
      if (first) {
        first = false;
        throw new Error('boom');
      }
      chat.calls.push(`identify:${i.id}`);
    };
    install(mount());
    expect(chat.calls).toEqual(['identify:b']);
    expect(spy).toHaveBeenCalledWith('[parley]', expect.any(Error));
    spy.mockRestore();
  });
});

describe('the event bus', () => {
  it('a throwing host listener does not stop other listeners', () => {
    const bus = createEventBus();
    const seen: string[] = [];
    const spy = quiet();
    bus.on('close', () => {
      throw new Error('host bug');
    });
    bus.on('close', () => seen.push('second'));
    bus.emit('close', undefined);
    expect(seen).toEqual(['second']);
    spy.mockRestore();
  });

  it('off() by name and function, and the function on() returns, both unsubscribe', () => {
    const bus = createEventBus();
    const seen: string[] = [];
    const a = () => seen.push('a');
    bus.on('open', a);
    const offB = bus.on('open', () => seen.push('b'));
    bus.off('open', a);
    offB();
    bus.emit('open', undefined);
    expect(seen).toEqual([]);
  });
});

describe('replayQueue', () => {
  it('ignores a missing or non-array queue', () => {
    expect(() => replayQueue({}, undefined)).not.toThrow();
    expect(() => replayQueue({}, { length: 1 })).not.toThrow();
  });
});

describe('resolveLocale', () => {
  it('prefers the setting, then the browser languages, then English', () => {
    expect(resolveLocale('zh', ['en-US'])).toBe('zh');
    expect(resolveLocale(null, ['fr-FR', 'zh-TW', 'en'])).toBe('zh');
    expect(resolveLocale(null, ['de'])).toBe('en');
  });
});
