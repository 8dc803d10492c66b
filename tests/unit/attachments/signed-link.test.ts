import { checkAttachmentLink, signAttachmentLink } from '../../../server/attachments/signed-link';
import { returnSteps } from '../../../server/integrations/demo/return-steps';

const SECRET = 'unit-test-secret-0123456789abcdef0123';
const NOW = Date.UTC(2026, 11, 2, 16, 0, 0);
const HOUR = 3_600_000;

const query = (link: string) => Object.fromEntries(new URL(link, 'http://x').searchParams);

describe('signed attachment links', () => {
  const link = signAttachmentLink(SECRET, 'att1', NOW + HOUR);

  test('good for its file until it expires', () => {
    expect(link).toMatch(/^\/api\/attachments\/att1\/shared\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect(checkAttachmentLink(SECRET, 'att1', query(link), NOW, HOUR)).toBeNull();
    expect(checkAttachmentLink(SECRET, 'att1', query(link), NOW + HOUR, HOUR)).toBe('expired');
  });

  test('another file, another secret, a moved expiry or a missing part is refused', () => {
    expect(checkAttachmentLink(SECRET, 'att2', query(link), NOW, HOUR)).toBe('bad-signature');
    expect(checkAttachmentLink(`${SECRET}x`, 'att1', query(link), NOW, HOUR)).toBe('bad-signature');
    expect(checkAttachmentLink(SECRET, 'att1', { ...query(link), exp: String(Number(query(link).exp) + 60) }, NOW, HOUR)).toBe('bad-signature');
    expect(checkAttachmentLink(SECRET, 'att1', { exp: query(link).exp }, NOW, HOUR)).toBe('malformed');
    expect(checkAttachmentLink(SECRET, 'att1', { ...query(link), exp: ['1', '2'] }, NOW, HOUR)).toBe('malformed');
  });

  test('a link valid further ahead than this server ever issues is refused', () => {
    const far = signAttachmentLink(SECRET, 'att1', NOW + 30 * HOUR);
    expect(checkAttachmentLink(SECRET, 'att1', query(far), NOW, HOUR)).toBe('expired');
  });
});

describe('the demo shop keeps the photo count of a return', () => {
  test('its steps say it has the photos, in the shopper\'s language', () => {
    expect(returnSteps('en', 'https://l', 0).join(' ')).not.toMatch(/photo/);
    expect(returnSteps('en', 'https://l', 1).at(-1)).toMatch(/your photo/);
    expect(returnSteps('en', 'https://l', 2).at(-1)).toMatch(/your 2 photos/);
    expect(returnSteps('zh', 'https://l', 2).at(-1)).toMatch(/2 张照片/);
  });
});
