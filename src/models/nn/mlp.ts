/**
 * A multilayer perceptron on feature rows (Rumelhart, Hinton & Williams 1986), trained with
 * TensorFlow.js on the wasm backend: ReLU or tanh hidden layers with inverted dropout
 * (Srivastava et al. 2014), L2 on the kernels, Adam, class weights, early stopping on a
 * validation set, and outputs for binary (sigmoid), multiclass (softmax) and regression (mean,
 * or non-crossing quantiles with the pinball loss). See dense-json.ts for the output
 * transforms, input-encoding.ts for missing values, train-loop.ts for the loop.
 *
 * The trained model is plain JSON (mlp-json.ts); `MlpModel.predict` runs the pure TypeScript
 * path (mlp-infer.ts), `predictTf` the same network in tfjs (float32), for comparison.
 */
import * as tf from '@tensorflow/tfjs';
import { PdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { NnBackendName } from './backend.js';
import { initNnBackend } from './backend.js';
import type { MlpConfig, MlpConfigInput } from './config.js';
import { parseMlpConfig } from './config.js';
import type { DenseVars } from './dense-tf.js';
import {
  createDenseVars,
  denseForward,
  denseVarsFromJSON,
  denseVarsToJSON,
  dropoutMask,
  outputTf,
} from './dense-tf.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { checkFeatureMatrix, checkTargets } from './feature-matrix.js';
import { holdOut } from './holdout.js';
import type { InputSpec } from './input-encoding.js';
import { encodeRowInto, encodedWidth, fitInputSpec } from './input-encoding.js';
import { batchLoss } from './losses-tf.js';
import type { MlpJSON } from './mlp-json.js';
import { MLP_FORMAT, deepFreeze, parseMlpJSON } from './mlp-json.js';
import { predictMlpMatrix } from './mlp-infer.js';
import type { TargetSpec } from './targets.js';
import { checkTargetsFor, fillTargets, fitTargets } from './targets.js';
import type { EpochProgress, Split, TrainHooks } from './train-loop.js';
import { runTrainingLoop } from './train-loop.js';

export interface MlpTrainOptions extends TrainHooks {
  /** Validation rows for early stopping (default: `validationSplit` of the training rows). */
  readonly valid?: { readonly x: FeatureMatrix; readonly y: ArrayLike<number> };
  /** Group (machine) of each training row: the default hold-out then splits by group. */
  readonly groups?: ArrayLike<number>;
}

export class MlpModel {
  /** The serialised model (frozen). */
  readonly json: MlpJSON;
  /** Progress of every epoch (empty for a model loaded from JSON). */
  readonly history: readonly EpochProgress[];

  constructor(json: MlpJSON, history: readonly EpochProgress[] = []) {
    this.json = deepFreeze(json);
    this.history = history;
  }

  get config(): Readonly<MlpConfig> {
    return this.json.config;
  }

  toJSON(): MlpJSON {
    return this.json;
  }

  /** Pure TypeScript prediction (Float64), row-major [rows x outputs]. */
  predict(x: FeatureMatrix): Float64Array {
    return predictMlpMatrix(this.json, x);
  }

  /** The same prediction computed by tfjs in float32 (initialises the backend). */
  async predictTf(x: FeatureMatrix): Promise<Float64Array> {
    checkFeatureMatrix(x, 'x', this.json.input.features);
    await initNnBackend();
    const input = this.json.input;
    const w = encodedWidth(input);
    const buf = new Float32Array(x.rows * w);
    for (let i = 0; i < x.rows; i++) encodeRowInto(input, x.data, i * x.cols, buf, i * w, 1);
    const vars = denseVarsFromJSON(this.json.layers);
    try {
      const y = tf.tidy(() =>
        outputTf(this.json.output, denseForward(vars, tf.tensor2d(buf, [x.rows, w]), null, [])),
      );
      const out = Float64Array.from(y.dataSync());
      y.dispose();
      return out;
    } finally {
      for (const v of vars) {
        v.w.dispose();
        v.b.dispose();
      }
    }
  }
}

/** Loads a serialised MLP (validated: PDM_INPUT_INVALID naming the field). */
export function mlpFromJSON(json: unknown): MlpModel {
  return new MlpModel(parseMlpJSON(json));
}

/**
 * Trains an MLP on `x` (rows of features, NaN for missing) and `y` (0/1 labels, class labels
 * 0..K-1, or numbers, by `config.task`).
 */
export async function trainMlp(
  x: FeatureMatrix,
  y: ArrayLike<number>,
  config?: MlpConfigInput,
  options: MlpTrainOptions = {},
): Promise<MlpModel> {
  const c = parseMlpConfig(config);
  checkFeatureMatrix(x, 'x');
  checkTargets(y, x.rows, 'y');
  if (options.valid !== undefined) {
    checkFeatureMatrix(options.valid.x, 'valid.x', x.cols);
    checkTargets(options.valid.y, options.valid.x.rows, 'valid.y');
  }
  if (options.groups !== undefined && options.groups.length !== x.rows) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `groups: expected one group per row (${x.rows}), got ${options.groups.length}`,
    );
  }
  const backend = await initNnBackend();
  const random = new Random(c.seed, 'nn', 'mlp');
  const split =
    options.valid === undefined
      ? holdOut(x.rows, c.validationSplit, random.fork('holdout'), options.groups)
      : { train: Int32Array.from({ length: x.rows }, (_, i) => i), valid: null };
  const input = fitInputSpec(x, c);
  const targets = fitTargets(y, split.train, c, 'y');
  const valid = options.valid ?? { x, y };
  const validRows =
    split.valid ?? Int32Array.from({ length: options.valid?.x.rows ?? 0 }, (_, i) => i);
  checkTargetsFor(targets, valid.y, validRows, options.valid === undefined ? 'y' : 'valid.y');

  const vars = createDenseVars(
    random.fork('init'),
    encodedWidth(input),
    c.hidden,
    c.activation,
    targets.rawUnits,
  );
  const batches = new BatchBuilder(input, targets, c.batchSize);
  const dropoutRandom = random.fork('dropout');
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
        variables: vars.flatMap((v) => [v.w, v.b]),
        kernels: vars.map((v) => v.w),
        random: random.fork('shuffle'),
        batchLoss: (idx, n, s: Split) => {
          const data = s === 'train' ? { x, y } : valid;
          const b = batches.build(data.x, data.y, idx, n);
          const masks =
            s === 'train' && c.dropout > 0
              ? c.hidden.map((u) => dropoutMask(dropoutRandom, n, u, c.dropout))
              : [];
          return batchLoss(targets.output, denseForward(vars, b.x, b.xT, masks), b.y, b.w);
        },
      },
      options,
    );
    return new MlpModel(
      toJSON(c, input, targets, vars, result.summary, backend.name),
      result.history,
    );
  } finally {
    for (const v of vars) {
      v.w.dispose();
      v.b.dispose();
    }
  }
}

