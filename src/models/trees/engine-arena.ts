/**
 * One WebAssembly memory holding what the histogram kernel (histogram-kernel.ts) reads: the
 * binned codes, the row indices and the interleaved gradients, plus one accumulator per
 * thread. The engine state (engine-state.ts) takes its `codes`, `idx` and `gh` arrays as views
 * of it, so the JavaScript tasks and the kernel work on the same arrays, with no copies per
 * node. The memory is shared (its buffer a SharedArrayBuffer) for the worker threads, sized once
 * and never grown, so the views stay valid.
 *
 * Layout (byte addresses): [threads x ACC_BYTES accumulators][codes][idx x sets][gh x sets,
 * 16-aligned]. Set 0 is the engine's; with tree lanes (engine-lanes.ts) each thread has one more
 * set of its own, for the tree it grows.
 */
import { ACC_BYTES, kernelModule } from './histogram-kernel.js';
import type { WasmMemory } from './wasm-runtime.js';
import { wasm } from './wasm-runtime.js';

/** Arenas above this size are not made (the engine falls back to JavaScript histograms). */
const MAX_ARENA_BYTES = 2 ** 31;
const PAGE = 65536;

export interface Arena {
  readonly memory: WasmMemory;
  /** Accumulators at byte addresses t * ACC_BYTES, t < threads. */
  readonly threads: number;
  readonly codes: Uint8Array;
  /** Row index and gradient arrays, `sets` of each. */
  readonly idx: Uint32Array[];
  readonly gh: Float64Array[];
}

/**
 * An arena for `rows` rows of `words` code words, `threads` threads and `sets` sets of row
 * indices and gradients, or null when the kernel cannot run here (no WebAssembly SIMD) or the
 * arrays would not fit.
 */
export function createArena(
  rows: number,
  words: number,
  threads: number,
  shared: boolean,
  sets = 1,
): Arena | null {
  // kernelModule is null where `wasm` is.
  if (kernelModule(shared) === null) return null;
  const codesAt = threads * ACC_BYTES;
  const idxAt = codesAt + 4 * words * rows;
  const ghAt = Math.ceil((idxAt + 4 * rows * sets) / 16) * 16;
  const bytes = ghAt + 16 * rows * sets;
  if (bytes > MAX_ARENA_BYTES) return null;
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  let memory: WasmMemory;
  try {
    memory = new wasm!.Memory({ initial: pages, maximum: pages, shared });
  } catch {
    // Out of address space or memory: the JavaScript path needs less.
    return null;
  }
  const buffer = memory.buffer;
  return {
    memory,
    threads,
    codes: new Uint8Array(buffer, codesAt, 4 * words * rows),
    idx: Array.from(
      { length: sets },
      (_, i) => new Uint32Array(buffer, idxAt + 4 * rows * i, rows),
    ),
    gh: Array.from(
      { length: sets },
      (_, i) => new Float64Array(buffer, ghAt + 16 * rows * i, 2 * rows),
    ),
  };
}
