/**
 * The epoch loop shared by the MLP and the sequence model: seeded shuffling, mini-batches,
 * Adam (Kingma & Ba 2015) on the data loss plus an L2 penalty on the kernels, optional
 * clipping of the gradients' global norm (Pascanu et al. 2013), validation loss after every
 * epoch, early stopping that restores the best epoch's weights (as Keras's
 * restore_best_weights), a progress callback, and an AbortSignal checked between epochs.
 *
 * The loop yields to the event loop (setImmediate) between epochs so that a signal handler
 * (Ctrl-C) can abort a long run; nothing else depends on time but `elapsedMs`.
 */
import { setImmediate } from 'node:timers/promises';
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../../core/random.js';
import type { TrainingSummary } from './dense-json.js';

export interface EpochProgress {
  /** Epochs done (1-based). */
  readonly epoch: number;
  /** Mean data loss over the epoch's batches (without the L2 penalty). */
  readonly loss: number;
  /** Data loss on the validation rows, or null without them. */
  readonly valLoss: number | null;
  readonly elapsedMs: number;
}

export interface TrainHooks {
  /** Called after every epoch. */
  readonly onEpoch?: (p: EpochProgress) => void;
  /** Aborting stops after the current epoch (the best weights so far are kept). */
  readonly signal?: AbortSignal;
  /** Clock for `elapsedMs` (default performance.now). */
  readonly now?: () => number;
}

export type Split = 'train' | 'valid';

export interface LoopSpec {
  readonly epochs: number;
  readonly batchSize: number;
  readonly patience: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly clipNorm: number;
  /** Rows (indices into the split's data) of each split; `valid` may be empty. */
  readonly train: Int32Array;
  readonly valid: Int32Array;
  readonly variables: readonly tf.Variable[];
  /** Variables the L2 penalty applies to. */
  readonly kernels: readonly tf.Variable[];
  /** Weighted mean data loss of rows idx[0..n) of a split; dropout on for 'train'. */
  readonly batchLoss: (idx: Int32Array, n: number, split: Split) => tf.Scalar;
  readonly random: Random;
}

export interface LoopResult {
  readonly summary: Omit<TrainingSummary, 'backend'>;
  readonly history: EpochProgress[];
}

/** Rows per validation batch. */
export const VALID_BATCH = 2048;

export async function runTrainingLoop(s: LoopSpec, hooks: TrainHooks): Promise<LoopResult> {
  const now = hooks.now ?? (() => performance.now());
  const start = now();
  const optimizer = tf.train.adam(s.learningRate);
  const order = Int32Array.from(s.train);
  const batch = new Int32Array(s.batchSize);
  const history: EpochProgress[] = [];
  let best = Infinity;
  let bestEpoch = 0;
  let snapshot: Float32Array[] | null = null;
  let waited = 0;
  let stopReason: TrainingSummary['stopReason'] = 'epochs';
  try {
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      shuffle(order, s.random);
      let lossSum = 0;
      for (let from = 0; from < order.length; from += s.batchSize) {
        const n = Math.min(s.batchSize, order.length - from);
        batch.set(order.subarray(from, from + n));
        lossSum += trainStep(s, optimizer, batch, n) * n;
      }
      const valLoss = s.valid.length > 0 ? evaluate(s) : null;
      if (valLoss === null) {
        bestEpoch = epoch;
      } else if (valLoss < best) {
        best = valLoss;
        bestEpoch = epoch;
        snapshot = s.variables.map((v) => Float32Array.from(v.dataSync()));
        waited = 0;
      } else {
        waited++;
      }
      const p = { epoch, loss: lossSum / order.length, valLoss, elapsedMs: now() - start };
      history.push(p);
      hooks.onEpoch?.(p);
      if (s.patience > 0 && waited >= s.patience) stopReason = 'early-stopping';
      else if (hooks.signal?.aborted === true) stopReason = 'aborted';
      if (stopReason !== 'epochs') break;
      if (epoch < s.epochs) await setImmediate();
    }
    if (snapshot !== null) {
      const saved = snapshot;
      s.variables.forEach((v, i) => {
        tf.tidy(() => {
          v.assign(tf.tensor(saved[i]!, v.shape));
        });
      });
    }
  } finally {
    optimizer.dispose();
  }
  return {
    summary: {
      epochs: history.length,
      bestEpoch,
      bestValLoss: Number.isFinite(best) ? best : null,
      stopReason,
    },
    history,
  };
}

function trainStep(s: LoopSpec, optimizer: tf.Optimizer, idx: Int32Array, n: number): number {
  return tf.tidy(() => {
    let dataLoss: tf.Scalar | null = null;
    const { grads } = tf.variableGrads(() => {
      const l = s.batchLoss(idx, n, 'train');
      dataLoss = tf.keep(l);
      if (s.l2 === 0 || s.kernels.length === 0) return l;
      const penalty = tf.addN(s.kernels.map((k) => tf.sum(tf.square(k))));
      return tf.add(l, tf.mul(penalty, s.l2));
    }, s.variables as tf.Variable[]);
    if (s.clipNorm > 0) clipGlobalNorm(grads, s.clipNorm);
    optimizer.applyGradients(grads);
    const kept = dataLoss as tf.Scalar | null;
    const value = kept?.dataSync()[0] ?? NaN;
    kept?.dispose();
    return value;
  });
}

/** Rescales the gradients in place so that their global L2 norm is at most `clip`. */
function clipGlobalNorm(grads: tf.NamedTensorMap, clip: number): void {
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k]!)))));
  const factor = tf.div(clip, tf.maximum(norm, clip));
  for (const k of names) grads[k] = tf.mul(grads[k]!, factor);
}

function evaluate(s: LoopSpec): number {
  let sum = 0;
  const idx = new Int32Array(VALID_BATCH);
  for (let from = 0; from < s.valid.length; from += VALID_BATCH) {
    const n = Math.min(VALID_BATCH, s.valid.length - from);
    idx.set(s.valid.subarray(from, from + n));
    sum += tf.tidy(() => s.batchLoss(idx, n, 'valid').dataSync()[0]!) * n;
  }
  return sum / s.valid.length;
}

/** Fisher-Yates shuffle from a seeded stream. */
export function shuffle(a: Int32Array, random: Random): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
