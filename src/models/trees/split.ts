/**
 * Best split of a node from its gradient histogram, with the second-order gain of XGBoost
 * (Chen & Guestrin 2016, eq. 7) and L2 regularisation lambda:
 *
 *   gain = 1/2 [ GL^2 / (HL + lambda) + GR^2 / (HR + lambda) - G^2 / (H + lambda) ]
 *
 * Hessian sums and counts come packed in one number (packing.ts). Missing values (bin 255) are
 * tried on the left and on the right of every threshold (the sparsity-aware split of XGBoost,
 * Algorithm 3), and "all values left, NaN right" is a split too. When the node has no NaN, they
 * follow the child with more rows, as in scikit-learn. Features are scanned in order and a
 * candidate replaces the best only when strictly better, so ties resolve the same way always.
 */
import { FEATURE_HIST } from './histogram.js';

export interface SplitParams {
  readonly lambda: number;
  readonly minChildSamples: number;
  readonly minChildHessian: number;
  readonly minSplitGain: number;
}

/** How packed sums decode (packing.ts): count = p mod unit, hessian = floor(p / unit) / scale. */
export interface PackingScale {
  readonly unit: number;
  readonly invUnit: number;
  readonly invScale: number;
}

export interface SplitInfo {
  readonly gain: number;
  readonly feature: number;
  /** Rows with a code <= bin go left; bin = nBins - 1 means every non-NaN value. */
  readonly bin: number;
  readonly defaultLeft: boolean;
  /** Gradient sum and packed hessian/count sum of the left child. */
  readonly gl: number;
  readonly pl: number;
  readonly cl: number;
}

const MISSING_OFFSET = 255 * 2;

/**
 * The best split of a node with gradient sum g and packed sum p over the features f in
 * [featureFrom, featureTo) with `nBins[f] > 0` and `featureMask[f] === 1` (null: all), or null
 * when none meets the constraints.
 */
export function findBestSplit(
  hist: Float64Array,
  nBins: Int32Array,
  featureMask: Uint8Array | null,
  g: number,
  p: number,
  packing: PackingScale,
  params: SplitParams,
  featureFrom = 0,
  featureTo = nBins.length,
): SplitInfo | null {
  const { lambda, minChildSamples: minC } = params;
  // With lambda = 0 a child needs some hessian, or its score divides by zero.
  const minH = lambda > 0 ? params.minChildHessian : Math.max(params.minChildHessian, 1e-300);
  const { unit, invUnit, invScale } = packing;
  const hq = Math.floor(p * invUnit);
  const c = p - hq * unit;
  const h = hq * invScale;
  const parentScore = (g * g) / (h + lambda);
  // Candidates must beat parent score + 2 minSplitGain (and be a positive gain).
  let best = parentScore + 2 * params.minSplitGain + 1e-12 * Math.abs(parentScore);
  let bf = -1;
  let bb = 0;
  let bLeft = false;
  let bgl = 0;
  let bpl = 0;
  for (let f = featureFrom; f < featureTo; f++) {
    const nb = nBins[f]!;
    if (nb <= 0 || (featureMask !== null && featureMask[f] !== 1)) continue;
    const base = f * FEATURE_HIST;
    const mg = hist[base + MISSING_OFFSET]!;
    const mp = hist[base + MISSING_OFFSET + 1]!;
    const mhq = Math.floor(mp * invUnit);
    const mc = mp - mhq * unit;
    let gl = 0;
    let pl = 0;
    for (let b = 0; b < nb - 1; b++) {
      const o = base + 2 * b;
      gl += hist[o]!;
      pl += hist[o + 1]!;
      const lq = Math.floor(pl * invUnit);
      const cl = pl - lq * unit;
      if (c - cl < minC) break;
      const hl = lq * invScale;
      // NaN right.
      const hr = (hq - lq) * invScale;
      if (cl >= minC && hl >= minH && hr >= minH) {
        const gr = g - gl;
        const s = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda);
        if (s > best) {
          best = s;
          bf = f;
          bb = b;
          bLeft = mc > 0 ? false : cl >= c - cl;
          bgl = gl;
          bpl = pl;
        }
      }
      // NaN left.
      if (mc > 0) {
        const cL = cl + mc;
        const hL = (lq + mhq) * invScale;
        const hR = (hq - lq - mhq) * invScale;
        if (cL >= minC && c - cL >= minC && hL >= minH && hR >= minH) {
          const gL = gl + mg;
          const gr = g - gL;
          const s = (gL * gL) / (hL + lambda) + (gr * gr) / (hR + lambda);
          if (s > best) {
            best = s;
            bf = f;
            bb = b;
            bLeft = true;
            bgl = gL;
            bpl = pl + mp;
          }
        }
      }
    }
    // Every value left, NaN right.
    const mh = mhq * invScale;
    const hL = (hq - mhq) * invScale;
    if (mc >= minC && c - mc >= minC && mh >= minH && hL >= minH) {
      const gL = g - mg;
      const s = (gL * gL) / (hL + lambda) + (mg * mg) / (mh + lambda);
      if (s > best) {
        best = s;
        bf = f;
        bb = nb - 1;
        bLeft = false;
        bgl = gL;
        bpl = p - mp;
      }
    }
  }
  if (bf < 0) return null;
  return {
    gain: 0.5 * (best - parentScore),
    feature: bf,
    bin: bb,
    defaultLeft: bLeft,
    gl: bgl,
    pl: bpl,
    cl: bpl - Math.floor(bpl * invUnit) * unit,
  };
}
