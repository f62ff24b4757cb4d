/**
 * The boosting engine on several threads: the caller and `threads - 1` workers
 * (engine-worker.ts) share an engine state (engine-state.ts) in SharedArrayBuffers. For each
 * operation the caller writes its arguments to the shared control words, wakes the workers
 * (Atomics.notify; workers poll a while before they sleep), takes tasks from a shared counter
 * like them, and waits until all are done, so training stays a synchronous loop. Split search
 * runs in tasks of eight features (histogram, subtraction and best split of both children), for
 * every node; gradients, partitions and score updates in chunks of rows or in leaves. Row
 * operations too small to repay the dispatch run on the caller alone, through the same task code.
 * With tree lanes (engine-lanes.ts), a multiclass round's trees are the tasks instead.
 *
 * The caller cannot see a worker's 'exit' event while it waits (the event loop is blocked), so a
 * worker that dies mid-operation (out of memory, terminated) is noticed by its silence instead:
 * workers bump a shared beat after every task, and an operation that sees neither a task done
 * nor a beat for `stallMs` fails with an error rather than waiting for ever.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compiledWorkerUrl } from '../../data/worker-pool.js';
import type { BoostedTree } from './boost-tree.js';
import type { Engine, NodeTotals, TreeStart } from './engine.js';
import { LocalEngine, setPartition } from './engine.js';
import type { EngineState, EngineWorkerData, TaskContext } from './engine-state.js';
import {
  ARG,
  CHUNK,
  COMMAND,
  CTRL,
  SPLIT_RESULT,
  awaitChangeFor,
  gradientTotals,
  joinPartition,
  rowTasks,
  runTask,
  setPacking,
  splitTasks,
  taskContext,
} from './engine-state.js';
import { TreeLane } from './engine-lanes.js';
import { HessianPacking } from './packing.js';
import type { SplitInfo } from './split.js';
import { readTreeRecord } from './tree-record.js';

/** Row operations on fewer rows run on the calling thread alone. */
const MIN_PARALLEL_ROWS = 2 * CHUNK;

/**
 * Silence after which a worker is taken for dead. A task is one node's histograms for eight
 * features or one tree of a multiclass round: well under a second on millions of rows.
 */
export const DEFAULT_STALL_MS = 60_000;

export interface ThreadedEngine extends Engine {
  /** The worker threads (the caller is thread 0). */
  readonly workers: readonly Worker[];
  close(): Promise<void>;
}

export interface EngineThreadOptions {
  /** Milliseconds without a finished task before an operation fails (default 60 s). */
  readonly stallMs?: number;
}

export function defaultThreadCount(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Starts `threads - 1` workers on a shared state (createEngineState(..., true)). */
export async function startEngineThreads(
  threads: number,
  state: EngineState,
  options: EngineThreadOptions = {},
): Promise<ThreadedEngine> {
  const url = compiledWorkerUrl(import.meta.url, './engine-worker.js');
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.max(0, threads - 1) }, (_, i) => {
        const data: EngineWorkerData = { state, thread: i + 1 };
        const w = new Worker(url, { workerData: data });
        workers.push(w);
        return new Promise<void>((resolve, reject) => {
          w.once('message', () => {
            resolve();
          });
          w.once('error', reject);
        });
      }),
    );
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }
  return new Threaded(state, workers, options.stallMs ?? DEFAULT_STALL_MS);
}

class Threaded implements ThreadedEngine {
  readonly state: EngineState;
  private readonly context: TaskContext;
  private readonly local: LocalEngine;
  private readonly free: Float64Array[] = [];
  private readonly lane: TreeLane | null;
  private hasMask = false;

  constructor(
    state: EngineState,
    readonly workers: readonly Worker[],
    private readonly stallMs: number,
  ) {
    this.state = state;
    this.context = taskContext(state);
    this.local = new LocalEngine(state);
    this.lane = state.lanes === null ? null : new TreeLane(state, 0);
    const n = state.slots.length / state.slotLength;
    for (let s = n - 1; s >= 0; s--) {
      this.free.push(state.slots.subarray(s * state.slotLength, (s + 1) * state.slotLength));
    }
  }

