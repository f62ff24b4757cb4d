/**
 * The arrays a boosting run works on, and the work split into tasks that any thread can run:
 * split search over two feature words, and row chunks of gradient computation, partitioning
 * and score updates. The caller and the worker threads (engine-threads.ts) share one state
 * through SharedArrayBuffers; the single-threaded engine (engine.ts) runs the same tasks in
 * order. Tasks are fixed by the data, never by the thread count, and every sum that is not
 * exact is added task by task in task order, so results do not depend on the threads.
 * The codes, row indices and gradients live in a WebAssembly memory (engine-arena.ts) when the
 * histogram kernel can run, so that each thread's kernel reads them in place.
 */
import type { BinnedMatrix } from './binning.js';
import type { BoostParams } from './boost-tree.js';
import { binnedWords } from './binning.js';
import { createArena } from './engine-arena.js';
import type { GbdtLoss } from './gbdt-config.js';
import { buildHistogram, histogramLength, subtractHistogram } from './histogram.js';
import { ACC_BYTES, HistogramKernel, kernelModule } from './histogram-kernel.js';
import type { Loss } from './losses.js';
import type { WasmMemory } from './wasm-runtime.js';
import { makeLoss } from './losses.js';
import { HessianPacking } from './packing.js';
import type { SplitParams } from './split.js';
import { findBestSplit } from './split.js';
import { treeRecordLength } from './tree-record.js';

/**
 * Rows per row task (gradients, partitions, score updates). Small enough that two threads end
 * a node's partition together (a 20,000-row node is five tasks, not two): 4,096 rows trained
 * the 10-class benchmark about 4 % faster than 16,384.
 */
export const CHUNK = 4096;

/**
 * Polls before sleeping: a tree takes about a hundred operations, each a few hundred
 * microseconds, and waking a thread parked in Atomics.wait costs tens of microseconds (more on
 * a virtual machine), so a thread that has just finished spins a while for the next one.
 */
const SPIN_POLLS = 20_000;

/** Returns once ctrl[index] differs from `value`: polls a while, then sleeps in Atomics.wait. */
export function awaitChange(ctrl: Int32Array, index: number, value: number): void {
  for (let i = 0; i < SPIN_POLLS; i++) if (Atomics.load(ctrl, index) !== value) return;
  Atomics.wait(ctrl, index, value);
}

/** awaitChange that gives up after `ms` milliseconds of sleep; false when it gave up. */
export function awaitChangeFor(
  ctrl: Int32Array,
  index: number,
  value: number,
  ms: number,
): boolean {
  for (let i = 0; i < SPIN_POLLS; i++) if (Atomics.load(ctrl, index) !== value) return true;
  return Atomics.wait(ctrl, index, value, ms) !== 'timed-out';
}
/** Control words (Int32Array indices). */
export const CTRL = {
  seq: 0,
  done: 1,
  command: 2,
  nextTask: 3,
  error: 4,
  start: 5,
  end: 6,
  slot: 7,
  parent: 8,
  /** Split search, bit 0: the node's split, bit 1: the sibling's, bit 2: a feature mask. */
  flags: 9,
  k: 10,
  feature: 11,
  bin: 12,
  nanLeft: 13,
  /** Tasks of the current command. */
  tasks: 14,
  /** Bumped by a worker after each task and when it reports done: the caller's sign of life. */
  beat: 15,
  length: 16,
} as const;
/** Float64 arguments. */
export const ARG = {
  nodeG: 0,
  nodeP: 1,
  siblingG: 2,
  siblingP: 3,
  unit: 4,
  invUnit: 5,
  invScale: 6,
  scale: 7,
  maxHessian: 8,
  length: 9,
} as const;
export const COMMAND = {
  split: 1,
  prepare: 2,
  gradients: 3,
  partition: 4,
  update: 5,
  exit: 6,
  /** A multiclass round's trees, one per task, each on one thread's tree lane. */
  trees: 7,
} as const;
/** Float64 results per split task and node: gain (-Infinity: none), feature, bin, NaN left, gl, pl. */
export const SPLIT_RESULT = 6;

