/**
 * Split finding on several threads: the feature words are cut into tasks of two words (eight
 * features) that the calling thread and worker threads (hist-worker.ts) take from a shared
 * counter. A task builds its features' histogram of the node, subtracts it from the parent's
 * (giving the sibling's), and scans its features for both nodes' best splits; the caller then
 * keeps the best candidate, earlier tasks winning ties as in a sequential scan. Codes,
 * gradients, row indices, histograms and results live in SharedArrayBuffers; the caller wakes
 * the workers with Atomics.notify and waits with Atomics.wait, so training stays a synchronous
 * loop. Each feature's histogram is summed by one thread in row order, so the trees are the
 * same whatever the thread count, and whichever thread takes a task.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compiledWorkerUrl } from '../../data/worker-pool.js';
import type { BinnedMatrix } from './binning.js';
import { binnedWords } from './binning.js';
import { buildHistogram, histogramLength, subtractHistogram } from './histogram.js';
import type { PackingScale, SplitInfo, SplitParams } from './split.js';
import { findBestSplit } from './split.js';
import type { NodeTotals, SplitFinder } from './split-finder.js';
import { LocalSplitFinder } from './split-finder.js';

/** Control words (Int32Array indices). */
export const CTRL = {
  seq: 0,
  done: 1,
  command: 2,
  start: 3,
  end: 4,
  slot: 5,
  parent: 6,
  /** Bit 0: find the node's split, bit 1: the sibling's, bit 2: a feature mask applies. */
  flags: 7,
  nextTask: 8,
  error: 9,
  length: 10,
} as const;
/** Float64 arguments: node g, p; sibling g, p; packing unit, 1 / unit, 1 / scale. */
export const ARGS = 7;
/** Float64 results per task and node: gain (-Infinity: none), feature, bin, NaN left, gl, pl. */
export const RESULT = 6;
export const COMMAND = { build: 1, exit: 2 } as const;
/** Nodes with fewer rows are done on the calling thread alone (waking workers costs more). */
const MIN_PARALLEL_ROWS = 2048;
const ERROR_BYTES = 1024;

export interface SharedState {
  readonly ctrl: Int32Array;
  readonly args: Float64Array;
  readonly results: Float64Array;
  readonly featureMask: Uint8Array;
  readonly nBins: Int32Array;
  /** The histogram pool: slot s is [s * slotLength, (s + 1) * slotLength). */
  readonly slots: Float64Array;
  readonly errorText: Uint8Array;
}

export interface HistWorkerData extends SharedState {
  readonly binned: BinnedMatrix;
  readonly gh: Float64Array;
  readonly idx: Uint32Array;
  readonly slotLength: number;
  readonly params: SplitParams;
}

export interface ThreadedSplitFinder extends SplitFinder {
  close(): Promise<void>;
}