  prepare(): void {
    const n = this.state.binned.rows;
    if (n < MIN_PARALLEL_ROWS) this.local.prepare();
    else this.dispatch(COMMAND.prepare, rowTasks(n));
  }

  gradients(k: number, count: number, maxHessian: number): TreeStart {
    if (count < MIN_PARALLEL_ROWS) return this.local.gradients(k, count, maxHessian);
    const s = this.state;
    const packing = new HessianPacking(count, maxHessian);
    setPacking(s, packing, maxHessian);
    this.local.usePacking(packing);
    s.ctrl[CTRL.k] = k;
    s.ctrl[CTRL.end] = count;
    this.dispatch(COMMAND.gradients, rowTasks(count));
    return { packing, ...gradientTotals(s, count) };
  }

  setFeatureMask(mask: Uint8Array | null): void {
    this.local.setFeatureMask(mask);
    this.hasMask = mask !== null;
    if (mask !== null) this.state.featureMask.set(mask);
  }

  acquire(): Float64Array {
    return this.free.pop() ?? this.local.acquire();
  }

  release(hist: Float64Array): void {
    if (this.slotOf(hist) >= 0) this.free.push(hist);
    else this.local.release(hist);
  }

  buildAndSplit(
    start: number,
    end: number,
    out: Float64Array,
    parent: Float64Array | null,
    node: NodeTotals | null,
    sibling: NodeTotals | null,
  ): [SplitInfo | null, SplitInfo | null] {
    const slot = this.slotOf(out);
    const parentSlot = parent === null ? -1 : this.slotOf(parent);
    // Small nodes too: the split search costs the same for any row count (features x bins),
    // and polling threads answer a dispatch in microseconds.
    if (slot < 0 || (parent !== null && parentSlot < 0)) {
      return this.local.buildAndSplit(start, end, out, parent, node, sibling);
    }
    const { ctrl, args } = this.state;
    ctrl[CTRL.start] = start;
    ctrl[CTRL.end] = end;
    ctrl[CTRL.slot] = slot;
    ctrl[CTRL.parent] = parentSlot;
    ctrl[CTRL.flags] =
      (node !== null ? 1 : 0) | (sibling !== null ? 2 : 0) | (this.hasMask ? 4 : 0);
    args[ARG.nodeG] = node?.g ?? 0;
    args[ARG.nodeP] = node?.p ?? 0;
    args[ARG.siblingG] = sibling?.g ?? 0;
    args[ARG.siblingP] = sibling?.p ?? 0;
    const tasks = splitTasks(this.state.binned.words);
    this.dispatch(COMMAND.split, tasks);
    return [this.merge(tasks, 0), this.merge(tasks, 1)];
  }

  partition(start: number, end: number, feature: number, bin: number, nanLeft: boolean): number {
    if (end - start < MIN_PARALLEL_ROWS)
      return this.local.partition(start, end, feature, bin, nanLeft);
    setPartition(this.state, start, end, feature, bin, nanLeft);
    this.dispatch(COMMAND.partition, Math.ceil((end - start) / CHUNK));
    return joinPartition(this.state, start, end);
  }

  update(k: number, leafCount: number): void {
    const s = this.state;
    const rows = s.leafEnd[leafCount - 1]! - s.leafStart[0]!;
    if (rows < MIN_PARALLEL_ROWS) {
      this.local.update(k, leafCount);
      return;
    }
    s.ctrl[CTRL.k] = k;
    this.dispatch(COMMAND.update, leafCount);
  }

  boostRound(count: number, masks: Uint8Array | null): BoostedTree[] | null {
    const lanes = this.state.lanes;
    if (lanes === null) return null;
    const { ctrl } = this.state;
    ctrl[CTRL.end] = count;
    ctrl[CTRL.flags] = masks === null ? 0 : 4;
    if (masks !== null) lanes.masks.set(masks);
    this.dispatch(COMMAND.trees, lanes.trees);
    return Array.from({ length: lanes.trees }, (_, k) =>
      readTreeRecord(lanes.records, k * lanes.recordLength, lanes.recordLeaves),
    );
  }

