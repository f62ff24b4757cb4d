/**
 * Sequences of feature rows for the recurrent model: for every capture (row) of a machine, the
 * last `steps` captures of that machine up to and including it, oldest first. A history shorter
 * than `steps` is padded on the left; the padding steps carry mask 0 and leave the recurrent
 * state at zero (sequence.ts), so a padded sequence gives exactly what the unpadded one would.
 *
 * Sequences are stored as row indices into the source table (no copy); `sequenceTensors`
 * materialises them as a [count x steps x width] tensor and a [count x steps] mask.
 */
import { PdmError } from '../../core/errors.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { checkFeatureMatrix } from './feature-matrix.js';
import type { InputSpec } from './input-encoding.js';
import { encodeRowInto, encodedWidth } from './input-encoding.js';

export interface SequenceSet {
  /** The source rows. */
  readonly x: FeatureMatrix;
  readonly steps: number;
  readonly count: number;
  /** [count x steps] source rows, oldest first; -1 marks left padding. */
  readonly rows: Int32Array;
  /** The source row of each sequence's last step (whose target the sequence predicts). */
  readonly end: Int32Array;
  /** The machine of each sequence. */
  readonly machine: Float64Array;
}

export interface BuildSequencesOptions {
  /** Only sequences with at least this many real (unpadded) steps (default 1: every row). */
  readonly minLength?: number;
}

/**
 * One sequence per row of `x` (with enough history), in row order. `machine[i]` names the
 * machine of row i; each machine's rows must be in time order (machines may interleave).
 */
export function buildSequences(
  x: FeatureMatrix,
  machine: ArrayLike<number>,
  steps = 16,
  options: BuildSequencesOptions = {},
): SequenceSet {
  checkFeatureMatrix(x, 'x');
  const minLength = options.minLength ?? 1;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new PdmError('PDM_INPUT_INVALID', `steps: expected an integer >= 1, got ${steps}`);
  }
  if (!Number.isInteger(minLength) || minLength < 1 || minLength > steps) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `minLength: expected an integer in [1, steps = ${steps}], got ${minLength}`,
    );
  }
  if (machine.length !== x.rows) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `machine: expected one id per row (${x.rows}), got ${machine.length}`,
    );
  }
  const history = new Map<number, number[]>();
  const rows: number[] = [];
  const end: number[] = [];
  const ids: number[] = [];
  for (let r = 0; r < x.rows; r++) {
    const id = machine[r]!;
    let h = history.get(id);
    if (h === undefined) {
      h = [];
      history.set(id, h);
    }
    h.push(r);
    if (h.length > steps) h.shift();
    if (h.length < minLength) continue;
    for (let p = h.length; p < steps; p++) rows.push(-1);
    rows.push(...h);
    end.push(r);
    ids.push(id);
  }
  return {
    x,
    steps,
    count: end.length,
    rows: Int32Array.from(rows),
    end: Int32Array.from(end),
    machine: Float64Array.from(ids),
  };
}

/**
 * The sequences `indices` of a set (in that order), sharing its source rows: for a split by
 * machine, or to leave out sequences whose target is unknown.
 */
export function selectSequences(set: SequenceSet, indices: ArrayLike<number>): SequenceSet {
  const T = set.steps;
  const rows = new Int32Array(indices.length * T);
  const end = new Int32Array(indices.length);
  const machine = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= set.count) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `indices[${k}]: expected a sequence index in [0, ${set.count}), got ${i}`,
      );
    }
    rows.set(set.rows.subarray(i * T, (i + 1) * T), k * T);
    end[k] = set.end[i]!;
    machine[k] = set.machine[i]!;
  }
  return { x: set.x, steps: T, count: indices.length, rows, end, machine };
}

export interface SequenceTensors {
  /** [count x steps x width], row-major. */
  readonly data: Float32Array;
  /** [count x steps]: 1 for a real step, 0 for padding. */
  readonly mask: Float32Array;
  readonly width: number;
}

/**
 * The sequences as dense arrays. With `input`, each row is encoded as the network sees it
 * (input-encoding.ts); without, rows are copied raw (NaN kept), which is what the ONNX export
 * of the sequence model takes. Padding steps are all zero either way.
 */
export function sequenceTensors(set: SequenceSet, input?: InputSpec): SequenceTensors {
  const width = input === undefined ? set.x.cols : encodedWidth(input);
  const data = new Float32Array(set.count * set.steps * width);
  const mask = new Float32Array(set.count * set.steps);
  const src = set.x.data;
  const cols = set.x.cols;
  for (let k = 0; k < set.rows.length; k++) {
    const r = set.rows[k]!;
    if (r < 0) continue;
    mask[k] = 1;
    if (input === undefined) data.set(src.subarray(r * cols, (r + 1) * cols), k * width);
    else encodeRowInto(input, src, r * cols, data, k * width, 1);
  }
  return { data, mask, width };
}
