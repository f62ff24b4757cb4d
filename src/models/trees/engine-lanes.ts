/**
 * Tree lanes: in a multiclass round every class's tree depends only on the softmax of the
 * round's starting scores, so the round's trees can grow at the same time, each whole on one
 * thread, instead of one after another with every node's work split over the threads. A tree
 * then needs no thread to wait for another until the round ends, which matters most for the
 * many small nodes of deep trees, where split work shared by threads is mostly waiting.
 *
 * Each thread's lane is a single-threaded engine (engine.ts) over the shared codes, targets
 * and scores, with its own row indices and gradients (in the WebAssembly arena, for its
 * kernel) and private partition and leaf arrays. A lane reads the round's rows from the
 * engine's idx, grows tree k with boostTree (boost-tree.ts), adds its leaf values to column k
 * of the raw scores (no other tree of the round writes there), and leaves the tree as a record
 * (tree-record.ts) for the loop, which reads them in class order. Which thread grows which tree
 * changes nothing: every tree is computed as on one thread.
 */
import { Binning } from './binning.js';
import { boostTree } from './boost-tree.js';
import { LocalEngine } from './engine.js';
import type { EngineState } from './engine-state.js';
import { ARG, CTRL } from './engine-state.js';
import { TreeGrower } from './grower.js';
import type { Loss } from './losses.js';
import { makeLoss } from './losses.js';
import { writeTreeRecord } from './tree-record.js';

export class TreeLane {
  private readonly s: EngineState;
  private readonly engine: LocalEngine;
  private readonly grower: TreeGrower;
  private readonly loss: Loss;

  /** Thread `thread`'s lane of a state with lanes. */
  constructor(s: EngineState, thread: number) {
    const lanes = s.lanes;
    if (lanes === null) throw new Error('engine state has no tree lanes');
    const n = s.binned.rows;
    const maxLeaves = s.leafStart.length;
    this.s = s;
    this.engine = new LocalEngine(
      {
        ...s,
        idx: lanes.idx[thread]!,
        gh: lanes.gh[thread]!,
        scratch: new Uint32Array(2 * n),
        slots: new Float64Array(0),
        leafStart: new Int32Array(maxLeaves),
        leafEnd: new Int32Array(maxLeaves),
        leafValue: new Float64Array(maxLeaves),
        ctrl: new Int32Array(CTRL.length),
        args: new Float64Array(ARG.length),
        results: new Float64Array(s.results.length),
        lanes: null,
      },
      thread,
    );
    this.grower = new TreeGrower(new Binning(lanes.edges), lanes.boost);
    this.loss = makeLoss(s.loss.kind, s.loss.nClasses, s.loss.alpha);
  }

  /** Task t of COMMAND.trees: the tree of output t on the engine's rows idx[0..CTRL.end). */
  run(t: number): void {
    const { ctrl, idx, binned } = this.s;
    const lanes = this.s.lanes!;
    const count = ctrl[CTRL.end]!;
    this.engine.state.idx.set(idx.subarray(0, count));
    const d = binned.cols;
    const mask = (ctrl[CTRL.flags]! & 4) !== 0 ? lanes.masks.subarray(t * d, (t + 1) * d) : null;
    const b = boostTree(this.grower, this.engine, this.loss, t, count, mask, lanes.boost, null);
    writeTreeRecord(lanes.records, t * lanes.recordLength, lanes.recordLeaves, b);
  }
}
