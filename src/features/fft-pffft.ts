/**
 * The pffft back-end of fft.ts: J. Pommier's "pretty fast FFT", a single-precision FFTPACK v4
 * derivative, run as WebAssembly from @echogarden/pffft-wasm. Float32 inside, so results carry
 * ~1e-7 relative rounding.
 *
 * Hazards this file guards against (all checked in pffft.c 0.4.2):
 * - Sizes outside N = 2^a 3^b 5^c with a >= 5 either fail a C `assert` (which aborts the whole
 *   wasm instance and prints to stderr) or return a NULL setup that later asserts.
 * - The factor table `ifac[15]` holds at most 13 factors; sizes with more (e.g. 32 * 3^11)
 *   write past it into the setup struct (observed: a later assert aborts the instance).
 * - A NULL work pointer puts an N-float scratch array on the 64 KiB wasm stack, which overflows
 *   it above N = 16384 (observed: "memory access out of bounds" at N = 32768), so a work
 *   buffer is always passed.
 * - Memory may grow when any plan allocates, which replaces the heap's ArrayBuffer, so the
 *   Float32Array view is re-read on every call rather than kept.
 * The ordered real spectrum packs X[0] and X[N/2] (both real) as the first two floats, then
 * re/im interleaved for k = 1 .. N/2 - 1.
 */
import type { ComplexFftPlan, DirectFft, RealFftPlan } from './fft.js';
import { checkLength, invalid } from './fft-checks.js';

// ---------------------------------------------------------------------------------------------
// Sizes pffft supports

/** Largest size handed to pffft: keeps its buffers well inside the 2 GiB wasm heap. */
export const PFFFT_MAX_SIZE = 2 ** 24;
/** pffft's smallest supported size (N = 2^a 3^b 5^c needs a >= 5 for real and complex). */
const PFFFT_MIN_SIZE = 32;
/** Capacity of pffft's factor table: ifac[15] minus the two header entries. */
const PFFFT_MAX_FACTORS = 13;

/**
 * True when pffft computes a size-n transform correctly (real and complex): n = 2^a 3^b 5^c with
 * a >= 5, n <= 2^24, and at most 13 radix-4/2/3/5 passes.
 */
export function isFastSize(n: number): boolean {
  if (!Number.isInteger(n) || n < PFFFT_MIN_SIZE || n > PFFFT_MAX_SIZE) return false;
  let rest = n;
  let a = 0;
  let b = 0;
  let c = 0;
  for (; rest % 2 === 0; a++) rest /= 2;
  for (; rest % 3 === 0; b++) rest /= 3;
  for (; rest % 5 === 0; c++) rest /= 5;
  // pffft factors out 4s first, then at most one 2, then 3s and 5s.
  const passes = Math.floor(a / 2) + (a % 2) + b + c;
  return rest === 1 && a >= 5 && passes <= PFFFT_MAX_FACTORS;
}

// ---------------------------------------------------------------------------------------------
// pffft back-end

/** The parts of the Emscripten module that this file uses (pointers are byte offsets). */
export interface PffftModule {
  readonly HEAPF32: Float32Array;
  _pffft_new_setup(n: number, transform: number): number;
  _pffft_transform_ordered(
    setup: number,
    inPtr: number,
    outPtr: number,
    work: number,
    dir: number,
  ): void;
  _pffft_aligned_malloc(bytes: number): number;
}

// Values of pffft.h's pffft_transform_t and pffft_direction_t enums.
const PFFFT_REAL = 0;
const PFFFT_COMPLEX = 1;
const PFFFT_FORWARD = 0;
const PFFFT_BACKWARD = 1;

/** Instantiates the SIMD build, else the scalar one; null when neither loads. */
async function loadPffft(): Promise<PffftModule | null> {
  for (const specifier of ['@echogarden/pffft-wasm/simd', '@echogarden/pffft-wasm']) {
    try {
      // A string-typed specifier: the package ships no type declarations.
      const mod = (await import(specifier)) as { default?: unknown };
      if (typeof mod.default !== 'function') continue;
      const create = mod.default as (args: object) => Promise<PffftModule>;
      // Libraries do not log: silence the Emscripten runtime's stdout/stderr.
      const instance = await create({ print: () => undefined, printErr: () => undefined });
      if (typeof instance._pffft_new_setup === 'function') return instance;
    } catch {
      // Fall through to the next build, then to the JS back-end.
    }
  }
  return null;
}

/** The WebAssembly module, or null when it did not load in this thread. */
export const pffft: PffftModule | null = await loadPffft();

/** One pffft setup and its input, output and work buffers, allocated once in the wasm heap. */
class PffftCore {
  private readonly setup: number;
  private readonly inPtr: number;
  private readonly outPtr: number;
  private readonly workPtr: number;
  /** Float offsets of the input and output buffers in `heap`. */
  readonly inOff: number;
  readonly outOff: number;

