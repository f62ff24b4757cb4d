import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { singleCapture } from '../twin/single-capture.js';
import { CaptureSpectrum } from './capture-spectrum.js';
import { ORDER_BANDS, orderFeatures, toneAmplitude, toneVelocityMmS } from './order-features.js';
import { STANDARD_GRAVITY_MM_S2 } from './velocity.js';

const FS_HZ = 12_000;
const SHAFT_HZ = 29.37; // off-bin on purpose: 1 Hz bins, every order falls between bins.

/** Tones at orders of SHAFT_HZ ([order, amplitude g]) plus a little noise, 1 s at 12 kHz. */
function orderTones(tones: readonly (readonly [number, number])[], gain = 1): Float64Array {
  const rng = new Random(3, 'orders');
  return Float64Array.from({ length: FS_HZ }, (_, j) => {
    let v = 1e-4 * rng.normal();
    for (const [order, amp] of tones) {
      v += amp * Math.cos((2 * Math.PI * order * SHAFT_HZ * j) / FS_HZ + order);
    }
    return gain * v;
  });
}

function hann(x: Float64Array) {
  const s = new CaptureSpectrum().compute(x, FS_HZ);
  return { amp: s.hannAmp, dfHz: s.dfHz };
}

const TONES = [
  [0.5, 0.02],
  [1, 0.3],
  [1.5, 0.03],
  [2, 0.15],
  [3, 0.06],
  [5, 0.05],
  [8, 0.04],
] as const;

