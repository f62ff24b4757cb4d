/**
 * ONNX subgraphs shared by the MLP and sequence exports, mirroring the pure TypeScript path:
 * the input encoding of input-encoding.ts (IsNaN/IsInf, Where, Clip, Gather + Cast for the
 * indicators, Concat), the dense stack (Gemm + Relu/Tanh) and the output transforms of
 * dense-json.ts (Sigmoid, Softmax, Mul/Add, and for quantiles Softplus then a Gemm with the
 * upper-triangular matrix that sums the increments, scaled and shifted).
 */
import type { DenseLayerJSON, OutputJSON } from './dense-json.js';
import type { InputSpec } from './input-encoding.js';
import type { OnnxGraph } from './onnx-builder.js';

/** Encodes `x` [..., features] along its last axis; returns [..., encoded width]. */
export function onnxEncodeInput(g: OnnxGraph, x: string, input: InputSpec): string {
  const missing = g.node('Or', [g.node('IsNaN', [x]), g.node('IsInf', [x])]);
  let v = g.node('Where', [missing, g.floats([], [0], 'zero'), x]);
  if (input.clip !== null) {
    v = g.node('Clip', [v, g.floats([], [-input.clip], 'lo'), g.floats([], [input.clip], 'hi')]);
  }
  const ind = input.missingIndicators;
  if (ind.length === 0) return v;
  const picked = g.node('Gather', [missing, g.int64s([ind.length], [...ind], 'cols')], {
    axis: -1,
  });
  const flags = g.node('Cast', [picked], { to: 1 }); // 1 = FLOAT
  return g.node('Concat', [v, flags], { axis: -1 });
}

/** The dense layers on `x` [N, inputs]; returns the raw outputs [N, units of the last]. */
export function onnxDenseStack(g: OnnxGraph, x: string, layers: readonly DenseLayerJSON[]): string {
  let h = x;
  for (const l of layers) {
    const w = g.floats([l.inputs, l.units], l.weights, 'W');
    const b = g.floats([l.units], l.bias, 'B');
    h = g.node('Gemm', [h, w, b]);
    if (l.activation === 'relu') h = g.node('Relu', [h]);
    else if (l.activation === 'tanh') h = g.node('Tanh', [h]);
  }
  return h;
}

/** The output transform on raw outputs [N, k], into the graph output `name`. */
export function onnxOutput(
  g: OnnxGraph,
  raw: string,
  rawUnits: number,
  o: OutputJSON,
  name: string,
): void {
  switch (o.kind) {
    case 'sigmoid':
      g.node('Sigmoid', [raw], {}, name);
      return;
    case 'softmax':
      g.node('Softmax', [raw], { axis: 1 }, name);
      return;
    case 'linear':
      g.node(
        'Add',
        [g.node('Mul', [raw, g.floats([], [o.scale], 'scale')]), g.floats([], [o.shift], 'shift')],
        {},
        name,
      );
      return;
    case 'quantiles': {
      const k = rawUnits;
      const first = new Float32Array(k);
      first[0] = 1;
      const tri = new Float64Array(k * k);
      for (let i = 0; i < k; i++) for (let j = i; j < k; j++) tri[i * k + j] = o.scale;
      const s = g.node('Softplus', [raw]);
      const mixed = g.node('Add', [
        s,
        g.node('Mul', [g.node('Sub', [raw, s]), g.floats([1, k], first, 'first')]),
      ]);
      g.node(
        'Gemm',
        [
          mixed,
          g.floats([k, k], tri, 'cumsum'),
          g.floats([k], new Array<number>(k).fill(o.shift), 'shift'),
        ],
        {},
        name,
      );
      return;
    }
  }
}

/** The graph output's name and columns for an output transform. */
export function onnxOutputName(o: OutputJSON): string {
  return o.kind === 'sigmoid' || o.kind === 'softmax' ? 'probabilities' : 'prediction';
}
