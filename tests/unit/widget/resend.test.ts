/**
 * The resend discipline on "try again later" (UNAVAILABLE, RATE_LIMITED with retryAfterSeconds): the message stays
 * queued, not failed, and nothing is sent again before the server's wait has passed, a reconnect's flush included.
 * Fake timers (they fake Date.now too): the waits are tens of seconds.
 */
import type { ClientError, ClientResult } from '../../../shared/errors';
import type { Message } from '../../../shared/model';
import { createOutboxSender } from '../../../widget/chat/create-outbox-sender';
import { createStorage } from '../../../widget/chat/create-storage';
import { readOutbox } from '../../../widget/chat/outbox';
import type { SendCommand, ShopperSocketLike } from '../../../widget/chat/shopper-socket';
import { createTransportState } from '../../../widget/chat/transport-state';
import { createFlushLoop, isTransient } from '../../../widget/ui/resend';

const unavailable: ClientError = { code: 'UNAVAILABLE', message: 'reports refused', retryAfterSeconds: 30 };

const stored = (clientId: string, text: string): Message => ({
  id: `m-${clientId}`, conversationId: 'c1', seq: 1, clientId, sender: 'shopper', agentId: null, senderName: null, text,
  internal: false, bot: null, event: null, attachments: [], createdAt: 1,
});

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('isTransient', () => {
  it('counts UNAVAILABLE as worth sending again, like RATE_LIMITED', () => {
    expect(isTransient(unavailable)).toBe(true);
    expect(isTransient({ code: 'RATE_LIMITED', message: 'slow down', retryAfterSeconds: 3 })).toBe(true);
    expect(isTransient({ code: 'INVALID_PAYLOAD', message: 'bad' })).toBe(false);
  });
});

describe('createFlushLoop', () => {
  it('waits retryAfterSeconds before the next try, even when flushed again meanwhile (a reconnect)', async () => {
    const results: (boolean | ClientError)[] = [unavailable, true];
    let passes = 0;
    let pending = true;
    const loop = createFlushLoop(() => true, async () => {
      passes += 1;
      const r = results.shift() ?? true;
      pending = r !== true;
      return r;
    }, () => pending, 5_000);

    await loop.flush();
    expect(passes).toBe(1);
    await jest.advanceTimersByTimeAsync(5_000); // the usual retry delay: too soon for this server
    expect(passes).toBe(1);
    await loop.flush();
    expect(passes).toBe(1);
    await jest.advanceTimersByTimeAsync(25_000);
    expect(passes).toBe(2);
    expect(pending).toBe(false);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(passes).toBe(2);
    loop.stop();
  });

  it('still retries a timeout after retryMs, and at once on a reconnect', async () => {
    let passes = 0;
    const loop = createFlushLoop(() => true, async () => (++passes === 1 ? { code: 'TIMEOUT', message: 'timeout' } : true), () => passes < 2, 5_000);
    await loop.flush();
    await loop.flush();
    expect(passes).toBe(2);
    loop.stop();
  });
});

describe('createOutboxSender on UNAVAILABLE', () => {
  it('keeps the message queued (not failed) and resends it under the same clientId once the wait is over', async () => {
    const storage = createStorage('shop', () => {
      throw new Error('no localStorage here: memory');
    });
    const state = createTransportState(storage);
    state.set({ isReady: true });
    const sent: string[] = [];
    const answers: ClientResult<{ message: Message }>[] = [{ ok: false, error: unavailable }];
    const command = (async (_event: string, payload: { clientId: string; text: string }) => {
      sent.push(payload.clientId);
      return answers.shift() ?? { ok: true, data: { message: stored(payload.clientId, payload.text) } };
    }) as unknown as SendCommand;
    const socket = { connected: true } as ShopperSocketLike;
    const sender = createOutboxSender(storage, state, command, () => socket, 5_000);

    expect(sender.send('Where is my parcel?')).toBe(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    expect(readOutbox(storage)).toMatchObject([{ text: 'Where is my parcel?', error: null }]);

    await sender.flush(); // the socket reconnected: still too soon
    await jest.advanceTimersByTimeAsync(29_000);
    expect(sent).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([sent[0], sent[0]]);
    expect(readOutbox(storage)).toEqual([]);
    expect(state.get().messages.map((m) => m.text)).toEqual(['Where is my parcel?']);
    sender.stop();
  });
});
