/**
 * Export of a bundle's models to one ONNX model, the format edge runtimes load. The graph has
 * one input, `features` (float32 [N, D], the bundle's feature names in order), two more when a
 * sequence model is exported (`history` [N, T, D], each row's machine's last T rows of the same
 * features, and `history_mask` [N, T]; see exportSequence), and one output per exported task:
 * - `fault`: class probabilities [N, K] (classes in the bundle's order);
 * - `horizon`: probability of failure within the horizon [N, 1];
 * - `rul`: remaining-life quantiles [N, 3] (lower, median, upper; calibrated and sorted);
 * - `anomaly`: Mahalanobis or isolation-forest anomaly score [N, 1].
 * Trees become ai.onnx.ml TreeEnsembleRegressor nodes (BRANCH_LEQ, float32 thresholds, NaN
 * routed by nodes_missing_value_tracks_true) giving raw scores, followed by Sigmoid or Softmax;
 * forests average their trees. An isolation forest is the same node (BRANCH_LT) averaging each
 * leaf's path length, then 2^(-mean / c(psi)). The degradation model is not exported.
 */
import { PdmError } from '../../core/errors.js';
import type { RobustScalerJson } from '../../features/normalize.js';
import type { Bundle, TaskModel } from '../bundle.js';
import type { ModelJson } from '../scorer.js';
import { ForestModel, GbdtModel } from '../trees/index.js';
import type { Tree } from '../trees/index.js';
import { OnnxGraph } from './graph.js';
import onnxProto from 'onnx-proto';
import {
  exportMlpToOnnx,
  exportSequenceToOnnx,
  ONNX_MLP_INPUT,
  ONNX_SEQUENCE_INPUT,
  ONNX_SEQUENCE_MASK,
  parseMlpJSON,
  parseSequenceJSON,
} from '../nn/index.js';
import type { IsolationForestModel } from '../anomaly/isolation-forest.js';
import { averagePathLength } from '../anomaly/isolation-forest.js';

/** What `treeEnsemble` reads of a tree (a `Tree`, or an isolation tree laid out alike). */
type EnsembleTree = Pick<
  Tree,
  'nodeCount' | 'nOutputs' | 'feature' | 'threshold' | 'left' | 'right' | 'defaultLeft' | 'value'
>;

/**
 * Adds a TreeEnsembleRegressor over `input` with K targets; returns its output name. A split
 * sends a row left (the true branch) when its value is <= the threshold (`BRANCH_LEQ`, the
 * project's trees) or < it (`BRANCH_LT`, isolation trees).
 */
function treeEnsemble(
  g: OnnxGraph,
  input: string,
  trees: readonly { tree: EnsembleTree; target: number }[],
  k: number,
  base: readonly number[],
  aggregate: 'SUM' | 'AVERAGE',
  branch: 'BRANCH_LEQ' | 'BRANCH_LT' = 'BRANCH_LEQ',
): string {
  const nodesTreeIds: number[] = [];
  const nodesNodeIds: number[] = [];
  const nodesFeatureIds: number[] = [];
  const nodesModes: string[] = [];
  const nodesValues: number[] = [];
  const nodesTrue: number[] = [];
  const nodesFalse: number[] = [];
  const nodesMissing: number[] = [];
  const targetTree: number[] = [];
  const targetNode: number[] = [];
  const targetIds: number[] = [];
  const targetWeights: number[] = [];
  trees.forEach(({ tree, target }, t) => {
    for (let i = 0; i < tree.nodeCount; i++) {
      nodesTreeIds.push(t);
      nodesNodeIds.push(i);
      const f = tree.feature[i]!;
      if (f < 0) {
        nodesFeatureIds.push(0);
        nodesModes.push('LEAF');
        nodesValues.push(0);
        nodesTrue.push(0);
        nodesFalse.push(0);
        nodesMissing.push(0);
        for (let o = 0; o < tree.nOutputs; o++) {
          targetTree.push(t);
          targetNode.push(i);
          targetIds.push(tree.nOutputs === 1 ? target : o);
          targetWeights.push(tree.value[i * tree.nOutputs + o]!);
        }
      } else {
        nodesFeatureIds.push(f);
        nodesModes.push(branch);
        const th = tree.threshold[i]!;
        nodesValues.push(th === Infinity ? 3.4028234663852886e38 : th);
        nodesTrue.push(tree.left[i]!);
        nodesFalse.push(tree.right[i]!);
        nodesMissing.push(tree.defaultLeft[i]!);
      }
    }
  });
  const out = g.name('scores');
  g.node(
    'TreeEnsembleRegressor',
    [input],
    [out],
    {
      aggregate_function: { s: aggregate },
      base_values: { floats: base },
      n_targets: { i: k },
      nodes_falsenodeids: { ints: nodesFalse },
      nodes_featureids: { ints: nodesFeatureIds },
      nodes_hitrates: { floats: nodesTreeIds.map(() => 1) },
      nodes_missing_value_tracks_true: { ints: nodesMissing },
      nodes_modes: { strings: nodesModes },
      nodes_nodeids: { ints: nodesNodeIds },
      nodes_treeids: { ints: nodesTreeIds },
      nodes_truenodeids: { ints: nodesTrue },
      nodes_values: { floats: nodesValues },
      post_transform: { s: 'NONE' },
      target_ids: { ints: targetIds },
      target_nodeids: { ints: targetNode },
      target_treeids: { ints: targetTree },
      target_weights: { floats: targetWeights },
    },
    'ai.onnx.ml',
  );
  return out;
}

