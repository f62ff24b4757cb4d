/**
 * The operations of a boosting round that touch every row or every histogram bin, behind one
 * interface: per-round loss preparation, gradients (with hessians packed, packing.ts), node
 * histograms with the best splits of a node and its sibling, partitions of a node's rows,
 * and raw-score updates. `LocalEngine` runs them on the calling thread; engine-threads.ts runs
 * the same tasks (engine-state.ts) on worker threads too, with identical results.
 */
import type { BoostedTree } from './boost-tree.js';
import type { EngineState } from './engine-state.js';
import {
  CHUNK,
  COMMAND,
  CTRL,
  buildNodeHistogram,
  gradientTotals,
  joinPartition,
  rowTasks,
  runTask,
  setPacking,
  taskContext,
} from './engine-state.js';
import type { TaskContext } from './engine-state.js';
import { subtractHistogram } from './histogram.js';
import { HessianPacking } from './packing.js';
import type { PackingScale, SplitInfo } from './split.js';
import { findBestSplit } from './split.js';

/** A node's gradient sum and packed hessian/count sum. */
export interface NodeTotals {
  readonly g: number;
  readonly p: number;
}

/** What the gradient pass leaves for growing a tree on rows idx[0..count). */
export interface TreeStart {
  readonly packing: HessianPacking;
  readonly gradientSum: number;
  readonly total: number;
}

export interface Engine {
  readonly state: EngineState;
  /** Softmax probabilities (multiclass) from the raw scores, once per round. */
  prepare(): void;
  /** Gradients of output k for rows idx[0..count), hessians packed; the root's totals. */
  gradients(k: number, count: number, maxHessian: number): TreeStart;
  /** Which features the tree may split on (null: all). */
  setFeatureMask(mask: Uint8Array | null): void;
  /** A histogram buffer for an open leaf; give it back with `release`. */
  acquire(): Float64Array;
  release(hist: Float64Array): void;
  /**
   * `out` := histogram of rows idx[start..end); with `parent`, parent -= out (the sibling's
   * histogram). Returns the best split of out's node when `node` is given and of the sibling
   * (now in `parent`) when `sibling` is given, else null.
   */
  buildAndSplit(
    start: number,
    end: number,
    out: Float64Array,
    parent: Float64Array | null,
    node: NodeTotals | null,
    sibling: NodeTotals | null,
  ): [SplitInfo | null, SplitInfo | null];
  /** Stable partition of idx[start..end) by the split; returns the first right row's index. */
  partition(start: number, end: number, feature: number, bin: number, nanLeft: boolean): number;
  /** raw[row][k] += leafValue[j] for the rows idx[leafStart[j]..leafEnd[j]) of each leaf j. */
  update(k: number, leafCount: number): void;
  /**
   * With tree lanes (engine-lanes.ts): boosts every output of a multiclass round at once, each
   * tree grown whole by one thread on rows idx[0..count), tree k considering the features with
   * masks[k * features + f] = 1 (masks null: all); the trees in output order, as boostTree
   * (boost-tree.ts) would give them one after another. Null without lanes.
   */
  boostRound(count: number, masks: Uint8Array | null): BoostedTree[] | null;
}

/** The single-threaded engine. */
export class LocalEngine implements Engine {
  readonly state: EngineState;
  private readonly context: TaskContext;
  private readonly pool: Float64Array[] = [];
  private packing: PackingScale = { unit: 1, invUnit: 1, invScale: 0 };
  private featureMask: Uint8Array | null = null;

  /** `thread`: whose kernel accumulator to use (engine-state.ts), 0 on the calling thread. */
  constructor(state: EngineState, thread = 0) {
    this.state = state;
    this.context = taskContext(state, thread);
  }

  prepare(): void {
    this.run(COMMAND.prepare, rowTasks(this.state.binned.rows));
  }

  gradients(k: number, count: number, maxHessian: number): TreeStart {
    const s = this.state;
    const packing = new HessianPacking(count, maxHessian);
    this.packing = packing;
    setPacking(s, packing, maxHessian);
    s.ctrl[CTRL.k] = k;
    s.ctrl[CTRL.end] = count;
    this.run(COMMAND.gradients, rowTasks(count));
    return { packing, ...gradientTotals(s, count) };
  }

  setFeatureMask(mask: Uint8Array | null): void {
    this.featureMask = mask;
  }

  /** The packing split searches decode with (set by `gradients`). */
  usePacking(packing: PackingScale): void {
    this.packing = packing;
  }

  acquire(): Float64Array {
    return this.pool.pop() ?? new Float64Array(this.state.slotLength);
  }

  release(hist: Float64Array): void {
    this.pool.push(hist);
  }

  buildAndSplit(
    start: number,
    end: number,
    out: Float64Array,
    parent: Float64Array | null,
    node: NodeTotals | null,
    sibling: NodeTotals | null,
  ): [SplitInfo | null, SplitInfo | null] {
    buildNodeHistogram(this.context, 0, this.state.binned.words, start, end, out);
    if (parent !== null) subtractHistogram(parent, out);
    return [this.split(out, node), parent === null ? null : this.split(parent, sibling)];
  }

  partition(start: number, end: number, feature: number, bin: number, nanLeft: boolean): number {
    setPartition(this.state, start, end, feature, bin, nanLeft);
    this.run(COMMAND.partition, Math.ceil((end - start) / CHUNK));
    return joinPartition(this.state, start, end);
  }

  update(k: number, leafCount: number): void {
    this.state.ctrl[CTRL.k] = k;
    this.run(COMMAND.update, leafCount);
  }

  boostRound(): null {
    return null;
  }

  private run(command: number, tasks: number): void {
    for (let t = 0; t < tasks; t++) runTask(this.context, command, t);
  }

  private split(hist: Float64Array, t: NodeTotals | null): SplitInfo | null {
    if (t === null) return null;
    const s = this.state;
    return findBestSplit(hist, s.nBins, this.featureMask, t.g, t.p, this.packing, s.params);
  }
}

/** Writes a partition's arguments to the control words. */
export function setPartition(
  s: EngineState,
  start: number,
  end: number,
  feature: number,
  bin: number,
  nanLeft: boolean,
): void {
  s.ctrl[CTRL.start] = start;
  s.ctrl[CTRL.end] = end;
  s.ctrl[CTRL.feature] = feature;
  s.ctrl[CTRL.bin] = bin;
  s.ctrl[CTRL.nanLeft] = nanLeft ? 1 : 0;
}
