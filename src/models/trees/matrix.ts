/**
 * The feature table the tree learners read: a dense row-major matrix of float32 or float64
 * values, NaN for a missing value. Row i, feature j is `data[i * cols + j]`.
 */
import { PdmError } from '../../core/errors.js';

export interface Matrix {
  readonly data: Float32Array | Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Wraps a row-major array as a matrix, checking that its length is rows x cols. */
export function matrix(data: Float32Array | Float64Array, rows: number, cols: number): Matrix {
  const m = { data, rows, cols };
  checkMatrix(m, 'matrix');
  return m;
}

/** Throws PDM_INPUT_INVALID unless `x` is a well-formed matrix with at least one row. */
export function checkMatrix(x: Matrix, name: string, cols?: number): void {
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

/** Throws PDM_INPUT_INVALID unless there is one finite target per row. */
export function checkTargets(y: ArrayLike<number>, rows: number, name: string): void {
  if (y.length !== rows) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}: expected one target per row (${rows}), got ${y.length}`,
    );
  }
  for (let i = 0; i < rows; i++) {
    if (!Number.isFinite(y[i]!)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${name}[${i}]: expected a finite number, got ${y[i]}`,
      );
    }
  }
}

/** Checks integer class labels in [0, nClasses) and returns them as an Int32Array. */
export function classLabels(
  y: ArrayLike<number>,
  rows: number,
  nClasses: number,
  name: string,
): Int32Array {
  checkTargets(y, rows, name);
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= nClasses) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${name}[${i}]: expected an integer class label in [0, ${nClasses}), got ${c}`,
      );
    }
    out[i] = c;
  }
  return out;
}

/** The number of classes implied by labels 0..max (at least 2). */
export function inferClassCount(y: ArrayLike<number>): number {
  let max = 1;
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (Number.isInteger(c) && c > max) max = c;
  }
  return max + 1;
}