function toJSON(
  c: Readonly<MlpConfig>,
  input: InputSpec,
  targets: TargetSpec,
  vars: readonly DenseVars[],
  summary: Omit<MlpJSON['training'], 'backend'>,
  backend: NnBackendName,
): MlpJSON {
  return {
    format: MLP_FORMAT,
    version: 1,
    task: c.task,
    input: { ...input, missingIndicators: [...input.missingIndicators] },
    layers: denseVarsToJSON(vars),
    output: targets.output,
    config: { ...c },
    training: { ...summary, backend },
  };
}

/** Fills reusable batch buffers (rows, their transpose, targets, weights) and makes tensors. */
class BatchBuilder {
  private readonly width: number;
  private readonly x: Float32Array;
  private readonly xT: Float32Array;
  private readonly y: Float32Array;
  private readonly w: Float32Array | null;

  constructor(
    private readonly input: InputSpec,
    private readonly targets: TargetSpec,
    maxRows: number,
  ) {
    this.width = encodedWidth(input);
    const rows = Math.max(maxRows, 2048);
    this.x = new Float32Array(rows * this.width);
    this.xT = new Float32Array(rows * this.width);
    this.y = new Float32Array(rows * targets.targetWidth);
    this.w = targets.classWeights === null ? null : new Float32Array(rows);
  }

  build(
    x: FeatureMatrix,
    y: ArrayLike<number>,
    idx: Int32Array,
    n: number,
  ): { x: tf.Tensor2D; xT: tf.Tensor2D; y: tf.Tensor2D; w: tf.Tensor1D | null } {
    const wd = this.width;
    for (let i = 0; i < n; i++) {
      const off = idx[i]! * x.cols;
      encodeRowInto(this.input, x.data, off, this.x, i * wd, 1);
      encodeRowInto(this.input, x.data, off, this.xT, i, n);
    }
    fillTargets(this.targets, y, idx, n, this.y, this.w);
    const tw = this.targets.targetWidth;
    // tf.tensor copies the values on wasm; the cpu backend keeps the view, which is safe
    // because a batch's tensors are disposed before the buffers are refilled.
    return {
      x: tf.tensor2d(this.x.subarray(0, n * wd), [n, wd]),
      xT: tf.tensor2d(this.xT.subarray(0, n * wd), [wd, n]),
      y: tf.tensor2d(this.y.subarray(0, n * tw), [n, tw]),
      w: this.w === null ? null : tf.tensor1d(this.w.subarray(0, n)),
    };
  }
}
