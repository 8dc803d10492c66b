/** The bench runs its servers with the Node flags `npm start` gives the server (scripts/bench/children.ts). */
import { nodeFlagsOf, serverNodeFlags } from '../../../scripts/bench/children';

test('reads the flags between tsx and server/main.ts, and none when there are none', () => {
  expect(nodeFlagsOf('tsx scripts/build.ts --if-missing && tsx --max-semi-space-size=64 --stack-trace-limit=20 server/main.ts')).toEqual([
    '--max-semi-space-size=64',
    '--stack-trace-limit=20',
  ]);
  expect(nodeFlagsOf('tsx server/main.ts')).toEqual([]);
});

test('a start script that no longer runs the server that way is an error, not a bench without its flags', () => {
  expect(() => nodeFlagsOf('node dist/server.js')).toThrow(/start script/);
});

test("package.json's start script is one the bench can read", () => {
  expect(serverNodeFlags().every((f) => f.startsWith('--'))).toBe(true);
});
