/** Checks of the arguments the feature library's entry points share. */
import { PdmError } from '../core/errors.js';

/** Refuses a signal that is not an array of samples, naming it (a library caller's mistake). */
export function checkSignal(x: unknown, name: string): void {
  if (!(x instanceof Float32Array || x instanceof Float64Array || Array.isArray(x)))
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}: expected the samples as a Float32Array or Float64Array, got ${x === null ? 'null' : typeof x}`,
    );
}
