import { describe, expect, it } from 'vitest';
import { exportSequenceToOnnx } from './onnx-sequence.js';
import { trainSequenceModel } from './sequence.js';
import { buildSequences, sequenceTensors } from './sequence-data.js';
import { risingTrends } from './synthetic.js';

// onnxruntime-node ships native binaries; where they do not load, these tests are skipped.
const ort = await import('onnxruntime-node').catch(() => null);

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

describe.skipIf(ort === null)('exportSequenceToOnnx', () => {
  it.each(['lstm', 'gru'] as const)(
    'unrolled %s sequence model equals the pure TypeScript path',
    async (cell) => {
      const d = risingTrends(12, 0.02, 6);
      const data = Float64Array.from(d.x.data, (v, i) => (i % 13 === 0 ? NaN : v));
      const set = buildSequences({ ...d.x, data }, d.machine, 6);
      const m = await trainSequenceModel(set, d.y, {
        cell,
        steps: 6,
        units: 8,
        hidden: [4],
        epochs: 2,
        task: 'regression',
        quantiles: [0.2, 0.8],
      });
      const t = sequenceTensors(set);
      const got = await runOnnx(exportSequenceToOnnx(m.json), {
        sequence: { data: t.data, dims: [set.count, 6, set.x.cols] },
        mask: { data: t.mask, dims: [set.count, 6] },
      });
      const want = m.predict(set);
      expect(got.dims).toEqual([set.count, 2]);
      const scale = m.json.output.scale;
      for (let i = 0; i < want.length; i++) {
        expect(Math.abs(got.data[i]! - want[i]!) / scale).toBeLessThan(1e-5);
      }
    },
  );
});