/**
 * p(normal) with its odds multiplied by `normalOdds` where every context input of the row is
 * missing (scorer.ts `isVibrationOnly`, fault-decision.ts `withNormalOdds`): m = 1 + (normalOdds - 1) x
 * [all NaN], then m p / (m p - p + 1).
 */
function vibrationOnlyNormal(
  g: OnnxGraph,
  input: string,
  pn: string,
  vo: { columns: number[]; normalOdds: number },
): string {
  const ctx = g.name('context');
  g.node(
    'Gather',
    [input, g.int64Tensor(g.name('context_idx'), [vo.columns.length], vo.columns)],
    [ctx],
    {
      axis: { i: 1 },
    },
  );
  const nan = g.name('context_nan');
  g.node('IsNaN', [ctx], [nan]);
  const nanF = g.name('context_nan_f');
  g.node('Cast', [nan], [nanF], { to: { i: onnxProto.onnx.TensorProto.DataType.FLOAT } });
  const all = g.name('vibration_only');
  g.node('ReduceMin', [nanF], [all], { axes: { ints: [1] }, keepdims: { i: 1 } });
  const one = g.floatTensor(g.name('one'), [1], [1]);
  const scaled = g.name('odds_minus_one');
  g.node('Mul', [all, g.floatTensor(g.name('k1'), [1], [vo.normalOdds - 1])], [scaled]);
  const m = g.name('odds');
  g.node('Add', [scaled, one], [m]);
  const a = g.name('mp');
  g.node('Mul', [m, pn], [a]);
  const d0 = g.name('mp_minus_p');
  g.node('Sub', [a, pn], [d0]);
  const den = g.name('den');
  g.node('Add', [d0, one], [den]);
  const out = g.name('pn');
  g.node('Div', [a, den], [out]);
  return out;
}

/** Raw-score ensemble of a GBDT model (one target per class for multiclass). */
function gbdtScores(
  g: OnnxGraph,
  input: string,
  json: unknown,
): { out: string; k: number; loss: string } {
  const m = GbdtModel.fromJSON(json);
  const k = m.treesPerRound;
  const trees = m.trees.map((tree, i) => ({ tree, target: i % k }));
  return { out: treeEnsemble(g, input, trees, k, Array.from(m.baseScore), 'SUM'), k, loss: m.loss };
}

/** Adds one task's output `outName` to the graph; returns its width (columns). */
type TaskExporter = (
  g: OnnxGraph,
  bundle: Bundle,
  t: TaskModel,
  model: ModelJson,
  outName: string,
) => number;

/**
 * A task's input columns gathered from `source` along `axis`: the bundle's features (`features`
 * [N, D], axis 1) or each row's history (`history` [N, T, D], axis 2).
 */
