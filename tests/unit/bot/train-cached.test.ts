import { trainCached } from '../../../server/bot/train-cached';

const examples = [
  { text: 'where is my order', label: 'track' },
  { text: 'track my parcel', label: 'track' },
  { text: 'cancel my order', label: 'cancel' },
  { text: 'stop the order please', label: 'cancel' },
];

describe('trainCached', () => {
  it('reuses the classifier for the same examples and options, and retrains when either changes', () => {
    const first = trainCached(examples, { calibrationFolds: 0 });
    expect(trainCached([...examples], { calibrationFolds: 0 })).toBe(first);
    expect(trainCached([...examples, { text: 'call off my order', label: 'cancel' }], { calibrationFolds: 0 })).not.toBe(first);
    expect(trainCached(examples, { calibrationFolds: 0, seed: 3 })).not.toBe(first);
    expect(first.rank('where is my parcel')[0]?.intent).toBe('track');
  });
});
