/**
 * Weight initialisers, drawn from a seeded `Random` (never from tfjs's random ops):
 * - He uniform (He et al. 2015, "Delving deep into rectifiers") for kernels feeding a ReLU;
 * - Glorot uniform (Glorot & Bengio 2010) for the others;
 * - orthogonal (Saxe et al. 2014) for recurrent kernels, as Keras does, by Gram-Schmidt.
 * All return row-major Float32Arrays.
 */
import type { Random } from '../../core/random.js';

/** [fanIn x fanOut] uniform in +-sqrt(6 / fanIn) (He) or +-sqrt(6 / (fanIn + fanOut)) (Glorot). */
export function uniformKernel(
  random: Random,
  fanIn: number,
  fanOut: number,
  kind: 'he' | 'glorot',
): Float32Array {
  const limit = Math.sqrt(6 / (kind === 'he' ? fanIn : fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = random.between(-limit, limit);
  return w;
}

/**
 * A [rows x cols] matrix with orthonormal columns (rows >= cols) or rows (rows < cols), from
 * Gram-Schmidt on standard normal draws.
 */
export function orthogonal(random: Random, rows: number, cols: number): Float32Array {
  const tall = rows >= cols;
  const n = tall ? rows : cols; // vector length
  const k = tall ? cols : rows; // vectors
  const v = new Float64Array(n * k);
  for (let i = 0; i < v.length; i++) v[i] = random.normal();
  for (let a = 0; a < k; a++) {
    const va = v.subarray(a * n, (a + 1) * n);
    for (let b = 0; b < a; b++) {
      const vb = v.subarray(b * n, (b + 1) * n);
      let dot = 0;
      for (let i = 0; i < n; i++) dot += va[i]! * vb[i]!;
      for (let i = 0; i < n; i++) va[i] = va[i]! - dot * vb[i]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += va[i]! * va[i]!;
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < n; i++) va[i] = va[i]! * inv;
  }
  const out = new Float32Array(rows * cols);
  for (let a = 0; a < k; a++) {
    for (let i = 0; i < n; i++) {
      // Vector a is column a (tall) or row a (wide).
      out[tall ? i * cols + a : a * cols + i] = v[a * n + i]!;
    }
  }
  return out;
}
