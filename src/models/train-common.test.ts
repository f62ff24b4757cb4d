import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset.js';
import { faultFeatures } from './train-common.js';
import { TrainConfigSchema } from './train-config.js';

/** Just what faultFeatures reads of a dataset: its source, default inputs and column names. */
function dataset(source: 'twin' | 'table', columns: string[]): Dataset {
  return {
    dir: '/data',
    manifest: { source, modelFeatures: ['acc_kurtosis', 'env_bpfo_h1_db'] },
    table: {
      columns: columns.map((name) => ({ name, type: 'float64', data: new Float64Array(0) })),
    },
  } as unknown as Dataset;
}

describe('faultFeatures', () => {
  const cfg = TrainConfigSchema.parse({}).fault;
  const columns = ['acc_kurtosis', 'env_bpfo_h1_db', 'acc_rms_residual_db', 'vel_1x_residual_db'];

  it('adds the level residuals the twin pipeline wrote, in registry order', () => {
    expect(faultFeatures(dataset('twin', columns), cfg)).toEqual([
      'acc_kurtosis',
      'env_bpfo_h1_db',
      'acc_rms_residual_db',
      'vel_1x_residual_db',
    ]);
  });

  it("leaves an imported table's own columns of those names to its import", () => {
    expect(faultFeatures(dataset('table', columns), cfg)).toEqual([
      'acc_kurtosis',
      'env_bpfo_h1_db',
    ]);
  });
});
