import { describe, expect, it } from 'vitest';
import { segmentPlan, segmentSignal } from './segment.js';

describe('segmentSignal', () => {
  it('cuts whole windows without overlap and drops the tail', () => {
    const x = Float64Array.from({ length: 1050 }, (_, i) => i);
    const w = segmentSignal(x, 100, 2); // 200 samples: 5 windows, 50 samples dropped.
    expect(w.length).toBe(5);
    expect(w.map((s) => s[0])).toEqual([0, 200, 400, 600, 800]);
    expect(w[4]!.length).toBe(200);
  });

  it('overlaps by the given fraction', () => {
    // 1 s windows at 1 kHz, half overlap: hop 500, (10000 - 1000) / 500 + 1 = 19 windows.
    expect(segmentPlan(10_000, 1000, 1, 0.5)).toEqual({
      windowSamples: 1000,
      hopSamples: 500,
      count: 19,
    });
    const w = segmentSignal(new Float32Array(10_000), 1000, 1, 0.75);
    expect(w.length).toBe(37);
  });

  it('returns views, not copies, of the same type', () => {
    const x = new Float32Array(100);
    const [first] = segmentSignal(x, 10, 5);
    expect(first).toBeInstanceOf(Float32Array);
    first![3] = 42;
    expect(x[3]).toBe(42);
    expect(first!.buffer).toBe(x.buffer);
  });

  it('returns no window when the recording is shorter than one', () => {
    expect(segmentSignal(new Float64Array(10), 10, 2)).toEqual([]);
  });

  it('rejects bad arguments with the parameter named', () => {
    expect(() => segmentPlan(10, 0, 1)).toThrow(/fsHz: expected a finite rate > 0/);
    expect(() => segmentPlan(10, 10, 1, 1)).toThrow(/overlap: expected a fraction in \[0, 1\)/);
    expect(() => segmentPlan(10, 10, 0.01)).toThrow(/windowS: expected a duration/);
  });
});
