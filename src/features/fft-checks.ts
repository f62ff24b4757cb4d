/**
 * Argument checks shared by the FFT plans (fft.ts and its two back-ends): every bad size or
 * buffer is a PdmError naming the parameter and what was expected.
 */
import { PdmError } from '../core/errors.js';

export function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

export function checkSize(n: number): void {
  if (!Number.isInteger(n) || n < 1) invalid(`n: expected an integer >= 1, got ${n}`);
}

export function checkLength(name: string, actual: number, expected: number, exact: boolean): void {
  if (exact ? actual !== expected : actual < expected) {
    invalid(`${name}: expected length ${exact ? '' : '>= '}${expected}, got ${actual}`);
  }
}
