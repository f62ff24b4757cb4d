import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import type { FeatureMatrix } from './feature-matrix.js';
import type { MlpConfigInput } from './config.js';
import { trainMlp } from './mlp.js';
import { exportMlpToOnnx } from './onnx-mlp.js';
import { blobs, heteroscedasticLine } from './synthetic.js';

// onnxruntime-node ships native binaries; where they do not load, these tests are skipped.
const ort = await import('onnxruntime-node').catch(() => null);

/** 100 rows of N(0, 1.5) features with 10 % NaN and a few values beyond the clip bound. */
function randomRows(cols: number, seed: number): FeatureMatrix {
  const r = new Random(seed, 'onnx-rows');
  const data = new Float64Array(100 * cols);
  for (let i = 0; i < data.length; i++) {
    const u = r.uniform();
    data[i] = u < 0.1 ? NaN : u < 0.12 ? 40 * r.normal() : 1.5 * r.normal();
  }
  return { data, rows: 100, cols };
}

/** Runs an ONNX model on float32 inputs and returns its only output. */
async function runOnnx(
  bytes: Uint8Array,
  feeds: Record<string, { data: Float32Array; dims: number[] }>,
): Promise<{ name: string; dims: readonly number[]; data: Float32Array }> {
  if (ort === null) throw new Error('onnxruntime-node did not load');
  const session = await ort.InferenceSession.create(bytes);
  const inputs = Object.fromEntries(
    Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]),
  );
  const out = await session.run(inputs);
  const name = session.outputNames[0]!;
  const t = out[name]!;
  return { name, dims: t.dims, data: t.data as Float32Array };
}

describe.skipIf(ort === null)('exportMlpToOnnx', () => {
  const cases: [string, { x: FeatureMatrix; y: Float64Array }, MlpConfigInput, string][] = [
    [
      'binary',
      blobs(300, 2, 6, 1.5, 1),
      { hidden: [16, 8, 4], activation: 'tanh' },
      'probabilities',
    ],
    ['multiclass', blobs(300, 4, 6, 1.5, 2), { task: 'multiclass' }, 'probabilities'],
    [
      'quantiles',
      heteroscedasticLine(300, 3),
      { task: 'regression', quantiles: [0.1, 0.5, 0.9] },
      'prediction',
    ],
    ['mean', heteroscedasticLine(300, 4), { task: 'regression', inputClip: null }, 'prediction'],
  ];

  it.each(cases)(
    'MLP (%s) in onnxruntime equals the pure TypeScript path to 1e-5 on 100 rows',
    async (_, d, config, output) => {
      // Missing values in training: the model gets indicator inputs, which ONNX must rebuild.
      const data = Float64Array.from(d.x.data, (v, i) => (i % 11 === 0 ? NaN : v));
      const m = await trainMlp({ ...d.x, data }, d.y, { epochs: 3, ...config });
      expect(m.json.input.missingIndicators.length).toBeGreaterThan(0);
      const rows = randomRows(d.x.cols, 5);
      const got = await runOnnx(exportMlpToOnnx(m.json), {
        features: { data: Float32Array.from(rows.data), dims: [100, rows.cols] },
      });
      const want = m.predict(rows);
      expect(got.name).toBe(output);
      expect(got.dims).toEqual([100, want.length / 100]);
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(got.data[i]! - want[i]!)).toBeLessThan(1e-5);
    },
  );
});