function columns(
  g: OnnxGraph,
  bundle: Bundle,
  t: TaskModel,
  source = 'features',
  axis: 1 | 2 = 1,
): string {
  const idx = t.inputs.map((f) => bundle.features.names.indexOf(f));
  if (idx.some((i) => i < 0))
    throw new PdmError(
      'PDM_BUNDLE_CORRUPT',
      `the ${t.task} model uses features missing from the bundle's feature list`,
    );
  const out = g.name(`${t.task}_inputs`);
  g.node('Gather', [source, g.int64Tensor(g.name('idx'), [idx.length], idx)], [out], {
    axis: { i: axis },
  });
  return out;
}

const exportClassifier: TaskExporter = (g, bundle, t, model, outName) => {
  const input = columns(g, bundle, t);
  if (model.kind === 'fault_severity') {
    const clf = gbdtScores(g, input, model.classifier);
    const pc = g.name('pc');
    g.node('Softmax', [clf.out], [pc], { axis: { i: 1 } });
    const pc0 = g.name('pn0');
    g.node(
      'Gather',
      [pc, g.int64Tensor(g.name('normal'), [1], [model.classes.indexOf('normal')])],
      [pc0],
      { axis: { i: 1 } },
    );
    // no context columns (the scorer never raises the odds then) or a factor of 1: nothing to do
    const vo = model.vibrationOnly;
    const pn =
      vo === undefined || vo.columns.length === 0 || vo.normalOdds === 1
        ? pc0
        : vibrationOnlyNormal(g, input, pc0, vo);
    const sev = model.regressors.map((r) => gbdtScores(g, input, r.model).out);
    const s = g.name('sev');
    g.node('Concat', sev, [s], { axis: { i: 1 } });
    // each mode's severity estimate, for naming every mode present (fault-presence.ts)
    g.node('Identity', [s], [`${outName}_severity`]);
    const sb = g.name('sev_beta');
    g.node('Mul', [s, g.floatTensor(g.name('beta'), [1], [model.beta])], [sb]);
    const w = g.name('w');
    g.node('Softmax', [sb], [w], { axis: { i: 1 } });
    const rest = g.name('rest');
    g.node('Sub', [g.floatTensor(g.name('one'), [1], [1]), pn], [rest]);
    const f = g.name('faults');
    g.node('Mul', [w, rest], [f]);
    const all = g.name('all');
    g.node('Concat', [pn, f], [all], { axis: { i: 1 } });
    const perm = model.classes.map((c) =>
      c === 'normal' ? 0 : 1 + model.regressors.findIndex((r) => r.mode === c),
    );
    g.node('Gather', [all, g.int64Tensor(g.name('perm'), [perm.length], perm)], [outName], {
      axis: { i: 1 },
    });
    return model.classes.length;
  }
  if (model.kind === 'gbdt') {
    const { out, k, loss } = gbdtScores(g, input, model.model);
    if (loss === 'multiclass') {
      g.node('Softmax', [out], [outName], { axis: { i: 1 } });
      return k;
    }
    const p = g.name('p');
    g.node('Sigmoid', [out], [p]);
    if (t.task === 'horizon') {
      g.node('Identity', [p], [outName]);
      return 1;
    }
    // a two-class fault model: [1 - p, p]
    const one = g.floatTensor(g.name('one'), [1], [1]);
    const q = g.name('q');
    g.node('Sub', [one, p], [q]);
    g.node('Concat', [q, p], [outName], { axis: { i: 1 } });
    return 2;
  }
  if (model.kind === 'forest') {
    const m = ForestModel.fromJSON(model.model);
    const k = Math.max(1, m.nClasses);
    const out = treeEnsemble(
      g,
      input,
      m.trees.map((tree) => ({ tree, target: 0 })),
      k,
      new Array<number>(k).fill(0),
      'AVERAGE',
    );
    if (t.task === 'horizon' && k === 2) {
      g.node('Gather', [out, g.int64Tensor(g.name('one'), [1], [1])], [outName], {
        axis: { i: 1 },
      });
      return 1;
    }
    g.node('Identity', [out], [outName]);
    return k;
  }
  throw new PdmError('PDM_USAGE', `the ${t.task} model (${model.kind}) cannot be exported to ONNX`);
};