export function defaultThreadCount(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** Tasks for `words` feature words: two words each. */
export function taskCount(words: number): number {
  return (words + 1) >> 1;
}

/**
 * Runs task t (words 2t, 2t + 1) of the command in `ctrl`/`args`: build, subtract, and write
 * the best splits of its features to `results`. Shared by the caller and the workers.
 */
export function runTask(d: HistWorkerData, words: Uint32Array, t: number): void {
  const { ctrl, args, results, slots, slotLength, binned } = d;
  const w0 = 2 * t;
  const w1 = Math.min(w0 + 2, binned.words);
  const out = slots.subarray(ctrl[CTRL.slot]! * slotLength, (ctrl[CTRL.slot]! + 1) * slotLength);
  buildHistogram(words, binned.rows, w0, w1, d.idx, ctrl[CTRL.start]!, ctrl[CTRL.end]!, d.gh, out);
  const p = ctrl[CTRL.parent]!;
  const parent = p < 0 ? null : slots.subarray(p * slotLength, (p + 1) * slotLength);
  if (parent !== null) subtractHistogram(parent, out, w0, w1);
  const flags = ctrl[CTRL.flags]!;
  const mask = (flags & 4) !== 0 ? d.featureMask : null;
  const packing = { unit: args[4]!, invUnit: args[5]!, invScale: args[6]! };
  const f0 = 4 * w0;
  const f1 = Math.min(4 * w1, binned.cols);
  for (let k = 0; k < 2; k++) {
    const o = (2 * t + k) * RESULT;
    results[o] = -Infinity;
    const hist = k === 0 ? out : parent;
    if ((flags & (1 << k)) === 0 || hist === null) continue;
    const s = findBestSplit(
      hist,
      d.nBins,
      mask,
      args[2 * k]!,
      args[2 * k + 1]!,
      packing,
      d.params,
      f0,
      f1,
    );
    if (s === null) continue;
    results[o] = s.gain;
    results[o + 1] = s.feature;
    results[o + 2] = s.bin;
    results[o + 3] = s.defaultLeft ? 1 : 0;
    results[o + 4] = s.gl;
    results[o + 5] = s.pl;
  }
}

/**
 * Starts `threads - 1` workers over shared `binned.codes`, `gh` and `idx` (all on
 * SharedArrayBuffers), with `slots` shared histograms (one per leaf that may still split:
 * maxLeaves + 1 suffice; beyond them, histograms are private and built on the caller alone).
 */
export async function startSplitThreads(
  threads: number,
  binned: BinnedMatrix,
  gh: Float64Array,
  idx: Uint32Array,
  nBins: Int32Array,
  params: SplitParams,
  slots: number,
): Promise<ThreadedSplitFinder> {
  const slotLength = histogramLength(binned.words);
  const tasks = taskCount(binned.words);
  const sharedNBins = new Int32Array(new SharedArrayBuffer(4 * nBins.length));
  sharedNBins.set(nBins);
  const data: HistWorkerData = {
    ctrl: new Int32Array(new SharedArrayBuffer(4 * CTRL.length)),
    args: new Float64Array(new SharedArrayBuffer(8 * ARGS)),
    results: new Float64Array(new SharedArrayBuffer(8 * RESULT * 2 * tasks)),
    featureMask: new Uint8Array(new SharedArrayBuffer(nBins.length)),
    nBins: sharedNBins,
    slots: new Float64Array(new SharedArrayBuffer(8 * slotLength * slots)),
    errorText: new Uint8Array(new SharedArrayBuffer(ERROR_BYTES)),
    binned,
    gh,
    idx,
    slotLength,
    params,
  };
  const url = compiledWorkerUrl(import.meta.url, './hist-worker.js');
  const workers: Worker[] = [];
  const count = Math.max(0, Math.min(threads, tasks) - 1);
  try {
    await Promise.all(
      Array.from({ length: count }, () => {
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
  return new Threaded(data, workers, new LocalSplitFinder(binned, gh, nBins, params));
}

class Threaded implements ThreadedSplitFinder {
  private readonly words: Uint32Array;
  private readonly tasks: number;
  private readonly free: Float64Array[] = [];
  private hasMask = false;

  constructor(
    private readonly d: HistWorkerData,
    private readonly workers: Worker[],
    private readonly local: LocalSplitFinder,
  ) {
    this.words = binnedWords(d.binned);
    this.tasks = taskCount(d.binned.words);
    const n = d.slots.length / d.slotLength;
    for (let s = n - 1; s >= 0; s--) {
      this.free.push(d.slots.subarray(s * d.slotLength, (s + 1) * d.slotLength));
    }
  }

  acquire(): Float64Array {
    return this.free.pop() ?? this.local.acquire();
  }

  release(hist: Float64Array): void {
    if (this.slotOf(hist) >= 0) this.free.push(hist);
    else this.local.release(hist);
  }

  beginTree(packing: PackingScale, featureMask: Uint8Array | null): void {
    this.local.beginTree(packing, featureMask);
    const args = this.d.args;
    args[4] = packing.unit;
    args[5] = packing.invUnit;
    args[6] = packing.invScale;
    this.hasMask = featureMask !== null;
    if (featureMask !== null) this.d.featureMask.set(featureMask);
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
    const slot = this.slotOf(out);
    const parentSlot = parent === null ? -1 : this.slotOf(parent);
    if (
      idx !== this.d.idx ||
      end - start < MIN_PARALLEL_ROWS ||
      this.workers.length === 0 ||
      slot < 0 ||
      (parent !== null && parentSlot < 0)
    ) {
      return this.local.buildAndSplit(idx, start, end, out, parent, node, sibling);
    }
    const { ctrl, args, results } = this.d;
    ctrl[CTRL.command] = COMMAND.build;
    ctrl[CTRL.start] = start;
    ctrl[CTRL.end] = end;
    ctrl[CTRL.slot] = slot;
    ctrl[CTRL.parent] = parentSlot;
    ctrl[CTRL.flags] =
      (node !== null ? 1 : 0) | (sibling !== null ? 2 : 0) | (this.hasMask ? 4 : 0);
    args[0] = node?.g ?? 0;
    args[1] = node?.p ?? 0;
    args[2] = sibling?.g ?? 0;
    args[3] = sibling?.p ?? 0;
    Atomics.store(ctrl, CTRL.nextTask, 0);
    Atomics.store(ctrl, CTRL.done, 0);
    Atomics.add(ctrl, CTRL.seq, 1);
    Atomics.notify(ctrl, CTRL.seq);
    for (
      let t = Atomics.add(ctrl, CTRL.nextTask, 1);
      t < this.tasks;
      t = Atomics.add(ctrl, CTRL.nextTask, 1)
    ) {
      runTask(this.d, this.words, t);
    }
    const n = this.workers.length;
    for (let done = Atomics.load(ctrl, CTRL.done); done < n; done = Atomics.load(ctrl, CTRL.done)) {
      Atomics.wait(ctrl, CTRL.done, done);
    }
    if (Atomics.load(ctrl, CTRL.error) !== 0) {
      const text = new TextDecoder().decode(this.d.errorText.slice()).replace(/\0+$/, '');
      throw new Error(`histogram worker failed: ${text}`);
    }
    return [this.merge(results, 0), this.merge(results, 1)];
  }

  async close(): Promise<void> {
    const ctrl = this.d.ctrl;
    ctrl[CTRL.command] = COMMAND.exit;
    Atomics.add(ctrl, CTRL.seq, 1);
    Atomics.notify(ctrl, CTRL.seq);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  /** The tasks' best candidate for node k (0: node, 1: sibling); earlier tasks win ties. */
  private merge(results: Float64Array, k: number): SplitInfo | null {
    let best = -1;
    for (let t = 0; t < this.tasks; t++) {
      const g = results[(2 * t + k) * RESULT]!;
      if (g > -Infinity && (best < 0 || g > results[(2 * best + k) * RESULT]!)) best = t;
    }
    if (best < 0) return null;
    const o = (2 * best + k) * RESULT;
    const pl = results[o + 5]!;
    const unit = this.d.args[4]!;
    return {
      gain: results[o]!,
      feature: results[o + 1]!,
      bin: results[o + 2]!,
      defaultLeft: results[o + 3] === 1,
      gl: results[o + 4]!,
      pl,
      cl: pl - Math.floor(pl * this.d.args[5]!) * unit,
    };
  }

  /** Index of a shared slot, or -1 for a private array. */
  private slotOf(hist: Float64Array): number {
    if (hist.buffer !== this.d.slots.buffer) return -1;
    return hist.byteOffset / 8 / this.d.slotLength;
  }
}
