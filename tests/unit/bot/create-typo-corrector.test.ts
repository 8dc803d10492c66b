import { createTypoCorrector, editDistance } from '../../../server/bot/create-typo-corrector';

const vocabulary = 'where is my order where when refund the package cancel return item damaged shipping shipped'.split(' ');

describe('createTypoCorrector', () => {
  const fix = createTypoCorrector(vocabulary);
  it.each([
    ['oder', 'order'],
    ['whre', 'where'],
    ['refnud', 'refund'],
    ['cancle', 'cancel'],
    ['packge', 'package'],
    ['damgaed', 'damaged'],
    ['shiping', 'shipping'],
  ])('corrects %s → %s', (typo, word) => expect(fix(typo)).toBe(word));
  it('leaves known words, short words and far-off words alone', () => {
    expect(fix('order')).toBe('order');
    expect(fix('ordr')).toBe('order');
    expect(fix('mi')).toBe('mi');
    expect(fix('weather')).toBe('weather');
    expect(fix('spring')).toBe('spring');
    expect(fix('12345')).toBe('12345');
  });
});

describe('editDistance', () => {
  it('counts an adjacent swap as one edit', () => {
    expect(editDistance('refnud', 'refund', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('abc', 'xyzxyz', 1)).toBe(2);
  });
});
