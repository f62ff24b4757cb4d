import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TrainConfigSchema } from './train-config.js';
import { epochsOf, parseMlpConfig, parseSequenceConfig } from './nn/config.js';

describe('training configuration', () => {
  it('fills every default from an empty config', () => {
    const c = TrainConfigSchema.parse({});
    expect(c.fault.algo).toBe('gbdt');
    expect(c.rul.quantiles).toEqual([0.1, 0.5, 0.9]);
    expect(c.anomaly.algo).toBe('mahalanobis');
  });

  it('accepts the shipped example', () => {
    const text = readFileSync(new URL('../../config/train.yaml', import.meta.url), 'utf8');
    const r = TrainConfigSchema.safeParse(parse(text));
    expect(r.success).toBe(true);
    // it repeats the defaults it shows: a network's epochs as the network schemas fill them
    expect(epochsOf(r.data!.rul.lstm)).toBe(parseSequenceConfig({}).epochs);
    expect(epochsOf(TrainConfigSchema.parse({}).fault.mlp)).toBe(parseMlpConfig({}).epochs);
    expect(epochsOf({ epochs: 7 })).toBe(7);
  });

  it("keeps an algorithm section to the keys it sets, so the task's defaults hold for the rest", () => {
    const c = TrainConfigSchema.parse({
      seed: 5,
      horizon: { gbdt: { learningRate: 0.1 }, rf: { bootstrap: true } },
      fault: { tree: { maxDepth: 4 } },
    });
    // not seed 1, minChildSamples 20, rounds 200, minSamplesLeaf 1 ... filled in over the
    // top-level seed and the task's own defaults
    expect(c.horizon.gbdt).toEqual({ learningRate: 0.1 });
    expect(c.horizon.rf).toEqual({ bootstrap: true });
    expect(c.fault.tree).toEqual({ maxDepth: 4 });
    expect(c.fault.gbdt).toEqual({});
    // values are still checked, and a decision tree takes no forest settings
    expect(TrainConfigSchema.safeParse({ horizon: { gbdt: { rounds: -1 } } }).success).toBe(false);
    const forestKey = TrainConfigSchema.safeParse({ fault: { tree: { trees: 5 } } });
    expect(forestKey.success).toBe(false);
    expect(forestKey.error?.issues[0]?.path).toEqual(['fault', 'tree']);
  });

  it('rejects unknown keys and algorithms a task does not take', () => {
    expect(TrainConfigSchema.safeParse({ fault: { rounds: 10 } }).success).toBe(false);
    expect(TrainConfigSchema.safeParse({ anomaly: { algo: 'gbdt' } }).success).toBe(false);
    expect(TrainConfigSchema.safeParse({ rul: { quantiles: [0.2, 0.4, 0.9] } }).success).toBe(
      false,
    );
  });

  it('checks the network settings up front, naming their path', () => {
    const bad = TrainConfigSchema.safeParse({ rul: { algo: 'lstm', lstm: { cell: 'rnn' } } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toContain('rul.lstm.cell');
    const typo = TrainConfigSchema.safeParse({ fault: { mlp: { epoch: 3 } } });
    expect(typo.success).toBe(false);
    expect(typo.error?.issues[0]?.path.slice(0, 2)).toEqual(['fault', 'mlp']);
    // settings a network accepts pass, whatever algorithm is chosen
    expect(
      TrainConfigSchema.safeParse({ rul: { lstm: { cell: 'gru', units: 8 }, mlp: { epochs: 5 } } })
        .success,
    ).toBe(true);
  });
});