/**
 * The RUL interval from three quantile columns, as the scorer assembles it (scorer.ts
 * `assembleQuantiles`): sorted (lo = min, mid = sum - lo - hi, hi = max), the ends widened by
 * the calibration, every value clamped at 0.
 */
function rulInterval(
  g: OnnxGraph,
  q: readonly [string, string, string],
  widen: number,
  outName: string,
) {
  const lo = g.name('lo');
  const hi = g.name('hi');
  const sum = g.name('sum');
  const sum2 = g.name('sum2');
  const mid = g.name('mid');
  g.node('Min', [...q], [lo]);
  g.node('Max', [...q], [hi]);
  g.node('Sum', [...q], [sum]);
  g.node('Sub', [sum, lo], [sum2]);
  g.node('Sub', [sum2, hi], [mid]);
  const cat = g.name('cat');
  g.node('Concat', [lo, mid, hi], [cat], { axis: { i: 1 } });
  const widened = g.name('widened');
  g.node('Add', [cat, g.floatTensor(g.name('widen'), [1, 3], [-widen, 0, widen])], [widened]);
  g.node('Relu', [widened], [outName]);
}

const exportRul: TaskExporter = (g, bundle, t, model, outName) => {
  if (model.kind !== 'gbdt_quantiles' || model.quantiles.length !== 3) {
    throw new PdmError(
      'PDM_USAGE',
      `the rul model (${model.kind}) cannot be exported to ONNX; train it with --algo gbdt, mlp or lstm`,
    );
  }
  const input = columns(g, bundle, t);
  const q = model.models.map((j) => gbdtScores(g, input, j).out) as [string, string, string];
  rulInterval(g, q, model.widen, outName);
  return 3;
};

const exportMahalanobis: TaskExporter = (g, bundle, t, model, outName) => {
  if (model.kind !== 'mahalanobis')
    throw new PdmError(
      'PDM_USAGE',
      `the anomaly model (${model.kind}) cannot be exported to ONNX; train it with --algo mahalanobis or iforest`,
    );
  // z = (x - center) / scale; a missing input deviates by nothing from the mean: Where(IsNaN)
  const z = normalizedColumns(g, bundle, t);
  const d = model.model.dims;
  const dev0 = g.name('dev0');
  g.node('Sub', [z, g.floatTensor(g.name('mean'), [1, d], model.model.mean)], [dev0]);
  const nan = g.name('nan');
  const dev = g.name('dev');
  g.node('IsNaN', [dev0], [nan]);
  g.node('Where', [nan, g.floatTensor(g.name('zero'), [1], [0]), dev0], [dev]);
  const proj = g.name('proj');
  g.node(
    'MatMul',
    [dev, g.floatTensor(g.name('precision'), [d, d], model.model.precision)],
    [proj],
  );
  const prod = g.name('prod');
  g.node('Mul', [proj, dev], [prod]);
  const ssum = g.name('ssum');
  g.node('ReduceSum', [prod, g.int64Tensor(g.name('axes'), [1], [1])], [ssum], {
    keepdims: { i: 1 },
  });
  g.node('Div', [ssum, g.floatTensor(g.name('dims'), [1], [d])], [outName]);
  return 1;
};

/**
 * An isolation tree in `treeEnsemble`'s layout: each leaf's value is its path length, the
 * depth plus c(size) for the points it still held (isolation-forest.ts).
 */
function isolationTree(tr: IsolationForestModel['trees'][number]): EnsembleTree {
  const nodes = tr.f.length;
  const depth = new Int32Array(nodes);
  const value = new Float32Array(nodes);
  // children follow their parent in the arrays, so one pass in order sets every depth
  for (let i = 0; i < nodes; i++) {
    if (tr.f[i]! >= 0) {
      depth[tr.l[i]!] = depth[i]! + 1;
      depth[tr.r[i]!] = depth[i]! + 1;
    } else value[i] = depth[i]! + averagePathLength(tr.size[i]!);
  }
  return {
    nodeCount: nodes,
    nOutputs: 1,
    feature: Int32Array.from(tr.f),
    threshold: Float32Array.from(tr.t),
    left: Int32Array.from(tr.l, (v) => Math.max(v, 0)),
    right: Int32Array.from(tr.r, (v) => Math.max(v, 0)),
    defaultLeft: Uint8Array.from(tr.nanLeft),
    value,
  };
}

