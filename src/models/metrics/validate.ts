/**
 * Input checks shared by the metric functions: each throws PDM_INPUT_INVALID naming the
 * parameter and what was expected, so a caller learns which argument to fix.
 */
import { PdmError } from '../../core/errors.js';

/** Throws unless `x` holds at least one element. */
export function requireNonEmpty(name: string, x: ArrayLike<unknown>): void {
  if (x.length === 0) {
    throw new PdmError('PDM_INPUT_INVALID', `${name}: expected at least one element, got none`);
  }
}

/** Throws unless `b` is as long as `a`. */
export function requireSameLength(
  nameA: string,
  a: ArrayLike<unknown>,
  nameB: string,
  b: ArrayLike<unknown>,
): void {
  if (a.length !== b.length) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${nameB}: expected the same length as ${nameA} (${a.length}), got ${b.length}`,
    );
  }
}

/** Throws unless every element of `x` is a finite number. */
export function requireFinite(name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) {
      throw new PdmError('PDM_INPUT_INVALID', `${name}[${i}]: expected a finite number, got ${v}`);
    }
  }
}

/** Throws unless `v` is a finite number (a scalar option). */
export function requireFiniteScalar(name: string, v: number): void {
  if (!Number.isFinite(v)) {
    throw new PdmError('PDM_INPUT_INVALID', `${name}: expected a finite number, got ${v}`);
  }
}
