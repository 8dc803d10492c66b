import { calibrated, fitCalibration, pickAnswerThreshold, type CalibrationPoint } from '../../../server/bot/fit-calibration';
import { rng } from '../../../server/bot/rng';
import { reliability } from '../../../scripts/eval/reliability';

/** Points whose true P(right) is known: a raw score that overstates it, as the blend does. */
function points(n: number, seed: number): CalibrationPoint[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    const top = 0.2 + 0.8 * random();
    const second = (1 - top) * random();
    const unknown = random() < 0.1 ? 1 : 0;
    const truth = unknown === 1 ? 0.02 : Math.min(0.99, 0.1 + (top - second));
    return { top, second, unknown, isRight: random() < truth };
  });
}

describe('fitCalibration', () => {
  it('maps raw scores to probabilities that match the outcomes (low ECE on fresh points)', () => {
    const c = fitCalibration(points(3000, 1));
    expect(c).not.toBeNull();
    const fresh = points(3000, 2);
    const raw = reliability(fresh.map((p) => ({ confidence: p.top, isRight: p.isRight }))).ece;
    const fitted = reliability(fresh.map((p) => ({ confidence: calibrated(c!, p.top, p.second, p.unknown), isRight: p.isRight }))).ece;
    expect(fitted).toBeLessThan(0.05);
    expect(fitted).toBeLessThan(raw);
  });
  it('learns that unknown words mean a miss', () => {
    const c = fitCalibration(points(3000, 3))!;
    expect(calibrated(c, 0.9, 0.05, 1)).toBeLessThan(calibrated(c, 0.9, 0.05, 0) / 2);
  });
  it('refuses to fit on too few points or a single outcome', () => {
    expect(fitCalibration(points(10, 4))).toBeNull();
    expect(fitCalibration(points(100, 5).map((p) => ({ ...p, isRight: true })))).toBeNull();
  });
});

describe('pickAnswerThreshold', () => {
  it('picks the lowest confidence that keeps the target share of answers right', () => {
    const judged = [
      ...Array.from({ length: 50 }, () => ({ confidence: 0.95, isRight: true })),
      ...Array.from({ length: 50 }, (_, i) => ({ confidence: 0.8, isRight: i > 0 })),
      ...Array.from({ length: 50 }, (_, i) => ({ confidence: 0.5, isRight: i % 2 === 0 })),
    ];
    expect(pickAnswerThreshold(judged, 0.98, 1)).toBe(0.8);
    expect(pickAnswerThreshold(judged, 0.8, 1)).toBe(0.5);
    expect(pickAnswerThreshold(judged.map((j) => ({ ...j, isRight: false })), 0.98, 0.7)).toBe(0.7);
  });
});
