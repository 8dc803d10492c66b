import { clientFailure, refusalCode } from '../../../shared/errors';

describe('client error vocabulary', () => {
  test('a client-made failure carries its code and a fixed message', () => {
    expect(clientFailure('TIMEOUT')).toEqual({ ok: false, error: { code: 'TIMEOUT', message: 'timeout' } });
    expect(clientFailure('OFFLINE')).toEqual({ ok: false, error: { code: 'OFFLINE', message: 'offline' } });
  });

  test('refusalCode reads the code a refused handshake carries, and nothing else', () => {
    const refused = Object.assign(new Error('UNAUTHORIZED'), { data: { code: 'UNAUTHORIZED' } });
    expect(refusalCode(refused)).toBe('UNAUTHORIZED');
    // A transport failure has no code, whatever its message says.
    expect(refusalCode(new Error('UNAUTHORIZED'))).toBeNull();
    expect(refusalCode(Object.assign(new Error('x'), { data: { code: 'toString' } }))).toBeNull();
    expect(refusalCode(Object.assign(new Error('x'), { data: { code: 42 } }))).toBeNull();
    expect(refusalCode(null)).toBeNull();
    expect(refusalCode(undefined)).toBeNull();
  });
});
