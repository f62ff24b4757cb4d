/**
 * Histogram-based gradient boosting of decision trees (Friedman 2001, "Greedy function
 * approximation"; second-order leaf values of XGBoost, Chen & Guestrin 2016; binned histograms,
 * leaf-wise growth and the subtraction trick of LightGBM, Ke et al. 2017, as in scikit-learn's
 * HistGradientBoosting). One tree per round, one per class per round for multiclass.
 *
 * Each round: gradients and hessians of the loss at the current raw scores, a tree grown on
 * them (grower.ts), leaf values -G / (H + lambda) times the learning rate (pinball: the
 * alpha-quantile of the leaf's residuals), and the raw scores of the training rows updated from
 * the leaf row ranges. Row subsampling (per round) and column subsampling (per tree) draw from
 * seeded streams; with a validation set, early stopping keeps the best round.
 *
 * The row and histogram work runs on an engine: `trainGbdtSync` on the calling thread
 * (engine.ts), `trainGbdt` on worker threads too (engine-threads.ts); both give identical
 * models for a seed, whatever the thread count.
 */
import { PdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { Binning } from './binning.js';
import { fitBinning } from './binning.js';
import { EarlyStopping } from './early-stopping.js';
import type { GbdtConfig, GbdtConfigInput } from './gbdt-config.js';
import { parseGbdtConfig } from './gbdt-config.js';
import { GbdtModel } from './gbdt-model.js';
import { TreeGrower, binnedLeaf } from './grower.js';
import type { BoostedTree } from './boost-tree.js';
import { boostTree } from './boost-tree.js';
import type { Engine } from './engine.js';
import { LocalEngine } from './engine.js';
import type { EngineState } from './engine-state.js';
import { createEngineState } from './engine-state.js';
import { defaultThreadCount, startEngineThreads } from './engine-threads.js';
import type { Loss } from './losses.js';
import { makeLoss } from './losses.js';
import type { Matrix } from './matrix.js';
import { checkMatrix, checkTargets, classLabels, inferClassCount } from './matrix.js';
import { sampleWithoutReplacement } from './sampling.js';
import { runSteps, runToEnd } from './steps.js';
import type { Tree } from './tree.js';

export interface GbdtProgress {
  /** Rounds done (1-based). */
  readonly round: number;
  /** Mean training loss after this round (see losses.ts). */
  readonly trainLoss: number;
  /** Mean validation loss, or null without a validation set. */
  readonly validLoss: number | null;
  readonly elapsedMs: number;
}

export interface GbdtTrainOptions {
  /** Validation rows for early stopping and `validLoss`. */
  readonly valid?: { readonly X: Matrix; readonly y: ArrayLike<number> };
  /** Classes for binary/multiclass (default: largest label + 1). */
  readonly nClasses?: number;
  /** Called after every round. Training loss is computed only when this is set. */
  readonly onRound?: (p: GbdtProgress) => void;
  /** Clock for `elapsedMs` (default performance.now). */
  readonly now?: () => number;
  /** Binning fitted beforehand (default: fitted on X with config.maxBins). */
  readonly binning?: Binning;
  /** Threads for `trainGbdt`, the caller's included (default: available cores, at most 8). */
  readonly threads?: number;
  /**
   * Multiclass on several threads: grow a round's trees side by side, one per thread
   * (engine-lanes.ts), rather than each tree's nodes split over the threads. Default: when
   * there are at least twice as many classes as threads, so that the threads end a round
   * together. Never with more than 4,096 leaves per tree, nor when the lanes' row indices and
   * gradients (20 bytes per row and thread) would not fit the WebAssembly arena beside the
   * codes; each lane also keeps its own histograms (at most a tree's open leaves, 4 KiB per
   * feature each). The model is the same either way.
   */
  readonly treeLanes?: boolean;
  /**
   * Columns of X the trees may split on (default: every column). The model still reads rows of
   * X's full width, so it scores the same matrix as a model trained on every column; columns
   * left out are never read. `colsample` then draws from these columns.
   */
  readonly features?: ArrayLike<number>;
  /**
   * `trainGbdt` stops between rounds once this is aborted, throwing PDM_INTERRUPTED. It yields
   * to the event loop about every 50 ms so that a signal handler can run (`trainGbdtSync`
   * never yields and does not read it).
   */
  readonly signal?: AbortSignal;
}

const INTERRUPTED = 'training interrupted between boosting rounds';

/** Trains on the calling thread. */
export function trainGbdtSync(
  x: Matrix,
  y: ArrayLike<number>,
  config: GbdtConfigInput = {},
  options: GbdtTrainOptions = {},
): GbdtModel {
  const job = prepare(x, y, parseGbdtConfig(config), options, 1);
  return runToEnd(boost(job, new LocalEngine(job.state)));
}

/** Trains on `options.threads` threads (the caller's included); the same model as trainGbdtSync. */
export async function trainGbdt(
  x: Matrix,
  y: ArrayLike<number>,
  config: GbdtConfigInput = {},
  options: GbdtTrainOptions = {},
): Promise<GbdtModel> {
  const threads = options.threads ?? defaultThreadCount();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new PdmError('PDM_INPUT_INVALID', `threads: expected an integer >= 1, got ${threads}`);
  }
  const job = prepare(x, y, parseGbdtConfig(config), options, threads);
  if (threads === 1)
    return runSteps(boost(job, new LocalEngine(job.state)), options.signal, INTERRUPTED);
  const pool = await startEngineThreads(threads, job.state);
  try {
    return await runSteps(boost(job, pool), options.signal, INTERRUPTED);
  } finally {
    await pool.close();
  }
}

