/**
 * One tree of a boosting round for output k: gradients of the engine's rows idx[0..count), a
 * tree grown on them (grower.ts), its leaf values -G / (H + lambda) times the learning rate
 * (pinball loss: the quantile of the leaf's residuals), and the raw scores of those rows
 * updated. The boosting loop (gbdt.ts) runs it on the calling thread; the tree lanes
 * (engine-lanes.ts) run it on every thread, one class's tree each, with identical results.
 */
import type { Engine } from './engine.js';
import type { GrowParams, TreeGrower } from './grower.js';
import type { Loss } from './losses.js';
import { quantileInPlace } from './losses.js';
import type { Tree } from './tree.js';

export interface BoostParams extends GrowParams {
  readonly learningRate: number;
}

/** A boosted tree with what the loop needs besides the tree. */
export interface BoostedTree {
  readonly tree: Tree;
  /** Per node: the split's bin, for traversal on codes (grower.ts). */
  readonly binThreshold: Uint8Array;
  /** The splits in the order they were made: feature and gain. */
  readonly splitFeature: Int32Array;
  readonly splitGain: Float64Array;
}

/**
 * Boosts output k on rows idx[0..count) of the engine's state, considering the features with
 * mask[f] = 1 (null: all). `residuals` (n values) is scratch for a quantile loss, else null.
 */
export function boostTree(
  grower: TreeGrower,
  engine: Engine,
  loss: Loss,
  k: number,
  count: number,
  mask: Uint8Array | null,
  params: BoostParams,
  residuals: Float64Array | null,
): BoostedTree {
  const s = engine.state;
  const { y, raw, idx } = s;
  const q = loss.quantile;
  if (q !== null && residuals === null) throw new Error('boostTree: a quantile loss needs scratch');
  const start = engine.gradients(k, count, loss.maxHessian);
  const grown = grower.grow(count, start, mask, engine);
  const { builder, leafNode, leafStart, leafEnd, leafG, leafH } = grown;
  for (let j = 0; j < grown.leafCount; j++) {
    const from = leafStart[j]!;
    const to = leafEnd[j]!;
    let v: number;
    if (q !== null) {
      for (let p = from; p < to; p++) residuals![p - from] = y[idx[p]!]! - raw[idx[p]!]!;
      v = quantileInPlace(residuals!, to - from, q);
    } else {
      const denom = leafH[j]! + params.lambda;
      v = denom > 0 ? -leafG[j]! / denom : 0;
    }
    v = Math.fround(params.learningRate * v);
    builder.setValue(leafNode[j]!, 0, v);
    s.leafStart[j] = from;
    s.leafEnd[j] = to;
    s.leafValue[j] = v;
  }
  engine.update(k, grown.leafCount);
  return {
    tree: builder.build(),
    binThreshold: grown.binThreshold,
    splitFeature: grown.splitFeature,
    splitGain: grown.splitGain,
  };
}