  constructor(
    private readonly m: PffftModule,
    n: number,
    transform: typeof PFFFT_REAL | typeof PFFFT_COMPLEX,
  ) {
    // The guard that keeps pffft away from its asserts: every later call reuses this size.
    if (!isFastSize(n)) invalid(`n: pffft supports 2^a 3^b 5^c with a >= 5, got ${n}`);
    const bytes = (transform === PFFFT_REAL ? n : 2 * n) * 4;
    this.setup = m._pffft_new_setup(n, transform);
    const block = m._pffft_aligned_malloc(3 * bytes);
    if (this.setup === 0 || block === 0) invalid(`n: pffft could not allocate a plan of size ${n}`);
    // n is a multiple of 32, so every buffer starts 64-byte aligned as SIMD loads need.
    this.inPtr = block;
    this.outPtr = block + bytes;
    this.workPtr = block + 2 * bytes;
    this.inOff = this.inPtr >> 2;
    this.outOff = this.outPtr >> 2;
  }

  /** The heap as it is now: a plan created since may have grown (and replaced) it. */
  get heap(): Float32Array {
    return this.m.HEAPF32;
  }

  /** Transforms the input buffer into the output buffer, unnormalised. */
  run(direction: typeof PFFFT_FORWARD | typeof PFFFT_BACKWARD): void {
    this.m._pffft_transform_ordered(this.setup, this.inPtr, this.outPtr, this.workPtr, direction);
  }
}

/** A pffft transform whose buffers the caller uses in place (see `DirectFft`). */
export class PffftDirect implements DirectFft {
  readonly backend = 'pffft';
  private readonly core: PffftCore;
  readonly inOff: number;
  readonly outOff: number;

  constructor(
    m: PffftModule,
    readonly size: number,
    real: boolean,
  ) {
    this.core = new PffftCore(m, size, real ? PFFFT_REAL : PFFFT_COMPLEX);
    this.inOff = this.core.inOff;
    this.outOff = this.core.outOff;
  }

  data(): Float32Array {
    return this.core.heap;
  }

  run(inverse: boolean): void {
    this.core.run(inverse ? PFFFT_BACKWARD : PFFFT_FORWARD);
  }
}

export class PffftRealPlan implements RealFftPlan {
  readonly backend = 'pffft';
  private readonly core: PffftCore;

  constructor(
    m: PffftModule,
    readonly size: number,
  ) {
    this.core = new PffftCore(m, size, PFFFT_REAL);
  }

  forward(input: Float64Array | Float32Array, re: Float64Array, im: Float64Array): void {
    const n = this.size;
    const half = n / 2;
    checkLength('input', input.length, n, true);
    checkLength('re', re.length, half + 1, false);
    checkLength('im', im.length, half + 1, false);
    const { core } = this;
    core.heap.set(input, core.inOff);
    core.run(PFFFT_FORWARD);
    const heap = core.heap;
    const o = core.outOff;
    re[0] = heap[o]!;
    im[0] = 0;
    re[half] = heap[o + 1]!;
    im[half] = 0;
    for (let k = 1; k < half; k++) {
      re[k] = heap[o + 2 * k]!;
      im[k] = heap[o + 2 * k + 1]!;
    }
  }

  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    const n = this.size;
    const half = n / 2;
    checkLength('re', re.length, half + 1, false);
    checkLength('im', im.length, half + 1, false);
    checkLength('out', out.length, n, true);
    const { core } = this;
    const heap = core.heap;
    const i0 = core.inOff;
    heap[i0] = re[0]!;
    heap[i0 + 1] = re[half]!;
    for (let k = 1; k < half; k++) {
      heap[i0 + 2 * k] = re[k]!;
      heap[i0 + 2 * k + 1] = im[k]!;
    }
    core.run(PFFFT_BACKWARD);
    const o = core.outOff;
    for (let i = 0; i < n; i++) out[i] = heap[o + i]! / n;
  }
}

export class PffftComplexPlan implements ComplexFftPlan {
  readonly backend = 'pffft';
  private readonly core: PffftCore;

  constructor(
    m: PffftModule,
    readonly size: number,
  ) {
    this.core = new PffftCore(m, size, PFFFT_COMPLEX);
  }

  forward(re: Float64Array, im: Float64Array): void {
    this.run(re, im, PFFFT_FORWARD, 1);
  }

  inverse(re: Float64Array, im: Float64Array): void {
    this.run(re, im, PFFFT_BACKWARD, 1 / this.size);
  }

  private run(
    re: Float64Array,
    im: Float64Array,
    direction: typeof PFFFT_FORWARD | typeof PFFFT_BACKWARD,
    scale: number,
  ): void {
    const n = this.size;
    checkLength('re', re.length, n, true);
    checkLength('im', im.length, n, true);
    const { core } = this;
    const heap = core.heap;
    const i0 = core.inOff;
    const o = core.outOff;
    for (let k = 0; k < n; k++) {
      heap[i0 + 2 * k] = re[k]!;
      heap[i0 + 2 * k + 1] = im[k]!;
    }
    core.run(direction);
    for (let k = 0; k < n; k++) {
      re[k] = heap[o + 2 * k]! * scale;
      im[k] = heap[o + 2 * k + 1]! * scale;
    }
  }
}
