import { chooseClarifyChips } from '../../../server/bot/choose-clarify-chips';

const byId = new Map([
  ['order.track', { department: 'orders', category: 'orders' }],
  ['order.cancel', { department: 'orders', category: 'orders' }],
  ['shipping.time', { department: 'orders', category: 'shipping' }],
  ['greeting', { department: 'general', category: 'smalltalk' }],
  ['account.create', { department: 'technical', category: 'account' }],
]);
const ids = (cands: { intent: string; confidence: number }[]): string[] => chooseClarifyChips(cands, byId).map((c) => c.intent);

describe('chooseClarifyChips', () => {
  it('always offers the top candidate, and nothing for no candidates', () => {
    expect(ids([{ intent: 'order.track', confidence: 0.4 }])).toEqual(['order.track']);
    expect(ids([])).toEqual([]);
  });
  it('offers neighbours from the same department that come within reach of the top', () => {
    expect(ids([{ intent: 'order.track', confidence: 0.4 }, { intent: 'shipping.time', confidence: 0.2 }, { intent: 'order.cancel', confidence: 0.02 }])).toEqual(['order.track', 'shipping.time']);
  });
  it('keeps small talk and account creation away from an order question unless they really compete', () => {
    expect(ids([{ intent: 'order.track', confidence: 0.4 }, { intent: 'greeting', confidence: 0.15 }, { intent: 'account.create', confidence: 0.12 }])).toEqual(['order.track']);
    expect(ids([{ intent: 'order.track', confidence: 0.4 }, { intent: 'greeting', confidence: 0.35 }])).toEqual(['order.track', 'greeting']);
  });
  it('offers at most three chips', () => {
    const cands = ['order.track', 'order.cancel', 'shipping.time', 'greeting'].map((intent) => ({ intent, confidence: 0.25 }));
    expect(ids(cands)).toHaveLength(3);
  });
});
