/**
 * Random forests (Breiman 2001, "Random forests", Machine Learning 45): each tree is grown on
 * a bootstrap sample of the rows with a random subset of features tried at each split
 * (forest-grower.ts), on the same binned table as boosting. Tree t draws from streams seeded by
 * (seed, t), so a forest is the same whether its trees grow on one thread (`trainForestSync`)
 * or on worker threads (`trainForest`, forest-worker.ts).
 */
import { PdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { runPool } from '../../data/worker-pool.js';
import { compiledWorkerUrl } from '../../data/worker-pool.js';
import type { BinnedMatrix } from './binning.js';
import { Binning, fitBinning } from './binning.js';
import type { ForestConfig, ForestConfigInput } from './forest-config.js';
import { featuresPerSplit, parseForestConfig } from './forest-config.js';
import { runSteps, runToEnd } from './steps.js';
import type { ForestTree, ForestTreeParams } from './forest-grower.js';
import { ForestTreeGrower } from './forest-grower.js';
import { ForestModel } from './forest-model.js';
import { defaultThreadCount } from './engine-threads.js';
import type { Matrix } from './matrix.js';
import { checkMatrix, checkTargets, classLabels, inferClassCount } from './matrix.js';
import { bootstrapCounts } from './sampling.js';
import { Tree } from './tree.js';

export interface ForestProgress {
  readonly treesDone: number;
  readonly trees: number;
  readonly elapsedMs: number;
}

export interface ForestTrainOptions {
  /** Classes for classification (default: largest label + 1). */
  readonly nClasses?: number;
  /** Binning fitted beforehand (default: fitted on X with config.maxBins). */
  readonly binning?: Binning;
  /** Called as trees finish (in completion order). */
  readonly onTree?: (p: ForestProgress) => void;
  readonly now?: () => number;
  /** Worker threads for `trainForest` (default: available cores, at most 8). */
  readonly threads?: number;
  /**
   * `trainForest` stops between trees once this is aborted, throwing PDM_INTERRUPTED (on one
   * thread it then lets the event loop turn between trees; `trainForestSync` does not read it).
   */
  readonly signal?: AbortSignal;
}

/** What a tree needs; plain data, so it can go to a worker thread. */
export interface ForestJob {
  readonly binned: BinnedMatrix;
  readonly edges: Float32Array[];
  readonly y: Float64Array;
  readonly params: ForestTreeParams;
  readonly seed: number;
  readonly bootstrap: boolean;
}

/** A grown tree as typed arrays (what a worker sends back). */
export interface ForestTreeResult {
  readonly nOutputs: number;
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  readonly value: Float32Array;
  readonly samples: Float32Array;
  readonly gains: Float64Array;
}

export function trainForestSync(
  x: Matrix,
  y: ArrayLike<number>,
  config: ForestConfigInput = {},
  options: ForestTrainOptions = {},
): ForestModel {
  return runToEnd(growTrees(x, y, parseForestConfig(config), options));
}

/** The forest grown on the calling thread, one tree per step (the generator yields after each). */
function* growTrees(
  x: Matrix,
  y: ArrayLike<number>,
  cfg: ForestConfig,
  options: ForestTrainOptions,
): Generator<void, ForestModel> {
  const job = prepareForest(x, y, cfg, options, false);
  const binning = new Binning(job.edges);
  const grower = new ForestTreeGrower(job.binned, binning, job.y, job.params);
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const results: ForestTreeResult[] = [];
  for (let t = 0; t < cfg.trees; t++) {
    results.push(growForestTree(job, grower, t));
    options.onTree?.({ treesDone: t + 1, trees: cfg.trees, elapsedMs: now() - t0 });
    yield;
  }
  return assemble(cfg, job, x.cols, results);
}

export async function trainForest(
  x: Matrix,
  y: ArrayLike<number>,
  config: ForestConfigInput = {},
  options: ForestTrainOptions = {},
): Promise<ForestModel> {
  const threads = options.threads ?? defaultThreadCount();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new PdmError('PDM_INPUT_INVALID', `threads: expected an integer >= 1, got ${threads}`);
  }
  const cfg = parseForestConfig(config);
  if (threads === 1 || cfg.trees === 1) {
    return runSteps(
      growTrees(x, y, cfg, options),
      options.signal,
      'training interrupted between the trees of a forest',
    );
  }
  const job = prepareForest(x, y, cfg, options, true);
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const results: ForestTreeResult[] = new Array<ForestTreeResult>(cfg.trees);
  let done = 0;
  await runPool<ForestTreeResult, never>({
    workerUrl: compiledWorkerUrl(import.meta.url, './forest-worker.js'),
    workerData: job,
    taskCount: cfg.trees,
    workers: threads,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    interruptedMessage: 'training interrupted before every tree of the forest was grown',
    onResult: (index, result) => {
      results[index] = result;
      done++;
      options.onTree?.({ treesDone: done, trees: cfg.trees, elapsedMs: now() - t0 });
    },
  });
  return assemble(cfg, job, x.cols, results);
}

