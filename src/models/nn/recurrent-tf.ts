/**
 * LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000) and GRU
 * (Cho et al. 2014) cells in tfjs, unrolled over the steps, for training on the wasm backend.
 *
 * Gate order and equations are Keras's (LSTM i, f, g, o; GRU z, r, h with the reset gate
 * applied before the recurrent product, Keras reset_after=False, ONNX linear_before_reset=0):
 *   LSTM: c' = f c + i g, h' = o tanh(c'); i, f, o = sigmoid, g = tanh.
 *   GRU:  h' = z h + (1 - z) tanh(W_h x + U_h (r h) + b_h); z, r = sigmoid.
 *
 * Layout, chosen for the wasm backend's speed: states are [units x batch] and the gates come
 * from [gates*units x batch] products, so a gate is a contiguous block of rows (slicing
 * columns copies row by row there). Step t's input arrives transposed, [inputs + 2 x batch]:
 * the encoded features, a row of ones (the bias) and the padding indicator. The padding row's
 * fixed weights (`PAD_FORCE`) drive the LSTM's input gate to 0 and forget gate to 1 (the GRU's
 * update gate to 1), so a padding step leaves the state exactly as it was: zero, since the
 * padding is on the left. That replaces a per-step mask and costs one column.
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../../core/random.js';
import type { SequenceCell } from './config.js';
import { orthogonal, uniformKernel } from './init.js';
import { matMul, matMulOnData, variableFrom } from './tf-ops.js';

/** Pre-activation added at padding steps: sigmoid(+-PAD_FORCE) is exactly 1 or 0 in float32. */
const PAD_FORCE = 1e4;

export function gateCount(cell: SequenceCell): number {
  return cell === 'lstm' ? 4 : 3;
}

export interface RecurrentVars {
  readonly cell: SequenceCell;
  readonly units: number;
  readonly inputs: number;
  /** [gates*units x inputs]: the input kernel, transposed. */
  readonly kernelT: tf.Variable<tf.Rank.R2>;
  /** [gates*units x units]: the recurrent kernel, transposed. */
  readonly recurrentT: tf.Variable<tf.Rank.R2>;
  /** [gates*units x 1]. */
  readonly bias: tf.Variable<tf.Rank.R2>;
}

/** Glorot-uniform input kernel, orthogonal recurrent kernel, zero bias (LSTM forget gate 1). */
export function createRecurrentVars(
  random: Random,
  cell: SequenceCell,
  inputs: number,
  units: number,
): RecurrentVars {
  const g = gateCount(cell) * units;
  const kernel = uniformKernel(random, inputs, g, 'glorot'); // [inputs x g]
  const kernelT = new Float32Array(g * inputs);
  for (let i = 0; i < inputs; i++)
    for (let j = 0; j < g; j++) kernelT[j * inputs + i] = kernel[i * g + j]!;
  const bias = new Float32Array(g);
  if (cell === 'lstm') bias.fill(1, units, 2 * units); // Jozefowicz et al. 2015
  const recurrent = orthogonal(random, g, units);
  return {
    cell,
    units,
    inputs,
    kernelT: variableFrom(() => tf.tensor2d(kernelT, [g, inputs])),
    recurrentT: variableFrom(() => tf.tensor2d(recurrent, [g, units])),
    bias: variableFrom(() => tf.tensor2d(bias, [g, 1])),
  };
}

/** The fixed padding column: forces LSTM i = 0, f = 1, or GRU z = 1. */
function padColumn(cell: SequenceCell, units: number): tf.Tensor2D {
  const p = new Float32Array(gateCount(cell) * units);
  if (cell === 'lstm') {
    p.fill(-PAD_FORCE, 0, units);
    p.fill(PAD_FORCE, units, 2 * units);
  } else {
    p.fill(PAD_FORCE, 0, units);
  }
  return tf.tensor2d(p, [p.length, 1]);
}

/** One step's input: transposed [inputs + 2 x batch] and, when training, [batch x inputs + 2]. */
export interface StepInput {
  readonly xT: tf.Tensor2D;
  readonly x: tf.Tensor2D | null;
}

