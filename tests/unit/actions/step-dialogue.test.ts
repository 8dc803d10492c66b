import { absorbAnswer, nextStep, NO_PHOTO, orderChecked, orderNotFound, photoIds, startDialogue } from '../../../server/actions/step-dialogue';
import { isStopWord, readItems, readOrderNumber, readReason, readYesNo } from '../../../server/actions/read-slots';

const lookup = { name: 'order.lookup' as const, intent: 'order.track' };
const cancel = { name: 'order.cancel' as const, intent: 'order.cancel' };
const ret = { name: 'return.request' as const, intent: 'returns.policy' };

describe('the action dialogue machine', () => {
  test('fills slots from earlier messages, later ones winning, and asks for what is missing', () => {
    const s = startDialogue(lookup, ['my email is ana@example.com', 'where is 48213?'], { isVerified: false });
    expect(s.slots).toEqual({ orderNumber: '48213', email: 'ana@example.com' });
    expect(nextStep(s)).toEqual({ kind: 'lookup' });
    expect(nextStep(startDialogue(lookup, ['where is my order'], { isVerified: false }))).toEqual({ kind: 'ask', slot: 'orderNumber' });
  });

  test('a verified shopper is never asked for an e-mail', () => {
    const s = startDialogue(lookup, ['where is 48213'], { isVerified: true });
    expect(s.needs).toEqual(['orderNumber']);
    expect(nextStep(s)).toEqual({ kind: 'lookup' });
  });

  test('invalid answers name their slot; a new order number resets the check', () => {
    const s = { ...startDialogue(lookup, [], { isVerified: false }), awaiting: 'email' as const, slots: { orderNumber: '48213' } };
    expect(absorbAnswer(s, 'ana at example').invalid).toBe('email');
    const checked = { ...orderChecked({ ...s, name: 'order.cancel' }, [{ sku: 'A', name: 'Shirt' }]), awaiting: 'email' as const };
    const next = absorbAnswer(checked, 'sorry, it is order 48230, ana@example.com').state;
    expect(next).toMatchObject({ isOrderChecked: false, slots: { orderNumber: '48230', email: 'ana@example.com' } });
  });

  test('cancel: lookup, then an explicit yes before the call; no keeps the order', () => {
    let s = startDialogue(cancel, ['cancel order 48230 ana@example.com'], { isVerified: false });
    expect(nextStep(s)).toEqual({ kind: 'lookup' });
    s = orderChecked(s, [{ sku: 'A', name: 'Shirt' }]);
    expect(nextStep(s)).toEqual({ kind: 'ask', slot: 'confirm' });
    expect(absorbAnswer({ ...s, awaiting: 'confirm' }, 'maybe').invalid).toBe('confirm');
    expect(absorbAnswer({ ...s, awaiting: 'confirm' }, 'No, keep it').state.phase).toBe('stopped');
    expect(nextStep(absorbAnswer({ ...s, awaiting: 'confirm' }, '是').state)).toEqual({ kind: 'call' });
  });

  test('return: items, reason, then an optional photo (a file, or going on without one)', () => {
    const base = orderChecked(startDialogue(ret, ['47731 ben@example.com'], { isVerified: false }), [{ sku: 'TH', name: 'Cotton Throw' }]);
    let s = absorbAnswer({ ...base, awaiting: 'reason' }, 'damaged').state;
    expect(nextStep(s)).toEqual({ kind: 'ask', slot: 'photo' });
    expect(absorbAnswer({ ...s, awaiting: 'photo' }, 'what?')).toMatchObject({ invalid: 'photo' });
    const withPhoto = absorbAnswer({ ...s, awaiting: 'photo' }, '', ['b1', 'b2']);
    expect([withPhoto.invalid, photoIds(withPhoto.state), nextStep(withPhoto.state)]).toEqual([null, ['b1', 'b2'], { kind: 'call' }]);
    for (const skip of ['Continue without a photo', '不附照片，继续', 'no']) {
      s = absorbAnswer({ ...s, awaiting: 'photo', slots: { ...s.slots, photo: undefined } }, skip).state;
      expect([s.slots.photo, photoIds(s), nextStep(s)]).toEqual([NO_PHOTO, [], { kind: 'call' }]);
    }
    // A photo sent before its question is kept, and the question it came instead of is asked again without a hint.
    const early = absorbAnswer({ ...base, awaiting: 'reason' }, '', ['b3']);
    expect([early.invalid, photoIds(early.state), nextStep(early.state)]).toEqual([null, ['b3'], { kind: 'ask', slot: 'reason' }]);
  });

  test('return: items then reason; a single-item order needs no choosing; not found clears the pair', () => {
    let s = orderChecked(startDialogue(ret, ['47731 ben@example.com'], { isVerified: false }), [{ sku: 'TH', name: 'Cotton Throw' }, { sku: 'MG', name: 'Mug Set' }]);
    expect(nextStep(s)).toEqual({ kind: 'ask', slot: 'items' });
    s = absorbAnswer({ ...s, awaiting: 'items' }, 'the throw').state;
    expect(s.slots.items).toBe('TH');
    s = absorbAnswer({ ...s, awaiting: 'reason' }, '尺码不合适').state;
    expect(s.slots.reason).toBe('wrong_size');
    expect(nextStep(s)).toEqual({ kind: 'ask', slot: 'photo' });
    expect(orderChecked(startDialogue(ret, [], { isVerified: false }), [{ sku: 'X', name: 'Rug' }]).slots.items).toBe('X');
    expect(orderNotFound(s).slots).toEqual({ items: 'TH', reason: 'wrong_size' });
  });
});

describe('reading slots', () => {
  test.each([
    ['where is 48213?', '48213'],
    ['order #47731', '47731'],
    ['call 415-555-0132', null],
    ['$58.00 on 11/28', null],
    ['我的订单48213到哪了', '48213'],
  ])('%s → %s', (text, expected) => expect(readOrderNumber(text)).toBe(expected));

  test('items, reasons, yes/no, stop words', () => {
    const choices = [{ sku: 'A', name: 'Linen Shirt' }, { sku: 'B', name: 'Socks' }];
    expect(readItems('all', choices)).toEqual(['A', 'B']);
    expect(readItems('1 and 2', choices)).toEqual(['A', 'B']);
    expect(readItems('hmm', choices)).toBeNull();
    expect(readReason('damaged')).toBe('damaged');
    // The reason chips send their labels.
    for (const [label, id] of [['Wrong size', 'wrong_size'], ['Not as described', 'not_as_described'], ['Changed my mind', 'changed_mind'], ['Other', 'other'], ['商品损坏', 'damaged'], ['质量问题', 'defective'], ['其他', 'other']] as const) expect(readReason(label)).toBe(id);
    expect(readReason('it arrived broken')).toBe('damaged');
    expect(readYesNo('Yes, cancel it')).toBe(true);
    expect(readYesNo('否')).toBe(false);
    expect(['cancel', '算了', '取消', 'never mind'].every(isStopWord)).toBe(true);
    expect(isStopWord('cancel my order')).toBe(false);
  });
});
