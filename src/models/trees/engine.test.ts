import { describe, expect, it } from 'vitest';
import { fitBinning } from './binning.js';
import { LocalEngine } from './engine.js';
import { createEngineState } from './engine-state.js';
import { parseGbdtConfig } from './gbdt-config.js';
import { TreeGrower } from './grower.js';
import { makeLoss } from './losses.js';
import { syntheticTable } from './synthetic.js';

describe('engine histograms', () => {
  it('grows the same tree with the WebAssembly kernel as with JavaScript histograms', () => {
    const t = syntheticTable({ rows: 3000, features: 13, classes: 2, informative: 5, seed: 3 });
    const cfg = parseGbdtConfig({ loss: 'binary', maxDepth: 5 });
    const binning = fitBinning(t.X);
    const loss = makeLoss('binary', 2, cfg.alpha);
    const grow = (wasm: boolean) => {
      const state = createEngineState(
        {
          binned: binning.binMatrix(t.X),
          nBins: Int32Array.from({ length: 13 }, (_, f) => binning.nBins(f)),
          params: cfg,
          loss: { kind: 'binary', nClasses: 2, alpha: cfg.alpha },
          outputs: 1,
          y: t.y,
          slots: 0,
          maxLeaves: cfg.maxLeaves,
          threads: 1,
          wasm,
        },
        false,
      );
      expect(state.memory !== null).toBe(wasm);
      state.raw.fill(0.3);
      for (let i = 0; i < 3000; i++) state.idx[i] = i;
      const engine = new LocalEngine(state);
      const start = engine.gradients(0, 3000, loss.maxHessian);
      const grown = new TreeGrower(binning, cfg).grow(3000, start, null, engine);
      return { tree: grown.builder.build(), idx: state.idx.slice(), leafG: grown.leafG };
    };
    const js = grow(false);
    const kernel = grow(true);
    expect(kernel.tree.feature.length).toBeGreaterThan(20);
    expect(kernel.tree).toEqual(js.tree);
    expect(kernel.idx).toEqual(js.idx);
    expect(kernel.leafG).toEqual(js.leafG);
  });
});
