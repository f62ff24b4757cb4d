/**
 * Pure TypeScript forward pass of a dense stack and its output transform (dense-json.ts), in
 * Float64 from the JSON weights: no tfjs. This is what an edge node runs, and the reference
 * the ONNX export is checked against. Buffers are allocated once per compiled stack.
 */
import type { DenseLayerJSON, OutputJSON } from './dense-json.js';
import { outputWidth } from './dense-json.js';

interface CompiledLayer {
  readonly inputs: number;
  readonly units: number;
  readonly relu: boolean;
  readonly tanh: boolean;
  readonly w: Float64Array;
  readonly b: Float64Array;
}

export interface CompiledDenseStack {
  readonly layers: readonly CompiledLayer[];
  readonly output: OutputJSON;
  /** Raw outputs of the last layer. */
  readonly rawUnits: number;
  /** Columns of a prediction. */
  readonly outputs: number;
  /** Scratch buffers, wide enough for every layer. */
  readonly bufA: Float64Array;
  readonly bufB: Float64Array;
}

export function compileDenseStack(
  layers: readonly DenseLayerJSON[],
  output: OutputJSON,
): CompiledDenseStack {
  const compiled = layers.map((l) => ({
    inputs: l.inputs,
    units: l.units,
    relu: l.activation === 'relu',
    tanh: l.activation === 'tanh',
    w: Float64Array.from(l.weights),
    b: Float64Array.from(l.bias),
  }));
  const width = Math.max(...layers.map((l) => Math.max(l.inputs, l.units)));
  const rawUnits = layers[layers.length - 1]!.units;
  return {
    layers: compiled,
    output,
    rawUnits,
    outputs: outputWidth(output, rawUnits),
    bufA: new Float64Array(width),
    bufB: new Float64Array(width),
  };
}

/**
 * Runs the stack on the first layer's inputs, which the caller has written to `c.bufA`, and
 * writes the transformed outputs to `out` from `outOffset`.
 */
export function runDenseStack(c: CompiledDenseStack, out: Float64Array, outOffset: number): void {
  let src = c.bufA;
  let dst = c.bufB;
  for (const l of c.layers) {
    const { inputs, units, w, b } = l;
    for (let j = 0; j < units; j++) dst[j] = b[j]!;
    for (let i = 0; i < inputs; i++) {
      const xi = src[i]!;
      if (xi === 0) continue;
      const row = i * units;
      for (let j = 0; j < units; j++) dst[j] = dst[j]! + xi * w[row + j]!;
    }
    if (l.relu) for (let j = 0; j < units; j++) dst[j] = Math.max(0, dst[j]!);
    else if (l.tanh) for (let j = 0; j < units; j++) dst[j] = Math.tanh(dst[j]!);
    const t = src;
    src = dst;
    dst = t;
  }
  applyOutput(c.output, src, c.rawUnits, out, outOffset);
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The output transform of dense-json.ts on raw outputs a[0..k). */
export function applyOutput(
  o: OutputJSON,
  a: Float64Array,
  k: number,
  out: Float64Array,
  offset: number,
): void {
  switch (o.kind) {
    case 'sigmoid':
      out[offset] = 1 / (1 + Math.exp(-a[0]!));
      return;
    case 'softmax': {
      let max = -Infinity;
      for (let j = 0; j < k; j++) max = Math.max(max, a[j]!);
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const e = Math.exp(a[j]! - max);
        out[offset + j] = e;
        sum += e;
      }
      for (let j = 0; j < k; j++) out[offset + j] = out[offset + j]! / sum;
      return;
    }
    case 'linear':
      out[offset] = o.shift + o.scale * a[0]!;
      return;
    case 'quantiles': {
      let c = a[0]!;
      out[offset] = o.shift + o.scale * c;
      for (let j = 1; j < k; j++) {
        c += softplus(a[j]!);
        out[offset + j] = o.shift + o.scale * c;
      }
      return;
    }
  }
}
