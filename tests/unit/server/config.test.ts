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
      botIdleCloseMs: 30 * 60_000,
    });
    expect(c.slaMs).toEqual({ urgent: 60_000, high: 180_000, normal: 300_000, low: 900_000 });
    expect(c.departments.map((d) => d.name)).toContain('general');
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('CASE_SWEEP_SECONDS: every 30 s by default, 0 turns the case sweep off, anything else is refused by name', () => {
    expect(loadConfig({}).caseSweepMs).toBe(30_000);
    expect(loadConfig({ CASE_SWEEP_SECONDS: '0' }).caseSweepMs).toBe(0);
    expect(loadConfig({ CASE_SWEEP_SECONDS: '5' }).caseSweepMs).toBe(5_000);
    expect(() => loadConfig({ CASE_SWEEP_SECONDS: 'often' })).toThrow(/^CASE_SWEEP_SECONDS/);
    expect(() => loadConfig({ CASE_SWEEP_SECONDS: '-1' })).toThrow(/^CASE_SWEEP_SECONDS/);
  });

  test('parses origins, departments and numbers', () => {
    const c = loadConfig({ PORT: '8080', WIDGET_ORIGINS: 'https://shop.example, http://localhost:5173', DEPARTMENTS: 'orders:manual,returns' });
    expect(c.port).toBe(8080);
    expect(c.widgetOrigins).toEqual(['https://shop.example', 'http://localhost:5173']);
    expect(c.departments.map(({ labels: _, ...d }) => d)).toEqual([
      { name: 'general', mode: 'auto', hours: null },
      { name: 'orders', mode: 'manual', hours: null },
      { name: 'returns', mode: 'auto', hours: null },
    ]);
  });

  test('departments have en/zh display names: shipped defaults, DEPARTMENT_NAMES, else the id', () => {
    const c = loadConfig({ DEPARTMENTS: 'returns,vip', DEPARTMENT_NAMES: 'vip=VIP desk|贵宾服务' });
    expect(c.departments.map((d) => [d.name, d.labels])).toEqual([
      ['general', { en: 'Customer service', zh: '客户服务' }],
      ['returns', { en: 'Returns & exchanges', zh: '退换货' }],
      ['vip', { en: 'VIP desk', zh: '贵宾服务' }],
    ]);
    expect(loadConfig({ DEPARTMENTS: 'lab' }).departments[1]?.labels).toEqual({ en: 'lab', zh: 'lab' });
    expect(() => loadConfig({ DEPARTMENT_NAMES: 'nope=Nope' })).toThrow(/^DEPARTMENT_NAMES:/);
  });

  test.each([
    [{ PORT: 'eighty' }, /^PORT:/],
    [{ BOT_IDLE_CLOSE_MINUTES: '0' }, /^BOT_IDLE_CLOSE_MINUTES:/],
    [{ PORT: '70000' }, /^PORT:/],
    [{ MONGODB_URI: 'postgres://x' }, /^MONGODB_URI:/],
    [{ PARLEY_SECRET: 'short' }, /^PARLEY_SECRET:/],
    [{ WIDGET_ORIGINS: '*' }, /^WIDGET_ORIGINS:/],
    [{ WIDGET_ORIGINS: 'https://shop.example/path' }, /^WIDGET_ORIGINS:/],
    [{ DEPARTMENTS: 'orders:sometimes' }, /^DEPARTMENTS:/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL:/],
    [{ DEMO_AGENT_PASSWORD: 'short' }, /^DEMO_AGENT_PASSWORD:/],
    [{ RETENTION_DAYS: '0' }, /^RETENTION_DAYS:/],
    [{ COMMANDS_PER_IP_PER_MINUTE: '-1' }, /^COMMANDS_PER_IP_PER_MINUTE:/],
    [{ LOGIN_ATTEMPTS_PER_IP: 'many' }, /^LOGIN_ATTEMPTS_PER_IP:/],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('insight settings: /metrics off without a token, drift every 15 min over an hour, both reports', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: null, driftCheckMs: 15 * 60_000, driftWindowMs: 60 * 60_000, driftMinContacts: 10, reportSchedule: ['weekly', 'monthly'] });
    expect(loadConfig({ METRICS_TOKEN: 't'.repeat(16), DRIFT_CHECK_MINUTES: '0', REPORT_SCHEDULE: 'monthly' })).toMatchObject({
      metricsToken: 't'.repeat(16),
      driftCheckMs: 0,
      reportSchedule: ['monthly'],
    });
    expect(loadConfig({ REPORT_SCHEDULE: 'off' }).reportSchedule).toEqual([]);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/^METRICS_TOKEN: /);
    expect(() => loadConfig({ REPORT_SCHEDULE: 'daily' })).toThrow(/^REPORT_SCHEDULE: /);
  });

  test('security settings: limits default on, retention off until set', () => {
    expect(loadConfig({})).toMatchObject({ loginAttemptsPerIp: 30, commandsPerIpPerMinute: 3000, retentionDays: null });
    expect(loadConfig({ RETENTION_DAYS: '90', COMMANDS_PER_IP_PER_MINUTE: '0' })).toMatchObject({ retentionDays: 90, commandsPerIpPerMinute: 0 });
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

  test('PARLEY_URL: unset means the listening address; set, it loses a trailing slash; not http(s) names the variable', () => {
    expect(loadConfig({}).parleyUrl).toBeNull();
    expect(loadConfig({ PARLEY_URL: 'https://chat.shop.example/' }).parleyUrl).toBe('https://chat.shop.example');
    expect(() => loadConfig({ PARLEY_URL: 'ftp://chat.shop.example' })).toThrow(/^PARLEY_URL:/);
  });

  test('mail: off by default; SMTP_URL turns SMTP on and then needs MAIL_FROM and PUBLIC_URL, each error naming its variable', () => {
    expect(loadConfig({}).mail).toEqual({ transport: 'none', smtpUrl: null, from: 'Parley <no-reply@parley.localhost>', publicUrl: 'http://localhost:3000/demo' });
    expect(loadConfig({ MAIL_TRANSPORT: 'log', PORT: '8080' }).mail).toMatchObject({ transport: 'log', smtpUrl: null, publicUrl: 'http://localhost:8080/demo' });
    const smtp = { SMTP_URL: 'smtp://u:p@mail.example:587', MAIL_FROM: 'Shop <help@shop.example>', PUBLIC_URL: 'https://shop.example/help' };
    expect(loadConfig(smtp).mail).toEqual({ transport: 'smtp', smtpUrl: smtp.SMTP_URL, from: smtp.MAIL_FROM, publicUrl: smtp.PUBLIC_URL });
    // An explicit MAIL_TRANSPORT wins: SMTP settings can stay in place while mail is switched off.
    expect(loadConfig({ ...smtp, MAIL_TRANSPORT: 'none' }).mail).toMatchObject({ transport: 'none', smtpUrl: null });
    expect(() => loadConfig({ MAIL_TRANSPORT: 'smtp' })).toThrow(/^SMTP_URL:/);
    expect(() => loadConfig({ ...smtp, MAIL_FROM: undefined })).toThrow(/^MAIL_FROM:/);
    expect(() => loadConfig({ ...smtp, PUBLIC_URL: undefined })).toThrow(/^PUBLIC_URL:/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' })).toThrow(/^SMTP_URL:/);
    expect(() => loadConfig({ ...smtp, PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/^PUBLIC_URL:/);
    expect(() => loadConfig({ ...smtp, MAIL_FROM: 'nobody' })).toThrow(/^MAIL_FROM:/);
  });

  it('keeps attachments on disk under DATA_DIR by default, or in S3 when told, naming a missing S3 setting', () => {
    const d = loadConfig({}, '/srv/parley');
    expect(d.blobs).toEqual({ kind: 'disk', dir: null });
    expect(d.attachmentMaxBytes).toBe(10 * 1024 * 1024);
    expect(loadConfig({ BLOB_DIR: 'files' }, '/srv/parley').blobs).toEqual({ kind: 'disk', dir: '/srv/parley/files' });
    const s3 = loadConfig({ BLOB_STORE: 's3', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_BUCKET: 'parley', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    expect(s3.blobs).toMatchObject({ kind: 's3', s3: { endpoint: 'http://127.0.0.1:9000', bucket: 'parley', isPathStyle: true, prefix: '' } });
    const aws = loadConfig({ BLOB_STORE: 's3', S3_REGION: 'eu-west-1', S3_BUCKET: 'parley', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    expect(aws.blobs).toMatchObject({ s3: { endpoint: 'https://s3.eu-west-1.amazonaws.com', isPathStyle: false } });
    expect(() => loadConfig({ BLOB_STORE: 's3', S3_BUCKET: 'parley' })).toThrow(/^S3_ACCESS_KEY_ID/);
    expect(() => loadConfig({ ATTACHMENT_MAX_BYTES: 'lots' })).toThrow(/^ATTACHMENT_MAX_BYTES/);
    expect(() => loadConfig({ BLOB_STORE: 'ftp' })).toThrow(/^BLOB_STORE/);
  });
});
