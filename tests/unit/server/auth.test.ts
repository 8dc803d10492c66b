import { hashPassword, verifyPassword } from '../../../server/auth/passwords';
import { hashVisitorToken, newVisitorToken, signToken, verifyToken } from '../../../server/auth/tokens';

test('passwords: scrypt hashes are salted and verify only the right password', async () => {
  const [a, b] = await Promise.all([hashPassword('s3cret pass'), hashPassword('s3cret pass')]);
  expect(a).not.toBe(b);
  expect(a.startsWith('scrypt$')).toBe(true);
  expect(await verifyPassword('s3cret pass', a)).toBe(true);
  expect(await verifyPassword('s3cret pasS', a)).toBe(false);
  expect(await verifyPassword('s3cret pass', 'garbage')).toBe(false);
});

describe('agent tokens', () => {
  const secret = 'x'.repeat(32);
  test('round-trip, expiry, forgery', () => {
    const token = signToken({ agentId: 'a1', exp: 2000, ver: 3 }, secret);
    expect(verifyToken(token, secret, 1000)).toEqual({ agentId: 'a1', exp: 2000, ver: 3 });
    expect(verifyToken(token, secret, 2000)).toBeNull();
    expect(verifyToken(token, 'y'.repeat(32), 1000)).toBeNull();
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ agentId: 'admin', exp: 2000 })).toString('base64url');
    expect(verifyToken(`${forged}.${mac}`, secret, 1000)).toBeNull();
    expect(verifyToken(`${body}`, secret, 1000)).toBeNull();
    expect(verifyToken('', secret, 1000)).toBeNull();
  });
});

test('visitor tokens are random and stored only as a hash', () => {
  const t = newVisitorToken();
  expect(t).not.toBe(newVisitorToken());
  expect(t.length).toBeGreaterThanOrEqual(32);
  expect(hashVisitorToken(t)).toMatch(/^[0-9a-f]{64}$/);
  expect(hashVisitorToken(t)).toBe(hashVisitorToken(t));
});
