/** Hole 2: only what the retailer signed is trusted; the id-only hash proves the id and nothing more. */
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { verifyIdentity, verifyIdentityHash } from '../../../server/auth/verify-identity';

const SECRET = 'retailer-secret-123';
const NOW = 1_800_000_000_000;
const hmac = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex');
const sign = (claims: Record<string, unknown>, opts: { exp?: number; alg?: string; secret?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setExpirationTime(opts.exp ?? Math.floor(NOW / 1000) + 600)
    .sign(new TextEncoder().encode(opts.secret ?? SECRET));

describe('the id-only hash', () => {
  test('verifies only the id it was made for, with the retailer secret', () => {
    expect(verifyIdentityHash('cust-1', hmac('cust-1'), SECRET)).toBe(true);
    expect(verifyIdentityHash('cust-2', hmac('cust-1'), SECRET)).toBe(false);
    expect(verifyIdentityHash('cust-1', 'zz', SECRET)).toBe(false);
  });

  test('rejects trailing garbage and non-canonical hex', () => {
    const good = hmac('cust-1');
    expect(verifyIdentityHash('cust-1', `${good}zz`, SECRET)).toBe(false);
    expect(verifyIdentityHash('cust-1', `${good}00`, SECRET)).toBe(false);
    expect(verifyIdentityHash('cust-1', good.toUpperCase(), SECRET)).toBe(false);
    expect(verifyIdentityHash('cust-1', ` ${good}`, SECRET)).toBe(false);
    expect(verifyIdentityHash('cust-1', `${good.slice(0, 63)}g`, SECRET)).toBe(false);
  });

  test('a valid hash with a made-up tier, name and e-mail: id verified, the rest not, no tier', async () => {
    const identity = await verifyIdentity({ id: 'cust-1', hash: hmac('cust-1'), tier: 'platinum', name: 'Vera', email: 'v@x.co' }, SECRET, NOW);
    expect(identity).toEqual({ externalId: 'cust-1', name: 'Vera', email: 'v@x.co', tier: null, verified: false, idVerified: true });
  });
});

describe('the signed identity token', () => {
  test('carries id, name, e-mail and tier, all trusted', async () => {
    const token = await sign({ id: 'cust-9', name: 'Vera', email: 'vera@shop.example', tier: 'platinum' });
    expect(await verifyIdentity({ token }, SECRET, NOW)).toEqual({
      externalId: 'cust-9', name: 'Vera', email: 'vera@shop.example', tier: 'platinum', verified: true, idVerified: true,
    });
  });

  test('unsigned fields sent beside a token are ignored', async () => {
    const token = await sign({ sub: 'cust-9', tier: 'bronze' });
    const identity = await verifyIdentity({ token, tier: 'platinum', name: 'Someone else' }, SECRET, NOW);
    expect(identity).toMatchObject({ externalId: 'cust-9', tier: 'bronze', name: null, verified: true });
  });

  test.each([
    ['expired', () => sign({ id: 'c' }, { exp: Math.floor(NOW / 1000) - 1 })],
    ['wrong secret', () => sign({ id: 'c' }, { secret: 'another-secret-456' })],
    ['another algorithm', () => sign({ id: 'c' }, { alg: 'HS512' })],
    ['no id', () => sign({ name: 'x' })],
    ['no exp', () => new SignJWT({ id: 'c' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))],
    ['trailing garbage', async () => `${await sign({ id: 'c' })}x`],
    ['alg none', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"id":"c","exp":9999999999}').toString('base64url')}.`],
  ])('is refused with UNAUTHORIZED when %s', async (_name, make) => {
    await expect(verifyIdentity({ token: await make() }, SECRET, NOW)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  test('a token whose id differs from the id sent beside it is refused', async () => {
    const token = await sign({ id: 'cust-9' });
    await expect(verifyIdentity({ id: 'cust-1', token }, SECRET, NOW)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  test('without IDENTITY_SECRET nothing is verified', async () => {
    await expect(verifyIdentity({ token: await sign({ id: 'c' }) }, null, NOW)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await verifyIdentity({ id: 'c', hash: hmac('c') }, null, NOW)).toMatchObject({ verified: false, idVerified: false });
  });
});
