/**
 * The dense stack of dense-json.ts as tfjs variables: creation (He or Glorot uniform kernels,
 * zero biases, from a seeded stream), the training forward pass with inverted dropout masks
 * supplied as data, the output transform, and export of the trained weights to JSON.
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../../core/random.js';
import type { HiddenActivation } from './config.js';
import type { DenseLayerJSON, LayerActivation, OutputJSON } from './dense-json.js';
import { uniformKernel } from './init.js';
import { dense, denseOnData, matMul, variableFrom } from './tf-ops.js';

export interface DenseVars {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
  readonly activation: LayerActivation;
}

/** Hidden layers with `activation`, then a linear layer of `outputUnits`. */
export function createDenseVars(
  random: Random,
  inputs: number,
  hidden: readonly number[],
  activation: HiddenActivation,
  outputUnits: number,
): DenseVars[] {
  const sizes = [...hidden, outputUnits];
  let fanIn = inputs;
  return sizes.map((units, i) => {
    const last = i === sizes.length - 1;
    const kind = !last && activation === 'relu' ? 'he' : 'glorot';
    const kernel = uniformKernel(random, fanIn, units, kind);
    const w = variableFrom(() => tf.tensor2d(kernel, [fanIn, units]));
    const b = variableFrom(() => tf.zeros<tf.Rank.R1>([units]));
    fanIn = units;
    return { w, b, activation: last ? 'linear' : activation };
  });
}

/**
 * Raw outputs [batch x units] of the stack. `xT` (the transposed input) marks `x` as data,
 * which needs no gradient; `masks[i]` (or null) multiplies hidden layer i's activations.
 */
export function denseForward(
  vars: readonly DenseVars[],
  x: tf.Tensor2D,
  xT: tf.Tensor2D | null,
  masks: readonly (tf.Tensor2D | null)[],
): tf.Tensor2D {
  let h = x;
  vars.forEach((v, i) => {
    const z = i === 0 && xT !== null ? denseOnData(x, xT, v.w, v.b) : dense(h, v.w, v.b);
    h = v.activation === 'relu' ? tf.relu(z) : v.activation === 'tanh' ? tf.tanh(z) : z;
    const m = masks[i] ?? null;
    if (m !== null) h = tf.mul<tf.Tensor2D>(h, m);
  });
  return h;
}

/** c_1 = a_1, c_j = c_(j-1) + softplus(a_j), as a product with an upper-triangular 1 matrix. */
export function cumulativeQuantiles(raw: tf.Tensor2D): tf.Tensor2D {
  const k = raw.shape[1];
  if (k === 1) return raw;
  const first = new Float32Array(k);
  first[0] = 1;
  const tri = new Float32Array(k * k);
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) tri[i * k + j] = 1;
  const s = tf.softplus(raw);
  const mixed = tf.add<tf.Tensor2D>(s, tf.mul(tf.sub(raw, s), tf.tensor2d(first, [1, k])));
  return matMul(mixed, tf.tensor2d(tri, [k, k]));
}

/** The output transform of dense-json.ts in tfjs (float32). */
export function outputTf(o: OutputJSON, raw: tf.Tensor2D): tf.Tensor2D {
  switch (o.kind) {
    case 'sigmoid':
      return tf.sigmoid(raw);
    case 'softmax':
      return tf.softmax(raw);
    case 'linear':
      return tf.add(tf.mul(raw, o.scale), o.shift);
    case 'quantiles':
      return tf.add(tf.mul(cumulativeQuantiles(raw), o.scale), o.shift);
  }
}

export function denseVarsToJSON(vars: readonly DenseVars[]): DenseLayerJSON[] {
  return vars.map((v) => ({
    inputs: v.w.shape[0],
    units: v.w.shape[1],
    activation: v.activation,
    weights: Array.from(v.w.dataSync()),
    bias: Array.from(v.b.dataSync()),
  }));
}

/** Builds tensors (not variables) from JSON layers, for tfjs prediction of a loaded model. */
export function denseVarsFromJSON(layers: readonly DenseLayerJSON[]): DenseVars[] {
  return layers.map((l) => ({
    w: variableFrom(() => tf.tensor2d(l.weights, [l.inputs, l.units]), false),
    b: variableFrom(() => tf.tensor1d(l.bias), false),
    activation: l.activation,
  }));
}

/** Inverted-dropout mask [rows x units]: 0 with probability `rate`, else 1 / (1 - rate). */
export function dropoutMask(
  random: Random,
  rows: number,
  units: number,
  rate: number,
): tf.Tensor2D {
  const m = new Float32Array(rows * units);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < m.length; i++) m[i] = random.uniform() < rate ? 0 : keep;
  return tf.tensor2d(m, [rows, units]);
}
