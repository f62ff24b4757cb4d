import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { fitDegradationPrior, posterior, rulQuantiles } from './exponential-degradation.js';

/** Units whose indicator is 1 + e^(a + b t + noise), failing when it reaches 1 + e^3. */
function units(count: number, seed: number) {
  const rng = new Random(seed);
  return Array.from({ length: count }, () => {
    const a = -2 + 0.2 * rng.normal();
    const b = 0.05 * (1 + 0.15 * rng.normal());
    const life = (3 - a) / b;
    const t: number[] = [];
    const y: number[] = [];
    for (let x = 0; x <= life; x += 1) {
      t.push(x);
      y.push(1 + Math.exp(a + b * x + 0.05 * rng.normal()));
    }
    return { t, indicator: y, life };
  });
}

describe('exponential degradation model', () => {
  const train = units(40, 1);
  const prior = fitDegradationPrior(train, 1, 1000);

  it('recovers the fleet parameters and the failure level', () => {
    expect(prior.mu[0]).toBeCloseTo(-2, 1);
    expect(prior.mu[1]).toBeCloseTo(0.05, 2);
    expect(Math.log(prior.threshold - 1)).toBeCloseTo(3, 1);
  });

  it('narrows its RUL interval as a unit is observed and covers the truth', () => {
    const [u] = units(1, 7);
    let covered = 0;
    let widthEarly = 0;
    let widthLate = 0;
    for (const frac of [0.3, 0.5, 0.7, 0.9]) {
      const k = Math.floor(frac * u!.t.length);
      const seen = { t: u!.t.slice(0, k), indicator: u!.indicator.slice(0, k) };
      const post = posterior(prior, seen);
      const [lo, mid, hi] = rulQuantiles(prior, post, u!.t[k - 1]!, [0.1, 0.5, 0.9]);
      const truth = u!.life - u!.t[k - 1]!;
      if (truth >= lo! && truth <= hi!) covered++;
      if (frac === 0.3) widthEarly = hi! - lo!;
      if (frac === 0.9) widthLate = hi! - lo!;
      expect(Math.abs(mid! - truth)).toBeLessThan(0.35 * u!.life);
    }
    expect(covered).toBeGreaterThanOrEqual(3);
    expect(widthLate).toBeLessThan(widthEarly);
  });

  it('equals the prior with no observations', () => {
    const post = posterior(prior, { t: [], indicator: [] });
    expect(post.mean[0]).toBeCloseTo(prior.mu[0], 9);
    expect(post.mean[1]).toBeCloseTo(prior.mu[1], 9);
  });
});
