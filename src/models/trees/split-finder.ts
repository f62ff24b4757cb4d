/**
 * What a tree grower asks of histograms: build a node's histogram, derive its sibling's by
 * subtraction, and find the best splits of both. One implementation runs on the calling
 * thread (here); hist-threads.ts spreads the same work over worker threads, feature words by
 * feature words, with identical results.
 */
import type { BinnedMatrix } from './binning.js';
import { binnedWords } from './binning.js';
import { buildHistogram, histogramLength, subtractHistogram } from './histogram.js';
import type { PackingScale, SplitInfo, SplitParams } from './split.js';
import { findBestSplit } from './split.js';

/** A node's gradient sum and packed hessian/count sum. */
export interface NodeTotals {
  readonly g: number;
  readonly p: number;
}

export interface SplitFinder {
  /** A histogram buffer for an open leaf; give it back with `release`. */
  acquire(): Float64Array;
  release(hist: Float64Array): void;
  /** Per tree: how its hessians are packed and which features it may split on (null: all). */
  beginTree(packing: PackingScale, featureMask: Uint8Array | null): void;
  /**
   * `out` := histogram of rows idx[start..end); with `parent`, parent -= out (the sibling's
   * histogram). Returns the best split of out's node when `node` is given and of the sibling
   * (now in `parent`) when `sibling` is given, else null.
   */
  buildAndSplit(
    idx: Uint32Array,
    start: number,
    end: number,
    out: Float64Array,
    parent: Float64Array | null,
    node: NodeTotals | null,
    sibling: NodeTotals | null,
  ): [SplitInfo | null, SplitInfo | null];
}

/** The single-threaded split finder. */
export class LocalSplitFinder implements SplitFinder {
  private readonly words: Uint32Array;
  private readonly rows: number;
  private readonly wordCount: number;
  private readonly pool: Float64Array[] = [];
  private packing: PackingScale = { unit: 1, invUnit: 1, invScale: 0 };
  private featureMask: Uint8Array | null = null;

  constructor(
    binned: BinnedMatrix,
    private readonly gh: Float64Array,
    private readonly nBins: Int32Array,
    private readonly params: SplitParams,
  ) {
    this.words = binnedWords(binned);
    this.rows = binned.rows;
    this.wordCount = binned.words;
  }

  acquire(): Float64Array {
    return this.pool.pop() ?? new Float64Array(histogramLength(this.wordCount));
  }

  release(hist: Float64Array): void {
    this.pool.push(hist);
  }

  beginTree(packing: PackingScale, featureMask: Uint8Array | null): void {
    this.packing = packing;
    this.featureMask = featureMask;
  }

  buildAndSplit(
    idx: Uint32Array,
    start: number,
    end: number,
    out: Float64Array,
    parent: Float64Array | null,
    node: NodeTotals | null,
    sibling: NodeTotals | null,
  ): [SplitInfo | null, SplitInfo | null] {
    buildHistogram(this.words, this.rows, 0, this.wordCount, idx, start, end, this.gh, out);
    if (parent !== null) subtractHistogram(parent, out);
    return [this.split(out, node), parent === null ? null : this.split(parent, sibling)];
  }

  private split(hist: Float64Array, t: NodeTotals | null): SplitInfo | null {
    if (t === null) return null;
    return findBestSplit(hist, this.nBins, this.featureMask, t.g, t.p, this.packing, this.params);
  }
}