const exportIsolationForest: TaskExporter = (g, bundle, t, model, outName) => {
  if (model.kind !== 'isolation_forest') throw new PdmError('PDM_USAGE', 'not an isolation forest');
  const m = model.model;
  if (m.inputs !== 'raw-float32')
    throw new PdmError(
      'PDM_USAGE',
      'the anomaly model is an isolation forest from before forests split float32 features; ' +
        'train it again to export it',
    );
  const input = columns(g, bundle, t);
  const trees = m.trees.map((tr) => ({ tree: isolationTree(tr), target: 0 }));
  const mean = treeEnsemble(g, input, trees, 1, [0], 'AVERAGE', 'BRANCH_LT');
  // s = 2^(-mean / c(psi)) = exp(-mean ln 2 / c(psi))
  const e = g.name('exponent');
  g.node(
    'Mul',
    [mean, g.floatTensor(g.name('rate'), [1], [-Math.LN2 / averagePathLength(m.sampleSize)])],
    [e],
  );
  g.node('Exp', [e], [outName]);
  return 1;
};

/** Normalised inputs of a task (the bundle's robust scaler as Sub and Div nodes; see columns). */
function normalizedColumns(
  g: OnnxGraph,
  bundle: Bundle,
  t: TaskModel,
  source = 'features',
  axis: 1 | 2 = 1,
): string {
  const scaler = t.config.normalization as RobustScalerJson;
  const input = columns(g, bundle, t, source, axis);
  const d = t.inputs.length;
  const shape = axis === 1 ? [1, d] : [1, 1, d];
  const center = g.floatTensor(
    g.name('center'),
    shape,
    scaler.center.map((v) => v ?? 0),
  );
  const scale = g.floatTensor(
    g.name('scale'),
    shape,
    scaler.scale.map((v) => v ?? 1),
  );
  const z0 = g.name('z0');
  const z = g.name('z');
  g.node('Sub', [input, center], [z0]);
  g.node('Div', [z0, scale], [z]);
  return z;
}

/**
 * Splices a network's own ONNX graph (from the nn module) into the bundle graph: its nodes and
 * initializers get `prefix`, its inputs become the bundle graph's values `inputs` names (by
 * the network's input name); returns the name its (single) output takes.
 */
function splice(
  g: OnnxGraph,
  bytes: Uint8Array,
  prefix: string,
  inputs: Readonly<Record<string, string>>,
): string {
  const graph = onnxProto.onnx.ModelProto.decode(bytes).graph!;
  const outputName = graph.output![0]!.name!;
  const rename = (n: string): string =>
    inputs[n] ?? (n === outputName ? `${prefix}out` : `${prefix}${n}`);
  for (const init of graph.initializer ?? [])
    g.initializers.push({ ...init, name: rename(init.name!) });
  for (const node of graph.node ?? []) {
    g.nodes.push({
      ...node,
      name: `${prefix}${node.name ?? ''}`,
      input: (node.input ?? []).map((n) => (n === '' ? n : rename(n))),
      output: (node.output ?? []).map(rename),
    });
  }
  return `${prefix}out`;
}

/** Splices the MLP's own ONNX graph (from the nn module) into the bundle graph. */
const exportMlp: TaskExporter = (g, bundle, t, model, outName) => {
  if (model.kind !== 'mlp') throw new PdmError('PDM_USAGE', `not an MLP`);
  const json = parseMlpJSON(model.model);
  const z = normalizedColumns(g, bundle, t);
  const prefix = `${t.task}_mlp_`;
  splice(g, exportMlpToOnnx(json), prefix, { [ONNX_MLP_INPUT]: z });
  const width =
    json.output.kind === 'softmax'
      ? json.layers[json.layers.length - 1]!.units
      : json.output.kind === 'quantiles'
        ? json.output.quantiles.length
        : 1;
  if (t.task === 'rul' && model.widen !== undefined) {
    if (width !== 3)
      throw new PdmError(
        'PDM_USAGE',
        'an RUL network with other than 3 quantiles cannot be exported',
      );
    const widened = g.name('widened');
    g.node(
      'Add',
      [`${prefix}out`, g.floatTensor(g.name('widen'), [1, 3], [-model.widen, 0, model.widen])],
      [widened],
    );
    g.node('Relu', [widened], [outName]);
    return 3;
  }
  if (t.task === 'fault' && width === 1) {
    const one = g.floatTensor(g.name('one'), [1], [1]);
    const q = g.name('q');
    g.node('Sub', [one, `${prefix}out`], [q]);
    g.node('Concat', [q, `${prefix}out`], [outName], { axis: { i: 1 } });
    return 2;
  }
  g.node('Identity', [`${prefix}out`], [outName]);
  return width;
};

