// The smallest real bundle: one Mahalanobis anomaly model on one feature `a`, which commands
// that load a bundle for use can run (they check that its model scores).
import { RobustScaler } from '../../src/features/normalize.js';
import { fitMahalanobis } from '../../src/models/anomaly/mahalanobis.js';
import type { Bundle, TaskModel } from '../../src/models/bundle.js';
import { sealBundle } from '../../src/models/bundle.js';

const healthy = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7));

export function anomalyTask(): TaskModel {
  return {
    task: 'anomaly',
    algo: 'mahalanobis',
    model: { kind: 'mahalanobis', model: fitMahalanobis(healthy, 40, 1) },
    inputs: ['a'],
    thresholds: { score: 3, debounce: 2 },
    validationMetrics: {},
    config: { normalization: RobustScaler.fit(Array.from(healthy, (v) => [v])).toJSON() },
  };
}

/** A sealed (unsigned) bundle named `name` holding `tasks` (default: one anomaly task). */
export function anomalyBundle(name = 'demo', tasks: TaskModel[] = [anomalyTask()]): Bundle {
  return sealBundle({
    format: 'pdm-twin/model-bundle',
    formatVersion: 1,
    name,
    version: '1',
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'test',
    features: { names: ['a'], units: [''], normalization: null },
    data: { fingerprint: 'x', rows: 40, machines: 1, timeUnit: 'h', horizon: 168, source: 'twin' },
    tasks,
  });
}
