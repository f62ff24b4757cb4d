import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TrainConfigSchema } from './train-config.js';

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
  });

  it('rejects unknown keys and algorithms a task does not take', () => {
    expect(TrainConfigSchema.safeParse({ fault: { rounds: 10 } }).success).toBe(false);
    expect(TrainConfigSchema.safeParse({ anomaly: { algo: 'gbdt' } }).success).toBe(false);
    expect(TrainConfigSchema.safeParse({ rul: { quantiles: [0.2, 0.4, 0.9] } }).success).toBe(
      false,
    );
  });
});
