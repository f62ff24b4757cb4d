/**
 * Isolation forest (Liu, Ting & Zhou, "Isolation forest", ICDM 2008): random trees that split
 * a random feature at a random value within the node's range; anomalies are isolated in
 * fewer splits. Score s(x) = 2^(-E[h(x)] / c(psi)), with c(n) = 2 H(n - 1) - 2 (n - 1)/n the
 * average path length of an unsuccessful BST search; s near 1 is anomalous, below 0.5 normal.
 * Missing values (NaN) follow the larger side of a split; infinite values compare as numbers
 * (a split's range is that of the finite values, so -Infinity goes left and +Infinity right).
 *
 * The forest splits the raw features, read as float32, at float32 thresholds: a split at a
 * uniform point of the node's range does not depend on a feature's scale or offset, so the
 * robust scaling other models need changes nothing here, and float32 splits are what an ONNX
 * runtime compares (onnx/export.ts), so both runtimes route every row alike. Models from
 * before (no `inputs` field) split normalised float64 features and are scored as they were.
 */
import { PdmError } from '../../core/errors.js';
import { appendAll } from '../../core/large-arrays.js';
import { Random } from '../../core/random.js';

export interface IsolationForestModel {
  readonly kind: 'isolation_forest';
  readonly dims: number;
  readonly sampleSize: number;
  /**
   * 'raw-float32': splits the raw features as float32 at float32 thresholds. Absent in older
   * models, which split the normalised features in float64.
   */
  readonly inputs?: 'raw-float32';
  /** Per tree: feature (-1 for a leaf), threshold, left, right, leaf size. */
  readonly trees: {
    f: number[];
    t: number[];
    l: number[];
    r: number[];
    size: number[];
    nanLeft: number[];
  }[];
}

export interface IsolationForestConfig {
  readonly trees?: number;
  readonly sampleSize?: number;
  readonly seed?: number;
}

/** Average path length of an unsuccessful search in a BST of n points. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  const harmonic = Math.log(n - 1) + 0.5772156649015329;
  return 2 * harmonic - (2 * (n - 1)) / n;
}

/**
 * Fits a forest on n rows of d raw features (row-major; NaN for missing), read as float32.
 */
export function fitIsolationForest(
  x: Float64Array,
  n: number,
  d: number,
  cfg: IsolationForestConfig = {},
): IsolationForestModel {
  if (n < 2 || x.length !== n * d)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `fitIsolationForest: expected n >= 2 rows of ${d} values`,
    );
  const treesN = cfg.trees ?? 200;
  const psi = Math.min(cfg.sampleSize ?? 256, n);
  const maxDepth = Math.ceil(Math.log2(psi));
  const rng = new Random(cfg.seed ?? 1, 'isolation-forest');
  const trees: IsolationForestModel['trees'] = [];
  const idx = new Int32Array(n);
  for (let t = 0; t < treesN; t++) {
    for (let i = 0; i < n; i++) idx[i] = i;
    for (let i = 0; i < psi; i++) {
      const j = i + rng.int(n - i);
      const tmp = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = tmp;
    }
    const sample = Array.from(idx.subarray(0, psi));
    const tree = {
      f: [] as number[],
      t: [] as number[],
      l: [] as number[],
      r: [] as number[],
      size: [] as number[],
      nanLeft: [] as number[],
    };
    const build = (rows: number[], depth: number): number => {
      const node = tree.f.length;
      tree.f.push(-1);
      tree.t.push(0);
      tree.l.push(-1);
      tree.r.push(-1);
      tree.size.push(rows.length);
      tree.nanLeft.push(1);
      if (depth >= maxDepth || rows.length <= 1) return node;
      // a random feature with spread among these rows (a few tries)
      for (let attempt = 0; attempt < 8; attempt++) {
        const f = rng.int(d);
        let lo = Infinity;
        let hi = -Infinity;
        for (const r of rows) {
          const v = Math.fround(x[r * d + f]!);
          if (Number.isFinite(v)) {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
        }
        if (!(hi > lo)) continue;
        // a float32 threshold in (lo, hi]: rows below it go left, so neither side is empty
        const thr = Math.fround(lo + (hi - lo) * rng.uniform());
        if (!(thr > lo && thr <= hi)) continue;
        const left: number[] = [];
        const right: number[] = [];
        const nan: number[] = [];
        for (const r of rows) {
          const v = Math.fround(x[r * d + f]!);
          // only NaN is missing: an infinite value compares, as in an ONNX runtime
          if (Number.isNaN(v)) nan.push(r);
          else if (v < thr) left.push(r);
          else right.push(r);
        }
        const nanLeft = left.length >= right.length;
        appendAll(nanLeft ? left : right, nan);
        tree.f[node] = f;
        tree.t[node] = thr;
        tree.nanLeft[node] = nanLeft ? 1 : 0;
        tree.l[node] = build(left, depth + 1);
        tree.r[node] = build(right, depth + 1);
        return node;
      }
      return node;
    };
    build(sample, 0);
    trees.push(tree);
  }
  return { kind: 'isolation_forest', dims: d, sampleSize: psi, inputs: 'raw-float32', trees };
}

/**
 * Anomaly score in (0, 1]: about 0.5 or less for normal points, near 1 for anomalies. `row`
 * holds the raw features for a 'raw-float32' model, the normalised ones for an older model.
 */
export function isolationScore(m: IsolationForestModel, row: ArrayLike<number>): number {
  const f32 = m.inputs === 'raw-float32';
  let total = 0;
  for (const tree of m.trees) {
    let node = 0;
    let depth = 0;
    while (tree.f[node]! >= 0) {
      const v = f32 ? Math.fround(row[tree.f[node]!]!) : row[tree.f[node]!]!;
      // a current forest takes only NaN as missing (ONNX runtimes compare infinities); an
      // older one took any non-finite value
      const missing = f32 ? Number.isNaN(v) : !Number.isFinite(v);
      const goLeft = missing ? tree.nanLeft[node] === 1 : v < tree.t[node]!;
      node = goLeft ? tree.l[node]! : tree.r[node]!;
      depth++;
    }
    total += depth + averagePathLength(tree.size[node]!);
  }
  return Math.pow(2, -total / m.trees.length / averagePathLength(m.sampleSize));
}
