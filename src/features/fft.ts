/**
 * FFT plans for any size n >= 1: X[k] = sum_n x[n] e^{-2 pi i k n / N}, unnormalised forward,
 * inverse scaled by 1/N so that inverse(forward(x)) = x.
 *
 * Two back-ends behind one interface:
 * - pffft (J. Pommier's "pretty fast FFT", a single-precision FFTPACK v4 derivative, run as
 *   WebAssembly from @echogarden/pffft-wasm). Float32 inside, so results carry ~1e-7 relative
 *   rounding. Used for the sizes it supports (see `isFastSize`).
 * - Pure TypeScript in float64: iterative radix-2 (Cooley & Tukey 1965) for powers of two and
 *   Bluestein's chirp-z algorithm (Bluestein 1970; Rabiner, Schafer & Rader 1969) on a
 *   power-of-two FFT for every other size. A real FFT of even size runs as a complex FFT of
 *   half the size followed by a split step (Press et al., Numerical Recipes, 3rd ed., 12.3).
 *
 * pffft hazards that this file guards against (all checked in pffft.c 0.4.2):
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
import { PdmError } from '../core/errors.js';

/** Which implementation runs a plan. */
export type FftBackend = 'pffft' | 'js';

/** Options for creating a plan. */
export interface FftPlanOptions {
  /** 'auto' (default): pffft when available and `isFastSize(n)`, JS otherwise. */
  readonly backend?: FftBackend | 'auto';
}

/** A real-input FFT of one size; buffers are owned by the plan, so calls do not allocate. */
export interface RealFftPlan {
  readonly size: number;
  readonly backend: FftBackend;
  /** Writes bins k = 0 .. floor(n/2) of the DFT of `input` (length n) into re/im (length >= n/2+1). */
  forward(input: Float64Array | Float32Array, re: Float64Array, im: Float64Array): void;
  /** Inverse of `forward` (scaled by 1/n); im[0] and, for even n, im[n/2] are taken as zero. */
  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void;
}

/** An in-place complex FFT of one size. */
export interface ComplexFftPlan {
  readonly size: number;
  readonly backend: FftBackend;
  /** In-place forward DFT of (re, im), each of length n. */
  forward(re: Float64Array, im: Float64Array): void;
  /** In-place inverse DFT, scaled by 1/n. */
  inverse(re: Float64Array, im: Float64Array): void;
}

function invalid(message: string): never {
  throw new PdmError('PDM_INPUT_INVALID', message);
}

function checkSize(n: number): void {
  if (!Number.isInteger(n) || n < 1) invalid(`n: expected an integer >= 1, got ${n}`);
}

