/**
 * The histogram pass of histogram.ts as a WebAssembly SIMD kernel, emitted as bytes here
 * (wasm-encoder.ts). Per row it loads the row's (gradient, packed hessian) pair as one v128 and
 * adds it with one f64x2.add to the bin of each of the eight features of two code words: one
 * load, one add and one store per feature, against two of each plus bounds checks in V8's
 * JavaScript. The lanes are IEEE float64 additions in the same order as the JavaScript loop, so
 * the histograms are bit-identical to `buildHistogram`.
 *
 * The kernel reads the codes, row indices and gradients from one WebAssembly memory (the
 * engine's arena, engine-arena.ts), and sums into a 32 KiB accumulator of its thread there,
 * which is then copied to the node's histogram, as the JavaScript pass does.
 *
 * Exports, all i32 (byte addresses):
 *   hist8(acc, wordsA, wordsB, idx, start, end, gh): acc[f][bin] += gh[r] over idx[start..end)
 *     for the four features of word column A (f 0-3) and of B (f 4-7);
 *   hist4(acc, wordsA, unused, idx, start, end, gh): the same for word column A alone.
 */
import { FEATURE_HIST } from './histogram.js';
import {
  EXPORT_FUNC,
  F64X2_ADD,
  HEADER,
  IMPORT_MEMORY,
  LIMITS,
  OP,
  SECTION,
  TYPE,
  funcBody,
  i32Const,
  i32Load,
  localGet,
  localSet,
  localTee,
  name,
  section,
  uleb,
  v128Load,
  v128Store,
  vec,
} from './wasm-encoder.js';
import type { WasmMemory, WasmModule } from './wasm-runtime.js';
import { wasm } from './wasm-runtime.js';

/** Bytes of one thread's accumulator: eight features x 256 bins x (g, packed) float64. */
export const ACC_BYTES = 8 * FEATURE_HIST * 8;
/** Bytes per feature in the accumulator. */
const FEATURE_BYTES = FEATURE_HIST * 8;
/** Pages (64 KiB) the kernel's memory import allows at most (4 GiB, all of wasm32). */
const MAX_PAGES = 65536;

// Locals: parameters 0-6, then r, v, u (i32), gh pair (v128), o (i32).
const ACC = 0;
const WORDS_A = 1;
const WORDS_B = 2;
const IDX = 3;
const K = 4; // start, then the byte address of idx[k]
const END = 5; // end, then the byte address of idx[end]
const GH = 6;
const R = 7;
const V = 8;
const U = 9;
const PAIR = 10;
const O = 11;

/** Instructions of hist8 (two words) or hist4 (one). */
function passCode(twoWords: boolean): number[] {
  const c: number[] = [];
  // k = idx + 4 start; end = idx + 4 end.
  c.push(...localGet(K), ...i32Const(2), OP.i32Shl, ...localGet(IDX), OP.i32Add, ...localSet(K));
  c.push(...localGet(END), ...i32Const(2), OP.i32Shl, ...localGet(IDX), OP.i32Add);
  c.push(...localSet(END));
  // block { if k >= end break; loop { ...; k += 4; if k < end continue } }
  c.push(OP.block, TYPE.emptyBlock, ...localGet(K), ...localGet(END), OP.i32GeU, OP.brIf, 0);
  c.push(OP.loop, TYPE.emptyBlock);
  c.push(...localGet(K), ...i32Load(0), ...localSet(R));
  // o = 4 r: the row's word offset in a word column.
  c.push(...localGet(R), ...i32Const(2), OP.i32Shl, ...localTee(O));
  c.push(...localGet(WORDS_A), OP.i32Add, ...i32Load(0), ...localSet(V));
  if (twoWords)
    c.push(...localGet(O), ...localGet(WORDS_B), OP.i32Add, ...i32Load(0), ...localSet(U));
  c.push(...localGet(R), ...i32Const(4), OP.i32Shl, ...localGet(GH), OP.i32Add, ...v128Load(0));
  c.push(...localSet(PAIR));
  const words = twoWords ? [V, U] : [V];
  words.forEach((w, wi) => {
    for (let i = 0; i < 4; i++) {
      // Byte i of the word, times 16 (bytes per bin): (w >>> (8 i - 4)) & 0xff0.
      c.push(...localGet(ACC), ...localGet(w));
      if (i === 0) c.push(...i32Const(4), OP.i32Shl);
      else c.push(...i32Const(8 * i - 4), OP.i32ShrU);
      c.push(...i32Const(0xff0), OP.i32And, OP.i32Add, ...localTee(O), ...localGet(O));
      const offset = (4 * wi + i) * FEATURE_BYTES;
      c.push(...v128Load(offset), ...localGet(PAIR), ...F64X2_ADD, ...v128Store(offset));
    }
  });
  c.push(...localGet(K), ...i32Const(4), OP.i32Add, ...localTee(K), ...localGet(END));
  c.push(OP.i32LtU, OP.brIf, 0, OP.end, OP.end);
  return c;
}

