import { createEventBus } from '../../../widget/chat/create-event-bus';
import { installApi, type ChatActions } from '../../../widget/chat/install-api';
import { createParleyStub } from '../../../widget/loader/create-parley-stub';
import { resolveLocale } from '../../../widget/loader/loader-strings';
import { replayQueue } from '../../../widget/loader/replay-queue';
import type { ParleyGlobal } from '../../../widget/protocol/types';

function fakeChat(): ChatActions & { calls: string[] } {
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

describe('installApi (the chat takes over window.Parley)', () => {
  function mounted(queued: unknown[] = []) {
    const { api } = stub(queued);
    const chat = fakeChat();
    const bus = createEventBus();
    return { api: api as ParleyGlobal, chat, bus, install: () => installApi(api, bus, chat) };
  }

  it('replays the queue in order with its pre-load meaning: close did nothing, toggle opened; junk is skipped', () => {
    const { api, chat, install } = mounted([args('identify', { id: 'u9' }), ['close'], ['nope'], 'junk', null, ['toString'], ['toggle'], ['setLocale', 'zh-Hant']]);
    install();
    expect(chat.calls).toEqual(['identify:u9', 'open', 'locale:zh']);
    // From now on calls go straight to the chat, with their own meaning.
    api.close();
    api.toggle();
    expect(chat.calls.slice(3)).toEqual(['close', 'toggle']);
  });

  it('ignores identify() without an id and setLocale() with a locale it does not have', () => {
    const { api, chat, install } = mounted([['identify', {}], ['setLocale', 'fr']]);
    install();
    api.identify({ name: 'no id' });
    api.setLocale('de');
    api.identify({ id: 'u3', name: 'Mei' });
    expect(chat.calls).toEqual(['identify:u3']);
  });

  it('delivers events to listeners added before and after it ran; unsubscribes from before work after', () => {
    const { api, bus, install } = mounted();
    const heard: string[] = [];
    const offEarly = api.on('open', () => heard.push('early'));
    const removedEarly = api.on('close', () => heard.push('never'));
    removedEarly();
    install();
    api.on('open', () => heard.push('late'));
    bus.emit('open', undefined);
    bus.emit('close', undefined);
    offEarly();
    bus.emit('open', undefined);
    expect(heard).toEqual(['early', 'late', 'late']);
  });

  it('runs what is pushed onto Parley.q afterwards at once', () => {
    const { api, chat, install } = mounted();
    install();
    api.q.push(['open'], args('identify', { id: 'u4' }), ['nope']);
    expect(chat.calls).toEqual(['open', 'identify:u4']);
  });

  it('a call that throws is reported and the next one still runs', () => {
    const spy = quiet();
    const { chat, install } = mounted([['open'], ['close'], ['open']]);
    let first = true;
    chat.open = () => {
      if (first) {
        first = false;
        throw new Error('boom');
      }
      chat.calls.push('open');
    };
    install();
    expect(chat.calls).toEqual(['open']);
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
