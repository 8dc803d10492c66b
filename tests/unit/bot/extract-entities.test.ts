import { extractEntities, maskEntities, type EntityKind } from '../../../server/bot/extract-entities';

const kinds = (text: string): [EntityKind, string][] => extractEntities(text).map((e) => [e.kind, e.value]);

describe('extractEntities', () => {
  it('finds order numbers however they are introduced', () => {
    expect(kinds('where is order #10482?')).toEqual([['order', '10482']]);
    expect(kinds('Order number: MM-2024-0042 has not arrived')).toEqual([['order', 'MM-2024-0042']]);
    expect(kinds('my order no. 55123 is late')).toEqual([['order', '55123']]);
    expect(kinds('订单号 20240315001 还没发货')).toEqual([['order', '20240315001']]);
  });

  it('tells invoice numbers from order numbers', () => {
    expect(kinds('please resend invoice INV-88231')).toEqual([['invoice', 'INV-88231']]);
    expect(kinds('receipt #4471923 for order #10482')).toEqual([
      ['invoice', '4471923'],
      ['order', '10482'],
    ]);
  });

  it('reads amounts with their currency', () => {
    expect(kinds('I was charged $35.90 twice')).toEqual([['amount', '35.90 USD']]);
    expect(kinds('refund of 1,200 dollars')).toEqual([['amount', '1200.00 USD']]);
    expect(kinds('扣了我200元')).toEqual([['amount', '200.00 CNY']]);
    expect(kinds('it cost €12.5')).toEqual([['amount', '12.50 EUR']]);
  });

  it('reads dates in the usual forms (slashes are month/day)', () => {
    expect(kinds('ordered on 2026-03-14')).toEqual([['date', '2026-03-14']]);
    expect(kinds('ordered 3/14/26')).toEqual([['date', '2026-03-14']]);
    expect(kinds('placed it on March 3rd')).toEqual([['date', '--03-03']]);
    expect(kinds('since 14th of March 2026')).toEqual([['date', '2026-03-14']]);
    expect(kinds('3月14日下的单')).toEqual([['date', '--03-14']]);
    expect(kinds('on 13/45')).toEqual([]);
  });

  it('finds e-mail addresses and phone numbers, not other numbers', () => {
    expect(kinds('email me at Ann.Lee+shop@example.co.uk')).toEqual([['email', 'ann.lee+shop@example.co.uk']]);
    expect(kinds('call me on (415) 555-0134')).toEqual([['phone', '4155550134']]);
    expect(kinds('my number is +44 7700 900123')).toEqual([['phone', '+447700900123']]);
    expect(kinds('I bought 2 shirts in size 12')).toEqual([]);
  });

  it('finds names the shopper gives, not capitalised words that are not names', () => {
    expect(kinds('Hi, my name is Ann Lee and my parcel is late')).toEqual([['name', 'Ann Lee']]);
    expect(kinds("I'm Sorry to bother you")).toEqual([]);
    expect(kinds('the order for John Smith')).toEqual([['name', 'John Smith']]);
    expect(kinds('I am looking for a coat')).toEqual([]);
    expect(kinds('我叫王芳，想退货')).toEqual([['name', '王芳']]);
  });

  it('gives offsets into the original text', () => {
    const text = 'order #10482 cost $20';
    for (const e of extractEntities(text)) expect(text.slice(e.start, e.end)).toBe(e.text);
  });
});

describe('maskEntities', () => {
  it('replaces each entity by a placeholder word of its kind', () => {
    expect(maskEntities('where is order #10482, I paid $35.90').replace(/\s+/g, ' ')).toBe('where is order # ordernumber , I paid moneyamount ');
  });
});