/** The kernel module, importing env.memory (shared or not, as the memory it will get). */
export function kernelBytes(shared: boolean): Uint8Array {
  const i32 = [TYPE.i32];
  const types = section(SECTION.type, vec([[TYPE.func, ...vec(Array(7).fill(i32)), 0]]));
  const limits = shared ? LIMITS.sharedMinMax : LIMITS.minMax;
  const memory = [...name('env'), ...name('memory'), IMPORT_MEMORY, limits];
  const imports = section(SECTION.import, vec([[...memory, ...uleb(1), ...uleb(MAX_PAGES)]]));
  const functions = section(SECTION.function, vec([[0], [0]]));
  const exports = section(
    SECTION.export,
    vec([
      [...name('hist8'), EXPORT_FUNC, 0],
      [...name('hist4'), EXPORT_FUNC, 1],
    ]),
  );
  const locals: [number, number][] = [
    [3, TYPE.i32],
    [1, TYPE.v128],
    [1, TYPE.i32],
  ];
  const code = section(
    SECTION.code,
    vec([funcBody(locals, passCode(true)), funcBody(locals, passCode(false))]),
  );
  return new Uint8Array([...HEADER, ...types, ...imports, ...functions, ...exports, ...code]);
}

const modules = new Map<boolean, WasmModule | null>();

/** The compiled kernel, or null where WebAssembly SIMD (or shared memory) is unavailable. */
export function kernelModule(shared: boolean): WasmModule | null {
  let m = modules.get(shared);
  if (m === undefined) {
    const bytes = kernelBytes(shared);
    m = wasm !== null && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    modules.set(shared, m);
  }
  return m;
}

type Pass = (
  acc: number,
  wordsA: number,
  wordsB: number,
  idx: number,
  start: number,
  end: number,
  gh: number,
) => void;

/** The arrays a kernel reads, all views of `memory`'s buffer. */
export interface KernelArrays {
  readonly memory: WasmMemory;
  /** Word-column-major codes (binning.ts) of `rows` rows and `words` words per row. */
  readonly codes: Uint8Array;
  readonly rows: number;
  readonly words: number;
  readonly idx: Uint32Array;
  readonly gh: Float64Array;
  /** Byte address of this thread's ACC_BYTES accumulator (16-byte aligned). */
  readonly acc: number;
}

/** One thread's instance of the kernel over an arena. */
export class HistogramKernel {
  private readonly hist8: Pass;
  private readonly hist4: Pass;
  private readonly accView: Float64Array;
  private readonly a: KernelArrays;

  constructor(module: WasmModule, a: KernelArrays) {
    // A module exists only where `wasm` does (kernelModule).
    const instance = new wasm!.Instance(module, { env: { memory: a.memory } });
    this.hist8 = instance.exports.hist8 as Pass;
    this.hist4 = instance.exports.hist4 as Pass;
    this.accView = new Float64Array(a.memory.buffer, a.acc, ACC_BYTES / 8);
    this.a = a;
  }

  /** `buildHistogram` (histogram.ts) of rows idx[start..end), words [wordFrom, wordTo). */
  build(wordFrom: number, wordTo: number, start: number, end: number, hist: Float64Array): void {
    const { codes, rows, idx, gh, acc } = this.a;
    const accView = this.accView;
    const column = 4 * rows;
    const wordHist = 4 * FEATURE_HIST;
    let j = wordFrom;
    for (; j + 1 < wordTo; j += 2) {
      const a = codes.byteOffset + j * column;
      accView.fill(0);
      this.hist8(acc, a, a + column, idx.byteOffset, start, end, gh.byteOffset);
      hist.set(accView, j * wordHist);
    }
    if (j < wordTo) {
      const half = accView.subarray(0, wordHist);
      half.fill(0);
      this.hist4(acc, codes.byteOffset + j * column, 0, idx.byteOffset, start, end, gh.byteOffset);
      hist.set(half, j * wordHist);
    }
  }
}
