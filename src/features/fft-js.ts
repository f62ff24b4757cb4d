/**
 * The pure TypeScript back-end of fft.ts, in float64: iterative radix-2 (Cooley & Tukey 1965)
 * for powers of two and Bluestein's chirp-z algorithm (Bluestein 1970; Rabiner, Schafer &
 * Rader 1969) on a power-of-two FFT for every other size. A real FFT of even size runs as a
 * complex FFT of half the size followed by a split step (Press et al., Numerical Recipes,
 * 3rd ed., 12.3).
 */
import type { ComplexFftPlan, DirectFft, RealFftPlan } from './fft.js';
import { checkLength, invalid } from './fft-checks.js';

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

export class JsComplexPlan implements ComplexFftPlan {
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
export class JsRealPlan implements RealFftPlan {
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

/**
 * Complex `DirectFft` computed in float64 on float32 buffers (as pffft's): input at [0, 2n),
 * output at [2n, 4n), interleaved.
 */
export class JsDirectComplex implements DirectFft {
  readonly backend = 'js';
  readonly inOff = 0;
  readonly outOff: number;
  private readonly buf: Float32Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly kernel: ComplexKernel;

  constructor(readonly size: number) {
    this.outOff = 2 * size;
    this.buf = new Float32Array(4 * size);
    this.re = new Float64Array(size);
    this.im = new Float64Array(size);
    this.kernel = jsKernel(size);
  }

  data(): Float32Array {
    return this.buf;
  }

  run(inverse: boolean): void {
    const { buf, re, im, size: n } = this;
    for (let k = 0; k < n; k++) {
      re[k] = buf[2 * k]!;
      im[k] = buf[2 * k + 1]!;
    }
    this.kernel.run(re, im, inverse ? 1 : -1);
    const o = this.outOff;
    for (let k = 0; k < n; k++) {
      buf[o + 2 * k] = re[k]!;
      buf[o + 2 * k + 1] = im[k]!;
    }
  }
}

/**
 * Real-forward `DirectFft` computed in float64 on float32 buffers (n even): n samples at
 * [0, n), packed bins at [n, 2n).
 */
export class JsDirectReal implements DirectFft {
  readonly backend = 'js';
  readonly inOff = 0;
  readonly outOff: number;
  private readonly buf: Float32Array;
  private readonly plan: JsRealPlan;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(readonly size: number) {
    this.outOff = size;
    this.buf = new Float32Array(2 * size);
    this.plan = new JsRealPlan(size);
    this.re = new Float64Array(size / 2 + 1);
    this.im = new Float64Array(size / 2 + 1);
  }

  data(): Float32Array {
    return this.buf;
  }

  run(inverse: boolean): void {
    if (inverse) invalid('inverse: the real direct transform runs forward only');
    const { buf, re, im, size: n } = this;
    const half = n / 2;
    this.plan.forward(buf.subarray(0, n), re, im);
    buf[n] = re[0]!;
    buf[n + 1] = re[half]!;
    for (let k = 1; k < half; k++) {
      buf[n + 2 * k] = re[k]!;
      buf[n + 2 * k + 1] = im[k]!;
    }
  }
}
