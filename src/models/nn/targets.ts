/**
 * Targets as the networks train on them: labels checked (binary 0/1, multiclass 0..K-1),
 * regression targets standardised with the training rows' mean and standard deviation (kept
 * in the output transform, so predictions come back in the caller's units), and the
 * 'balanced' class weights n / (K n_c) of scikit-learn (King & Zeng 2001).
 */
import { PdmError } from '../../core/errors.js';
import type { NnTask } from './config.js';
import type { OutputJSON } from './dense-json.js';

export interface TargetSpec {
  readonly task: NnTask;
  readonly output: OutputJSON;
  /** Units of the last layer. */
  readonly rawUnits: number;
  /** Values per row in a target batch: 1, or the classes (one-hot). */
  readonly targetWidth: number;
  /** Per-class weights (classification with 'balanced'), else null. */
  readonly classWeights: Float64Array | null;
}

export interface TargetOptions {
  readonly task: NnTask;
  readonly classes?: number | undefined;
  readonly quantiles: readonly number[];
  readonly classWeights: 'balanced' | 'none';
}

/**
 * Fits the target spec on the training rows `rows` of `y` (checked there: PDM_INPUT_INVALID
 * naming the row; other rows are not read).
 */
export function fitTargets(
  y: ArrayLike<number>,
  rows: Int32Array,
  o: TargetOptions,
  name: string,
): TargetSpec {
  checkFinite(y, rows, name);
  if (o.task === 'regression') {
    let mean = 0;
    for (const r of rows) mean += y[r]!;
    mean /= rows.length;
    let v = 0;
    for (const r of rows) v += (y[r]! - mean) ** 2;
    const sd = Math.sqrt(v / rows.length);
    const quantiles = [...o.quantiles];
    return {
      task: o.task,
      output: {
        kind: quantiles.length > 0 ? 'quantiles' : 'linear',
        quantiles,
        shift: mean,
        scale: sd > 0 ? sd : 1,
      },
      rawUnits: Math.max(1, quantiles.length),
      targetWidth: 1,
      classWeights: null,
    };
  }
  const classes = o.task === 'binary' ? 2 : (o.classes ?? inferClasses(y, rows));
  checkLabels(y, rows, classes, name);
  let classWeights: Float64Array | null = null;
  if (o.classWeights === 'balanced') {
    const counts = new Float64Array(classes);
    for (const r of rows) counts[y[r]!]! += 1;
    classWeights = counts.map((c) => (c > 0 ? rows.length / (classes * c) : 0));
  }
  const binary = o.task === 'binary';
  return {
    task: o.task,
    output: { kind: binary ? 'sigmoid' : 'softmax', quantiles: [], shift: 0, scale: 1 },
    rawUnits: binary ? 1 : classes,
    targetWidth: binary ? 1 : classes,
    classWeights,
  };
}

/** Checks the targets at `rows` of another array (validation) against a fitted spec. */
export function checkTargetsFor(
  spec: TargetSpec,
  y: ArrayLike<number>,
  rows: Int32Array,
  name: string,
): void {
  checkFinite(y, rows, name);
  if (spec.task !== 'regression') {
    checkLabels(y, rows, spec.task === 'binary' ? 2 : spec.rawUnits, name);
  }
}

/**
 * Writes the targets of rows idx[0..n) to `out` ([n x targetWidth]) and, with class weights,
 * their weights to `w`.
 */
export function fillTargets(
  spec: TargetSpec,
  y: ArrayLike<number>,
  idx: ArrayLike<number>,
  n: number,
  out: Float32Array,
  w: Float32Array | null,
): void {
  const width = spec.targetWidth;
  const { shift, scale } = spec.output;
  if (width > 1) out.fill(0, 0, n * width);
  for (let i = 0; i < n; i++) {
    const v = y[idx[i]!]!;
    if (width > 1) out[i * width + v] = 1;
    else out[i] = spec.task === 'regression' ? (v - shift) / scale : v;
    if (w !== null && spec.classWeights !== null) w[i] = spec.classWeights[v]!;
  }
}

function inferClasses(y: ArrayLike<number>, rows: Int32Array): number {
  let max = 1;
  for (const r of rows) if (y[r]! > max) max = y[r]!;
  return Math.floor(max) + 1;
}

function checkFinite(y: ArrayLike<number>, rows: Int32Array, name: string): void {
  for (const i of rows) {
    if (!Number.isFinite(y[i]!)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${name}[${i}]: expected a finite number, got ${y[i]}`,
      );
    }
  }
}

function checkLabels(y: ArrayLike<number>, rows: Int32Array, classes: number, name: string): void {
  for (const i of rows) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${name}[${i}]: expected an integer class label in [0, ${classes}), got ${c}`,
      );
    }
  }
}
