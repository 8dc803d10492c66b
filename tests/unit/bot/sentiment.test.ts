import { sentiment } from '../../../server/bot/sentiment';
import { isHandoffRequest } from '../../../server/bot/is-handoff-request';

describe('sentiment', () => {
  it('is neutral for plain questions in both languages', () => {
    expect(sentiment('where is my order')).toBe(0);
    expect(sentiment('我的订单到哪了')).toBe(0);
  });
  it('is strongly negative for angry English', () => {
    expect(sentiment('this is the worst shop ever, absolutely terrible')).toBeLessThan(-0.5);
  });
  it('is strongly negative for angry Chinese', () => {
    expect(sentiment('你们就是骗子，垃圾服务')).toBeLessThan(-0.5);
    expect(sentiment('太失望了，气死我了')).toBeLessThan(-0.5);
  });
  it('keeps one mild word mild and handles negation', () => {
    expect(sentiment('that is bad')).toBeGreaterThan(-0.5);
    expect(sentiment('I am not happy')).toBeLessThan(0);
    expect(sentiment('不满意')).toBeLessThan(0);
  });
  it('is positive for thanks', () => {
    expect(sentiment('thanks, great help')).toBeGreaterThan(0);
    expect(sentiment('非常感谢')).toBeGreaterThan(0);
  });
});

describe('isHandoffRequest', () => {
  it.each(['talk to a human', 'I want to speak with a real person', 'agent please', 'Human!', 'can you connect me to an agent', 'I need a representative', 'live agent'])(
    'recognises "%s"',
    (text) => expect(isHandoffRequest(text)).toBe(true),
  );
  it.each(['转人工', '人工客服', '我要找客服', '转人工客服！', '请帮我接人工'])('recognises "%s"', (text) => expect(isHandoffRequest(text)).toBe(true));
  it.each(['where is my order', 'is this a real leather bag', "I don't want to talk to a human", '客服电话是多少', 'what does the agent fee cover'])(
    'ignores "%s"',
    (text) => expect(isHandoffRequest(text)).toBe(false),
  );
});
