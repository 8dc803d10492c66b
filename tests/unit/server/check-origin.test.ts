import { Writable } from 'node:stream';
import pino from 'pino';
import { createOriginCheck, isOriginAllowed } from '../../../server/realtime/check-origin';

function capture(): { logger: pino.Logger; lines: () => { msg: string; origin?: string; setting?: string }[] } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out.push(chunk.toString());
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines: () => out.map((l) => JSON.parse(l) as { msg: string }) };
}

describe('origin check', () => {
  it('allows listed origins, the server’s own pages and non-browser clients', () => {
    expect(isOriginAllowed('https://shop.example', 'chat.example', ['https://shop.example'])).toBe(true);
    expect(isOriginAllowed('https://chat.example', 'chat.example', [])).toBe(true);
    expect(isOriginAllowed(undefined, 'chat.example', [])).toBe(true);
    expect(isOriginAllowed('https://other.example', 'chat.example', ['https://shop.example'])).toBe(false);
  });

  it('logs a refused origin once per origin, naming WIDGET_ORIGINS, and again only after an hour', () => {
    const { logger, lines } = capture();
    let t = 0;
    const check = createOriginCheck(['https://shop.example'], logger, () => t);
    for (let i = 0; i < 5; i++) expect(check('https://new-shop.example', 'chat.example')).toBe(false);
    expect(check('https://shop.example', 'chat.example')).toBe(true);
    expect(check('https://second.example', 'chat.example')).toBe(false);
    expect(lines().map((l) => l.origin)).toEqual(['https://new-shop.example', 'https://second.example']);
    expect(lines()[0]!.msg).toContain('WIDGET_ORIGINS');
    expect(lines()[0]!.setting).toBe('WIDGET_ORIGINS');
    t += 3_600_000;
    check('https://new-shop.example', 'chat.example');
    expect(lines()).toHaveLength(3);
  });
});