interface Job {
  readonly cfg: Readonly<GbdtConfig>;
  readonly options: GbdtTrainOptions;
  readonly binning: Binning;
  readonly state: EngineState;
  readonly nClasses: number;
  readonly loss: Loss;
  readonly valid: { readonly x: Matrix; readonly y: Float64Array } | null;
  /** The columns trees may split on; null: all. */
  readonly allowed: Int32Array | null;
}

function prepare(
  x: Matrix,
  yIn: ArrayLike<number>,
  cfg: Readonly<GbdtConfig>,
  options: GbdtTrainOptions,
  threads: number,
): Job {
  const shared = threads > 1;
  checkMatrix(x, 'X');
  const classification = cfg.loss === 'binary' || cfg.loss === 'multiclass';
  let nClasses = 0;
  const targets = (v: ArrayLike<number>, rows: number, name: string): Float64Array => {
    if (!classification) {
      checkTargets(v, rows, name);
      return Float64Array.from(v);
    }
    return Float64Array.from(classLabels(v, rows, nClasses, name));
  };
  if (classification) {
    nClasses = cfg.loss === 'binary' ? 2 : (options.nClasses ?? inferClassCount(yIn));
    if (!Number.isInteger(nClasses) || nClasses < 2) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `nClasses: expected an integer >= 2, got ${nClasses}`,
      );
    }
  }
  const y = targets(yIn, x.rows, 'y');
  const allowed = allowedColumns(options.features, x.cols);
  let valid: Job['valid'] = null;
  if (options.valid !== undefined) {
    checkMatrix(options.valid.X, 'valid.X', x.cols);
    valid = { x: options.valid.X, y: targets(options.valid.y, options.valid.X.rows, 'valid.y') };
  }
  const binning = options.binning ?? fitBinning(x, { maxBins: cfg.maxBins, seed: cfg.seed });
  if (binning.nFeatures !== x.cols) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `binning: fitted on ${binning.nFeatures} features, X has ${x.cols}`,
    );
  }
  const loss = makeLoss(cfg.loss, nClasses, cfg.alpha);
  const binned = binning.binMatrix(x, shared);
  const lanes =
    shared &&
    cfg.loss === 'multiclass' &&
    cfg.maxLeaves <= MAX_LANE_LEAVES &&
    (options.treeLanes ?? nClasses >= 2 * threads);
  const sizes = {
    binned,
    nBins: Int32Array.from({ length: x.cols }, (_, f) => binning.nBins(f)),
    params: cfg,
    loss: { kind: cfg.loss, nClasses, alpha: cfg.alpha },
    outputs: loss.outputs,
    y,
    // Shared histograms for the open leaves (beyond them, leaves are built on one thread).
    slots: shared ? Math.min(cfg.maxLeaves + 1, 64) : 0,
    maxLeaves: cfg.maxLeaves,
    threads,
    lanes: lanes
      ? {
          trees: nClasses,
          boost: cfg,
          edges: Array.from({ length: x.cols }, (_, f) => binning.edgesOf(f)),
        }
      : null,
  };
  return {
    cfg,
    options,
    binning,
    state: createEngineState(sizes, shared),
    nClasses,
    loss,
    valid,
    allowed,
  };
}

/** Tree lanes keep a record per class of at most this many leaves (tree-record.ts). */
const MAX_LANE_LEAVES = 4096;

