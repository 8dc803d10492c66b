import { createStorage } from '../../../widget/chat/create-storage';
import { createTransport, type ShopperSocketLike } from '../../../widget/chat/transport';

const options = (connect?: () => ShopperSocketLike) => ({
  origin: 'http://127.0.0.1:9',
  siteId: 'shop',
  storage: createStorage('shop', () => null),
  locale: () => 'en' as const,
  identity: () => null,
  ...(connect ? { connect } : {}),
});

describe('transport failures speak the client error vocabulary (shared/errors.ts)', () => {
  test('a command before start() is OFFLINE: it was never sent', async () => {
    const transport = createTransport(options());
    expect(await transport.requestHandoff()).toEqual({ ok: false, error: { code: 'OFFLINE', message: 'offline' } });
  });

  test('a command whose acknowledgement never comes is TIMEOUT, not INTERNAL', async () => {
    const socket: ShopperSocketLike = {
      connected: true,
      active: true,
      connect: () => undefined,
      disconnect: () => undefined,
      on: () => undefined,
      timeout: () => ({ emitWithAck: () => Promise.reject(new Error('operation has timed out')) }),
    };
    const transport = createTransport({ ...options(() => socket), ackTimeoutMs: 10 });
    transport.start();
    expect(await transport.command('ticket:create', { name: 'A', email: 'a@example.com', message: 'hi' })).toEqual({
      ok: false,
      error: { code: 'TIMEOUT', message: 'timeout' },
    });
    transport.stop();
  });
});
