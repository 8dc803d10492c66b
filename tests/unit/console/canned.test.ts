import { expandCanned, findCannedQuery, insertCanned, matchCanned } from '../../../widget/console/state/canned';

const responses = [
  { shortcut: 'refund', text: 'Hi {name}, your refund is on its way. {agent}' },
  { shortcut: 'ref-policy', text: 'Our return policy is 30 days.' },
  { shortcut: 'hello', text: 'Hello {name}, I am {agent}.' },
  { shortcut: 'shipping', text: 'Delivery takes 3-5 days; refunds take longer.' },
];

describe('findCannedQuery', () => {
  test('a slash token at the start or after a space, ending at the caret', () => {
    expect(findCannedQuery('/ref', 4)).toEqual({ start: 0, end: 4, query: 'ref' });
    expect(findCannedQuery('thanks /he', 10)).toEqual({ start: 7, end: 10, query: 'he' });
    expect(findCannedQuery('/', 1)).toEqual({ start: 0, end: 1, query: '' });
  });

  test('ignores URLs, fractions and tokens away from the caret', () => {
    expect(findCannedQuery('see https://x.test/ref', 22)).toBeNull();
    expect(findCannedQuery('1/2', 3)).toBeNull();
    expect(findCannedQuery('/ref done', 9)).toBeNull();
  });
});

describe('matchCanned', () => {
  test('prefix matches first, then substring, then text', () => {
    expect(matchCanned(responses, 'ref').map((r) => r.shortcut)).toEqual(['ref-policy', 'refund', 'shipping']);
  });
  test('empty query lists all, case-insensitive, limited', () => {
    expect(matchCanned(responses, '')).toHaveLength(4);
    expect(matchCanned(responses, 'HEL').map((r) => r.shortcut)).toEqual(['hello']);
    expect(matchCanned(responses, '', 2)).toHaveLength(2);
  });
});

describe('expandCanned / insertCanned', () => {
  test.each([
    ["Hi {name}, this is {agent}. Let me help.", 'Hi, this is Bo. Let me help.'],
    ['Is there anything else I can help you with today, {name}?', 'Is there anything else I can help you with today?'],
    ['Thanks for shopping with us, {name}. Have a lovely day!', 'Thanks for shopping with us. Have a lovely day!'],
    ['{name}您好，我是客服{agent}。', '您好，我是客服Bo。'],
    ['Hello {name}', 'Hello'],
  ])('an anonymous shopper gets a greeting without a name: %s', (text, expected) => {
    expect(expandCanned(text, { name: null, agent: 'Bo' })).toBe(expected);
  });

  test('fills {name} and {agent}, leaves other braces', () => {
    expect(expandCanned('Hi {name}, {agent} here {order}', { name: 'Ann', agent: 'Bo' })).toBe('Hi Ann, Bo here {order}');
  });
  test('replaces the token and puts the caret after the text', () => {
    const draft = 'ok /hel thanks';
    const q = findCannedQuery(draft, 7);
    expect(q).not.toBeNull();
    const res = insertCanned(draft, q!, responses[2]!, { name: 'Ann', agent: 'Bo' });
    expect(res.draft).toBe('ok Hello Ann, I am Bo. thanks');
    expect(res.caret).toBe('ok Hello Ann, I am Bo.'.length);
  });
});
