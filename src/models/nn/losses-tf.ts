/**
 * Training losses on the raw outputs of the last layer, per output kind (dense-json.ts):
 * - sigmoid: binary cross-entropy from logits, max(z, 0) - z y + log(1 + e^-|z|);
 * - softmax: categorical cross-entropy, -log softmax(z)_y;
 * - linear: squared error on the standardised target;
 * - quantiles: pinball loss (Koenker & Bassett 1978) max(q e, (q - 1) e), e = y - c_q, averaged
 *   over the quantile levels, on the cumulative outputs c (monotone by construction).
 * The batch loss is sum_i w_i l_i / n, with w_i the row's class weight (1 without), as Keras
 * weights samples.
 */
import * as tf from '@tensorflow/tfjs';
import type { OutputJSON } from './dense-json.js';
import { cumulativeQuantiles } from './dense-tf.js';

/**
 * `target` is [n x 1] (0/1 labels, or the standardised target) or, for softmax, one-hot
 * [n x classes]; `weights` [n] or null.
 */
export function batchLoss(
  o: OutputJSON,
  raw: tf.Tensor2D,
  target: tf.Tensor2D,
  weights: tf.Tensor1D | null,
): tf.Scalar {
  const n = raw.shape[0];
  let perRow: tf.Tensor;
  switch (o.kind) {
    case 'sigmoid':
      perRow = tf.add(tf.sub(tf.relu(raw), tf.mul(raw, target)), tf.softplus(tf.neg(tf.abs(raw))));
      break;
    case 'softmax':
      perRow = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(raw)), 1));
      break;
    case 'linear':
      perRow = tf.square(tf.sub(raw, target));
      break;
    case 'quantiles': {
      const q = tf.tensor2d(o.quantiles, [1, o.quantiles.length]);
      const e = tf.sub(target, cumulativeQuantiles(raw));
      perRow = tf.mean(tf.maximum(tf.mul(q, e), tf.mul(tf.sub(q, 1), e)), 1);
      break;
    }
  }
  const flat = tf.reshape(perRow, [n]);
  return weights === null ? tf.mean(flat) : tf.div(tf.sum(tf.mul(flat, weights)), n);
}