describe('orderFeatures', () => {
  it('reads tone amplitudes between bins to within 1 % (main-lobe power removes scalloping)', () => {
    const o = orderFeatures(hann(orderTones(TONES)), SHAFT_HZ);
    expect(o.amp0p5xG / 0.02).toBeCloseTo(1, 2);
    expect(o.amp1xG / 0.3).toBeCloseTo(1, 2);
    expect(o.amp1p5xG / 0.03).toBeCloseTo(1, 2);
    expect(o.amp2xG / 0.15).toBeCloseTo(1, 2);
    expect(o.amp3xG / 0.06).toBeCloseTo(1, 2);
    // Velocity RMS of a tone: A g / (2 pi f) / sqrt2.
    expect(
      o.vel1xMmS / ((0.3 * STANDARD_GRAVITY_MM_S2) / (2 * Math.PI * SHAFT_HZ * Math.SQRT2)),
    ).toBeCloseTo(1, 2);
    expect(o.vel2xMmS / toneVelocityMmS(0.15, 2 * SHAFT_HZ)).toBeCloseTo(1, 2);
    expect(o.ratio2x1x).toBeCloseTo(0.5, 2);
    expect(o.ratio3x1x).toBeCloseTo(0.2, 2);
    expect(o.ratio0p5x1x).toBeCloseTo(0.02 / 0.3, 3);
    expect(o.ratio1p5x1x).toBeCloseTo(0.1, 2);
    // Harmonics 4..10 hold 5x and 8x: (0.05^2 + 0.04^2) / 0.3^2.
    expect(o.harmonics4to10Rel1x / ((0.05 ** 2 + 0.04 ** 2) / 0.09)).toBeCloseTo(1, 1);
    expect(o.amp2LineG).toBeNaN();
  });

  it('reads twice line frequency when the supply is given', () => {
    const x = orderTones(TONES).map((v, j) => v + 0.01 * Math.cos((2 * Math.PI * 100 * j) / FS_HZ));
    expect(orderFeatures(hann(x), SHAFT_HZ, { supplyHz: 50 }).amp2LineG / 0.01).toBeCloseTo(1, 2);
  });

  it('keeps 2x (2-pole) or 4x (4-pole) and twice line frequency apart a few bins from each other', () => {
    // 1 s at 12 kHz: 1 Hz bins. Before, either tone alone read as both (up to 100 %) at the
    // running speeds of 2-pole 60 Hz and 4-pole 50 Hz motors.
    const tones = (parts: readonly (readonly [number, number])[]) => {
      const rng = new Random(5, 'line');
      return Float64Array.from({ length: FS_HZ }, (_, j) => {
        let v = 1e-4 * rng.normal();
        for (const [f, a] of parts) v += a * Math.cos((2 * Math.PI * f * j) / FS_HZ + f);
        return v;
      });
    };
    // leak: the most of one tone read as the other, with Hann's lobe split at the midpoint
    const cases = [
      { rpm: 3480, supplyHz: 60, order: 2, leak: 0.01 }, // 2x 116 Hz, 2 x line 120 Hz: 4 bins
      { rpm: 3500, supplyHz: 60, order: 2, leak: 0.03 }, // 3.3 bins
      { rpm: 3520, supplyHz: 60, order: 2, leak: 0.1 }, // 2.7 bins
      { rpm: 3540, supplyHz: 60, order: 2, leak: 0.01 }, // 2 bins, both on bins
      { rpm: 1450, supplyHz: 50, order: 4, leak: 0.03 }, // 4x 96.7 Hz, 2 x line 100 Hz
      { rpm: 1465, supplyHz: 50, order: 4, leak: 0.25 }, // 2.3 bins
    ];
    for (const c of cases) {
      const shaftHz = c.rpm / 60;
      const fOrder = c.order * shaftHz;
      const read = (x: Float64Array) => orderFeatures(hann(x), shaftHz, { supplyHz: c.supplyHz });
      const orderAmp = (o: ReturnType<typeof read>) =>
        c.order === 2 ? o.amp2xG : Math.sqrt(o.harmonics4to10Rel1x) * o.amp1xG;
      const orderOnly = read(
        tones([
          [shaftHz, 0.3],
          [fOrder, 0.3],
        ]),
      );
      const lineOnly = read(
        tones([
          [shaftHz, 0.3],
          [2 * c.supplyHz, 0.3],
        ]),
      );
      const both = read(
        tones([
          [shaftHz, 0.3],
          [fOrder, 0.3],
          [2 * c.supplyHz, 0.1],
        ]),
      );
      const at = `${c.rpm} rpm`;
      expect(orderOnly.amp2LineG / 0.3, at).toBeLessThan(c.leak);
      expect(orderAmp(lineOnly) / 0.3, at).toBeLessThan(c.leak);
      // a tone whose lobe is cut at the midpoint still reads 0.9-1.05 of its amplitude
      expect(orderAmp(both) / 0.3, at).toBeGreaterThan(0.9);
      expect(orderAmp(both) / 0.3, at).toBeLessThan(1.05);
      expect(both.amp2LineG / 0.1, at).toBeGreaterThan(0.9);
      expect(both.amp2LineG / 0.1, at).toBeLessThan(1.05 + c.leak);
    }
    // Nearer than 2 bins (inside Hann's main lobe) the two cannot be told apart: twice line
    // frequency reads NaN, a harmonic among 4x-10x is left out of their sum, and 1x-3x are read
    // with it in their lobe.
    const near = orderFeatures(
      hann(
        tones([
          [1490 / 60, 0.3],
          [4 * (1490 / 60), 0.3],
        ]),
      ),
      1490 / 60,
      {
        supplyHz: 50,
      },
    );
    expect(near.amp2LineG).toBeNaN();
    expect(near.harmonics4to10Rel1x).toBeLessThan(1e-3);
    // 2x of a 2-pole motor at 3,560 rpm, 1.3 bins from 120 Hz: read with it, not NaN
    const sh = 3560 / 60;
    const joint = orderFeatures(
      hann(
        tones([
          [sh, 0.3],
          [2 * sh, 0.2],
          [120, 0.1],
        ]),
      ),
      sh,
      {
        supplyHz: 60,
      },
    );
    expect(joint.amp2LineG).toBeNaN();
    expect(joint.amp2xG).toBeGreaterThan(0.2);
    expect(joint.amp2xG).toBeLessThan(0.2 + 0.1 + 0.01);
    expect(toneAmplitude(hann(tones([[118.5, 0.3]])), 118.5, 0.02, 2, [120])).toBeNaN();
    expect(toneAmplitude(hann(tones([[118.5, 0.3]])), 118.5, 0.02, 2, [121])).toBeGreaterThan(0.27);
  });

  it('splits power into order bands whose fractions sum to 1 and ignore sensor gain', () => {
    const a = orderFeatures(hann(orderTones(TONES)), SHAFT_HZ);
    const b = orderFeatures(hann(orderTones(TONES, 3.7)), SHAFT_HZ);
    expect(a.bandFractions.length).toBe(ORDER_BANDS.length);
    expect(a.bandFractions.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    // Powers: 0.5x alone in 'sub'; 1x; 1.5x, 2x, 3x in '2x_3x'; 5x, 8x in '4x_10x'.
    const total = 0.02 ** 2 + 0.3 ** 2 + 0.03 ** 2 + 0.15 ** 2 + 0.06 ** 2 + 0.05 ** 2 + 0.04 ** 2;
    expect(a.bandFractions[1]! / (0.3 ** 2 / total)).toBeCloseTo(1, 2);
    expect(a.bandFractions[2]! / ((0.03 ** 2 + 0.15 ** 2 + 0.06 ** 2) / total)).toBeCloseTo(1, 2);
    a.bandFractions.forEach((f, i) => {
      expect(b.bandFractions[i]! - f).toBeCloseTo(0, 6);
    });
    expect(b.ratio2x1x - a.ratio2x1x).toBeCloseTo(0, 6);
    expect(b.amp1xG / a.amp1xG).toBeCloseTo(3.7, 5);
  });

  it('tells the twin imbalance, misalignment and looseness apart by their orders', () => {
    const at = (mode: 'normal' | 'imbalance' | 'misalignment' | 'looseness') => {
      const cap = singleCapture({ mode, severity: 0.7, speedRpm: 1500, fsHz: FS_HZ, durationS: 1 });
      return orderFeatures(hann(Float64Array.from(cap.accelG)), 25);
    };
    const normal = at('normal');
    const imbalance = at('imbalance');
    const misalignment = at('misalignment');
    const looseness = at('looseness');
    expect(imbalance.vel1xMmS).toBeGreaterThan(4 * normal.vel1xMmS);
    expect(misalignment.ratio2x1x).toBeGreaterThan(1);
    expect(misalignment.ratio2x1x).toBeGreaterThan(3 * normal.ratio2x1x);
    expect(looseness.harmonics4to10Rel1x).toBeGreaterThan(10 * normal.harmonics4to10Rel1x);
    expect(looseness.ratio0p5x1x).toBeGreaterThan(2 * normal.ratio0p5x1x);
    expect(looseness.ratio1p5x1x).toBeGreaterThan(3 * normal.ratio1p5x1x);
  });

  it('returns NaN for an order beyond the spectrum and refuses too coarse a resolution', () => {
    const spec = hann(orderTones(TONES));
    expect(toneAmplitude(spec, 7000, 0.02)).toBeNaN();
    // 10x of the shaft reaches 299.6 Hz with its tolerance: a spectrum to 290 Hz cannot read
    // it, so the 4x-10x ratio is unknown, not the sum of 4x-9x; to 320 Hz it is read in full
    const cut = (topHz: number) => ({
      amp: spec.amp.subarray(0, Math.round(topHz / spec.dfHz) + 1),
      dfHz: spec.dfHz,
    });
    const whole = orderFeatures(spec, SHAFT_HZ);
    expect(orderFeatures(cut(290), SHAFT_HZ).harmonics4to10Rel1x).toBeNaN();
    expect(orderFeatures(cut(290), SHAFT_HZ).amp3xG).toBe(whole.amp3xG);
    expect(orderFeatures(cut(320), SHAFT_HZ).harmonics4to10Rel1x).toBe(whole.harmonics4to10Rel1x);
    expect(() => orderFeatures({ amp: spec.amp, dfHz: 10 }, 30)).toThrow(/>= 4 bins per order/);
    expect(() => orderFeatures(spec, 0)).toThrow(/shaftHz: expected a finite rate > 0/);
  });
});
