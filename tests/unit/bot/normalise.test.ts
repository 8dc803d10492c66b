import { normalise } from '../../../server/bot/normalise';
import { detectLocale } from '../../../server/bot/detect-locale';
import { createTokeniser } from '../../../server/bot/create-tokeniser';

describe('normalise', () => {
  it('folds full-width letters and digits (NFKC) and case', () => {
    expect(normalise('ＷＨＥＲＥ is Ｏｒｄｅｒ １２３')).toBe('where is order 123');
  });
  it('removes emoji, including ZWJ sequences and skin tones', () => {
    expect(normalise('where is my order 📦👍🏽👨‍👩‍👧!!')).toBe('where is my order');
  });
  it('turns punctuation (ASCII and CJK) into spaces, keeps $ and %, joins apostrophes', () => {
    expect(normalise("I don't want it, refund $20 (50%)?")).toBe('i dont want it refund $20 50%');
    expect(normalise('我的订单，到哪了？！')).toBe('我的订单 到哪了');
  });
});

describe('detectLocale', () => {
  it('detects Chinese when most letters are Han', () => {
    expect(detectLocale('我的订单到哪了')).toEqual({ locale: 'zh', isAmbiguous: false });
    expect(detectLocale('iPhone 退货')).toEqual({ locale: 'zh', isAmbiguous: false });
  });
  it('detects English', () => {
    expect(detectLocale('where is my order')).toEqual({ locale: 'en', isAmbiguous: false });
  });
  it('flags texts without language as ambiguous', () => {
    expect(detectLocale('ok').isAmbiguous).toBe(true);
    expect(detectLocale('#10023').isAmbiguous).toBe(true);
    expect(detectLocale('anna@example.com').isAmbiguous).toBe(true);
    expect(detectLocale('order #10023 is late').isAmbiguous).toBe(false);
  });
  it('weighs Han against a third of the Latin letters, counted whole, the same on every call', () => {
    // 3 Han against 9 Latin letters: 3 >= 9 / 3, Chinese; one Latin letter more tips it to English.
    for (let i = 0; i < 3; i++) {
      expect(detectLocale('abcdefghi 订单号').locale).toBe('zh');
      expect(detectLocale('abcdefghij 订单号').locale).toBe('en');
    }
    // Letters inside an e-mail or a code do not count.
    expect(detectLocale('订单 abcdefghijkl@example.com').locale).toBe('zh');
  });
});

describe('create-tokeniser', () => {
  const tokenise = createTokeniser({ synonyms: { en: { parcel: 'package' }, zh: { 快递: '包裹' } }, stopwords: { en: ['hey'] } });
  it('stems English words, drops stop words, applies synonyms', () => {
    expect(tokenise('Hey, the parcels were shipped').words).toEqual(['parcel', 'were', 'ship']);
    expect(tokenise('hey where is the parcel').words).toEqual(['where', 'is', 'packag']);
  });
  it('keeps unstemmed surface words for character n-grams', () => {
    expect(tokenise('Tracking my order').surface).toEqual(['tracking', 'my', 'order']);
  });
  it('segments Chinese into words and keeps the Han run for bigrams', () => {
    const t = tokenise('我的快递到哪了');
    expect(t.words).toEqual(expect.arrayContaining(['包裹']));
    expect(t.words).not.toContain('的');
    expect(t.surface).toEqual(['我的包裹到哪了']);
  });
  it('handles mixed text', () => {
    const t = tokenise('iPhone 退货');
    expect(t.words).toEqual(expect.arrayContaining(['iphon']));
    expect(t.surface).toEqual(['iphone', '退货']);
  });
  it('applies a typo corrector before stemming', () => {
    expect(tokenise('wher is my oder', (w) => (w === 'oder' ? 'order' : w)).words).toEqual(['wher', 'is', 'my', 'order']);
  });
});
