/**
 * Pure TypeScript LSTM and GRU cells (Float64) from the JSON weights in Keras orientation:
 * kernel [inputs x gates*units], recurrentKernel [units x gates*units], bias [gates*units];
 * gate order LSTM i, f, g, o and GRU z, r, h (reset before the recurrent product). The
 * equations are those of recurrent-tf.ts. Padding steps are simply not run: the state they
 * would leave is the zero initial state.
 */
import type { SequenceCell } from './config.js';

export interface CompiledCell {
  readonly cell: SequenceCell;
  readonly inputs: number;
  readonly units: number;
  readonly kernel: Float64Array;
  readonly recurrent: Float64Array;
  readonly bias: Float64Array;
  /** Hidden state h (read it after the last step) and cell state c (LSTM). */
  readonly h: Float64Array;
  readonly c: Float64Array;
  /** Scratch: the gates' pre-activations, and r*h for the GRU. */
  readonly z: Float64Array;
  readonly rh: Float64Array;
}

export function compileCell(
  cell: SequenceCell,
  inputs: number,
  units: number,
  w: { kernel: readonly number[]; recurrentKernel: readonly number[]; bias: readonly number[] },
): CompiledCell {
  const g = (cell === 'lstm' ? 4 : 3) * units;
  return {
    cell,
    inputs,
    units,
    kernel: Float64Array.from(w.kernel),
    recurrent: Float64Array.from(w.recurrentKernel),
    bias: Float64Array.from(w.bias),
    h: new Float64Array(units),
    c: new Float64Array(units),
    z: new Float64Array(g),
    rh: new Float64Array(units),
  };
}

export function resetCell(k: CompiledCell): void {
  k.h.fill(0);
  k.c.fill(0);
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** z = bias + x kernel (+ s U over the columns [from, to) of the recurrent kernel). */
function project(k: CompiledCell, x: Float64Array): void {
  const g = k.z.length;
  const { z, kernel } = k;
  z.set(k.bias);
  for (let i = 0; i < k.inputs; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * g;
    for (let j = 0; j < g; j++) z[j] = z[j]! + xi * kernel[row + j]!;
  }
}

function addRecurrent(k: CompiledCell, s: Float64Array, from: number, to: number): void {
  const g = k.z.length;
  const { z, recurrent } = k;
  for (let i = 0; i < k.units; i++) {
    const si = s[i]!;
    if (si === 0) continue;
    const row = i * g;
    for (let j = from; j < to; j++) z[j] = z[j]! + si * recurrent[row + j]!;
  }
}

/** Advances the cell by one real step with encoded input `x` (length `inputs`). */
export function stepCell(k: CompiledCell, x: Float64Array): void {
  const H = k.units;
  const { z, h, c } = k;
  project(k, x);
  if (k.cell === 'lstm') {
    addRecurrent(k, h, 0, 4 * H);
    for (let j = 0; j < H; j++) {
      const i = sigmoid(z[j]!);
      const f = sigmoid(z[H + j]!);
      const g = Math.tanh(z[2 * H + j]!);
      const o = sigmoid(z[3 * H + j]!);
      c[j] = f * c[j]! + i * g;
      h[j] = o * Math.tanh(c[j]!);
    }
    return;
  }
  addRecurrent(k, h, 0, 2 * H);
  const rh = k.rh;
  for (let j = 0; j < H; j++) rh[j] = sigmoid(z[H + j]!) * h[j]!;
  addRecurrent(k, rh, 2 * H, 3 * H);
  for (let j = 0; j < H; j++) {
    const u = sigmoid(z[j]!);
    const hh = Math.tanh(z[2 * H + j]!);
    h[j] = u * h[j]! + (1 - u) * hh;
  }
}