export interface EngineState {
  readonly binned: BinnedMatrix;
  readonly nBins: Int32Array;
  readonly params: SplitParams;
  readonly loss: { readonly kind: GbdtLoss; readonly nClasses: number; readonly alpha: number };
  readonly y: Float64Array;
  /** Raw scores, rows x outputs. */
  readonly raw: Float64Array;
  /** Softmax probabilities (multiclass), rows x classes; empty otherwise. */
  readonly proba: Float64Array;
  /** Gradients and packed hessians, interleaved. */
  readonly gh: Float64Array;
  /** Row indices of the tree's rows, reordered by partitions. */
  readonly idx: Uint32Array;
  /** Partition buffer: left rows at [i], right rows at [rows + i]. */
  readonly scratch: Uint32Array;
  /** Histogram pool: slot s is [s * slotLength, (s + 1) * slotLength). */
  readonly slots: Float64Array;
  readonly slotLength: number;
  readonly featureMask: Uint8Array;
  readonly leafStart: Int32Array;
  readonly leafEnd: Int32Array;
  readonly leafValue: Float64Array;
  readonly ctrl: Int32Array;
  readonly args: Float64Array;
  readonly results: Float64Array;
  readonly errorText: Uint8Array;
  /** The WebAssembly memory that `binned.codes`, `idx` and `gh` live in (engine-arena.ts), with
   * accumulators for threads 0 .. threads - 1; null: histograms in JavaScript. */
  readonly memory: WasmMemory | null;
  readonly threads: number;
  /** Tree lanes (engine-lanes.ts); null: trees grow one at a time, split over the threads. */
  readonly lanes: Lanes | null;
}

/** What tree lanes need: a round's trees, each grown whole by one thread (engine-lanes.ts). */
export interface LaneSizes {
  /** Trees per round (the classes). */
  readonly trees: number;
  readonly boost: BoostParams;
  /** The binning's edges per feature, for the trees' thresholds. */
  readonly edges: readonly Float32Array[];
}

export interface Lanes extends LaneSizes {
  /** Thread t's row indices and gradients (views of the arena where there is one). */
  readonly idx: Uint32Array[];
  readonly gh: Float64Array[];
  /** The round's feature masks, trees x features (used when CTRL.flags has bit 2). */
  readonly masks: Uint8Array;
  /** Tree t's record (tree-record.ts, for trees of recordLeaves leaves) at t x recordLength. */
  readonly records: Float64Array;
  readonly recordLength: number;
  readonly recordLeaves: number;
}

/** What a worker thread starts with: the shared state and its thread number (1 ..). */
export interface EngineWorkerData {
  readonly state: EngineState;
  readonly thread: number;
}

export interface EngineSizes {
  readonly binned: BinnedMatrix;
  readonly nBins: Int32Array;
  readonly params: SplitParams;
  readonly loss: EngineState['loss'];
  readonly outputs: number;
  readonly y: Float64Array;
  /** Shared histogram slots (open leaves that may split: maxLeaves + 1). */
  readonly slots: number;
  readonly maxLeaves: number;
  /** Threads that will run tasks (each needs its own kernel accumulator). */
  readonly threads: number;
  /** Use the WebAssembly histogram kernel where it runs (default true). */
  readonly wasm?: boolean;
  /** Tree lanes, one per thread (default none). */
  readonly lanes?: LaneSizes | null;
}

