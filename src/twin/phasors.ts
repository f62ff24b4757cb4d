/**
 * Sums of sinusoids by phasor rotation: each tone is a complex value re + i im turned by
 * e^{i w} per sample (exact to rounding over thousands of steps, and no cosine per sample).
 * Tones run three at a time in one pass, so the CPU overlaps their independent rotations,
 * while each sample still receives the tones in the order given: the same sums, to the bit,
 * as one pass per tone.
 */

/**
 * Tones for `addPhasors`, packed four numbers each: the start value (re, im) and the
 * rotation per sample (cos w, sin w). Reused between captures; grows as needed.
 */
export class PhasorSet {
  private data = new Float64Array(4 * 8);
  /** Number of tones held. */
  count = 0;

  /** Empties the set. */
  clear(): void {
    this.count = 0;
  }

  /** Adds a tone of peak amplitude ampG, phase phaseRad at the first sample, w rad/sample. */
  add(ampG: number, phaseRad: number, wRad: number): void {
    if (4 * (this.count + 1) > this.data.length) {
      const grown = new Float64Array(2 * this.data.length);
      grown.set(this.data);
      this.data = grown;
    }
    const o = 4 * this.count++;
    this.data[o] = ampG * Math.cos(phaseRad);
    this.data[o + 1] = ampG * Math.sin(phaseRad);
    this.data[o + 2] = Math.cos(wRad);
    this.data[o + 3] = Math.sin(wRad);
  }

  /** Adds every tone (the real part of its rotating phasor) to out[from .. to). */
  addTo(out: Float64Array, from: number, to: number): void {
    for (let k = 0; k < this.count; k += 3) addThree(this.data, k, this.count, out, from, to);
  }
}

/** Tones k, k+1, k+2 of `p` (those at or past `count` silent) added to out[from .. to). */
function addThree(
  p: Float64Array,
  k: number,
  count: number,
  out: Float64Array,
  from: number,
  to: number,
): void {
  const o = 4 * k;
  let re0 = p[o]!;
  let im0 = p[o + 1]!;
  const c0 = p[o + 2]!;
  const s0 = p[o + 3]!;
  const has1 = k + 1 < count;
  let re1 = has1 ? p[o + 4]! : 0;
  let im1 = has1 ? p[o + 5]! : 0;
  const c1 = has1 ? p[o + 6]! : 1;
  const s1 = has1 ? p[o + 7]! : 0;
  const has2 = k + 2 < count;
  let re2 = has2 ? p[o + 8]! : 0;
  let im2 = has2 ? p[o + 9]! : 0;
  const c2 = has2 ? p[o + 10]! : 1;
  const s2 = has2 ? p[o + 11]! : 0;
  for (let i = from; i < to; i++) {
    out[i] = out[i]! + re0 + re1 + re2;
    const r0 = re0 * c0 - im0 * s0;
    im0 = re0 * s0 + im0 * c0;
    re0 = r0;
    const r1 = re1 * c1 - im1 * s1;
    im1 = re1 * s1 + im1 * c1;
    re1 = r1;
    const r2 = re2 * c2 - im2 * s2;
    im2 = re2 * s2 + im2 * c2;
    re2 = r2;
  }
}