  async close(): Promise<void> {
    const ctrl = this.state.ctrl;
    ctrl[CTRL.command] = COMMAND.exit;
    Atomics.add(ctrl, CTRL.seq, 1);
    Atomics.notify(ctrl, CTRL.seq);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** Runs `tasks` tasks of `command` on every thread; returns when all are done. */
  private dispatch(command: number, tasks: number): void {
    const ctrl = this.state.ctrl;
    ctrl[CTRL.command] = command;
    ctrl[CTRL.tasks] = tasks;
    Atomics.store(ctrl, CTRL.nextTask, 0);
    Atomics.store(ctrl, CTRL.done, 0);
    Atomics.add(ctrl, CTRL.seq, 1);
    Atomics.notify(ctrl, CTRL.seq);
    for (
      let t = Atomics.add(ctrl, CTRL.nextTask, 1);
      t < tasks;
      t = Atomics.add(ctrl, CTRL.nextTask, 1)
    ) {
      if (command === COMMAND.trees) this.lane!.run(t);
      else runTask(this.context, command, t);
    }
    this.awaitWorkers();
    if (Atomics.load(ctrl, CTRL.error) !== 0) {
      const text = new TextDecoder().decode(this.state.errorText.slice()).replace(/\0+$/, '');
      throw new Error(`boosting worker failed: ${text}`);
    }
  }

  /** Waits until every worker has reported done; throws when they fall silent for stallMs. */
  private awaitWorkers(): void {
    const ctrl = this.state.ctrl;
    const n = this.workers.length;
    const slice = Math.max(1, Math.min(1000, this.stallMs / 4));
    let beat = Atomics.load(ctrl, CTRL.beat);
    let heard = performance.now();
    let last = heard;
    for (let done = Atomics.load(ctrl, CTRL.done); done < n; done = Atomics.load(ctrl, CTRL.done)) {
      if (awaitChangeFor(ctrl, CTRL.done, done, slice)) {
        heard = performance.now();
        last = heard;
        continue;
      }
      const now = performance.now();
      const b = Atomics.load(ctrl, CTRL.beat);
      // A wait that overran its slice many times over means the whole process was stopped
      // (Ctrl-Z, a paused VM): the workers were stopped too, so that time is not their silence.
      const suspended = now - last > 4 * slice + 1000;
      last = now;
      if (b !== beat || suspended) {
        beat = b;
        heard = now;
      } else if (now - heard >= this.stallMs) {
        throw new Error(
          `boosting worker stopped: ${n - done} of ${n} worker threads silent for ` +
            `${(this.stallMs / 1000).toFixed(1)} s (a worker thread exited, perhaps out of memory)`,
        );
      }
    }
  }

  /** The tasks' best candidate for node k (0: node, 1: sibling); earlier tasks win ties. */
  private merge(tasks: number, k: number): SplitInfo | null {
    const { results, args } = this.state;
    let best = -1;
    for (let t = 0; t < tasks; t++) {
      const g = results[(2 * t + k) * SPLIT_RESULT]!;
      if (g > -Infinity && (best < 0 || g > results[(2 * best + k) * SPLIT_RESULT]!)) best = t;
    }
    if (best < 0) return null;
    const o = (2 * best + k) * SPLIT_RESULT;
    const pl = results[o + 5]!;
    return {
      gain: results[o]!,
      feature: results[o + 1]!,
      bin: results[o + 2]!,
      defaultLeft: results[o + 3] === 1,
      gl: results[o + 4]!,
      pl,
      cl: pl - Math.floor(pl * args[ARG.invUnit]!) * args[ARG.unit]!,
    };
  }

  /** Index of a shared slot, or -1 for a private array. */
  private slotOf(hist: Float64Array): number {
    if (hist.buffer !== this.state.slots.buffer) return -1;
    return hist.byteOffset / 8 / this.state.slotLength;
  }
}
