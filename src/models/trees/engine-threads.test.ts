import { describe, expect, it } from 'vitest';
import { fitBinning } from './binning.js';
import { LocalEngine } from './engine.js';
import { createEngineState } from './engine-state.js';
import { startEngineThreads } from './engine-threads.js';
import { parseGbdtConfig } from './gbdt-config.js';
import { syntheticTable } from './synthetic.js';

const ROWS = 20_000;

function sharedState() {
  const t = syntheticTable({ rows: ROWS, features: 6, classes: 2, seed: 5 });
  const cfg = parseGbdtConfig({ loss: 'binary' });
  const binning = fitBinning(t.X);
  const state = createEngineState(
    {
      binned: binning.binMatrix(t.X),
      nBins: Int32Array.from({ length: 6 }, (_, f) => binning.nBins(f)),
      params: cfg,
      loss: { kind: 'binary', nClasses: 2, alpha: cfg.alpha },
      outputs: 1,
      y: t.y,
      slots: 4,
      maxLeaves: cfg.maxLeaves,
      threads: 2,
      wasm: false,
    },
    true,
  );
  state.raw.fill(0.2);
  for (let i = 0; i < ROWS; i++) state.idx[i] = i;
  return state;
}

describe('engine threads', () => {
  it('computes gradients on two threads as on one', async () => {
    const local = sharedState();
    const one = new LocalEngine(local).gradients(0, ROWS, 4);
    const state = sharedState();
    const engine = await startEngineThreads(2, state, { stallMs: 5000 });
    try {
      expect(engine.gradients(0, ROWS, 4)).toEqual(one);
      expect(state.gh).toEqual(local.gh);
    } finally {
      await engine.close();
    }
  });

  it('fails an operation instead of waiting for ever when a worker has died', async () => {
    const engine = await startEngineThreads(2, sharedState(), { stallMs: 300 });
    try {
      await engine.workers[0]!.terminate();
      const started = performance.now();
      expect(() => engine.gradients(0, ROWS, 4)).toThrow(
        /1 of 1 worker threads silent for 0\.3 s \(a worker thread exited/,
      );
      expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    } finally {
      await engine.close();
    }
  });
});