/** Allocates a state, in SharedArrayBuffers when `shared`. */
export function createEngineState(s: EngineSizes, shared: boolean): EngineState {
  const n = s.binned.rows;
  const buf = (bytes: number): ArrayBuffer | SharedArrayBuffer =>
    shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const f64 = (len: number): Float64Array => new Float64Array(buf(8 * len));
  const slotLength = histogramLength(s.binned.words);
  const tasks = splitTasks(s.binned.words);
  const threads = Math.max(1, s.threads);
  let laneCount = s.lanes === undefined || s.lanes === null ? 0 : threads;
  let arena =
    s.wasm === false ? null : createArena(n, s.binned.words, threads, shared, 1 + laneCount);
  if (arena === null && laneCount > 0 && s.wasm !== false) {
    // The lanes' row sets do not fit beside the codes: keep the kernel, grow trees one by one.
    laneCount = 0;
    arena = createArena(n, s.binned.words, threads, shared, 1);
  }
  let binned = s.binned;
  if (arena !== null) {
    arena.codes.set(binned.codes);
    binned = { ...binned, codes: arena.codes };
  }
  const y = f64(n);
  y.set(s.y);
  const nBins = new Int32Array(buf(4 * s.nBins.length));
  nBins.set(s.nBins);
  return {
    binned,
    nBins,
    params: { ...s.params },
    loss: { ...s.loss },
    y,
    raw: f64(n * s.outputs),
    proba: f64(s.loss.kind === 'multiclass' ? n * s.outputs : 0),
    gh: arena?.gh[0] ?? f64(2 * n),
    idx: arena?.idx[0] ?? new Uint32Array(buf(4 * n)),
    scratch: new Uint32Array(buf(8 * n)),
    // Lanes grow every tree on one thread, from their own histograms: no shared slots.
    slots: f64(laneCount > 0 ? 0 : slotLength * s.slots),
    slotLength,
    featureMask: new Uint8Array(buf(s.binned.cols)),
    leafStart: new Int32Array(buf(4 * s.maxLeaves)),
    leafEnd: new Int32Array(buf(4 * s.maxLeaves)),
    leafValue: f64(s.maxLeaves),
    ctrl: new Int32Array(buf(4 * CTRL.length)),
    args: f64(ARG.length),
    results: f64(Math.max(2 * tasks * SPLIT_RESULT, 2 * rowTasks(n))),
    errorText: new Uint8Array(buf(1024)),
    memory: arena?.memory ?? null,
    threads: arena?.threads ?? 0,
    lanes:
      laneCount === 0
        ? null
        : createLanes(
            s.lanes!,
            s.binned.cols,
            s.maxLeaves,
            laneCount,
            (t) => ({
              idx: arena?.idx[1 + t] ?? new Uint32Array(buf(4 * n)),
              gh: arena?.gh[1 + t] ?? f64(2 * n),
            }),
            buf,
          ),
  };
}

function createLanes(
  s: LaneSizes,
  cols: number,
  maxLeaves: number,
  threads: number,
  arrays: (thread: number) => { idx: Uint32Array; gh: Float64Array },
  buf: (bytes: number) => ArrayBuffer | SharedArrayBuffer,
): Lanes {
  // A tree has at most maxLeaves leaves and at most 2^maxDepth.
  const recordLeaves = Math.min(maxLeaves, 2 ** Math.min(s.boost.maxDepth, 30));
  const recordLength = treeRecordLength(recordLeaves);
  const sets = Array.from({ length: threads }, (_, t) => arrays(t));
  return {
    trees: s.trees,
    boost: { ...s.boost },
    edges: s.edges.map((e) => e.slice()),
    idx: sets.map((a) => a.idx),
    gh: sets.map((a) => a.gh),
    masks: new Uint8Array(buf(s.trees * cols)),
    records: new Float64Array(buf(8 * s.trees * recordLength)),
    recordLength,
    recordLeaves,
  };
}

/** Split tasks for `words` feature words: two words (eight features) each. */
export function splitTasks(words: number): number {
  return (words + 1) >> 1;
}

/** Row tasks for `rows` rows. */
export function rowTasks(rows: number): number {
  return Math.ceil(rows / CHUNK);
}

/** Per-thread context: views and objects built once from the state. */
export interface TaskContext {
  readonly s: EngineState;
  readonly words: Uint32Array;
  readonly loss: Loss;
  readonly kernel: HistogramKernel | null;
}

/** The context of thread `thread` (0: the caller; workers 1 ..). */
export function taskContext(s: EngineState, thread = 0): TaskContext {
  return {
    s,
    words: binnedWords(s.binned),
    loss: makeLoss(s.loss.kind, s.loss.nClasses, s.loss.alpha),
    kernel: histogramKernel(s, thread),
  };
}

function histogramKernel(s: EngineState, thread: number): HistogramKernel | null {
  const memory = s.memory;
  if (memory === null) return null;
  if (thread >= s.threads) throw new Error(`engine state has no accumulator for thread ${thread}`);
  const module = kernelModule(memory.buffer instanceof SharedArrayBuffer);
  if (module === null) throw new Error('the engine state needs WebAssembly SIMD');
  const { codes, rows, words } = s.binned;
  return new HistogramKernel(module, {
    memory,
    codes,
    rows,
    words,
    idx: s.idx,
    gh: s.gh,
    acc: thread * ACC_BYTES,
  });
}

