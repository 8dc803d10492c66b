import path from 'node:path';
import { createBot } from '../../../server/bot/create-bot';
import { loadKb } from '../../../server/bot/load-kb';
import { labelledPick, type ClarifyTurn } from '../../../server/bot/labelled-pick';

describe('labelledPick', () => {
  const turn: ClarifyTurn = {
    shopperText: 'money for my consignment??',
    locale: 'en',
    decision: 'clarify',
    clarifyIntents: ['refund.status', 'order.track'],
    quickReplies: [
      { label: 'Refund status', text: 'Refund status' },
      { label: 'Track my order', text: 'Track my order' },
    ],
  };
  it('labels the earlier message with the chip the shopper tapped', () => {
    expect(labelledPick(turn, 'Track my order')).toEqual({
      text: 'money for my consignment??',
      locale: 'en',
      intent: 'order.track',
      rejected: ['refund.status'],
      source: 'clarify-pick',
    });
    expect(labelledPick(turn, ' refund STATUS ')?.intent).toBe('refund.status');
  });
  it('returns null when the next message is not a pick, or the turn was not a clarify', () => {
    expect(labelledPick(turn, 'neither, I want a person')).toBeNull();
    expect(labelledPick({ ...turn, decision: 'answer' }, 'Track my order')).toBeNull();
  });
  it('works on a real clarify reply', async () => {
    const kb = await loadKb(path.join(__dirname, '../../fixtures/kb-mini'));
    const bot = createBot({ ...kb, settings: { ...kb.settings, answerThreshold: 1.01 } });
    const shopperText = 'refund or cancel';
    const reply = bot.respond(shopperText, { consecutiveFallbacks: 0 });
    expect(reply.decision).toBe('clarify');
    const pick = labelledPick({ shopperText, ...reply }, reply.quickReplies[0]!.text!);
    expect(pick).toMatchObject({ text: shopperText, intent: reply.clarifyIntents[0] });
  });
});
