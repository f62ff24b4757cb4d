import { describe, expect, it } from 'vitest';
import { EarlyStopping } from './early-stopping.js';

describe('EarlyStopping', () => {
  it('stops `patience` rounds after the best loss and remembers it', () => {
    const s = new EarlyStopping(2);
    const losses = [1, 0.8, 0.7, 0.75, 0.7, 0.71];
    const stops = losses.map((l, r) => s.update(r, l));
    expect(stops).toEqual([false, false, false, false, true, true]);
    expect(s.bestRound).toBe(2);
    expect(s.bestLoss).toBe(0.7);
  });

  it('never stops with patience 0', () => {
    const s = new EarlyStopping(0);
    for (let r = 0; r < 50; r++) expect(s.update(r, 1)).toBe(false);
  });
});
