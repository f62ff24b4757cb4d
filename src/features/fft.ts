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
 * The back-ends live in fft-pffft.ts (with the pffft hazards it guards against) and fft-js.ts;
 * this file holds the interface, the size helpers and the plan caches.
 */
import { checkSize, invalid } from './fft-checks.js';
import { JsComplexPlan, JsDirectComplex, JsDirectReal, JsRealPlan } from './fft-js.js';
import {
  PFFFT_MAX_SIZE,
  PffftComplexPlan,
  PffftDirect,
  PffftRealPlan,
  isFastSize,
  pffft,
} from './fft-pffft.js';

export { isFastSize };

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

/**
 * A transform whose caller writes the input into, and reads the output from, the plan's own
 * buffers: hot loops that fold, window or square bins do that in the same pass instead of
 * copying every value into a plan and back. Both directions are unnormalised.
 *
 * Layouts (those of pffft's ordered transforms): complex input and output are interleaved
 * (re0, im0, re1, im1, ...; 2n values); a real forward transform takes n samples and writes
 * n values packed as X[0], X[n/2] (both real), then re, im of X[1] .. X[n/2 - 1]. The buffers
 * are float32 on both back-ends (the JS one computes in float64 between them), so results do
 * not depend on which one runs.
 */
export interface DirectFft {
  readonly size: number;
  readonly backend: FftBackend;
  /**
   * The array holding both buffers. Re-read it after creating any other plan: the pffft heap
   * may grow, which replaces the array.
   */
  data(): Float32Array;
  /** Offset of the input in `data()`. */
  readonly inOff: number;
  /** Offset of the output in `data()`. */
  readonly outOff: number;
  /** Transforms the input into the output (the input's contents are then undefined). */
  run(inverse: boolean): void;
}

/** Answers of `nextFastSize` for integer n (it runs per band and per capture). */
const nextFastSizes = new Map<number, number>();

/** Smallest n' >= n with `isFastSize(n')`; n must be at most 2^24. */
export function nextFastSize(n: number): number {
  const known = nextFastSizes.get(n);
  if (known !== undefined) return known;
  if (!Number.isFinite(n) || n > PFFFT_MAX_SIZE) {
    invalid(`n: expected a number <= ${PFFFT_MAX_SIZE}, got ${n}`);
  }
  const best = searchFastSize(n);
  if (Number.isInteger(n)) {
    if (nextFastSizes.size >= 4096) nextFastSizes.clear();
    nextFastSizes.set(n, best);
  }
  return best;
}

function searchFastSize(n: number): number {
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

/** True when the pffft WebAssembly back-end loaded in this thread. */
export const pffftAvailable: boolean = pffft !== null;

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

const directPlans = new Map<string, DirectFft>();

/**
 * A cached direct-access transform of size n >= 1 (see `DirectFft`); `real` selects the
 * real-input forward layout (n even), else complex.
 */
export function directFft(n: number, real: boolean, opts: FftPlanOptions = {}): DirectFft {
  checkSize(n);
  if (real && n % 2 !== 0) invalid(`n: a real direct transform needs an even size, got ${n}`);
  const backend = resolveBackend(n, opts);
  const key = `${backend}:${real ? 'r' : 'c'}:${n}`;
  let plan = directPlans.get(key);
  if (!plan) {
    if (pffft && backend === 'pffft') plan = new PffftDirect(pffft, n, real);
    else plan = real ? new JsDirectReal(n) : new JsDirectComplex(n);
    directPlans.set(key, plan);
  }
  return plan;
}