/** `buildHistogram` of the state's rows idx[start..end), by the kernel where there is one. */
export function buildNodeHistogram(
  c: TaskContext,
  wordFrom: number,
  wordTo: number,
  start: number,
  end: number,
  out: Float64Array,
): void {
  if (c.kernel !== null) c.kernel.build(wordFrom, wordTo, start, end, out);
  else buildHistogram(c.words, c.s.binned.rows, wordFrom, wordTo, c.s.idx, start, end, c.s.gh, out);
}

/** Runs task t of the command in the control words. */
export function runTask(c: TaskContext, command: number, t: number): void {
  switch (command) {
    case COMMAND.split:
      splitTask(c, t);
      break;
    case COMMAND.prepare:
      prepareTask(c, t);
      break;
    case COMMAND.gradients:
      gradientTask(c, t);
      break;
    case COMMAND.partition:
      partitionTask(c, t);
      break;
    case COMMAND.update:
      updateTask(c, t);
      break;
  }
}

/** Histogram of words 2t, 2t + 1 for rows idx[start..end), subtraction, and both best splits. */
function splitTask(c: TaskContext, t: number): void {
  const { ctrl, args, results, slots, slotLength, binned } = c.s;
  const w0 = 2 * t;
  const w1 = Math.min(w0 + 2, binned.words);
  const slot = ctrl[CTRL.slot]!;
  const out = slots.subarray(slot * slotLength, (slot + 1) * slotLength);
  const start = ctrl[CTRL.start]!;
  const end = ctrl[CTRL.end]!;
  buildNodeHistogram(c, w0, w1, start, end, out);
  const p = ctrl[CTRL.parent]!;
  const parent = p < 0 ? null : slots.subarray(p * slotLength, (p + 1) * slotLength);
  if (parent !== null) subtractHistogram(parent, out, w0, w1);
  const flags = ctrl[CTRL.flags]!;
  const mask = (flags & 4) !== 0 ? c.s.featureMask : null;
  const packing = {
    unit: args[ARG.unit]!,
    invUnit: args[ARG.invUnit]!,
    invScale: args[ARG.invScale]!,
  };
  const f0 = 4 * w0;
  const f1 = Math.min(4 * w1, binned.cols);
  for (let k = 0; k < 2; k++) {
    const o = (2 * t + k) * SPLIT_RESULT;
    results[o] = -Infinity;
    const hist = k === 0 ? out : parent;
    if ((flags & (1 << k)) === 0 || hist === null) continue;
    const g = args[2 * k]!;
    const pk = args[2 * k + 1]!;
    const s = findBestSplit(hist, c.s.nBins, mask, g, pk, packing, c.s.params, f0, f1);
    if (s === null) continue;
    results[o] = s.gain;
    results[o + 1] = s.feature;
    results[o + 2] = s.bin;
    results[o + 3] = s.defaultLeft ? 1 : 0;
    results[o + 4] = s.gl;
    results[o + 5] = s.pl;
  }
}

/** The loss's per-round precomputation for rows of chunk t. */
function prepareTask(c: TaskContext, t: number): void {
  const n = c.s.binned.rows;
  c.loss.prepare(c.s.raw, c.s.proba, t * CHUNK, Math.min(n, (t + 1) * CHUNK));
}

/**
 * Gradients of output k for rows idx[chunk t] of idx[0..count), hessians packed (packing.ts);
 * the chunk's gradient sum and packed sum go to results[2t], results[2t + 1].
 */
