/**
 * Seeded random streams. Every random draw in the twin goes through a `Random` created from
 * (seed, ...purpose): one independent stream per machine and purpose, so results do not depend
 * on how machines are spread over workers.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018), seeded through splitmix32.
 * Normal variates: the ziggurat method (Marsaglia & Tsang, 2000, J. Stat. Softw. 5(8)), 128 layers.
 */

/** 32-bit FNV-1a over a string, used to turn a stream's purpose into seed material. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 finaliser: a good 32-bit mixing function. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Derives a 32-bit seed from a root seed and a path of names or numbers, for example
 * `deriveSeed(42, 'machine', 7, 'vibration')`. Different paths give unrelated seeds.
 */
export function deriveSeed(seed: number, ...path: readonly (string | number)[]): number {
  let h = mix32((seed >>> 0) ^ Math.floor(seed / 0x100000000));
  for (const part of path) {
    const v = typeof part === 'number' ? mix32(part >>> 0) : fnv1a(part);
    h = mix32(h ^ v);
  }
  return h;
}

// Ziggurat tables for the standard normal (Marsaglia & Tsang 2000, RNOR with 128 layers).
const KN = new Int32Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
const ZIG_R = 3.442619855899;
(function buildZiggurat(): void {
  const m1 = 2147483648.0;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  KN[0] = Math.floor((dn / q) * m1);
  KN[1] = 0;
  WN[0] = q / m1;
  WN[127] = dn / m1;
  FN[0] = 1.0;
  FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2.0 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / m1;
  }
})();

const INV_2_32 = 1 / 4294967296;

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** A stream from a root seed and an optional purpose path (see `deriveSeed`). */
  constructor(seed: number, ...path: readonly (string | number)[]) {
    let x = deriveSeed(seed, ...path);
    x = mix32(x);
    this.s0 = x | 0;
    x = mix32(x + 1);
    this.s1 = x | 0;
    x = mix32(x + 2);
    this.s2 = x | 0;
    x = mix32(x + 3);
    this.s3 = x | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A new stream for a sub-purpose, independent of this one's future draws. */
  fork(...path: readonly (string | number)[]): Random {
    return new Random(this.nextU32(), ...path);
  }

  /** Next 32-bit value as a signed int32 (xoshiro128**). */
  nextI32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextU32(): number {
    return this.nextI32() >>> 0;
  }

  /** Uniform in [0, 1) with 32-bit resolution. */
  uniform(): number {
    return (this.nextI32() >>> 0) * INV_2_32;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal variate (ziggurat). */
  normal(): number {
    const hz = this.nextI32();
    const iz = hz & 127;
    const sign = hz >> 31;
    if (((hz ^ sign) - sign) >>> 0 < KN[iz]!) return hz * WN[iz]!;
    return this.normalSlow(hz);
  }

  /**
   * The ziggurat's slow path (about 1.2 % of draws) for a first draw `hz` that fell outside
   * its layer's rectangle: the wedge or the tail, then fresh draws until one is accepted.
   */
  private normalSlow(first: number): number {
    for (let hz = first; ; hz = this.nextI32()) {
      const iz = hz & 127;
      if (Math.abs(hz) < KN[iz]!) return hz * WN[iz]!;
      if (iz === 0) {
        let x: number;
        let y: number;
        do {
          x = -Math.log(this.uniformOpen()) / ZIG_R;
          y = -Math.log(this.uniformOpen());
        } while (y + y < x * x);
        return hz > 0 ? ZIG_R + x : -ZIG_R - x;
      }
      const x = hz * WN[iz]!;
      if (FN[iz]! + this.uniform() * (FN[iz - 1]! - FN[iz]!) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /** Normal with mean and standard deviation. */
  gaussian(mean: number, sd: number): number {
    return mean + sd * this.normal();
  }

  /** Log-normal with the given median and log-space standard deviation. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Weibull with shape k and scale lambda (inverse CDF). */
  weibull(shape: number, scale: number): number {
    return scale * Math.pow(-Math.log(this.uniformOpen()), 1 / shape);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.uniformOpen());
  }

  /** Uniform in (0, 1), never 0, for logarithms. */
  uniformOpen(): number {
    return ((this.nextI32() >>> 0) + 0.5) * INV_2_32;
  }

  /**
   * Fills `out[from..to)` with standard normal variates: the same values, in the same order, as
   * that many calls of `normal()`. The generator's state lives in locals for the fast path (no
   * field traffic per draw); the rare slow path (wedge or tail) goes through `normal()`'s code.
   */
  fillNormal(out: Float64Array | Float32Array, from = 0, to = out.length): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    let i = from;
    while (i < to) {
      // The fast path in a tight loop of its own, left at the first draw that needs the slow
      // one (V8 compiles the loop much better without the call in it).
      let hz = 0;
      for (; i < to; i++) {
        // xoshiro128** step, as nextI32.
        const m = Math.imul(s1, 5);
        hz = Math.imul((m << 7) | (m >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
        const iz = hz & 127;
        // |hz| in integer arithmetic (V8 takes Math.abs of an int32 to floating point).
        const sign = hz >> 31;
        if (((hz ^ sign) - sign) >>> 0 >= KN[iz]!) break;
        out[i] = hz * WN[iz]!;
      }
      if (i >= to) break;
      this.s0 = s0;
      this.s1 = s1;
      this.s2 = s2;
      this.s3 = s3;
      out[i++] = this.normalSlow(hz);
      s0 = this.s0;
      s1 = this.s1;
      s2 = this.s2;
      s3 = this.s3;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
