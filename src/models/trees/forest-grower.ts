/**
 * Grows one CART tree (Breiman et al. 1984) of a random forest (Breiman 2001, "Random
 * forests", Machine Learning 45) on binned rows: depth-first, each node tries features in a
 * random order until `mtry` non-constant ones are evaluated and one gives a valid split (as
 * scikit-learn does), choosing the split that most reduces the weighted Gini impurity
 * (classification) or squared error (regression):
 *
 *   score(node) = sum_k c_k^2 / W  (Gini)   or   S^2 / W  (squared error),
 *   gain = score(left) + score(right) - score(parent),
 *
 * with c_k the bootstrap-weighted class counts, W the weight and S the weighted target sum.
 * NaN rows are tried on both sides of every threshold. A node's rows per bin come from a
 * histogram for large nodes, and from sorting the codes for small ones (a 256-bin histogram
 * per feature would cost more than the rows). Leaves hold class frequencies or the mean, and
 * for regression `leafSamples` targets drawn from the leaf's rows (for quantiles, the
 * one-observation-per-leaf variant of Meinshausen's quantregForest).
 */
import type { Random } from '../../core/random.js';
import type { BinnedMatrix, Binning } from './binning.js';
import { MISSING_BIN } from './binning.js';
import type { Tree } from './tree.js';
import { TreeBuilder } from './tree.js';

export interface ForestTreeParams {
  /** Classes (>= 2) for classification, 0 for regression. */
  readonly nClasses: number;
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  /** Non-constant features evaluated per split (more if none of them can split). */
  readonly mtry: number;
  readonly leafSamples: number;
}

export interface ForestTree {
  readonly tree: Tree;
  /** Regression: leafSamples targets per node (NaN at internal nodes), else empty. */
  readonly samples: Float32Array;
  /** Impurity decrease per feature. */
  readonly gains: Float64Array;
}

/** Nodes with at most this many rows sort their codes instead of filling a histogram. */
const SMALL_NODE = 96;

export class ForestTreeGrower {
  private readonly binned: BinnedMatrix;
  private readonly binning: Binning;
  private readonly y: Float64Array;
  private readonly p: ForestTreeParams;
  /** Statistics per bin: class weights (K) or [weight, weighted sum] (2). */
  private readonly width: number;
  private readonly hist: Float64Array;
  private readonly groupCode = new Int32Array(256);
  private readonly groupStats: Float64Array;
  private readonly keys = new Uint32Array(SMALL_NODE);
  private readonly total: Float64Array;
  private readonly missing: Float64Array;
  private readonly left: Float64Array;
  private readonly scratchStats: Float64Array;
  private scratchRows = new Uint32Array(0);
  private scanBest = 0;
  private scanBin = -1;
  private scanNanLeft = false;

  constructor(binned: BinnedMatrix, binning: Binning, y: Float64Array, params: ForestTreeParams) {
    this.binned = binned;
    this.binning = binning;
    this.y = y;
    this.p = params;
    this.width = params.nClasses > 0 ? params.nClasses : 2;
    this.hist = new Float64Array(256 * this.width);
    this.groupStats = new Float64Array(256 * this.width);
    this.total = new Float64Array(this.width);
    this.missing = new Float64Array(this.width);
    this.left = new Float64Array(this.width);
    this.scratchStats = new Float64Array(this.width);
  }

