import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import type { DenseLayerJSON, OutputJSON } from './dense-json.js';
import { applyOutput, compileDenseStack, runDenseStack, softplus } from './dense-infer.js';
import { orthogonal } from './init.js';

describe('pure TypeScript dense stack', () => {
  it('computes a hand-checked 2-2-1 ReLU network', () => {
    // h = relu([1, 2] W1 + b1) with W1 = [[1, -1], [0.5, 1]], b1 = [0, -4] -> relu([2, -3]) = [2, 0]
    // out = 0.5 + 2 * 3 + 0 * 7 = 6.5, then the linear output 10 + 2 * 6.5 = 23.
    const layers: DenseLayerJSON[] = [
      { inputs: 2, units: 2, activation: 'relu', weights: [1, -1, 0.5, 1], bias: [0, -4] },
      { inputs: 2, units: 1, activation: 'linear', weights: [3, 7], bias: [0.5] },
    ];
    const c = compileDenseStack(layers, { kind: 'linear', quantiles: [], shift: 10, scale: 2 });
    c.bufA.set([1, 2]);
    const out = new Float64Array(1);
    runDenseStack(c, out, 0);
    expect(out[0]).toBe(23);
  });

  it('applies the output transforms', () => {
    const out = new Float64Array(3);
    const o = (kind: OutputJSON['kind'], quantiles: number[] = []): OutputJSON => ({
      kind,
      quantiles,
      shift: 1,
      scale: 2,
    });
    applyOutput(o('sigmoid'), Float64Array.from([0]), 1, out, 0);
    expect(out[0]).toBe(0.5);
    applyOutput(o('softmax'), Float64Array.from([0, Math.log(3)]), 2, out, 0);
    expect(out[0]).toBeCloseTo(0.25, 15);
    expect(out[1]).toBeCloseTo(0.75, 15);
    // Quantiles: c = [-1, -1 + softplus(0), -1 + softplus(0) + softplus(-5)], y = 1 + 2c.
    applyOutput(o('quantiles', [0.1, 0.5, 0.9]), Float64Array.from([-1, 0, -5]), 3, out, 0);
    expect(out[0]).toBe(-1);
    expect(out[1]).toBeCloseTo(-1 + 2 * Math.LN2, 15);
    expect(out[2]).toBeCloseTo(out[1]! + 2 * Math.log1p(Math.exp(-5)), 14);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
  });

  it('draws orthogonal recurrent kernels', () => {
    const q = orthogonal(new Random(1), 12, 4); // columns orthonormal
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        let dot = 0;
        for (let i = 0; i < 12; i++) dot += q[i * 4 + a]! * q[i * 4 + b]!;
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
      }
    }
  });
});
