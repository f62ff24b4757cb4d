import { describe, expect, it } from 'vitest';
import { PdmError } from '../core/errors.js';
import {
  steadyStateC,
  stepExact,
  timeConstantsS,
  type ThermalConductances,
  type ThermalNetworkSpec,
} from './thermal-network.js';

// Expected values here never come from a matrix exponential: they come from closed forms
// derived by hand below, from hand-solved balances, or from a fine-step RK4 integration of the
// node equations written out term by term.

/** dT_i/dt = (P_i - sum_j G_ij (T_i - T_j) - G_i,amb (T_i - T_amb)) / C_i, term by term. */
function derivative(
  spec: ThermalNetworkSpec,
  g: ThermalConductances,
  heatW: readonly number[],
  ambientC: number,
  tempC: Float64Array,
  out: Float64Array,
): void {
  const n = tempC.length;
  for (let i = 0; i < n; i++) {
    const ti = tempC[i]!;
    let netW = heatW[i]! - g.toAmbientWPerK[i]! * (ti - ambientC);
    for (let j = 0; j < n; j++) {
      if (j !== i) netW -= g.betweenWPerK[i]![j]! * (ti - tempC[j]!);
    }
    out[i] = netW / spec.capacityJPerK[i]!;
  }
}

/** Classical fourth-order Runge-Kutta over durationS in steps of at most maxStepS, in place. */
function rk4(
  spec: ThermalNetworkSpec,
  g: ThermalConductances,
  tempC: Float64Array,
  heatW: readonly number[],
  ambientC: number,
  durationS: number,
  maxStepS: number,
): void {
  const n = tempC.length;
  const steps = Math.ceil(durationS / maxStepS);
  const h = durationS / steps;
  const [k1, k2, k3, k4, y] = Array.from({ length: 5 }, () => new Float64Array(n)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const f = (t: Float64Array, out: Float64Array): void => {
    derivative(spec, g, heatW, ambientC, t, out);
  };
  for (let s = 0; s < steps; s++) {
    f(tempC, k1);
    for (let i = 0; i < n; i++) y[i] = tempC[i]! + 0.5 * h * k1[i]!;
    f(y, k2);
    for (let i = 0; i < n; i++) y[i] = tempC[i]! + 0.5 * h * k2[i]!;
    f(y, k3);
    for (let i = 0; i < n; i++) y[i] = tempC[i]! + h * k3[i]!;
    f(y, k4);
    for (let i = 0; i < n; i++) {
      tempC[i] = tempC[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    }
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** RK4 step used as the reference: 0.25 s, against a fastest time constant of about 130 s. */
const RK4_STEP_S = 0.25;

describe('thermal network: one node', () => {
  // T(t) = T_ss + (T0 - T_ss) e^(-t / tau), T_ss = T_amb + P / G, tau = C / G.
  const spec: ThermalNetworkSpec = { nodeNames: ['winding'], capacityJPerK: [2000] };
  const g: ThermalConductances = { betweenWPerK: [[0]], toAmbientWPerK: [8] };
  const ambientC = 20;
  const heatW = [400];
  const ssC = ambientC + 400 / 8;
  const tauS = 2000 / 8;

  it.each([
    [20, 0.001],
    [20, 1],
    [20, 250],
    [20, 1000],
    [100, 60],
    [100, 1e5],
  ])('from %d °C over %d s matches the closed form', (startC, tS) => {
    const t = Float64Array.of(startC);
    stepExact(spec, g, t, heatW, ambientC, tS);
    expect(t[0]! - (ssC + (startC - ssC) * Math.exp(-tS / tauS))).toBeCloseTo(0, 10);
  });

  it('has time constant C / G and steady state T_amb + P / G', () => {
    expect(timeConstantsS(spec, g)[0]).toBeCloseTo(tauS, 10);
    expect(steadyStateC(spec, g, heatW, ambientC)[0]).toBeCloseTo(ssC, 12);
  });
});

describe('thermal network: winding - frame - ambient', () => {
  const cw = 1500;
  const cf = 12000;
  const gwf = 10;
  const gfa = 12;
  const pw = 250;
  const pf = 120;
  const ambientC = 25;
  const spec: ThermalNetworkSpec = { nodeNames: ['winding', 'frame'], capacityJPerK: [cw, cf] };
  const g: ThermalConductances = {
    betweenWPerK: [
      [0, gwf],
      [gwf, 0],
    ],
    toAmbientWPerK: [0, gfa],
  };
  const heatW = [pw, pf];

  // Hand derivation, in excess temperatures x = T - T_amb:
  //   x' = M x + p,  M = [-a  a; b  -c],  a = G_wf/C_w, b = G_wf/C_f, c = (G_wf + G_fa)/C_f.
  // Steady state: all heat leaves through G_fa, so x_f = (P_w + P_f)/G_fa, and the winding's
  // own heat crosses G_wf, so x_w = x_f + P_w/G_wf.
  // Eigenvalues r = (tr +- sqrt(tr^2 - 4 det))/2 with tr = -(a + c), det = a (c - b);
  // eigenvectors from M's first row: v = (a, a + r). From ambient, x(0) = 0:
  //   x(t) = x_ss + c1 v1 e^(r1 t) + c2 v2 e^(r2 t),  c1 v1 + c2 v2 = -x_ss (Cramer's rule).
  const a = gwf / cw;
  const b = gwf / cf;
  const c = (gwf + gfa) / cf;
  const xf = (pw + pf) / gfa;
  const xw = xf + pw / gwf;
  const tr = -(a + c);
  const det = a * (c - b);
  const root = Math.sqrt(tr * tr - 4 * det);
  const r1 = (tr + root) / 2; // slow mode
  const r2 = (tr - root) / 2; // fast mode
  const det2 = a * (r2 - r1);
  const c1 = (-xw * (a + r2) + a * xf) / det2;
  const c2 = (-a * xf + (a + r1) * xw) / det2;
  const exactC = (tS: number): [number, number] => {
    const e1 = c1 * Math.exp(r1 * tS);
    const e2 = c2 * Math.exp(r2 * tS);
    return [ambientC + xw + a * e1 + a * e2, ambientC + xf + (a + r1) * e1 + (a + r2) * e2];
  };

  it('states a steady state of 80.83 °C winding, 55.83 °C frame', () => {
    expect(ambientC + xw).toBeCloseTo(80.8333, 3);
    expect(ambientC + xf).toBeCloseTo(55.8333, 3);
    const ss = steadyStateC(spec, g, heatW, ambientC);
    expect(maxAbsDiff(ss, [ambientC + xw, ambientC + xf])).toBeLessThan(1e-10);
  });

  it('has the time constants -1/r from the quadratic formula, longest first', () => {
    const tau = timeConstantsS(spec, g);
    expect(tau[0]! / (-1 / r1)).toBeCloseTo(1, 12);
    expect(tau[1]! / (-1 / r2)).toBeCloseTo(1, 12);
    expect(tau[0]).toBeGreaterThan(tau[1]!);
  });

  it.each([1, 10, 100, 600, 3600, 4 * 3600, 86400, 10 * 86400])(
    'matches the two-exponential closed form at t = %d s, in one step and in 60 s steps',
    (tS) => {
      const oneStep = Float64Array.of(ambientC, ambientC);
      stepExact(spec, g, oneStep, heatW, ambientC, tS);
      expect(maxAbsDiff(oneStep, exactC(tS))).toBeLessThan(0.01);
      expect(maxAbsDiff(oneStep, exactC(tS))).toBeLessThan(1e-9);

      const stepped = Float64Array.of(ambientC, ambientC);
      for (let done = 0; done < tS; done += 60) {
        stepExact(spec, g, stepped, heatW, ambientC, Math.min(60, tS - done));
      }
      expect(maxAbsDiff(stepped, exactC(tS))).toBeLessThan(1e-9);
    },
  );

  it.each([
    [1, 2 * 3600],
    [60, 86400],
    [3600, 10 * 86400],
    [10 * 86400, 10 * 86400],
  ])('matches fine-step RK4 to 0.1 °C with steps of %d s (over %d s)', (dtS, horizonS) => {
    const exact = Float64Array.of(ambientC, ambientC);
    const reference = Float64Array.of(ambientC, ambientC);
    let worst = 0;
    for (let done = 0; done < horizonS; done += dtS) {
      stepExact(spec, g, exact, heatW, ambientC, dtS);
      rk4(spec, g, reference, heatW, ambientC, dtS, RK4_STEP_S);
      worst = Math.max(worst, maxAbsDiff(exact, reference));
    }
    expect(worst).toBeLessThan(0.1);
    // The solver is exact, so what is left is RK4's own truncation error.
    expect(worst).toBeLessThan(1e-6);
    if (dtS === 10 * 86400) {
      // 10 days is ~750 slow time constants: the one big step lands on the steady state.
      expect(maxAbsDiff(exact, [ambientC + xw, ambientC + xf])).toBeLessThan(1e-9);
    }
  });
});

describe('thermal network: winding - frame - bearing', () => {
  const spec: ThermalNetworkSpec = {
    nodeNames: ['winding', 'frame', 'bearing'],
    capacityJPerK: [1500, 12000, 400],
  };
  /** Conductances with the frame-to-ambient path set by the fan (natural convection at 0). */
  const conductances = (fanFraction: number, gwbWPerK = 0): ThermalConductances => ({
    betweenWPerK: [
      [0, 10, gwbWPerK],
      [10, 0, 4],
      [gwbWPerK, 4, 0],
    ],
    toAmbientWPerK: [0, 4 + 8 * fanFraction, 1],
  });

  it('reaches the hand-solved steady state', () => {
    // Excess temperatures x = T - 25 with G_wb = 0, full fan (G_fa = 12 W/K):
    //   winding: 250 = 10 (x_w - x_f)                  -> x_w = x_f + 25
    //   bearing:  15 = 4 (x_b - x_f) + 1 x_b           -> x_b = 3 + 0.8 x_f
    //   frame:   120 + 10 (x_w - x_f) + 4 (x_b - x_f) = 12 x_f
    //            -> 382 = 12.8 x_f -> x_f = 29.84375, x_b = 26.875, x_w = 54.84375
    // (check: 12 x_f + 1 x_b = 385 W = total heat in).
    const expected = [79.84375, 54.84375, 51.875];
    const g = conductances(1);
    const heatW = [250, 120, 15];
    expect(maxAbsDiff(steadyStateC(spec, g, heatW, 25), expected)).toBeLessThan(1e-12);
    const t = Float64Array.of(25, 25, 25);
    stepExact(spec, g, t, heatW, 25, 30 * 86400);
    expect(maxAbsDiff(t, expected)).toBeLessThan(1e-9);
  });

  it('matches fine-step RK4 under piecewise-constant load, ambient and fan speed', () => {
    // [duration s, P_winding, P_frame, P_bearing W, ambient °C, fan fraction]
    const schedule: readonly (readonly [number, number, number, number, number, number])[] = [
      [600, 250, 120, 15, 25, 1],
      [1, 900, 120, 15, 25, 1], // starting-current burst
      [37.5, 400, 150, 18, 25, 1],
      [3600, 60, 30, 5, 30, 0.2],
      [7200, 0, 0, 0, 20, 0], // stopped: fan off, natural convection only
      [1800, 320, 140, 25, 35, 1],
      [0.001, 250, 120, 15, 35, 0.5],
      [86400, 250, 120, 15, 10, 0.7],
    ];
    const exactOneStep = Float64Array.of(20, 20, 20);
    const exactSubSteps = Float64Array.of(20, 20, 20);
    const reference = Float64Array.of(20, 20, 20);
    let worst = 0;
    for (const [durationS, pw, pf, pb, ambientC, fan] of schedule) {
      const g = conductances(fan, 0.5);
      const heatW = [pw, pf, pb];
      stepExact(spec, g, exactOneStep, heatW, ambientC, durationS);
      for (let done = 0; done < durationS; done += 90) {
        stepExact(spec, g, exactSubSteps, heatW, ambientC, Math.min(90, durationS - done));
      }
      rk4(spec, g, reference, heatW, ambientC, durationS, RK4_STEP_S);
      worst = Math.max(worst, maxAbsDiff(exactOneStep, reference));
      worst = Math.max(worst, maxAbsDiff(exactSubSteps, reference));
    }
    expect(worst).toBeLessThan(0.1);
    expect(worst).toBeLessThan(1e-6);
  });

  it('sees conductances changed in place between calls', () => {
    const between = [
      [0, 10, 0],
      [10, 0, 4],
      [0, 4, 0],
    ];
    const g: ThermalConductances = { betweenWPerK: between, toAmbientWPerK: [0, 12, 1] };
    const heatW = [250, 120, 15];
    expect(steadyStateC(spec, g, heatW, 25)[0]).toBeCloseTo(79.84375, 10);
    between[0]![1] = between[1]![0] = 20; // halves the winding's rise over the frame
    expect(steadyStateC(spec, g, heatW, 25)[0]).toBeCloseTo(79.84375 - 12.5, 10);
  });
});

describe('thermal network: stability', () => {
  const spec: ThermalNetworkSpec = {
    nodeNames: ['winding', 'frame', 'sensor tip'],
    capacityJPerK: [1500, 12000, 1e-3],
  };
  // A 1 mJ/K sensor tip on a 50 W/K contact: a 20 us time constant beside a 1000 s one.
  const g: ThermalConductances = {
    betweenWPerK: [
      [0, 10, 0],
      [10, 0, 50],
      [0, 50, 0],
    ],
    toAmbientWPerK: [0, 12, 0],
  };
  const heatW = [250, 120, 0];

  it('lands on the steady state after a step of 1e9 s, with nothing overflowing', () => {
    const t = Float64Array.of(25, 25, 25);
    stepExact(spec, g, t, heatW, 25, 1e9);
    expect(t.every(Number.isFinite)).toBe(true);
    expect(maxAbsDiff(t, steadyStateC(spec, g, heatW, 25))).toBeLessThan(1e-9);
    // The sensor tip carries no heat, so it reads the frame's steady state.
    expect(t[2]! - t[1]!).toBeCloseTo(0, 9);
  });

  it('takes 1 ms steps of a 20 us mode without blowing up (explicit Euler would)', () => {
    const tau = timeConstantsS(spec, g);
    expect(tau[2]).toBeCloseTo(1e-3 / 50, 6);
    const t = Float64Array.of(25, 25, 90);
    for (let s = 0; s < 1000; s++) stepExact(spec, g, t, heatW, 25, 1e-3);
    // After 1 s the tip has long since (50000 time constants) relaxed onto the frame.
    expect(Math.abs(t[2]! - t[1]!)).toBeLessThan(1e-6);
    expect(t[1]).toBeGreaterThan(25);
    expect(t[1]).toBeLessThan(25.1);
  });

  it('leaves temperatures unchanged over a zero step', () => {
    const t = Float64Array.of(40, 30, 31);
    stepExact(spec, g, t, heatW, 25, 0);
    expect(maxAbsDiff(t, [40, 30, 31])).toBeLessThan(1e-12);
  });
});

describe('thermal network: validation', () => {
  const spec: ThermalNetworkSpec = { nodeNames: ['winding', 'frame'], capacityJPerK: [1500, 1] };
  const g = (between: number, back: number, toAmbient = [0, 12]): ThermalConductances => ({
    betweenWPerK: [
      [0, between],
      [back, 0],
    ],
    toAmbientWPerK: toAmbient,
  });
  const step = (s: ThermalNetworkSpec, c: ThermalConductances, dtS = 1): void => {
    stepExact(s, c, Float64Array.of(25, 25), [0, 0], 25, dtS);
  };

  it('rejects a non-positive capacity, naming the node', () => {
    const bad = { nodeNames: ['winding', 'frame'], capacityJPerK: [1500, 0] };
    expect(() => {
      step(bad, g(10, 10));
    }).toThrow(/capacityJPerK\[1\] \("frame"\): expected a finite number > 0 J\/K, got 0/);
  });

  it('rejects negative and asymmetric conductances', () => {
    expect(() => {
      step(spec, g(-1, -1));
    }).toThrow(/betweenWPerK\[0\]\[1\] \("winding" to "frame"\): expected a finite number >= 0/);
    expect(() => {
      step(spec, g(10, 11));
    }).toThrow(/expected a symmetric matrix, got 10 one way and 11 back/);
    expect(() => {
      step(spec, g(10, 10, [0, -2]));
    }).toThrow(/toAmbientWPerK\[1\] \("frame"\)/);
  });

  it('names a node with no path to ambient', () => {
    const call = (): void => {
      step(spec, g(0, 0));
    };
    expect(call).toThrow(PdmError);
    expect(call).toThrow(/node "winding" has no conductive path to ambient/);
    expect(() => timeConstantsS(spec, g(0, 0, [0, 0]))).toThrow(/nodes "winding", "frame" have/);
  });

  it('rejects mismatched lengths, a negative step and non-finite inputs', () => {
    expect(() => {
      stepExact(spec, g(10, 10), Float64Array.of(25), [0, 0], 25, 1);
    }).toThrow(/tempC: expected 2 temperatures, got 1/);
    expect(() => steadyStateC(spec, g(10, 10), [0], 25)).toThrow(/heatW: expected 2/);
    expect(() => {
      step(spec, g(10, 10), -1);
    }).toThrow(/dtS: expected a finite number >= 0 s, got -1/);
    expect(() => steadyStateC(spec, g(10, 10), [0, Number.NaN], 25)).toThrow(/heatW\[1\]/);
    expect(() => {
      step({ nodeNames: ['a', 'a'], capacityJPerK: [1, 1] }, g(10, 10));
    }).toThrow(/nodeNames\[1\]: expected a unique non-empty name/);
  });
});