/** The bundle graph's inputs for sequence models: each row's history of raw feature rows. */
export const ONNX_HISTORY_INPUT = 'history';
export const ONNX_HISTORY_MASK = 'history_mask';

/** Steps of the graph's history input (its second dimension), or null when it has none. */
function historySteps(g: OnnxGraph): number | null {
  const dims = g.inputShape(ONNX_HISTORY_INPUT);
  return dims === undefined ? null : (dims[1] as number);
}

/** Adds the graph's history input (and its mask) on first use; later models must match it. */
function historyInput(g: OnnxGraph, bundle: Bundle, steps: number): void {
  const had = historySteps(g);
  if (had === null) {
    g.input(ONNX_HISTORY_INPUT, ['N', steps, bundle.features.names.length]);
    g.input(ONNX_HISTORY_MASK, ['N', steps]);
  } else if (had !== steps)
    throw new PdmError(
      'PDM_USAGE',
      `the graph's history input already holds ${had} steps; a sequence model of ${steps} steps cannot share it`,
    );
}

/**
 * A recurrent network over each row's history (scorer.ts `sequencesOf`): the graph input
 * `history` [N, T, D] holds, for each row, its machine's last T rows of raw features (the
 * bundle's order, the row itself last, oldest first, NaN where missing) and `history_mask`
 * [N, T] is 1 for a real row, 0 for left padding (a machine with fewer than T rows so far).
 * The task's columns are gathered and normalised as the scorer does, then the network's own
 * graph (nn/onnx-sequence.ts) is spliced in, and its quantiles become the interval as for trees.
 */
const exportSequence: TaskExporter = (g, bundle, t, model, outName) => {
  if (model.kind !== 'lstm') throw new PdmError('PDM_USAGE', 'not a sequence model');
  const json = parseSequenceJSON(model.model);
  if (t.task !== 'rul' || json.output.quantiles.length !== 3)
    throw new PdmError(
      'PDM_USAGE',
      `the ${t.task} sequence model cannot be exported: only an RUL network with 3 quantiles is`,
    );
  historyInput(g, bundle, json.steps);
  const z = normalizedColumns(g, bundle, t, ONNX_HISTORY_INPUT, 2);
  const out = splice(g, exportSequenceToOnnx(json), `${t.task}_seq_`, {
    [ONNX_SEQUENCE_INPUT]: z,
    [ONNX_SEQUENCE_MASK]: ONNX_HISTORY_MASK,
  });
  const q = [g.name('q0'), g.name('q1'), g.name('q2')] as const;
  g.node('Split', [out, g.int64Tensor(g.name('split'), [3], [1, 1, 1])], [...q], {
    axis: { i: 1 },
  });
  rulInterval(g, q, model.widen, outName);
  return 3;
};

export interface OnnxExport {
  readonly bytes: Uint8Array;
  /**
   * Output name and width per exported task; a diagnosis by severity adds `fault_severity`,
   * each mode's severity estimate (`columns` names them, in order), which the bundle's
   * `present:<mode>` thresholds turn into the modes present.
   */
  readonly outputs: {
    task: string;
    name: string;
    width: number;
    columns?: string[];
    /** The bundle's decision thresholds for this output (probability, debounce, ...). */
    thresholds: Record<string, number>;
  }[];
  readonly skipped: { task: string; reason: string }[];
  /** Steps of the `history` input (a sequence model's), or null when the graph has none. */
  readonly historySteps: number | null;
}

