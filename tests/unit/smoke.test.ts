import { z } from 'zod';
test('toolchain', () => { expect(z.string().parse('x')).toBe('x'); });
