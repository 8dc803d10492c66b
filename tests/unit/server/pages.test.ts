import { acceptedEncodings } from '../../../server/http/pages.routes';

test('Accept-Encoding parsing honours q=0 and spacing', () => {
  expect([...acceptedEncodings('gzip, deflate, br, zstd')]).toEqual(['gzip', 'deflate', 'br', 'zstd']);
  expect(acceptedEncodings('br;q=0, gzip;q=0.8').has('br')).toBe(false);
  expect(acceptedEncodings('br;q=0, gzip;q=0.8').has('gzip')).toBe(true);
  expect(acceptedEncodings(undefined).size).toBe(0);
});