  /**
   * Grows a tree on rows idx[0..count) (ascending) with integer weights w[row] (bootstrap
   * counts; 0-weight rows must not be listed). Reorders idx[0..count).
   */
  grow(
    idx: Uint32Array,
    count: number,
    w: Uint16Array,
    featureRng: Random,
    sampleRng: Random,
  ): ForestTree {
    const p = this.p;
    const K = p.nClasses;
    const d = this.binned.cols;
    const outputs = K > 0 ? K : 1;
    const builder = new TreeBuilder(outputs);
    const gains = new Float64Array(d);
    const perm = Int32Array.from({ length: d }, (_, f) => f);
    const samples: number[] = [];
    const stack: { node: number; start: number; end: number; depth: number }[] = [
      { node: builder.addNode(), start: 0, end: count, depth: 0 },
    ];
    if (this.scratchRows.length < count) this.scratchRows = new Uint32Array(count);
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const { node, start, end, depth } = item;
      const pure = this.nodeStats(idx, start, end, w);
      const total = this.total;
      const weight = K > 0 ? sum(total) : total[0]!;
      const split =
        pure || depth >= p.maxDepth || weight < p.minSamplesSplit || weight < 2 * p.minSamplesLeaf
          ? null
          : this.bestSplit(idx, start, end, w, perm, featureRng);
      if (split === null) {
        for (let k = 0; k < outputs; k++) {
          builder.setValue(node, k, K > 0 ? total[k]! / weight : total[1]! / weight);
        }
        if (K === 0 && p.leafSamples > 0)
          this.drawSamples(idx, start, end, w, weight, node, samples, sampleRng);
        continue;
      }
      gains[split.feature] = gains[split.feature]! + split.gain;
      const [l, r] = builder.split(
        node,
        split.feature,
        this.binning.threshold(split.feature, split.bin),
        split.defaultLeft,
      );
      const mid = this.partition(idx, start, end, split.feature, split.bin, split.defaultLeft);
      stack.push({ node: r, start: mid, end, depth: depth + 1 });
      stack.push({ node: l, start, end: mid, depth: depth + 1 });
    }
    const tree = builder.build();
    let out = new Float32Array(0);
    if (K === 0 && p.leafSamples > 0) {
      out = new Float32Array(tree.nodeCount * p.leafSamples).fill(NaN);
      for (let i = 0; i < samples.length; i += 2) out[samples[i]!] = samples[i + 1]!;
    }
    return { tree, samples: out, gains };
  }

  /** Fills `total` with the node's statistics; true when the node cannot be split usefully. */
  private nodeStats(idx: Uint32Array, start: number, end: number, w: Uint16Array): boolean {
    const total = this.total;
    total.fill(0);
    const y = this.y;
    if (this.p.nClasses > 0) {
      for (let k = start; k < end; k++) {
        const r = idx[k]!;
        total[y[r]!] = total[y[r]!]! + w[r]!;
      }
      let nonZero = 0;
      for (const c of total) if (c > 0) nonZero++;
      return nonZero <= 1;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = start; k < end; k++) {
      const r = idx[k]!;
      const v = y[r]!;
      total[0] = total[0]! + w[r]!;
      total[1] = total[1]! + w[r]! * v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return hi <= lo;
  }

  private bestSplit(
    idx: Uint32Array,
    start: number,
    end: number,
    w: Uint16Array,
    perm: Int32Array,
    rng: Random,
  ): Split | null {
    const d = perm.length;
    let best: Split | null = null;
    let evaluated = 0;
    for (let i = 0; i < d && (evaluated < this.p.mtry || best === null); i++) {
      const j = i + rng.int(d - i);
      const f = perm[j]!;
      perm[j] = perm[i]!;
      perm[i] = f;
      const groups = this.groups(idx, start, end, w, f);
      // A feature with one value (or only NaN) in the node cannot split it.
      if (groups + (this.weightOf(this.missing) > 0 ? 1 : 0) <= 1) continue;
      evaluated++;
      const s = this.scan(f, groups);
      if (s !== null && (best === null || s.gain > best.gain)) best = s;
    }
    return best;
  }

  /**
   * Collects the node's rows of feature f by code: `groupCode[g]` ascending with statistics
   * `groupStats[g * width ..]`, NaN rows in `missing`; returns the number of groups.
   */
  private groups(idx: Uint32Array, start: number, end: number, w: Uint16Array, f: number): number {
    const S = this.width;
    const classes = this.p.nClasses > 0;
    const codes = this.binned.codes;
    const off = (f >> 2) * this.binned.rows * 4 + (f & 3);
    const y = this.y;
    const missing = this.missing;
    const gc = this.groupCode;
    const gs = this.groupStats;
    missing.fill(0);
    const m = end - start;
    let groups = 0;
    if (m <= SMALL_NODE) {
      const keys = this.keys;
      for (let k = 0; k < m; k++) keys[k] = (codes[off + 4 * idx[start + k]!]! << 16) | k;
      const sorted = keys.subarray(0, m).sort();
      let last = -1;
      for (let k = 0; k < m; k++) {
        const key = sorted[k]!;
        const code = key >>> 16;
        const r = idx[start + (key & 0xffff)]!;
        let o: number;
        if (code === MISSING_BIN) o = -1;
        else {
          if (code !== last) {
            gc[groups] = code;
            gs.fill(0, groups * S, groups * S + S);
            groups++;
            last = code;
          }
          o = (groups - 1) * S;
        }
        const wr = w[r]!;
        if (o < 0) {
          if (classes) missing[y[r]!] = missing[y[r]!]! + wr;
          else {
            missing[0] = missing[0]! + wr;
            missing[1] = missing[1]! + wr * y[r]!;
          }
        } else if (classes) gs[o + y[r]!] = gs[o + y[r]!]! + wr;
        else {
          gs[o] = gs[o]! + wr;
          gs[o + 1] = gs[o + 1]! + wr * y[r]!;
        }
      }
      return groups;
    }
    const hist = this.hist;
    const nb = this.binning.nBins(f);
    hist.fill(0, 0, nb * S);
    hist.fill(0, MISSING_BIN * S, MISSING_BIN * S + S);
    for (let k = start; k < end; k++) {
      const r = idx[k]!;
      const o = codes[off + 4 * r]! * S;
      const wr = w[r]!;
      if (classes) hist[o + y[r]!] = hist[o + y[r]!]! + wr;
      else {
        hist[o] = hist[o]! + wr;
        hist[o + 1] = hist[o + 1]! + wr * y[r]!;
      }
    }
    for (let s = 0; s < S; s++) missing[s] = hist[MISSING_BIN * S + s]!;
    for (let b = 0; b < nb; b++) {
      let any = false;
      for (let s = 0; s < S; s++) if (hist[b * S + s]! !== 0) any = true;
      if (!any) continue;
      gc[groups] = b;
      gs.set(hist.subarray(b * S, b * S + S), groups * S);
      groups++;
    }
    return groups;
  }

  /** Best threshold of feature f over the collected groups (see the file header). */
  private scan(f: number, groups: number): Split | null {
    const S = this.width;
    const total = this.total;
    const missing = this.missing;
    const left = this.left;
    const gs = this.groupStats;
    const parent = this.score(total);
    const withNaN = this.weightOf(missing) > 0;
    this.scanBest = parent + 1e-12 * Math.abs(parent);
    this.scanBin = -1;
    this.scanNanLeft = false;
    left.fill(0);
    for (let g = 0; g < groups - 1; g++) {
      for (let s = 0; s < S; s++) left[s] = left[s]! + gs[g * S + s]!;
      this.consider(false, withNaN, this.groupCode[g]!);
      if (withNaN) this.consider(true, withNaN, this.groupCode[g]!);
    }
    if (withNaN && groups > 0) {
      for (let s = 0; s < S; s++) left[s] = total[s]! - missing[s]!;
      this.consider(false, withNaN, this.binning.nBins(f) - 1);
    }
    if (this.scanBin < 0) return null;
    return {
      feature: f,
      bin: this.scanBin,
      defaultLeft: this.scanNanLeft,
      gain: this.scanBest - parent,
    };
  }

  /** Scores `left` (+ NaN rows when nanLeft) against the rest; keeps it if best so far. */
  private consider(nanLeft: boolean, withNaN: boolean, bin: number): void {
    const S = this.width;
    const tmp = this.scratchStats;
    for (let s = 0; s < S; s++) tmp[s] = this.left[s]! + (nanLeft ? this.missing[s]! : 0);
    const wl = this.weightOf(tmp);
    const wr = this.weightOf(this.total) - wl;
    if (wl < this.p.minSamplesLeaf || wr < this.p.minSamplesLeaf) return;
    const sl = this.score(tmp);
    for (let s = 0; s < S; s++) tmp[s] = this.total[s]! - tmp[s]!;
    const score = sl + this.score(tmp);
    if (score > this.scanBest) {
      this.scanBest = score;
      this.scanBin = bin;
      // Without NaN in the node, NaN follows the heavier child.
      this.scanNanLeft = withNaN ? nanLeft : wl >= wr;
    }
  }

  private weightOf(stats: Float64Array): number {
    return this.p.nClasses > 0 ? sum(stats) : stats[0]!;
  }

  private score(stats: Float64Array): number {
    if (this.p.nClasses === 0) return stats[0]! > 0 ? (stats[1]! * stats[1]!) / stats[0]! : 0;
    let w = 0;
    let s2 = 0;
    for (const c of stats) {
      w += c;
      s2 += c * c;
    }
    return w > 0 ? s2 / w : 0;
  }

  /** Stable in-place partition of idx[start..end); returns the first row of the right child. */
  private partition(
    idx: Uint32Array,
    start: number,
    end: number,
    f: number,
    bin: number,
    nanLeft: boolean,
  ): number {
    const codes = this.binned.codes;
    const off = (f >> 2) * this.binned.rows * 4 + (f & 3);
    const scratch = this.scratchRows;
    let l = start;
    let r = 0;
    for (let k = start; k < end; k++) {
      const row = idx[k]!;
      const code = codes[off + 4 * row]!;
      if (code === MISSING_BIN ? nanLeft : code <= bin) idx[l++] = row;
      else scratch[r++] = row;
    }
    idx.set(scratch.subarray(0, r), l);
    return l;
  }

  /** Draws leafSamples targets of the leaf's rows with probability proportional to weight. */
  private drawSamples(
    idx: Uint32Array,
    start: number,
    end: number,
    w: Uint16Array,
    weight: number,
    node: number,
    out: number[],
    rng: Random,
  ): void {
    const q = this.p.leafSamples;
    for (let s = 0; s < q; s++) {
      let u = rng.int(weight);
      let k = start;
      while (k < end - 1 && u >= w[idx[k]!]!) u -= w[idx[k++]!]!;
      out.push(node * q + s, this.y[idx[k]!]!);
    }
  }
}

interface Split {
  readonly feature: number;
  readonly bin: number;
  readonly defaultLeft: boolean;
  readonly gain: number;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}
