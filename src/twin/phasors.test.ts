import { describe, expect, it } from 'vitest';
import { PhasorSet } from './phasors.js';

describe('PhasorSet', () => {
  it('adds sums of cosines (any count, not only multiples of three) to a range', () => {
    for (const count of [1, 2, 3, 4, 7]) {
      const tones = Array.from({ length: count }, (_, k) => ({
        amp: 0.3 + 0.1 * k,
        phase: 0.7 * k - 1,
        w: 0.01 + 0.37 * k,
      }));
      const set = new PhasorSet();
      for (const t of tones) set.add(t.amp, t.phase, t.w);
      expect(set.count).toBe(count);
      const out = new Float64Array(5000).fill(1);
      set.addTo(out, 100, 4100);
      expect(out[99]).toBe(1);
      expect(out[4100]).toBe(1);
      let worst = 0;
      for (let i = 100; i < 4100; i++) {
        let want = 1;
        for (const t of tones) want += t.amp * Math.cos(t.phase + t.w * (i - 100));
        worst = Math.max(worst, Math.abs(out[i]! - want));
      }
      expect(worst).toBeLessThan(1e-11);
    }
  });

  it('is empty after clear', () => {
    const set = new PhasorSet();
    set.add(1, 0, 0.1);
    set.clear();
    const out = new Float64Array(10);
    set.addTo(out, 0, 10);
    expect(Array.from(out)).toEqual(new Array<number>(10).fill(0));
  });
});
