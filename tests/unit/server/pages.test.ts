import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acceptedEncodings, missingBundles } from '../../../server/http/pages.routes';

test('Accept-Encoding parsing honours q=0 and spacing', () => {
  expect([...acceptedEncodings('gzip, deflate, br, zstd')]).toEqual(['gzip', 'deflate', 'br', 'zstd']);
  expect(acceptedEncodings('br;q=0, gzip;q=0.8').has('br')).toBe(false);
  expect(acceptedEncodings('br;q=0, gzip;q=0.8').has('gzip')).toBe(true);
  expect(acceptedEncodings(undefined).size).toBe(0);
});

test('the server names what is missing when the bundles were not built (it never builds them itself)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-dist-'));
  try {
    expect(missingBundles(dir)).toMatch(/manifest\.json is missing/);
    const manifest = { loader: 'widget.js', chat: 'assets/chat.1.js', console: null, consoleCss: null };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    fs.writeFileSync(path.join(dir, 'widget.js'), '');
    expect(missingBundles(dir)).toMatch(/assets\/chat\.1\.js/);
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets/chat.1.js'), '');
    expect(missingBundles(dir)).toBeNull();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
