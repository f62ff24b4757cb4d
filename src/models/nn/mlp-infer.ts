/**
 * Pure TypeScript MLP inference from the JSON (mlp-json.ts) in Float64, no tfjs: the input
 * encoding of input-encoding.ts, the dense stack and the output transform of dense-infer.ts.
 * The JSON is validated (parseMlpJSON) and compiled on first use, then cached per object:
 * do not edit a JSON object after predicting with it (MlpModel's JSON is frozen).
 */
import type { CompiledDenseStack } from './dense-infer.js';
import { compileDenseStack, runDenseStack } from './dense-infer.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { checkFeatureMatrix } from './feature-matrix.js';
import type { InputSpec } from './input-encoding.js';
import { encodeRowInto } from './input-encoding.js';
import type { MlpJSON } from './mlp-json.js';
import { parseMlpJSON } from './mlp-json.js';
import { PdmError } from '../../core/errors.js';

export interface CompiledMlp {
  readonly input: InputSpec;
  readonly stack: CompiledDenseStack;
  /** Columns of a prediction (1 for binary, classes, 1 or the quantiles for regression). */
  readonly outputs: number;
}

const cache = new WeakMap<MlpJSON, CompiledMlp>();

export function compileMlp(json: MlpJSON): CompiledMlp {
  let c = cache.get(json);
  if (c === undefined) {
    const valid = parseMlpJSON(json);
    const stack = compileDenseStack(valid.layers, valid.output);
    c = { input: valid.input, stack, outputs: stack.outputs };
    cache.set(json, c);
  }
  return c;
}

/**
 * Prediction for one row of `json.input.features` values (NaN allowed): P(y = 1) for binary,
 * class probabilities for multiclass, the mean or the quantiles (increasing) for regression.
 */
export function predictMlp(
  json: MlpJSON,
  row: ArrayLike<number>,
  out: Float64Array = new Float64Array(compileMlp(json).outputs),
): Float64Array {
  const c = compileMlp(json);
  if (row.length !== c.input.features) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `row: the model was trained on ${c.input.features} features, got ${row.length}`,
    );
  }
  encodeRowInto(c.input, row, 0, c.stack.bufA, 0, 1);
  runDenseStack(c.stack, out, 0);
  return out;
}

/** Predictions for every row of `x`, row-major [rows x outputs]. */
export function predictMlpMatrix(json: MlpJSON, x: FeatureMatrix): Float64Array {
  const c = compileMlp(json);
  checkFeatureMatrix(x, 'x', c.input.features);
  const out = new Float64Array(x.rows * c.outputs);
  for (let i = 0; i < x.rows; i++) {
    encodeRowInto(c.input, x.data, i * x.cols, c.stack.bufA, 0, 1);
    runDenseStack(c.stack, out, i * c.outputs);
  }
  return out;
}
