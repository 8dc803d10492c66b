import path from 'node:path';
import { loadConfig } from '../../../server/config';

describe('loadConfig', () => {
  test('defaults for an empty environment', () => {
    const c = loadConfig({}, '/srv/parley');
    expect(c).toMatchObject({
      port: 3000,
      dataDir: path.resolve('/srv/parley/data'),
      kbDir: path.resolve('/srv/parley/kb/retail'),
      mongodbUri: null,
      secret: null,
      widgetOrigins: [],
      buildOnStart: true,
      agentGraceMs: 30_000,
    });
    expect(c.slaMs).toEqual({ urgent: 60_000, high: 180_000, normal: 300_000, low: 900_000 });
    expect(c.departments.map((d) => d.name)).toContain('general');
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('parses origins, departments and numbers', () => {
    const c = loadConfig({ PORT: '8080', WIDGET_ORIGINS: 'https://shop.example, http://localhost:5173', DEPARTMENTS: 'orders:manual,returns' });
    expect(c.port).toBe(8080);
    expect(c.widgetOrigins).toEqual(['https://shop.example', 'http://localhost:5173']);
    expect(c.departments).toEqual([
      { name: 'general', mode: 'auto', hours: null },
      { name: 'orders', mode: 'manual', hours: null },
      { name: 'returns', mode: 'auto', hours: null },
    ]);
  });

  test.each([
    [{ PORT: 'eighty' }, /^PORT:/],
    [{ PORT: '70000' }, /^PORT:/],
    [{ MONGODB_URI: 'postgres://x' }, /^MONGODB_URI:/],
    [{ PARLEY_SECRET: 'short' }, /^PARLEY_SECRET:/],
    [{ WIDGET_ORIGINS: '*' }, /^WIDGET_ORIGINS:/],
    [{ WIDGET_ORIGINS: 'https://shop.example/path' }, /^WIDGET_ORIGINS:/],
    [{ DEPARTMENTS: 'orders:sometimes' }, /^DEPARTMENTS:/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL:/],
    [{ DEMO_AGENT_PASSWORD: 'short' }, /^DEMO_AGENT_PASSWORD:/],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('reads the retailer actions: demo by default, http with its URL and secret, errors naming the variable', () => {
    expect(loadConfig({}).integrations).toEqual({ adapter: 'demo' });
    const secret = 'x'.repeat(32);
    expect(loadConfig({ ACTIONS_ADAPTER: 'http', ACTIONS_URL: 'http://127.0.0.1:9/hook', ACTIONS_SECRET: secret }).integrations).toEqual({
      adapter: 'http',
      url: 'http://127.0.0.1:9/hook',
      secret,
      timeoutMs: 4000,
    });
    expect(() => loadConfig({ ACTIONS_ADAPTER: 'http', ACTIONS_SECRET: secret })).toThrow(/^ACTIONS_URL:/);
  });
});
