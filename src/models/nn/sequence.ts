/**
 * A recurrent model on a machine's recent history: an LSTM or GRU cell (recurrent-tf.ts) over
 * the last `steps` captures (sequence-data.ts), then a dense head (dense-tf.ts) on the last
 * state, for RUL regression (mean or quantiles) or a binary "fails within the horizon" label,
 * trained with tfjs on the wasm backend by the loop of train-loop.ts (same config style as the
 * MLP). Dropout applies to the last state and to the head's hidden layers, not inside the cell.
 *
 * The trained model is plain JSON (sequence-json.ts); `SequenceModel.predict` runs the pure
 * TypeScript path (sequence-infer.ts), `predictTf` the same network in tfjs (float32).
 */
import * as tf from '@tensorflow/tfjs';
import { PdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { concatArrays } from '../../core/typed-arrays.js';
import { initNnBackend } from './backend.js';
import type { SequenceConfig, SequenceConfigInput } from './config.js';
import { parseSequenceConfig } from './config.js';
import type { DenseVars } from './dense-tf.js';
import {
  createDenseVars,
  denseForward,
  denseVarsFromJSON,
  denseVarsToJSON,
  dropoutMask,
  outputTf,
} from './dense-tf.js';
import { checkFeatureMatrix } from './feature-matrix.js';
import { holdOut } from './holdout.js';
import { encodedWidth, fitInputSpec } from './input-encoding.js';
import { batchLoss } from './losses-tf.js';
import { deepFreeze } from './mlp-json.js';
import type { RecurrentVars } from './recurrent-tf.js';
import {
  createRecurrentVars,
  disposeRecurrent,
  recurrentFromJSON,
  recurrentToJSON,
  runRecurrent,
} from './recurrent-tf.js';
import { SequenceBatchBuilder } from './sequence-batch.js';
import type { SequenceSet } from './sequence-data.js';
import { predictSequenceSet } from './sequence-infer.js';
import type { SequenceJSON } from './sequence-json.js';
import { SEQUENCE_FORMAT, parseSequenceJSON } from './sequence-json.js';
import { checkTargetsFor, fillTargets, fitTargets } from './targets.js';
import type { EpochProgress, Split, TrainHooks } from './train-loop.js';
import { VALID_BATCH, runTrainingLoop } from './train-loop.js';

export interface SequenceTrainOptions extends TrainHooks {
  /** Validation sequences for early stopping (default: `validationSplit` of the machines). */
  readonly valid?: { readonly set: SequenceSet; readonly y: ArrayLike<number> };
}

export class SequenceModel {
  readonly json: SequenceJSON;
  readonly history: readonly EpochProgress[];

  constructor(json: SequenceJSON, history: readonly EpochProgress[] = []) {
    this.json = deepFreeze(json);
    this.history = history;
  }

  get config(): Readonly<SequenceConfig> {
    return this.json.config;
  }

  toJSON(): SequenceJSON {
    return this.json;
  }

  /** Pure TypeScript predictions (Float64) for every sequence, [count x outputs]. */
  predict(set: SequenceSet): Float64Array {
    return predictSequenceSet(this.json, set);
  }

  /** The same predictions computed by tfjs in float32 (initialises the backend). */
  async predictTf(set: SequenceSet): Promise<Float64Array> {
    const j = this.json;
    checkFeatureMatrix(set.x, 'set.x', j.input.features);
    if (set.steps > j.steps) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `set.steps: the model reads at most ${j.steps} steps, got ${set.steps}`,
      );
    }
    await initNnBackend();
    const r = j.recurrent;
    const rv = recurrentFromJSON(r.cell, r.inputs, r.units, r);
    const head = denseVarsFromJSON(j.layers);
    const builder = new SequenceBatchBuilder(j.input, j.steps, VALID_BATCH);
    const idx = Int32Array.from({ length: set.count }, (_, i) => i);
    const parts: Float64Array[] = [];
    try {
      for (let from = 0; from < set.count; from += VALID_BATCH) {
        const n = Math.min(VALID_BATCH, set.count - from);
        const y = tf.tidy(() => {
          const steps = builder.build(set, idx.subarray(from, from + n), n, false);
          const raw = forward(rv, head, steps, null);
          return outputTf(j.output, raw);
        });
        parts.push(Float64Array.from(y.dataSync()));
        y.dispose();
      }
    } finally {
      disposeRecurrent(rv);
      disposeHead(head);
    }
    return concatArrays(Float64Array, parts);
  }
}

/** Loads a serialised sequence model (validated: PDM_INPUT_INVALID naming the field). */
export function sequenceFromJSON(json: unknown): SequenceModel {
  return new SequenceModel(parseSequenceJSON(json));
}

/**
 * Trains on the sequences of `set` (buildSequences); `y` has one target per row of `set.x`,
 * and a sequence learns the target of its last row (`set.end`).
 */
