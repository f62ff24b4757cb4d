/**
 * Pure TypeScript inference of the sequence model (sequence-json.ts) in Float64, no tfjs: each
 * real step encoded (input-encoding.ts) and fed to the cell (recurrent-infer.ts), then the
 * dense head and output transform (dense-infer.ts) on the last state. Compiled weights are
 * cached per JSON object, validated on first use: do not edit a JSON after predicting with it.
 */
import { PdmError } from '../../core/errors.js';
import type { CompiledDenseStack } from './dense-infer.js';
import { compileDenseStack, runDenseStack } from './dense-infer.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { checkFeatureMatrix } from './feature-matrix.js';
import type { InputSpec } from './input-encoding.js';
import { encodeRowInto, encodedWidth } from './input-encoding.js';
import type { CompiledCell } from './recurrent-infer.js';
import { compileCell, resetCell, stepCell } from './recurrent-infer.js';
import type { SequenceSet } from './sequence-data.js';
import type { SequenceJSON } from './sequence-json.js';
import { parseSequenceJSON } from './sequence-json.js';

export interface CompiledSequenceModel {
  readonly input: InputSpec;
  readonly steps: number;
  readonly cell: CompiledCell;
  readonly head: CompiledDenseStack;
  readonly outputs: number;
  /** Scratch for one encoded row. */
  readonly row: Float64Array;
}

const cache = new WeakMap<SequenceJSON, CompiledSequenceModel>();

export function compileSequenceModel(json: SequenceJSON): CompiledSequenceModel {
  let c = cache.get(json);
  if (c === undefined) {
    const m = parseSequenceJSON(json);
    const r = m.recurrent;
    const head = compileDenseStack(m.layers, m.output);
    c = {
      input: m.input,
      steps: m.steps,
      cell: compileCell(r.cell, r.inputs, r.units, r),
      head,
      outputs: head.outputs,
      row: new Float64Array(encodedWidth(m.input)),
    };
    cache.set(json, c);
  }
  return c;
}

/**
 * Runs the cell over n steps, oldest first: source row `rows[from + k]` (-1: padding, skipped)
 * or, without `rows`, row `from + k`; then the head.
 */
function run(
  c: CompiledSequenceModel,
  x: FeatureMatrix,
  rows: Int32Array | null,
  from: number,
  n: number,
  out: Float64Array,
  outOffset: number,
): void {
  resetCell(c.cell);
  const src = x.data;
  const cols = x.cols;
  for (let k = 0; k < n; k++) {
    const r = rows === null ? from + k : rows[from + k]!;
    if (r < 0) continue;
    encodeRowInto(c.input, src, r * cols, c.row, 0, 1);
    stepCell(c.cell, c.row);
  }
  c.head.bufA.set(c.cell.h);
  runDenseStack(c.head, out, outOffset);
}

/**
 * Prediction from one machine's history (rows oldest first, NaN allowed): the model reads the
 * last `steps` rows; a shorter history is used whole.
 */
export function predictSequence(json: SequenceJSON, history: FeatureMatrix): Float64Array {
  const c = compileSequenceModel(json);
  checkFeatureMatrix(history, 'history', c.input.features);
  const n = Math.min(c.steps, history.rows);
  const first = history.rows - n;
  const out = new Float64Array(c.outputs);
  run(c, history, null, first, n, out, 0);
  return out;
}

/** Predictions for every sequence of a set, row-major [count x outputs]. */
export function predictSequenceSet(json: SequenceJSON, set: SequenceSet): Float64Array {
  const c = compileSequenceModel(json);
  checkFeatureMatrix(set.x, 'set.x', c.input.features);
  if (set.steps > c.steps) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `set.steps: the model reads at most ${c.steps} steps, got ${set.steps}`,
    );
  }
  const out = new Float64Array(set.count * c.outputs);
  const T = set.steps;
  for (let i = 0; i < set.count; i++) run(c, set.x, set.rows, i * T, T, out, i * c.outputs);
  return out;
}
