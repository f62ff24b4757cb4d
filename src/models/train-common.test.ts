import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset.js';
import { taskInputs } from './train-common.js';
import { TrainConfigSchema } from './train-config.js';

/** Just what taskInputs reads of a dataset: its source, features, default inputs and columns. */
function dataset(source: 'twin' | 'table', columns: string[]): Dataset {
  return {
    dir: '/data',
    manifest: {
      source,
      modelFeatures: ['acc_kurtosis', 'env_bpfo_h1_db'],
      features: columns.map((name) => ({ name })),
    },
    table: {
      columns: columns.map((name) => ({ name, type: 'float64', data: new Float64Array(0) })),
    },
  } as unknown as Dataset;
}

describe('taskInputs', () => {
  const config = TrainConfigSchema.parse({});
  const cfg = config.fault;
  const columns = ['acc_kurtosis', 'env_bpfo_h1_db', 'acc_rms_residual_db', 'vel_1x_residual_db'];

  it('adds the level residuals the twin pipeline wrote, in registry order', () => {
    expect(taskInputs(dataset('twin', columns), cfg)).toEqual([
      'acc_kurtosis',
      'env_bpfo_h1_db',
      'acc_rms_residual_db',
      'vel_1x_residual_db',
    ]);
  });

  it("leaves an imported table's own columns of those names to its import", () => {
    expect(taskInputs(dataset('table', columns), cfg)).toEqual(['acc_kurtosis', 'env_bpfo_h1_db']);
  });

  it('gives the anomaly model the residuals too, and the horizon and RUL models not', () => {
    const twin = dataset('twin', columns);
    const withResiduals = [
      ...twin.manifest.modelFeatures,
      'acc_rms_residual_db',
      'vel_1x_residual_db',
    ];
    expect(taskInputs(twin, config.anomaly)).toEqual(withResiduals);
    expect(taskInputs(twin, config.horizon)).toEqual(['acc_kurtosis', 'env_bpfo_h1_db']);
    expect(taskInputs(twin, config.rul)).toEqual(['acc_kurtosis', 'env_bpfo_h1_db']);
    expect(taskInputs(twin, { ...config.anomaly, levelResiduals: false })).toEqual([
      'acc_kurtosis',
      'env_bpfo_h1_db',
    ]);
    // an explicit list of inputs is taken as it is
    expect(taskInputs(twin, { ...cfg, features: ['acc_kurtosis'] })).toEqual(['acc_kurtosis']);
  });
});
