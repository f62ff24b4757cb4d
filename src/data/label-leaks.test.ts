import { describe, expect, it } from 'vitest';
import { labelLeaks } from './label-leaks.js';

describe('label leaks', () => {
  it('names two-valued columns whose rarer value occurs only with one failure class', () => {
    // 100 rows, failures on rows 0-19; a failure-mode flag set on 8 of them (a record of the
    // failure), a sensor that only tends to be high on failures, and a flag set on a normal row.
    const labels = Array.from({ length: 100 }, (_, i) => (i < 20 ? 'failure' : 'normal'));
    const mode = Float64Array.from({ length: 100 }, (_, i) => (i < 8 ? 1 : 0));
    const sensor = Float64Array.from({ length: 100 }, (_, i) => (i < 20 ? 5 + (i % 3) : i % 4));
    const noisy = Float64Array.from({ length: 100 }, (_, i) => (i < 8 || i === 50 ? 1 : 0));
    const rare = Float64Array.from({ length: 100 }, (_, i) => (i < 3 ? 1 : 0));
    const healthyFlag = Float64Array.from({ length: 100 }, (_, i) => (i >= 90 ? 1 : 0));
    const leaks = labelLeaks(
      new Map([
        ['TWF', mode],
        ['torque', sensor],
        ['noisy', noisy],
        ['rare', rare],
        ['commissioned', healthyFlag],
      ]),
      labels,
    );
    expect(leaks).toEqual([{ column: 'TWF', value: 1, label: 'failure', rows: 8 }]);
  });
});
