/**
 * Per-feature quantile binning for histogram-based trees, as in LightGBM (Ke et al. 2017,
 * "LightGBM: A Highly Efficient Gradient Boosting Decision Tree") and scikit-learn's
 * HistGradientBoosting `_BinMapper`: each feature gets at most 255 value bins cut at quantiles
 * of (a sample of) the training data, plus one bin for NaN.
 *
 * Bin b holds the values x with edges[b - 1] < fround(x) <= edges[b]; the edges are float32
 * numbers, so a split "bin <= b" is exactly the ONNX test `x <= threshold` (BRANCH_LEQ) on a
 * float32 input with threshold = edges[b]. The last value bin has no upper edge (threshold
 * +Infinity: every non-NaN value). With few distinct values, edges sit at float32 midpoints
 * between them; otherwise at midpoints between the sample's quantiles (duplicates dropped).
 *
 * Binned layout: the codes of four consecutive features form one 32-bit word (feature 4j + i
 * in byte i, little-endian), and words are stored column by column: word j of row r is
 * `words[j * rows + r]`, so the code of feature f is byte `((f >> 2) * rows + r) * 4 + (f & 3)`
 * (`binnedCode`). A histogram pass over a node reads two word columns at a time (eight
 * features whose bins fit in L1), and threads that split the words read disjoint memory.
 * Measured on 200 k x 60 with a real tree's nodes: 20 ms per tree on two threads, against
 * 37 ms for row-major codes read a word at a time (where both threads pull every row's line).
 */
import { PdmError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import type { Matrix } from './matrix.js';
import { sampleWithoutReplacement } from './sampling.js';
import { checkMatrix } from './matrix.js';

/** The code of a missing (NaN) value, whatever the feature's bin count. */
export const MISSING_BIN = 255;
/** The most value bins a feature can have (codes 0..254). */
export const MAX_BINS = 255;

export interface BinningOptions {
  /** Value bins per feature, 2..255 (default 255). */
  readonly maxBins?: number;
  /** Rows sampled (without replacement) to place the edges (default 200 000). */
  readonly sampleRows?: number;
  /** Seed for that sample (default 1). */
  readonly seed?: number;
}

export interface BinnedMatrix {
  /** Word-column-major codes (see the file header); the buffer may be a SharedArrayBuffer. */
  readonly codes: Uint8Array;
  readonly rows: number;
  readonly cols: number;
  /** 32-bit words per row: ceil(cols / 4). */
  readonly words: number;
}

/** The code of feature f of row `row`. */
export function binnedCode(b: BinnedMatrix, row: number, f: number): number {
  return b.codes[(((f >> 2) * b.rows + row) << 2) + (f & 3)]!;
}

/** The codes viewed as 32-bit words, `words[j * rows + r]`. */
export function binnedWords(b: BinnedMatrix): Uint32Array {
  return new Uint32Array(b.codes.buffer, b.codes.byteOffset, b.codes.length >> 2);
}

export class Binning {
  readonly nFeatures: number;
  private readonly edges: readonly Float32Array[];
  /** Edges of feature f at [256 f, 256 f + 256), padded with +Infinity, for searchTable. */
  private readonly table: Float32Array;

  /** `edges[f]` are feature f's strictly increasing float32 upper edges (at most 254). */
  constructor(edges: readonly Float32Array[]) {
    for (let f = 0; f < edges.length; f++) {
      const e = edges[f]!;
      if (e.length > MAX_BINS - 1) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `edges[${f}]: expected at most ${MAX_BINS - 1} edges, got ${e.length}`,
        );
      }
      for (let b = 1; b < e.length; b++) {
        if (!(e[b]! > e[b - 1]!)) {
          throw new PdmError(
            'PDM_INPUT_INVALID',
            `edges[${f}]: expected strictly increasing values`,
          );
        }
      }
    }
    this.nFeatures = edges.length;
    this.edges = edges;
    this.table = new Float32Array(256 * edges.length).fill(Infinity);
    edges.forEach((e, f) => {
      this.table.set(e, 256 * f);
    });
  }

  /** Number of value bins of feature f (1..255); NaN has its own code, MISSING_BIN. */
  nBins(f: number): number {
    return this.edges[f]!.length + 1;
  }

  /** Feature f's upper edges (do not modify). */
  edgesOf(f: number): Float32Array {
    return this.edges[f]!;
  }

  /** The float32 threshold of the split "bin <= b" on feature f: +Infinity for the last bin. */
  threshold(f: number, b: number): number {
    const e = this.edges[f]!;
    return b < e.length ? e[b]! : Infinity;
  }

  /** The code of value x on feature f. */
  binOf(f: number, x: number): number {
    return binValue(this.edges[f]!, Math.fround(x));
  }

  /**
   * Codes of a whole matrix (word-column-major; see the file header). With `shared`, the codes
   * live in a SharedArrayBuffer that worker threads can read.
   */
  binMatrix(x: Matrix, shared = false): BinnedMatrix {
    checkMatrix(x, 'X', this.nFeatures);
    const { rows, cols, data } = x;
    const words = (cols + 3) >> 2;
    const bytes = 4 * words * rows;
    const codes = new Uint8Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    const table = this.table;
    // Row by row: X is read once, in order, and the edge table (1 KB per feature) stays cached.
    for (let i = 0; i < rows; i++) {
      const src = i * cols;
      for (let f = 0; f < cols; f++) {
        const code = searchTable(table, f << 8, Math.fround(data[src + f]!));
        codes[(((f >> 2) * rows + i) << 2) + (f & 3)] = code;
      }
    }
    return { codes, rows, cols, words };
  }
}