/** Boosting, one round per step (the generator yields after each). */
function* boost(job: Job, engine: Engine): Generator<void, GbdtModel> {
  const { cfg, loss, valid, options } = job;
  const s = engine.state;
  const { binned, y, raw, idx } = s;
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const n = binned.rows;
  const d = binned.cols;
  const K = loss.outputs;
  const base = loss.baseScore(y);
  for (let i = 0; i < n; i++) raw.set(base, i * K);
  const rawValid = valid === null ? null : new Float64Array(valid.x.rows * K);
  if (valid !== null) for (let i = 0; i < valid.x.rows; i++) rawValid!.set(base, i * K);

  const grower = new TreeGrower(job.binning, cfg);
  const rowRng = new Random(cfg.seed, 'gbdt', 'rows');
  const colRng = new Random(cfg.seed, 'gbdt', 'columns');
  const allRows = sampleWithoutReplacement(n, n, rowRng);
  const sampleSize = Math.max(1, Math.round(cfg.subsample * n));
  const inSample = cfg.subsample < 1 ? new Uint8Array(n) : null;
  const allowed = job.allowed;
  const perm = allowed ?? Int32Array.from({ length: d }, (_, f) => f);
  const colCount = Math.max(1, Math.round(cfg.colsample * perm.length));
  // One mask per tree of a round, drawn in output order (fixed when only some columns are
  // allowed and every one of them is used).
  const masks = cfg.colsample < 1 || allowed !== null ? new Uint8Array(K * d) : null;
  if (masks !== null && cfg.colsample >= 1)
    for (const f of perm) for (let k = 0; k < K; k++) masks[k * d + f] = 1;
  const residuals = loss.quantile === null ? null : new Float64Array(n);
  const gains = new Float64Array(d);
  let bestGains = new Float64Array(d);
  const trees: Tree[] = [];
  const stopper =
    valid !== null && cfg.earlyStopping > 0 ? new EarlyStopping(cfg.earlyStopping) : null;

  for (let round = 0; round < cfg.rounds; round++) {
    const rows = inSample === null ? allRows : sampleWithoutReplacement(n, sampleSize, rowRng);
    if (inSample !== null) {
      inSample.fill(0);
      for (const r of rows) inSample[r] = 1;
    }
    const maskOf = (k: number) => (masks === null ? null : masks.subarray(k * d, (k + 1) * d));
    if (masks !== null && cfg.colsample < 1)
      for (let k = 0; k < K; k++) drawColumns(colRng, perm, colCount, maskOf(k)!);
    let side: BoostedTree[] | null = null;
    if (loss.kind === 'multiclass') {
      engine.prepare();
      idx.set(rows);
      side = engine.boostRound(rows.length, masks);
    }
    for (let k = 0; k < K; k++) {
      let boosted = side?.[k];
      if (boosted === undefined) {
        idx.set(rows);
        boosted = boostTree(grower, engine, loss, k, rows.length, maskOf(k), cfg, residuals);
      }
      const { tree, binThreshold, splitFeature, splitGain } = boosted;
      for (let j = 0; j < splitFeature.length; j++) {
        gains[splitFeature[j]!] = gains[splitFeature[j]!]! + splitGain[j]!;
      }
      trees.push(tree);
      if (inSample !== null) {
        for (let r = 0; r < n; r++) {
          if (inSample[r] === 1) continue;
          const leaf = binnedLeaf(tree, binThreshold, binned, r);
          raw[r * K + k] = raw[r * K + k]! + tree.value[leaf]!;
        }
      }
      if (valid !== null) {
        const data = valid.x.data;
        for (let i = 0; i < valid.x.rows; i++) {
          const o = i * K + k;
          rawValid![o] = rawValid![o]! + tree.value[tree.leafIndex(data, i * d)]!;
        }
      }
    }
    const validLoss = valid === null ? null : loss.value(rawValid!, valid.y);
    let stop = false;
    if (stopper !== null && validLoss !== null) {
      stop = stopper.update(round, validLoss);
      if (stopper.bestRound === round) bestGains = gains.slice();
    }
    if (options.onRound !== undefined) {
      options.onRound({
        round: round + 1,
        trainLoss: loss.value(raw, y),
        validLoss,
        elapsedMs: now() - t0,
      });
    }
    if (stop) break;
    yield;
  }

  let bestRound: number | null = null;
  let kept = gains;
  if (stopper !== null && stopper.bestRound + 1 < trees.length / K) {
    bestRound = stopper.bestRound;
    trees.length = (bestRound + 1) * K;
    kept = bestGains;
  }
  return new GbdtModel({
    config: cfg,
    nClasses: job.nClasses,
    nFeatures: d,
    baseScore: base,
    trees,
    bestRound,
    featureImportance: normalise(kept),
  });
}

/** The allowed columns as indices, checked; null when every column is allowed. */
function allowedColumns(features: ArrayLike<number> | undefined, d: number): Int32Array | null {
  if (features === undefined) return null;
  const seen = new Uint8Array(d);
  for (let i = 0; i < features.length; i++) {
    const f = features[i]!;
    if (!Number.isInteger(f) || f < 0 || f >= d || seen[f] === 1) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `features[${i}]: expected a distinct column index in [0, ${d - 1}], got ${f}`,
      );
    }
    seen[f] = 1;
  }
  if (features.length === 0)
    throw new PdmError('PDM_INPUT_INVALID', 'features: expected at least one column index');
  return Int32Array.from(features);
}

/** Marks `count` features drawn without replacement (partial Fisher-Yates over perm). */
function drawColumns(rng: Random, perm: Int32Array, count: number, mask: Uint8Array): void {
  mask.fill(0);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(perm.length - i);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
    mask[perm[i]!] = 1;
  }
}

function normalise(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  return s > 0 ? v.map((x) => x / s) : new Float64Array(v.length);
}
