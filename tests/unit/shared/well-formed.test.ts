/** Lone surrogates replaced at the edges (shared/well-formed.ts), without copying what needs no change. */
import { wellFormedDeep } from '../../../shared/well-formed';

test('a well-formed payload comes back as the same object', () => {
  const payload = { clientId: 'c1', text: 'hello 😀 你好', attachments: [{ id: 'a', name: 'x.png' }], n: 3, on: true, none: null };
  expect(wellFormedDeep(payload)).toBe(payload);
});

test('lone surrogates are replaced anywhere, keys too, in a copy; the input is left alone', () => {
  const payload = { text: 'half \uD83D emoji', nested: { list: ['ok', '\uDE00 tail'] }, ['k\uD800']: 1, fine: 'a' };
  const out = wellFormedDeep(payload);
  expect(out).toEqual({ text: 'half \uFFFD emoji', nested: { list: ['ok', '\uFFFD tail'] }, 'k\uFFFD': 1, fine: 'a' });
  expect(payload.text).toBe('half \uD83D emoji');
  expect(wellFormedDeep('\uD800')).toBe('\uFFFD');
});

test('past the depth cap a value is returned unchanged', () => {
  let deep: unknown = '\uD800';
  for (let i = 0; i < 40; i++) deep = { d: deep };
  expect(wellFormedDeep(deep)).toBe(deep);
});
