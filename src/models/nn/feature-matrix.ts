/**
 * The feature table the neural models read: a dense row-major matrix, row i, feature j at
 * `data[i * cols + j]`, NaN for a missing value. The same shape as the tree learners' Matrix,
 * so one table feeds both.
 */
import { PdmError } from '../../core/errors.js';

export interface FeatureMatrix {
  readonly data: Float32Array | Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Throws PDM_INPUT_INVALID unless `x` is well formed (and has `cols` columns, when given). */
export function checkFeatureMatrix(x: FeatureMatrix, name: string, cols?: number): void {
  if (!Number.isInteger(x.rows) || x.rows < 1) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}.rows: expected an integer >= 1, got ${x.rows}`,
    );
  }
  if (!Number.isInteger(x.cols) || x.cols < 1) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}.cols: expected an integer >= 1, got ${x.cols}`,
    );
  }
  if (x.data.length !== x.rows * x.cols) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}.data: expected rows x cols = ${x.rows * x.cols} values, got ${x.data.length}`,
    );
  }
  if (cols !== undefined && x.cols !== cols) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}.cols: the model was trained on ${cols} features, got ${x.cols}`,
    );
  }
}

/** Throws PDM_INPUT_INVALID unless there are `n` finite targets. */
export function checkTargets(y: ArrayLike<number>, n: number, name: string): void {
  if (y.length !== n) {
    throw new PdmError('PDM_INPUT_INVALID', `${name}: expected ${n} targets, got ${y.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i]!)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${name}[${i}]: expected a finite number, got ${y[i]}`,
      );
    }
  }
}
