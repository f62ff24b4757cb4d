import { describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset.js';
import { tableFromColumns } from '../data/table.js';
import { missingTrainingLabels } from './train-labels.js';

/** A run-to-failure dataset of four machines, one per split but two in training. */
function dataset(rulOf: Record<string, number>): Dataset {
  const ids = ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'];
  return {
    dir: '/data/fleet',
    manifest: {
      horizon: 168,
      timeUnit: 'h',
      labels: { classes: [], has: { mode: false, rul: true, maintenanceDue: true } },
      splits: { train: ['a', 'b'], validation: ['c'], test: ['d'] },
    },
    table: tableFromColumns([
      { name: 'machine_id', type: 'string', data: ids },
      {
        name: 'rul',
        type: 'float64',
        data: Float64Array.from(ids, (id, i) => (rulOf[id] ?? Number.NaN) + (i % 2 === 0 ? 1 : 0)),
      },
    ]),
  } as unknown as Dataset;
}

describe('missingTrainingLabels: rul', () => {
  it('is null when a training and a validation machine each have a known remaining life', () => {
    expect(missingTrainingLabels(dataset({ a: 100, c: 50 }), 'rul')).toBeNull();
  });

  it('names the split whose machines all end without a failure (censored)', () => {
    // only the test machine failed: nothing to calibrate the interval on
    expect(missingTrainingLabels(dataset({ a: 100, d: 20 }), 'rul')).toMatch(
      /\/data\/fleet: no validation machine has a known remaining life .* nothing to calibrate its interval on/,
    );
    expect(missingTrainingLabels(dataset({ c: 50 }), 'rul')).toMatch(
      /no train machine has a known remaining life .* nothing to learn from/,
    );
  });
});
