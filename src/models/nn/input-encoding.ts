/**
 * How a feature row becomes the network's input, identically in training, in the pure
 * TypeScript inference and in the ONNX export:
 *
 * 1. A missing value (NaN, or +-Infinity) becomes 0. The caller's robust scaler maps each
 *    feature's median to 0, so this imputes the median.
 * 2. Values are clipped to [-clip, clip] (robust-scaled features have heavy tails; a single
 *    value 1e3 IQRs out would otherwise saturate every unit it feeds).
 * 3. For every feature listed in `missingIndicators` (the features that had a missing value
 *    in the training data), one extra input is appended: 1 when the value was missing, else 0,
 *    so the network can tell "median" from "unknown".
 */
import type { FeatureMatrix } from './feature-matrix.js';

export interface InputSpec {
  /** Features per row in the caller's table. */
  readonly features: number;
  /** Features (column indices, increasing) that get a missing-value indicator input. */
  readonly missingIndicators: readonly number[];
  /** Clip bound after imputation, or null. */
  readonly clip: number | null;
}

/** Inputs the network sees: the features then the indicators. */
export function encodedWidth(spec: InputSpec): number {
  return spec.features + spec.missingIndicators.length;
}

/** The input spec for a training table: indicators for the columns with missing values. */
export function fitInputSpec(
  x: FeatureMatrix,
  options: { readonly missingIndicators: boolean; readonly inputClip: number | null },
): InputSpec {
  const indicators: number[] = [];
  if (options.missingIndicators) {
    const seen = new Uint8Array(x.cols);
    for (let i = 0; i < x.data.length; i++) {
      if (!Number.isFinite(x.data[i]!)) seen[i % x.cols] = 1;
    }
    for (let j = 0; j < x.cols; j++) if (seen[j] === 1) indicators.push(j);
  }
  return { features: x.cols, missingIndicators: indicators, clip: options.inputClip };
}

/**
 * Encodes one row (`spec.features` values of `src` from `srcOffset`) into `out`, value k at
 * `out[outOffset + k * outStride]` (stride 1: a row; stride n: a column of a transposed batch).
 */
export function encodeRowInto(
  spec: InputSpec,
  src: ArrayLike<number>,
  srcOffset: number,
  out: Float32Array | Float64Array,
  outOffset: number,
  outStride: number,
): void {
  const d = spec.features;
  const clip = spec.clip ?? Infinity;
  for (let j = 0; j < d; j++) {
    const v = src[srcOffset + j]!;
    out[outOffset + j * outStride] = Number.isFinite(v) ? Math.min(clip, Math.max(-clip, v)) : 0;
  }
  const ind = spec.missingIndicators;
  for (let k = 0; k < ind.length; k++) {
    const v = src[srcOffset + ind[k]!]!;
    out[outOffset + (d + k) * outStride] = Number.isFinite(v) ? 0 : 1;
  }
}

/** Writes zeros for a padding step (no row): every input 0, indicators included. */
export function encodePaddingInto(
  spec: InputSpec,
  out: Float32Array | Float64Array,
  outOffset: number,
  outStride: number,
): void {
  const w = encodedWidth(spec);
  for (let k = 0; k < w; k++) out[outOffset + k * outStride] = 0;
}