export async function trainSequenceModel(
  set: SequenceSet,
  y: ArrayLike<number>,
  config?: SequenceConfigInput,
  options: SequenceTrainOptions = {},
): Promise<SequenceModel> {
  const c = parseSequenceConfig(config);
  checkFeatureMatrix(set.x, 'set.x');
  checkSteps(set, c.steps, 'set');
  checkSequenceTargets(set, y, 'y');
  const valid = options.valid ?? { set, y };
  if (options.valid !== undefined) {
    checkFeatureMatrix(valid.set.x, 'valid.set.x', set.x.cols);
    checkSteps(valid.set, c.steps, 'valid.set');
    checkSequenceTargets(valid.set, valid.y, 'valid.y');
  }
  const backend = await initNnBackend();
  const random = new Random(c.seed, 'nn', 'sequence');
  const split =
    options.valid === undefined
      ? holdOut(set.count, c.validationSplit, random.fork('holdout'), set.machine)
      : { train: Int32Array.from({ length: set.count }, (_, i) => i), valid: null };
  const input = fitInputSpec(set.x, c);
  const targets = fitTargets(
    y,
    split.train.map((i) => set.end[i]!),
    c,
    'y',
  );
  const validRows = split.valid ?? Int32Array.from({ length: valid.set.count }, (_, i) => i);
  const validEnds = validRows.map((i) => valid.set.end[i]!);
  checkTargetsFor(targets, valid.y, validEnds, options.valid === undefined ? 'y' : 'valid.y');

  const builder = new SequenceBatchBuilder(input, c.steps, Math.max(c.batchSize, VALID_BATCH));
  const init = random.fork('init');
  const rv = createRecurrentVars(init, c.cell, encodedWidth(input), c.units);
  const head = createDenseVars(init, c.units, c.hidden, c.activation, targets.rawUnits);
  const dropoutRandom = random.fork('dropout');
  const yBuf = new Float32Array(Math.max(c.batchSize, VALID_BATCH) * targets.targetWidth);
  const wBuf = targets.classWeights === null ? null : new Float32Array(yBuf.length);
  const ends = new Int32Array(Math.max(c.batchSize, VALID_BATCH));
  try {
    const result = await runTrainingLoop(
      {
        epochs: c.epochs,
        batchSize: c.batchSize,
        patience: c.earlyStoppingPatience,
        learningRate: c.learningRate,
        l2: c.l2,
        clipNorm: c.clipNorm,
        train: split.train,
        valid: validRows,
        variables: [rv.kernelT, rv.recurrentT, rv.bias, ...head.flatMap((v) => [v.w, v.b])],
        kernels: [rv.kernelT, rv.recurrentT, ...head.map((v) => v.w)],
        random: random.fork('shuffle'),
        batchLoss: (idx, n, s: Split) => {
          const data = s === 'train' ? { set, y } : valid;
          const training = s === 'train' && c.dropout > 0;
          const steps = builder.build(data.set, idx, n, s === 'train');
          const masks = training
            ? [c.units, ...c.hidden].map((u) => dropoutMask(dropoutRandom, n, u, c.dropout))
            : null;
          const raw = forward(rv, head, steps, masks);
          for (let i = 0; i < n; i++) ends[i] = data.set.end[idx[i]!]!;
          fillTargets(targets, data.y, ends, n, yBuf, wBuf);
          const tw = targets.targetWidth;
          const yT = tf.tensor2d(yBuf.subarray(0, n * tw), [n, tw]);
          const wT = wBuf === null ? null : tf.tensor1d(wBuf.subarray(0, n));
          return batchLoss(targets.output, raw, yT, wT);
        },
      },
      options,
    );
    const json: SequenceJSON = {
      format: SEQUENCE_FORMAT,
      version: 1,
      task: c.task,
      steps: c.steps,
      input: { ...input, missingIndicators: [...input.missingIndicators] },
      recurrent: { cell: c.cell, inputs: rv.inputs, units: c.units, ...recurrentToJSON(rv) },
      layers: denseVarsToJSON(head),
      output: targets.output,
      config: { ...c },
      training: { ...result.summary, backend: backend.name },
    };
    return new SequenceModel(json, result.history);
  } finally {
    disposeRecurrent(rv);
    disposeHead(head);
  }
}

/** Cell, dropout on the last state (masks[0]) and the head's hidden layers, raw outputs. */
function forward(
  rv: RecurrentVars,
  head: readonly DenseVars[],
  steps: Parameters<typeof runRecurrent>[1],
  masks: tf.Tensor2D[] | null,
): tf.Tensor2D {
  let last = tf.transpose(runRecurrent(rv, steps));
  if (masks !== null) last = tf.mul<tf.Tensor2D>(last, masks[0]!);
  return denseForward(head, last, null, masks?.slice(1) ?? []);
}

function disposeHead(head: readonly DenseVars[]): void {
  for (const v of head) {
    v.w.dispose();
    v.b.dispose();
  }
}

/** One target per source row (only those at `set.end` are read, and checked, in training). */
function checkSequenceTargets(set: SequenceSet, y: ArrayLike<number>, name: string): void {
  if (set.count === 0) throw new PdmError('PDM_INPUT_INVALID', `${name}: the set has no sequences`);
  if (y.length !== set.x.rows) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}: expected one target per row of the set's table (${set.x.rows}), got ${y.length}`,
    );
  }
}

function checkSteps(set: SequenceSet, steps: number, name: string): void {
  if (set.steps !== steps) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${name}.steps: the config reads ${steps} steps, the sequences have ${set.steps}; build them with buildSequences(x, machine, ${steps})`,
    );
  }
}
