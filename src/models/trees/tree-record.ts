/**
 * A boosted tree (boost-tree.ts) as a fixed-size run of float64 numbers in a shared buffer, so
 * that a worker thread can hand a tree to the boosting loop without a message: tree lanes
 * (engine-lanes.ts) write one record per class of a round, the loop reads them in class order.
 * Every field is an integer, a float32 or a float64, so the copy is exact.
 *
 * Layout from `at`: [nodes, splits], then per node i at 2 + 7 i: feature, threshold, left,
 * right, NaN-left flag, value, split bin; then per split j at 2 + 7 maxNodes + 2 j: feature,
 * gain.
 */
import type { BoostedTree } from './boost-tree.js';
import { Tree } from './tree.js';

const NODE = 7;

function maxNodes(maxLeaves: number): number {
  return 2 * maxLeaves - 1;
}

/** Float64 numbers of a record for trees of at most maxLeaves leaves. */
export function treeRecordLength(maxLeaves: number): number {
  return 2 + NODE * maxNodes(maxLeaves) + 2 * (maxLeaves - 1);
}

export function writeTreeRecord(
  out: Float64Array,
  at: number,
  maxLeaves: number,
  b: BoostedTree,
): void {
  const t = b.tree;
  const n = t.nodeCount;
  const splits = b.splitFeature.length;
  if (n > maxNodes(maxLeaves) || splits > maxLeaves - 1) {
    throw new Error(`tree record: ${n} nodes do not fit a record for ${maxLeaves} leaves`);
  }
  out[at] = n;
  out[at + 1] = splits;
  for (let i = 0; i < n; i++) {
    const o = at + 2 + NODE * i;
    out[o] = t.feature[i]!;
    out[o + 1] = t.threshold[i]!;
    out[o + 2] = t.left[i]!;
    out[o + 3] = t.right[i]!;
    out[o + 4] = t.defaultLeft[i]!;
    out[o + 5] = t.value[i]!;
    out[o + 6] = b.binThreshold[i]!;
  }
  const s = at + 2 + NODE * maxNodes(maxLeaves);
  for (let j = 0; j < splits; j++) {
    out[s + 2 * j] = b.splitFeature[j]!;
    out[s + 2 * j + 1] = b.splitGain[j]!;
  }
}

export function readTreeRecord(rec: Float64Array, at: number, maxLeaves: number): BoostedTree {
  const n = rec[at]!;
  const splits = rec[at + 1]!;
  const feature = new Int32Array(n);
  const threshold = new Float32Array(n);
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  const defaultLeft = new Uint8Array(n);
  const value = new Float32Array(n);
  const binThreshold = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const o = at + 2 + NODE * i;
    feature[i] = rec[o]!;
    threshold[i] = rec[o + 1]!;
    left[i] = rec[o + 2]!;
    right[i] = rec[o + 3]!;
    defaultLeft[i] = rec[o + 4]!;
    value[i] = rec[o + 5]!;
    binThreshold[i] = rec[o + 6]!;
  }
  const s = at + 2 + NODE * maxNodes(maxLeaves);
  const splitFeature = new Int32Array(splits);
  const splitGain = new Float64Array(splits);
  for (let j = 0; j < splits; j++) {
    splitFeature[j] = rec[s + 2 * j]!;
    splitGain[j] = rec[s + 2 * j + 1]!;
  }
  return {
    tree: new Tree(1, feature, threshold, left, right, defaultLeft, value),
    binThreshold,
    splitFeature,
    splitGain,
  };
}
