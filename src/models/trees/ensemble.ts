/**
 * Many trees packed into one set of flat arrays (absolute node indices), for prediction: one
 * traversal loop over contiguous memory instead of one object per tree. Same rules as tree.ts:
 * left when fround(x) <= threshold, NaN by the node's default direction.
 */
import type { Tree } from './tree.js';

export class PackedEnsemble {
  readonly treeCount: number;
  readonly nOutputs: number;
  /** Leaf values, `values[node * nOutputs + k]` with absolute node indices. */
  readonly values: Float32Array;
  private readonly roots: Int32Array;
  private readonly feature: Int32Array;
  private readonly threshold: Float32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly defaultLeft: Uint8Array;

  constructor(trees: readonly Tree[], nOutputs: number) {
    let total = 0;
    for (const t of trees) total += t.nodeCount;
    this.treeCount = trees.length;
    this.nOutputs = nOutputs;
    this.roots = new Int32Array(trees.length);
    this.feature = new Int32Array(total);
    this.threshold = new Float32Array(total);
    this.left = new Int32Array(total);
    this.right = new Int32Array(total);
    this.defaultLeft = new Uint8Array(total);
    this.values = new Float32Array(total * nOutputs);
    let base = 0;
    trees.forEach((t, i) => {
      this.roots[i] = base;
      this.feature.set(t.feature, base);
      this.threshold.set(t.threshold, base);
      this.defaultLeft.set(t.defaultLeft, base);
      this.values.set(t.value, base * nOutputs);
      for (let j = 0; j < t.nodeCount; j++) {
        this.left[base + j] = t.left[j]! + base;
        this.right[base + j] = t.right[j]! + base;
      }
      base += t.nodeCount;
    });
  }

  /** Absolute index of tree t's root (its node i is absolute index rootOf(t) + i). */
  rootOf(t: number): number {
    return this.roots[t]!;
  }

  /** Absolute index of the leaf of tree t reached by row x (feature f at x[offset + f]). */
  leaf(t: number, x: ArrayLike<number>, offset: number): number {
    const { feature, threshold, left, right, defaultLeft } = this;
    let node = this.roots[t]!;
    let f = feature[node]!;
    while (f >= 0) {
      const v = Math.fround(x[offset + f]!);
      if (v <= threshold[node]!) node = left[node]!;
      else if (v !== v && defaultLeft[node] === 1) node = left[node]!;
      else node = right[node]!;
      f = feature[node]!;
    }
    return node;
  }
}
