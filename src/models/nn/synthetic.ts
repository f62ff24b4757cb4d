/**
 * Small synthetic data sets with known answers, for tests and benchmarks of the neural models:
 * two interleaved half-moons (scikit-learn's make_moons), Gaussian blobs, and a heteroscedastic
 * line y = x + (0.2 + 0.3 |x|) e whose conditional quantiles are known in closed form.
 */
import { Random } from '../../core/random.js';
import type { FeatureMatrix } from './feature-matrix.js';

export interface LabelledData {
  readonly x: FeatureMatrix;
  readonly y: Float64Array;
}

/** Two half-moons with Gaussian noise `noise` (labels 0/1, balanced). */
export function twoMoons(n: number, noise: number, seed: number): LabelledData {
  const r = new Random(seed, 'two-moons');
  const data = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.PI * r.uniform();
    const label = i % 2;
    const px = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const py = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    data[2 * i] = px + noise * r.normal();
    data[2 * i + 1] = py + noise * r.normal();
    y[i] = label;
  }
  return { x: { data, rows: n, cols: 2 }, y };
}

/** `classes` isotropic Gaussian blobs (sd `spread`) with centres on a circle of radius 3. */
export function blobs(
  n: number,
  classes: number,
  features: number,
  spread: number,
  seed: number,
): LabelledData {
  const r = new Random(seed, 'blobs');
  const data = new Float64Array(n * features);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const angle = (2 * Math.PI * c) / classes;
    for (let j = 0; j < features; j++) {
      const centre = j === 0 ? 3 * Math.cos(angle) : j === 1 ? 3 * Math.sin(angle) : 0;
      data[i * features + j] = centre + spread * r.normal();
    }
    y[i] = c;
  }
  return { x: { data, rows: n, cols: features }, y };
}

/** x uniform in [-2, 2], y = x + (0.2 + 0.3 |x|) e, e standard normal. */
export function heteroscedasticLine(n: number, seed: number): LabelledData {
  const r = new Random(seed, 'heteroscedastic');
  const data = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = r.between(-2, 2);
    data[i] = x;
    y[i] = x + (0.2 + 0.3 * Math.abs(x)) * r.normal();
  }
  return { x: { data, rows: n, cols: 1 }, y };
}

export interface TrendData extends LabelledData {
  readonly machine: Float64Array;
}

/**
 * Machines whose health indicator rises linearly from l0 ~ U(0, 0.3) at a slope ~ U(0.01, 0.05)
 * per capture until it reaches 1; feature 0 is the indicator plus N(0, noise), feature 1 pure
 * N(0, 1) noise. The target is the remaining captures to the threshold, (1 - level) / slope:
 * one capture shows the level but not the slope, a history shows both.
 */
export function risingTrends(machines: number, noise: number, seed: number): TrendData {
  const r = new Random(seed, 'rising-trends');
  const data: number[] = [];
  const y: number[] = [];
  const machine: number[] = [];
  for (let m = 0; m < machines; m++) {
    const l0 = r.between(0, 0.3);
    const slope = r.between(0.01, 0.05);
    for (let t = 0; l0 + slope * t < 1; t++) {
      const level = l0 + slope * t;
      data.push(level + noise * r.normal(), r.normal());
      y.push((1 - level) / slope);
      machine.push(m);
    }
  }
  return {
    x: { data: Float64Array.from(data), rows: y.length, cols: 2 },
    y: Float64Array.from(y),
    machine: Float64Array.from(machine),
  };
}
