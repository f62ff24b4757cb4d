/**
 * Grows one gradient-boosting tree on binned rows, leaf-wise (best-first), as LightGBM
 * (Ke et al. 2017) and scikit-learn's HistGradientBoosting do: the open leaf whose best split
 * gains most splits next, until `maxLeaves` leaves or no leaf can split; `maxDepth` bounds the
 * depth. With maxLeaves >= 2^maxDepth this grows the same trees as depth-wise growth.
 *
 * Each split partitions the node's row indices in place (stable, so rows stay ascending),
 * builds the histogram of the smaller child and gets the larger one by subtraction, on an
 * engine (engine.ts) that may use several threads. The grower decides the structure only; the
 * caller sets leaf values from the per-leaf row ranges and sums.
 */
import type { BinnedMatrix, Binning } from './binning.js';
import { MISSING_BIN, binnedCode } from './binning.js';
import type { Engine, TreeStart } from './engine.js';
import type { SplitInfo, SplitParams } from './split.js';
import type { Tree } from './tree.js';
import { TreeBuilder } from './tree.js';

export interface GrowParams extends SplitParams {
  readonly maxDepth: number;
  readonly maxLeaves: number;
}

/** A grown tree: structure in `builder` (leaf values unset) and where each leaf's rows are. */
export interface GrownTree {
  readonly builder: TreeBuilder;
  readonly leafCount: number;
  /** Leaf j is node leafNode[j]; its rows are idx[leafStart[j] .. leafEnd[j]). */
  readonly leafNode: Int32Array;
  readonly leafStart: Int32Array;
  readonly leafEnd: Int32Array;
  /** Gradient sums and (quantised, packing.ts) hessian sums of each leaf's rows. */
  readonly leafG: Float64Array;
  readonly leafH: Float64Array;
  /** Per node: the split's bin (rows with code <= bin go left) for traversal on codes. */
  readonly binThreshold: Uint8Array;
  /** The splits in the order they were made: feature and gain (leafCount - 1 of each). */
  readonly splitFeature: Int32Array;
  readonly splitGain: Float64Array;
}

interface Leaf {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly g: number;
  /** Packed hessian and count sum (packing.ts). */
  readonly p: number;
  hist: Float64Array | null;
  split: SplitInfo | null;
}

export class TreeGrower {
  private readonly binning: Binning;
  private readonly params: GrowParams;

  constructor(binning: Binning, params: GrowParams) {
    this.binning = binning;
    this.params = params;
  }

  /**
   * Grows a tree on the engine's rows idx[0..count) (ascending), whose gradients and packed
   * hessians `start` describes (Engine.gradients), considering the features with
   * featureMask[f] = 1 (null: all). Reorders idx[0..count).
   */
  grow(count: number, start: TreeStart, featureMask: Uint8Array | null, engine: Engine): GrownTree {
    const p = this.params;
    const builder = new TreeBuilder(1);
    let binThreshold = new Uint8Array(64);
    const root: Leaf = {
      node: builder.addNode(),
      start: 0,
      end: count,
      depth: 0,
      g: start.gradientSum,
      p: start.total,
      hist: null,
      split: null,
    };
    const open: Leaf[] = [root];
    const splitFeature: number[] = [];
    const splitGain: number[] = [];
    engine.setFeatureMask(featureMask);
    if (this.canSplit(root)) {
      root.hist = engine.acquire();
      root.split = engine.buildAndSplit(0, count, root.hist, null, root, null)[0];
    }
    while (open.length < p.maxLeaves) {
      let bi = -1;
      for (let i = 0; i < open.length; i++) {
        const s = open[i]!.split;
        if (s !== null && (bi < 0 || s.gain > open[bi]!.split!.gain)) bi = i;
      }
      if (bi < 0) break;
      const parent = open[bi]!;
      const s = parent.split!;
      splitFeature.push(s.feature);
      splitGain.push(s.gain);
      const [ln, rn] = builder.split(
        parent.node,
        s.feature,
        this.binning.threshold(s.feature, s.bin),
        s.defaultLeft,
      );
      if (binThreshold.length < builder.nodeCount) {
        const wider = new Uint8Array(binThreshold.length * 2);
        wider.set(binThreshold);
        binThreshold = wider;
      }
      binThreshold[parent.node] = s.bin;
      const mid = engine.partition(parent.start, parent.end, s.feature, s.bin, s.defaultLeft);
      const left: Leaf = {
        node: ln,
        start: parent.start,
        end: mid,
        depth: parent.depth + 1,
        g: s.gl,
        p: s.pl,
        hist: null,
        split: null,
      };
      const right: Leaf = {
        node: rn,
        start: mid,
        end: parent.end,
        depth: parent.depth + 1,
        g: parent.g - s.gl,
        p: parent.p - s.pl,
        hist: null,
        split: null,
      };
      open.splice(bi, 1, left, right);
      // Children's histograms are only needed if they may split: not once the tree is full.
      const more = open.length < p.maxLeaves;
      const splitL = more && this.canSplit(left);
      const splitR = more && this.canSplit(right);
      const parentHist = parent.hist!;
      parent.hist = null;
      if (splitL || splitR) {
        const leftSmaller = left.end - left.start <= right.end - right.start;
        const small = leftSmaller ? left : right;
        const large = leftSmaller ? right : left;
        const smallHist = engine.acquire();
        const splitSmall = leftSmaller ? splitL : splitR;
        const splitLarge = leftSmaller ? splitR : splitL;
        const [ss, ls] = engine.buildAndSplit(
          small.start,
          small.end,
          smallHist,
          splitLarge ? parentHist : null,
          splitSmall ? small : null,
          splitLarge ? large : null,
        );
        if (splitLarge && ls !== null) {
          large.hist = parentHist;
          large.split = ls;
        } else engine.release(parentHist);
        if (splitSmall && ss !== null) {
          small.hist = smallHist;
          small.split = ss;
        } else engine.release(smallHist);
      } else engine.release(parentHist);
    }
    for (const leaf of open) if (leaf.hist !== null) engine.release(leaf.hist);
    const n = open.length;
    const out: GrownTree = {
      builder,
      leafCount: n,
      leafNode: new Int32Array(n),
      leafStart: new Int32Array(n),
      leafEnd: new Int32Array(n),
      leafG: new Float64Array(n),
      leafH: new Float64Array(n),
      binThreshold,
      splitFeature: Int32Array.from(splitFeature),
      splitGain: Float64Array.from(splitGain),
    };
    for (let j = 0; j < n; j++) {
      const leaf = open[j]!;
      out.leafNode[j] = leaf.node;
      out.leafStart[j] = leaf.start;
      out.leafEnd[j] = leaf.end;
      out.leafG[j] = leaf.g;
      out.leafH[j] = start.packing.hessian(leaf.p);
    }
    return out;
  }

  private canSplit(leaf: Leaf): boolean {
    return (
      leaf.depth < this.params.maxDepth && leaf.end - leaf.start >= 2 * this.params.minChildSamples
    );
  }
}

/** The leaf of `tree` reached by binned row `row`, with the grower's `binThreshold`. */
export function binnedLeaf(
  tree: Tree,
  binThreshold: Uint8Array,
  binned: BinnedMatrix,
  row: number,
): number {
  const { feature, left, right, defaultLeft } = tree;
  let node = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const code = binnedCode(binned, row, f);
    const goLeft = code === MISSING_BIN ? defaultLeft[node] === 1 : code <= binThreshold[node]!;
    node = goLeft ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return node;
}