/** What each column of a task's output is, where the task fixes it; null otherwise. */
function outputColumns(t: TaskModel, width: number): string[] | null {
  const named =
    t.task === 'fault'
      ? (t.classes ?? [])
      : t.task === 'horizon'
        ? ['p_due']
        : t.task === 'rul'
          ? ['lower', 'median', 'upper']
          : ['score'];
  return named.length === width ? [...named] : null;
}

/** The ONNX model's metadata_props key holding what a runtime needs beside the graph. */
export const ONNX_METADATA_KEY = 'pdm-twin';

export function exportBundleToOnnx(bundle: Bundle): OnnxExport {
  const g = new OnnxGraph();
  const D = bundle.features.names.length;
  g.input('features', ['N', D]);
  const outputs: OnnxExport['outputs'] = [];
  const skipped: OnnxExport['skipped'] = [];
  for (const t of bundle.tasks) {
    const model = t.model as ModelJson;
    const name = t.task;
    try {
      const width =
        model.kind === 'mlp'
          ? exportMlp(g, bundle, t, model, name)
          : model.kind === 'lstm'
            ? exportSequence(g, bundle, t, model, name)
            : t.task === 'rul'
              ? exportRul(g, bundle, t, model, name)
              : t.task === 'anomaly'
                ? model.kind === 'isolation_forest'
                  ? exportIsolationForest(g, bundle, t, model, name)
                  : exportMahalanobis(g, bundle, t, model, name)
                : exportClassifier(g, bundle, t, model, name);
      g.output(name, ['N', width]);
      const columns = outputColumns(t, width);
      // the presence thresholds apply to the severity output (below), the others to this one
      const thresholds = (presence: boolean) =>
        Object.fromEntries(
          Object.entries(t.thresholds).filter(([k]) => k.startsWith('present:') === presence),
        );
      outputs.push({
        task: t.task,
        name,
        width,
        ...(columns === null ? {} : { columns }),
        thresholds: thresholds(false),
      });
      if (model.kind === 'fault_severity') {
        const modes = model.regressors.map((r) => r.mode);
        g.output(`${name}_severity`, ['N', modes.length]);
        outputs.push({
          task: t.task,
          name: `${name}_severity`,
          width: modes.length,
          columns: modes,
          thresholds: thresholds(true),
        });
      }
    } catch (err) {
      if (err instanceof PdmError && err.code === 'PDM_USAGE')
        skipped.push({ task: t.task, reason: err.message });
      else throw err;
    }
  }
  if (outputs.length === 0)
    throw new PdmError(
      'PDM_USAGE',
      `no model of ${bundle.name} can be exported to ONNX: ${skipped.map((s) => s.reason).join('; ')}`,
    );
  const steps = historySteps(g);
  const doc =
    `pdm-twin bundle ${bundle.name} ${bundle.version} (${bundle.contentHash}); input "features" = ${bundle.features.names.join(',')}` +
    (steps === null
      ? ''
      : `; input "${ONNX_HISTORY_INPUT}" = each row's last rows of the same features, oldest first, with "${ONNX_HISTORY_MASK}" 1 for a real row`);
  // Beside the graph, what a runtime needs to act on its outputs without the bundle: the input
  // columns, each output's columns and the thresholds the bundle decides with
  const metadata = JSON.stringify({
    bundle: { name: bundle.name, version: bundle.version, contentHash: bundle.contentHash },
    features: bundle.features.names,
    // a categorical input is fed as the index of its value in this list (a table's text column)
    ...(Object.keys(bundle.features.categories ?? {}).length === 0
      ? {}
      : { categories: bundle.features.categories }),
    // the unit of RUL outputs and of the horizon threshold: h for twin data, a table's own (cycles)
    timeUnit: bundle.data.timeUnit,
    ...(steps === null
      ? {}
      : { history: { input: ONNX_HISTORY_INPUT, mask: ONNX_HISTORY_MASK, steps } }),
    outputs,
  });
  return {
    bytes: g.toBytes(bundle.name, doc, { [ONNX_METADATA_KEY]: metadata }),
    outputs,
    skipped,
    historySteps: steps,
  };
}
