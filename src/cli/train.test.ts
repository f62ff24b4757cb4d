import { describe, expect, it } from 'vitest';
import { earlyStops } from './train.js';

describe('earlyStops', () => {
  it('names each boosted model and network that early stopping ended', () => {
    const boosted = (kept: number, rounds: number, perRound = 1) => ({
      format: 'pdm-twin/gbdt',
      treesPerRound: perRound,
      config: { rounds },
      trees: Array.from({ length: kept * perRound }, () => ({ f: [] })),
    });
    // a diagnosis with severity heads: the classifier (4 classes) and two regressors
    const fault = {
      kind: 'fault_severity',
      classifier: boosted(34, 200, 4),
      regressors: [boosted(150, 150), boosted(61, 150)],
    };
    expect(earlyStops(fault)).toEqual(['kept 34 of 200 rounds', 'kept 61 of 150 rounds']);
    const net = {
      kind: 'mlp',
      training: { epochs: 28, bestEpoch: 18, bestValLoss: 0.2, stopReason: 'early-stopping' },
    };
    expect(earlyStops(net)).toEqual(['stopped at epoch 28 (best 18)']);
    expect(earlyStops({ training: { ...net.training, stopReason: 'epochs' } })).toEqual([]);
    expect(earlyStops({ kind: 'mahalanobis', model: { mean: [0] } })).toEqual([]);
  });
});
