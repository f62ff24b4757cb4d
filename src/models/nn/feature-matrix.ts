/**
 * The feature table the neural models read: a dense row-major matrix, row i, feature j at
 * `data[i * cols + j]`, NaN for a missing value. The same shape as the tree learners' Matrix,
 * so one table feeds both.
 */
import { PdmError } from '../../core/errors.js';
import type { Matrix } from '../trees/matrix.js';
import { checkMatrix } from '../trees/matrix.js';

export type FeatureMatrix = Matrix;

/** Throws PDM_INPUT_INVALID unless `x` is well formed (and has `cols` columns, when given). */
export function checkFeatureMatrix(x: FeatureMatrix, name: string, cols?: number): void {
  checkMatrix(x, name, cols);
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