/**
 * The bin of float32 v among the 255 edges at table[base ..] (padded with +Infinity): the
 * number of edges below v, found in eight steps without data-dependent branches (a binary
 * search with branches mispredicts about half its steps: 3x slower on 200 k x 60).
 */
function searchTable(table: Float32Array, base: number, v: number): number {
  if (v !== v) return MISSING_BIN;
  let lo = base;
  lo += flag(table[lo + 127]! < v) << 7;
  lo += flag(table[lo + 63]! < v) << 6;
  lo += flag(table[lo + 31]! < v) << 5;
  lo += flag(table[lo + 15]! < v) << 4;
  lo += flag(table[lo + 7]! < v) << 3;
  lo += flag(table[lo + 3]! < v) << 2;
  lo += flag(table[lo + 1]! < v) << 1;
  lo += flag(table[lo]! < v);
  return lo - base;
}

/** 1 or 0. `(a < b) | 0` compiles to a flag-to-integer move, where `a < b ? 1 : 0` branches. */
function flag(c: boolean): number {
  return (c as unknown as number) | 0;
}

/** Smallest b with v <= edges[b], or edges.length; MISSING_BIN for NaN. */
export function binValue(edges: Float32Array, v: number): number {
  if (v !== v) return MISSING_BIN;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Fits the edges of every feature on the rows of x (NaN ignored). */
export function fitBinning(x: Matrix, options: BinningOptions = {}): Binning {
  checkMatrix(x, 'X');
  const maxBins = options.maxBins ?? MAX_BINS;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `maxBins: expected an integer in [2, 255], got ${maxBins}`,
    );
  }
  const sampleRows = options.sampleRows ?? 200_000;
  if (!Number.isInteger(sampleRows) || sampleRows < 1) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `sampleRows: expected an integer >= 1, got ${sampleRows}`,
    );
  }
  const rows = sampleWithoutReplacement(
    x.rows,
    sampleRows,
    new Random(options.seed ?? 1, 'binning', 'sample'),
  );
  // Gather a block of columns per pass over the sampled rows: X is row-major, and one pass
  // per feature would stream all of X once per feature.
  const block = Math.min(x.cols, 16);
  const values = Array.from({ length: block }, () => new Float32Array(rows.length));
  const counts = new Int32Array(block);
  const edges: Float32Array[] = [];
  for (let f0 = 0; f0 < x.cols; f0 += block) {
    const nf = Math.min(block, x.cols - f0);
    counts.fill(0);
    for (const r of rows) {
      const o = r * x.cols + f0;
      for (let j = 0; j < nf; j++) {
        const v = Math.fround(x.data[o + j]!);
        if (v === v) values[j]![counts[j]!++] = v;
      }
    }
    for (let j = 0; j < nf; j++) {
      edges.push(featureEdges(sortFloat32(values[j]!.subarray(0, counts[j])), maxBins));
    }
  }
  return new Binning(edges);
}

/** Edges from sorted float32 values (see the file header). */
export function featureEdges(sorted: Float32Array, maxBins: number): Float32Array {
  const m = sorted.length;
  if (m === 0) return new Float32Array(0);
  let distinct = 1;
  for (let i = 1; i < m; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  const out: number[] = [];
  if (distinct <= maxBins) {
    for (let i = 1; i < m; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (b !== a) out.push(edgeBetween(a, b));
    }
    return Float32Array.from(out);
  }
  const top = sorted[m - 1]!;
  for (let q = 1; q < maxBins; q++) {
    const pos = (q * (m - 1)) / maxBins;
    const a = sorted[Math.floor(pos)]!;
    const b = sorted[Math.ceil(pos)]!;
    const e = a === b ? a : edgeBetween(a, b);
    // An edge at the maximum would leave the last bin empty; duplicates come from ties.
    if (e >= top || (out.length > 0 && e <= out[out.length - 1]!)) continue;
    out.push(e);
  }
  return Float32Array.from(out);
}

/** A float32 edge e with a <= e < b (a < b float32): the midpoint unless it rounds up to b. */
function edgeBetween(a: number, b: number): number {
  const e = Math.fround(a / 2 + b / 2);
  return e >= b ? a : e;
}

/**
 * Sorts non-NaN float32 values in place, ascending: an LSD radix sort on their bits (flipped so
 * that unsigned order is numeric order), about 4x faster than TypedArray.prototype.sort.
 */
export function sortFloat32(values: Float32Array): Float32Array {
  const n = values.length;
  if (n < 512) return values.sort();
  let src: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n);
  let dst: Uint32Array = new Uint32Array(n);
  const out = src;
  const counts = new Uint32Array(4 * 256);
  for (let i = 0; i < n; i++) {
    const u = src[i]!;
    const k = u & 0x80000000 ? ~u >>> 0 : (u ^ 0x80000000) >>> 0;
    src[i] = k;
    counts[k & 255]!++;
    counts[256 + ((k >>> 8) & 255)]!++;
    counts[512 + ((k >>> 16) & 255)]!++;
    counts[768 + (k >>> 24)]!++;
  }
  for (let pass = 0; pass < 4; pass++) {
    const c = counts.subarray(pass * 256, pass * 256 + 256);
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const t = c[b]!;
      c[b] = sum;
      sum += t;
    }
    const shift = pass * 8;
    for (let i = 0; i < n; i++) {
      const k = src[i]!;
      dst[c[(k >>> shift) & 255]!++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  // After four passes the sorted keys are back in the input's buffer.
  for (let i = 0; i < n; i++) {
    const k = src[i]!;
    out[i] = k & 0x80000000 ? (k ^ 0x80000000) >>> 0 : ~k >>> 0;
  }
  return values;
}