function gradientTask(c: TaskContext, t: number): void {
  const { ctrl, args, gh, idx, results } = c.s;
  const from = t * CHUNK;
  const to = Math.min(ctrl[CTRL.end]!, from + CHUNK);
  c.loss.gradients(c.s.raw, c.s.proba, c.s.y, ctrl[CTRL.k]!, idx, from, to, gh);
  const scale = args[ARG.scale]!;
  const unit = args[ARG.unit]!;
  const maxH = args[ARG.maxHessian]!;
  let g = 0;
  let p = 0;
  for (let j = from; j < to; j++) {
    const r = idx[j]!;
    const packed = Math.round(Math.min(gh[2 * r + 1]!, maxH) * scale) * unit + 1;
    gh[2 * r + 1] = packed;
    p += packed;
    g += gh[2 * r]!;
  }
  results[2 * t] = g;
  results[2 * t + 1] = p;
}

/**
 * Chunk t of the partition of idx[start..end) by (feature, bin, NaN direction): its left rows
 * to scratch[i], its right rows to scratch[rows + i], from the chunk's first index i; the
 * number of left rows to results[t].
 */
function partitionTask(c: TaskContext, t: number): void {
  const { ctrl, idx, scratch, binned, results } = c.s;
  const start = ctrl[CTRL.start]!;
  const from = start + t * CHUNK;
  const to = Math.min(ctrl[CTRL.end]!, from + CHUNK);
  const f = ctrl[CTRL.feature]!;
  const bin = ctrl[CTRL.bin]!;
  const nanBit = ctrl[CTRL.nanLeft]!;
  const codes = binned.codes;
  // The split feature's codes: bytes 4 apart in its word column (binning.ts).
  const offset = (f >> 2) * binned.rows * 4 + (f & 3);
  const rows = binned.rows;
  let l = from;
  let r = rows + from;
  // Branch-free: half the rows go each way, so a branch would mispredict half the time.
  for (let k = from; k < to; k++) {
    const row = idx[k]!;
    const code = codes[offset + 4 * row]!;
    // 1 when code <= bin (codes and bin are < 256), or for NaN (code 255) going left.
    const goLeft = (((bin - code) >>> 31) ^ 1) | (nanBit & ((code + 1) >> 8));
    scratch[l] = row;
    scratch[r] = row;
    l += goLeft;
    r += goLeft ^ 1;
  }
  results[t] = l - from;
}

/** Adds leaf t's value to output k of the raw scores of its rows. */
function updateTask(c: TaskContext, t: number): void {
  const { ctrl, idx, raw, leafStart, leafEnd, leafValue, loss } = c.s;
  const K = loss.kind === 'multiclass' ? loss.nClasses : 1;
  const k = ctrl[CTRL.k]!;
  const v = leafValue[t]!;
  for (let p = leafStart[t]!, end = leafEnd[t]!; p < end; p++) {
    const o = idx[p]! * K + k;
    raw[o] = raw[o]! + v;
  }
}

/** Finishes a partition from its chunks' results; returns the first right row's index. */
export function joinPartition(s: EngineState, start: number, end: number): number {
  const { idx, scratch, results } = s;
  const rows = s.binned.rows;
  const chunks = Math.ceil((end - start) / CHUNK);
  let pos = start;
  for (let t = 0; t < chunks; t++) {
    const from = start + t * CHUNK;
    const left = results[t]!;
    idx.set(scratch.subarray(from, from + left), pos);
    pos += left;
  }
  const mid = pos;
  for (let t = 0; t < chunks; t++) {
    const from = start + t * CHUNK;
    const to = Math.min(end, from + CHUNK);
    const right = to - from - results[t]!;
    idx.set(scratch.subarray(rows + from, rows + from + right), pos);
    pos += right;
  }
  return mid;
}

/** The packing of a tree's hessians and the sums of its rows, from the gradient tasks. */
export function gradientTotals(
  s: EngineState,
  count: number,
): { gradientSum: number; total: number } {
  let g = 0;
  let p = 0;
  for (let t = 0; t < rowTasks(count); t++) {
    g += s.results[2 * t]!;
    p += s.results[2 * t + 1]!;
  }
  return { gradientSum: g, total: p };
}

/** Writes a packing to the arguments the gradient and split tasks read. */
export function setPacking(s: EngineState, packing: HessianPacking, maxHessian: number): void {
  s.args[ARG.unit] = packing.unit;
  s.args[ARG.invUnit] = packing.invUnit;
  s.args[ARG.invScale] = packing.invScale;
  s.args[ARG.scale] = packing.scale;
  s.args[ARG.maxHessian] = maxHessian;
}