function checkLength(name: string, actual: number, expected: number, exact: boolean): void {
  if (exact ? actual !== expected : actual < expected) {
    invalid(`${name}: expected length ${exact ? '' : '>= '}${expected}, got ${actual}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Sizes pffft supports

/** Largest size handed to pffft: keeps its buffers well inside the 2 GiB wasm heap. */
const PFFFT_MAX_SIZE = 2 ** 24;
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

/** Smallest n' >= n with `isFastSize(n')`; n must be at most 2^24. */
export function nextFastSize(n: number): number {
  if (!Number.isFinite(n) || n > PFFFT_MAX_SIZE) {
    invalid(`n: expected a number <= ${PFFFT_MAX_SIZE}, got ${n}`);
  }
  let best = PFFFT_MAX_SIZE;
  for (let p5 = 1; p5 <= PFFFT_MAX_SIZE; p5 *= 5) {
    for (let p35 = p5; p35 <= PFFFT_MAX_SIZE; p35 *= 3) {
      let m = p35 * 32;
      while (m < n) m *= 2;
      if (m < best && isFastSize(m)) best = m;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// pffft back-end

/** The parts of the Emscripten module that this file uses (pointers are byte offsets). */
interface PffftModule {
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

const pffft: PffftModule | null = await loadPffft();

/** True when the pffft WebAssembly back-end loaded in this thread. */
export const pffftAvailable: boolean = pffft !== null;

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

class PffftRealPlan implements RealFftPlan {
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

class PffftComplexPlan implements ComplexFftPlan {
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

// ---------------------------------------------------------------------------------------------
// JS back-end: unnormalised in-place complex kernels; sign -1 is forward, +1 inverse.

interface ComplexKernel {
  run(re: Float64Array, im: Float64Array, sign: -1 | 1): void;
}

/** Iterative radix-2 decimation-in-time FFT; n a power of two. Holds no scratch, so shareable. */
class Radix2Kernel implements ComplexKernel {
  // Twiddles e^{2 pi i j / len} for each stage, stored at [len/2 + j] so each stage reads them
  // in order (25 % faster here than striding through one table of n/2).
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly rev: Uint32Array;

  constructor(private readonly n: number) {
    this.cos = new Float64Array(n);
    this.sin = new Float64Array(n);
    for (let half = 1; half < n; half <<= 1) {
      for (let j = 0; j < half; j++) {
        this.cos[half + j] = Math.cos((Math.PI * j) / half);
        this.sin[half + j] = Math.sin((Math.PI * j) / half);
      }
    }
    this.rev = new Uint32Array(n);
    const bits = Math.round(Math.log2(n));
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
  }

  run(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
    const { n, cos, sin, rev } = this;
    for (let i = 0; i < n; i++) {
      const j = rev[i]!;
      if (j > i) {
        const tr = re[i]!;
        re[i] = re[j]!;
        re[j] = tr;
        const ti = im[i]!;
        im[i] = im[j]!;
        im[j] = ti;
      }
    }
    for (let half = 1; half < n; half <<= 1) {
      const len = 2 * half;
      for (let i = 0; i < n; i += len) {
        for (let j = 0; j < half; j++) {
          const wr = cos[half + j]!;
          const wi = sign * sin[half + j]!;
          const a = i + j;
          const b = a + half;
          const br = re[b]!;
          const bi = im[b]!;
          const xr = br * wr - bi * wi;
          const xi = br * wi + bi * wr;
          const ar = re[a]!;
          const ai = im[a]!;
          re[b] = ar - xr;
          im[b] = ai - xi;
          re[a] = ar + xr;
          im[a] = ai + xi;
        }
      }
    }
  }
}

const radix2Kernels = new Map<number, Radix2Kernel>();

function radix2(n: number): Radix2Kernel {
  let k = radix2Kernels.get(n);
  if (!k) radix2Kernels.set(n, (k = new Radix2Kernel(n)));
  return k;
}

/**
 * Bluestein: jk = (j^2 + k^2 - (k-j)^2)/2 turns the DFT into a convolution with the chirp
 * w_j = e^{-i pi j^2 / n}, done by power-of-two FFTs of size m >= 2n - 1.
 */
class BluesteinKernel implements ComplexKernel {
  private readonly inner: Radix2Kernel;
  private readonly m: number;
  private readonly wr: Float64Array;
  private readonly wi: Float64Array;
  private readonly br: Float64Array;
  private readonly bi: Float64Array;
  private readonly ar: Float64Array;
  private readonly ai: Float64Array;

  constructor(private readonly n: number) {
    this.m = 2 ** Math.ceil(Math.log2(2 * n - 1));
    this.inner = radix2(this.m);
    this.wr = new Float64Array(n);
    this.wi = new Float64Array(n);
    this.br = new Float64Array(this.m);
    this.bi = new Float64Array(this.m);
    for (let j = 0; j < n; j++) {
      // j^2 mod 2n keeps the angle small, and exact for j < 2^26.
      const angle = (Math.PI * ((j * j) % (2 * n))) / n;
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      this.wr[j] = c;
      this.wi[j] = -s;
      // The filter conj(w) at lags 0 .. n-1 and, wrapped around, at lags -(n-1) .. -1.
      this.br[j] = c;
      this.bi[j] = s;
      if (j > 0) {
        this.br[this.m - j] = c;
        this.bi[this.m - j] = s;
      }
    }
    this.inner.run(this.br, this.bi, -1);
    this.ar = new Float64Array(this.m);
    this.ai = new Float64Array(this.m);
  }

  run(re: Float64Array, im: Float64Array, sign: -1 | 1): void {
    const { n, m, wr, wi, br, bi, ar, ai } = this;
    // The inverse is conj(DFT(conj(x))): `sign` flips the imaginary parts in and out.
    const s = -sign;
    for (let j = 0; j < n; j++) {
      const xr = re[j]!;
      const xi = s * im[j]!;
      ar[j] = xr * wr[j]! - xi * wi[j]!;
      ai[j] = xr * wi[j]! + xi * wr[j]!;
    }
    ar.fill(0, n);
    ai.fill(0, n);
    this.inner.run(ar, ai, -1);
    for (let k = 0; k < m; k++) {
      const xr = ar[k]!;
      const xi = ai[k]!;
      ar[k] = xr * br[k]! - xi * bi[k]!;
      ai[k] = xr * bi[k]! + xi * br[k]!;
    }
    this.inner.run(ar, ai, 1);
    for (let k = 0; k < n; k++) {
      const yr = ar[k]! / m;
      const yi = ai[k]! / m;
      re[k] = yr * wr[k]! - yi * wi[k]!;
      im[k] = s * (yr * wi[k]! + yi * wr[k]!);
    }
  }
}

function jsKernel(n: number): ComplexKernel {
  return (n & (n - 1)) === 0 ? radix2(n) : new BluesteinKernel(n);
}

class JsComplexPlan implements ComplexFftPlan {
  readonly backend = 'js';
  private readonly kernel: ComplexKernel;

  constructor(readonly size: number) {
    this.kernel = jsKernel(size);
  }

  forward(re: Float64Array, im: Float64Array): void {
    checkLength('re', re.length, this.size, true);
    checkLength('im', im.length, this.size, true);
    this.kernel.run(re, im, -1);
  }

  inverse(re: Float64Array, im: Float64Array): void {
    checkLength('re', re.length, this.size, true);
    checkLength('im', im.length, this.size, true);
    this.kernel.run(re, im, 1);
    const scale = 1 / this.size;
    for (let i = 0; i < this.size; i++) {
      re[i] = re[i]! * scale;
      im[i] = im[i]! * scale;
    }
  }
}

/** Real FFT in float64. Even n: complex FFT of z[j] = x[2j] + i x[2j+1] and a split step. */
class JsRealPlan implements RealFftPlan {
  readonly backend = 'js';
  private readonly even: boolean;
  private readonly h: number;
  private readonly kernel: ComplexKernel;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly twr: Float64Array;
  private readonly twi: Float64Array;

  constructor(readonly size: number) {
    this.even = size % 2 === 0;
    this.h = this.even ? size / 2 : size;
    this.kernel = jsKernel(this.h);
    this.zr = new Float64Array(this.h);
    this.zi = new Float64Array(this.h);
    const bins = Math.floor(size / 2) + 1;
    this.twr = new Float64Array(bins);
    this.twi = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      this.twr[k] = Math.cos((2 * Math.PI * k) / size);
      this.twi[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  forward(input: Float64Array | Float32Array, re: Float64Array, im: Float64Array): void {
    const { size: n, h, zr, zi, twr, twi } = this;
    const bins = Math.floor(n / 2) + 1;
    checkLength('input', input.length, n, true);
    checkLength('re', re.length, bins, false);
    checkLength('im', im.length, bins, false);
    if (!this.even) {
      zr.set(input);
      zi.fill(0);
      this.kernel.run(zr, zi, -1);
      for (let k = 0; k < bins; k++) {
        re[k] = zr[k]!;
        im[k] = zi[k]!;
      }
      return;
    }
    for (let j = 0; j < h; j++) {
      zr[j] = input[2 * j]!;
      zi[j] = input[2 * j + 1]!;
    }
    this.kernel.run(zr, zi, -1);
    for (let k = 0; k <= h; k++) {
      const k1 = k % h;
      const k2 = (h - k) % h;
      // E = (Z_k + conj Z_{h-k})/2 (even samples), O = (Z_k - conj Z_{h-k})/2i (odd samples).
      const er = 0.5 * (zr[k1]! + zr[k2]!);
      const ei = 0.5 * (zi[k1]! - zi[k2]!);
      const or = 0.5 * (zi[k1]! + zi[k2]!);
      const oi = -0.5 * (zr[k1]! - zr[k2]!);
      re[k] = er + twr[k]! * or - twi[k]! * oi;
      im[k] = ei + twr[k]! * oi + twi[k]! * or;
    }
  }

  inverse(re: Float64Array, im: Float64Array, out: Float64Array): void {
    const { size: n, h, zr, zi, twr, twi } = this;
    const bins = Math.floor(n / 2) + 1;
    checkLength('re', re.length, bins, false);
    checkLength('im', im.length, bins, false);
    checkLength('out', out.length, n, true);
    if (!this.even) {
      zr[0] = re[0]!;
      zi[0] = 0;
      for (let k = 1; k < bins; k++) {
        zr[k] = zr[n - k] = re[k]!;
        zi[k] = im[k]!;
        zi[n - k] = -im[k]!;
      }
      this.kernel.run(zr, zi, 1);
      for (let j = 0; j < n; j++) out[j] = zr[j]! / n;
      return;
    }
    for (let k = 0; k < h; k++) {
      const xr = re[k]!;
      const xi = k === 0 ? 0 : im[k]!;
      const cr = re[h - k]!;
      const ci = k === 0 ? 0 : -im[h - k]!;
      const er = 0.5 * (xr + cr);
      const ei = 0.5 * (xi + ci);
      // O = (X - C)/2 * e^{+2 pi i k / n}; twi holds -sin.
      const dr = 0.5 * (xr - cr);
      const di = 0.5 * (xi - ci);
      const or = dr * twr[k]! + di * twi[k]!;
      const oi = di * twr[k]! - dr * twi[k]!;
      zr[k] = er - oi;
      zi[k] = ei + or;
    }
    this.kernel.run(zr, zi, 1);
    for (let j = 0; j < h; j++) {
      out[2 * j] = zr[j]! / h;
      out[2 * j + 1] = zi[j]! / h;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Plan factories. Plans are cached per back-end and size for the life of the thread (each
// worker has its own cache and wasm instance); they are never freed, since a caller may still
// hold one, so code that meets many distinct sizes should pad to a few (see nextFastSize).

function resolveBackend(n: number, opts: FftPlanOptions): FftBackend {
  const wanted = opts.backend ?? 'auto';
  if (wanted === 'js') return 'js';
  const fast = pffft !== null && isFastSize(n);
  if (wanted === 'pffft' && !fast) {
    invalid(
      pffft === null
        ? 'backend: pffft did not load in this thread; use "auto" or "js"'
        : `n: the pffft backend needs isFastSize(n) (2^a 3^b 5^c, a >= 5, <= 2^24), got ${n}`,
    );
  }
  return fast ? 'pffft' : 'js';
}

const realPlans = new Map<string, RealFftPlan>();
const complexPlans = new Map<string, ComplexFftPlan>();

/** A cached real FFT plan for size n >= 1 (see `FftPlanOptions` for the back-end choice). */
export function realFftPlan(n: number, opts: FftPlanOptions = {}): RealFftPlan {
  checkSize(n);
  const backend = resolveBackend(n, opts);
  const key = `${backend}:${n}`;
  let plan = realPlans.get(key);
  if (!plan) {
    plan = pffft && backend === 'pffft' ? new PffftRealPlan(pffft, n) : new JsRealPlan(n);
    realPlans.set(key, plan);
  }
  return plan;
}

/** A cached in-place complex FFT plan for size n >= 1. */
export function complexFftPlan(n: number, opts: FftPlanOptions = {}): ComplexFftPlan {
  checkSize(n);
  const backend = resolveBackend(n, opts);
  const key = `${backend}:${n}`;
  let plan = complexPlans.get(key);
  if (!plan) {
    plan = pffft && backend === 'pffft' ? new PffftComplexPlan(pffft, n) : new JsComplexPlan(n);
    complexPlans.set(key, plan);
  }
  return plan;
}
