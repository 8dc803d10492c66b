import { loadIntegrationsConfig } from '../../../server/integrations/integrations-config';
import { openIntegrations } from '../../../server/integrations/open-integrations';

const SECRET = 'a-site-secret-of-at-least-32-chars!';
const http = { ACTIONS_ADAPTER: 'http', ACTIONS_URL: 'https://shop.example/parley', ACTIONS_SECRET: SECRET };

describe('loadIntegrationsConfig', () => {
  test('defaults to the demo order book', () => {
    const c = loadIntegrationsConfig({});
    expect(c).toEqual({ adapter: 'demo' });
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('reads the webhook settings, with a 4 s default timeout', () => {
    expect(loadIntegrationsConfig({ ACTIONS_ADAPTER: 'http', ACTIONS_URL: 'https://shop.example/parley', ACTIONS_SECRET: SECRET })).toEqual({
      adapter: 'http',
      url: 'https://shop.example/parley',
      secret: SECRET,
      timeoutMs: 4000,
    });
    expect(loadIntegrationsConfig({ ACTIONS_ADAPTER: 'http', ACTIONS_URL: 'http://127.0.0.1:8080/hook', ACTIONS_SECRET: SECRET, ACTIONS_TIMEOUT_MS: '2500' })).toMatchObject({
      url: 'http://127.0.0.1:8080/hook',
      timeoutMs: 2500,
    });
  });

  test('ignores webhook variables while the demo runs', () => {
    expect(loadIntegrationsConfig({ ACTIONS_URL: 'https://shop.example/parley' })).toEqual({ adapter: 'demo' });
  });

  test.each([
    [{ ACTIONS_ADAPTER: 'shopify' }, /^ACTIONS_ADAPTER:/],
    [{ ...http, ACTIONS_URL: undefined }, /^ACTIONS_URL: required/],
    [{ ...http, ACTIONS_URL: 'not a url' }, /^ACTIONS_URL:/],
    [{ ...http, ACTIONS_URL: 'http://shop.example/parley' }, /^ACTIONS_URL: must be https/],
    [{ ...http, ACTIONS_SECRET: undefined }, /^ACTIONS_SECRET: required/],
    [{ ...http, ACTIONS_SECRET: 'short' }, /^ACTIONS_SECRET:/],
    [{ ...http, ACTIONS_TIMEOUT_MS: 'soon' }, /^ACTIONS_TIMEOUT_MS:/],
    [{ ...http, ACTIONS_TIMEOUT_MS: '60000' }, /^ACTIONS_TIMEOUT_MS:/],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => loadIntegrationsConfig(env)).toThrow(message);
  });
});

describe('openIntegrations', () => {
  test('opens the adapter the config names', async () => {
    const demo = openIntegrations(loadIntegrationsConfig({}));
    const hook = openIntegrations(loadIntegrationsConfig(http));
    expect([demo.kind, hook.kind]).toEqual(['demo', 'http']);
    await Promise.all([demo.close(), hook.close()]);
  });
});