/** The last state [units x batch] after running the cell over `steps` (oldest first). */
export function runRecurrent(v: RecurrentVars, steps: readonly StepInput[]): tf.Tensor2D {
  const H = v.units;
  const w = tf.concat2d([v.kernelT, v.bias, padColumn(v.cell, H)], 1);
  const project = (s: StepInput): tf.Tensor2D =>
    s.x === null ? tf.matMul(w, s.xT) : matMulOnData(w, s.xT, s.x);
  let h: tf.Tensor2D | null = null;
  let c: tf.Tensor2D | null = null;
  if (v.cell === 'lstm') {
    for (const s of steps) {
      const z = h === null ? project(s) : tf.add<tf.Tensor2D>(project(s), matMul(v.recurrentT, h));
      const [i, f, g, o] = tf.split(z, 4, 0) as [
        tf.Tensor2D,
        tf.Tensor2D,
        tf.Tensor2D,
        tf.Tensor2D,
      ];
      const ig = tf.mul<tf.Tensor2D>(tf.sigmoid(i), tf.tanh(g));
      c = c === null ? ig : tf.add<tf.Tensor2D>(tf.mul(tf.sigmoid(f), c), ig);
      h = tf.mul<tf.Tensor2D>(tf.sigmoid(o), tf.tanh(c));
    }
  } else {
    const uzr = tf.slice(v.recurrentT, [0, 0], [2 * H, H]);
    const uh = tf.slice(v.recurrentT, [2 * H, 0], [H, H]);
    for (const s of steps) {
      const [xz, xr, xh] = tf.split(project(s), 3, 0) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      if (h === null) {
        const z = tf.sigmoid(xz);
        h = tf.mul<tf.Tensor2D>(tf.sub(1, z), tf.tanh(xh));
        continue;
      }
      const [hz, hr] = tf.split(matMul(uzr, h), 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      const z = tf.sigmoid(tf.add(xz, hz));
      const r = tf.sigmoid(tf.add(xr, hr));
      const hh: tf.Tensor2D = tf.tanh<tf.Tensor2D>(
        tf.add<tf.Tensor2D>(xh, matMul(uh, tf.mul<tf.Tensor2D>(r, h))),
      );
      h = tf.add<tf.Tensor2D>(hh, tf.mul(z, tf.sub(h, hh)));
    }
  }
  return h ?? tf.zeros([H, steps[0]?.xT.shape[1] ?? 0]);
}

export interface RecurrentJSONWeights {
  /** Row-major [inputs x gates*units] (Keras's kernel). */
  readonly kernel: number[];
  /** Row-major [units x gates*units]. */
  readonly recurrentKernel: number[];
  readonly bias: number[];
}

/** The trained weights in Keras orientation. */
export function recurrentToJSON(v: RecurrentVars): RecurrentJSONWeights {
  return {
    kernel: transposeToArray(v.kernelT.dataSync(), v.kernelT.shape[0], v.kernelT.shape[1]),
    recurrentKernel: transposeToArray(
      v.recurrentT.dataSync(),
      v.recurrentT.shape[0],
      v.recurrentT.shape[1],
    ),
    bias: Array.from(v.bias.dataSync()),
  };
}

/** Tensors (not trainable) from JSON weights, for tfjs prediction of a loaded model. */
export function recurrentFromJSON(
  cell: SequenceCell,
  inputs: number,
  units: number,
  w: RecurrentJSONWeights,
): RecurrentVars {
  const g = gateCount(cell) * units;
  return {
    cell,
    units,
    inputs,
    kernelT: variableFrom(() => tf.transpose(tf.tensor2d(w.kernel, [inputs, g])), false),
    recurrentT: variableFrom(() => tf.transpose(tf.tensor2d(w.recurrentKernel, [units, g])), false),
    bias: variableFrom(() => tf.tensor2d(w.bias, [g, 1]), false),
  };
}

export function disposeRecurrent(v: RecurrentVars): void {
  v.kernelT.dispose();
  v.recurrentT.dispose();
  v.bias.dispose();
}

/** [rows x cols] row-major -> its transpose as a plain array. */
function transposeToArray(a: ArrayLike<number>, rows: number, cols: number): number[] {
  const out = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
  return out;
}
