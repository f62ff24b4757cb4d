import { describe, expect, it } from 'vitest';
import { extrapolatedRateWarning } from './evaluate.js';

describe('extrapolatedRateWarning', () => {
  it('names the count and the hours behind a rate read from under a machine-month', () => {
    // one false alarm in 0.58 machine-hours (snapshots of an accelerated test): 1,259 a month
    expect(
      extrapolatedRateWarning('horizon', { false_alarms: 1, monitored_machine_h: 0.58 }, 'h'),
    ).toBe(
      'horizon: false_alarms_per_machine_month extrapolates 1 false alarm in 0.580 monitored machine-hours to a month; the count says more than the rate',
    );
    expect(
      extrapolatedRateWarning('anomaly', { false_alarms: 3, monitored_machine_h: 700 }, 'h'),
    ).toMatch(/extrapolates 3 false alarms in 700 monitored/);
  });

  it('says nothing of a month or more, of no false alarm, or of data not timed in hours', () => {
    const m = { false_alarms: 2, monitored_machine_h: 731 };
    expect(extrapolatedRateWarning('horizon', m, 'h')).toBeNull();
    expect(
      extrapolatedRateWarning('horizon', { false_alarms: 0, monitored_machine_h: 5 }, 'h'),
    ).toBeNull();
    expect(
      extrapolatedRateWarning('horizon', { false_alarms: 2, monitored_machine_h: 5 }, 'cycles'),
    ).toBeNull();
    expect(extrapolatedRateWarning('rul', { rmse: 3 }, 'h')).toBeNull();
  });
});