/** Grows tree t of a job (same result on any thread). */
export function growForestTree(
  job: ForestJob,
  grower: ForestTreeGrower,
  t: number,
): ForestTreeResult {
  const n = job.binned.rows;
  let rows: Uint32Array;
  let weights: Uint16Array;
  let count: number;
  if (job.bootstrap) {
    const b = bootstrapCounts(n, new Random(job.seed, 'forest', 'bootstrap', t));
    rows = b.rows;
    weights = b.counts;
    count = b.inBag;
  } else {
    rows = Uint32Array.from({ length: n }, (_, i) => i);
    weights = new Uint16Array(n).fill(1);
    count = n;
  }
  const grown: ForestTree = grower.grow(
    rows,
    count,
    weights,
    new Random(job.seed, 'forest', 'features', t),
    new Random(job.seed, 'forest', 'samples', t),
  );
  const tree = grown.tree;
  return {
    nOutputs: tree.nOutputs,
    feature: tree.feature,
    threshold: tree.threshold,
    left: tree.left,
    right: tree.right,
    defaultLeft: tree.defaultLeft,
    value: tree.value,
    samples: grown.samples,
    gains: grown.gains,
  };
}

function prepareForest(
  x: Matrix,
  yIn: ArrayLike<number>,
  cfg: Readonly<ForestConfig>,
  options: ForestTrainOptions,
  shared: boolean,
): ForestJob {
  checkMatrix(x, 'X');
  let nClasses = 0;
  let y: Float64Array;
  if (cfg.task === 'classification') {
    nClasses = options.nClasses ?? inferClassCount(yIn);
    if (!Number.isInteger(nClasses) || nClasses < 2) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `nClasses: expected an integer >= 2, got ${nClasses}`,
      );
    }
    y = Float64Array.from(classLabels(yIn, x.rows, nClasses, 'y'));
  } else {
    checkTargets(yIn, x.rows, 'y');
    y = Float64Array.from(yIn);
  }
  const binning = options.binning ?? fitBinning(x, { maxBins: cfg.maxBins, seed: cfg.seed });
  if (binning.nFeatures !== x.cols) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `binning: fitted on ${binning.nFeatures} features, X has ${x.cols}`,
    );
  }
  if (shared) {
    const s = new Float64Array(new SharedArrayBuffer(8 * y.length));
    s.set(y);
    y = s;
  }
  return {
    binned: binning.binMatrix(x, shared),
    edges: Array.from({ length: x.cols }, (_, f) => binning.edgesOf(f)),
    y,
    params: {
      nClasses,
      maxDepth: cfg.maxDepth ?? Infinity,
      minSamplesSplit: cfg.minSamplesSplit,
      minSamplesLeaf: cfg.minSamplesLeaf,
      mtry: featuresPerSplit(cfg, x.cols),
      leafSamples: cfg.task === 'regression' ? cfg.leafSamples : 0,
    },
    seed: cfg.seed,
    bootstrap: cfg.bootstrap,
  };
}

function assemble(
  cfg: Readonly<ForestConfig>,
  job: ForestJob,
  nFeatures: number,
  results: readonly ForestTreeResult[],
): ForestModel {
  const gains = new Float64Array(nFeatures);
  const trees = results.map((r) => {
    for (let f = 0; f < nFeatures; f++) gains[f] = gains[f]! + r.gains[f]!;
    return new Tree(r.nOutputs, r.feature, r.threshold, r.left, r.right, r.defaultLeft, r.value);
  });
  let s = 0;
  for (const g of gains) s += g;
  return new ForestModel({
    config: cfg,
    nClasses: job.params.nClasses,
    nFeatures,
    trees,
    leafSamples: results.map((r) => r.samples),
    featureImportance: s > 0 ? gains.map((g) => g / s) : gains,
  });
}
