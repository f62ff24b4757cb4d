import { describe, expect, it } from 'vitest';
import { eventMetrics } from './metrics/index.js';
import {
  chooseAlarmThreshold,
  downAfterFailures,
  extrapolatedRateWarning,
  shortValidationNote,
  timelines,
  withMargin,
} from './timelines.js';

const hours = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('alarm threshold on validation machines', () => {
  it('picks the threshold that warns of the failure within the false-alarm budget', () => {
    // Machine a fails at 100 h and its score climbs from 80 h; machine b never fails.
    const a = hours(100).map((t) => (t >= 80 ? 0.9 : 0.1));
    const b = hours(720).map((t) => (t % 100 === 50 ? 0.5 : 0.1));
    const c = chooseAlarmThreshold(
      [
        { machineId: 'a', timeH: hours(100), failureTimesH: [100], score: a },
        { machineId: 'b', timeH: hours(720), failureTimesH: [], score: b },
      ],
      { horizonH: 48, minRun: 2, maxFalseAlarmsPerMachineMonth: 0.5 },
    );
    expect(c.metrics.event_recall).toBe(1);
    expect(c.threshold).toBeGreaterThan(0.1);
    expect(c.threshold).toBeLessThanOrEqual(0.9);
  });

  it('never alarms, rather than always, when no threshold keeps within the budget', () => {
    // A score that says nothing: every machine above the same level all the time, and the one
    // failure comes long after the alarm starts (not warned of within the horizon).
    const flat = (n: number) => hours(n).map(() => 0.7);
    const tl = [
      { machineId: 'a', timeH: hours(400), failureTimesH: [400], score: flat(400) },
      { machineId: 'b', timeH: hours(30), failureTimesH: [], score: flat(30) },
      { machineId: 'c', timeH: hours(30), failureTimesH: [], score: flat(30) },
    ];
    const c = chooseAlarmThreshold(tl, {
      horizonH: 48,
      minRun: 2,
      maxFalseAlarmsPerMachineMonth: 0.3,
    });
    expect(c.threshold).toBeGreaterThan(0.7);
    expect(c.metrics.false_alarms_per_machine_month).toBe(0);
    expect(c.metrics.event_recall).toBe(0);
  });

  it('never alarms when nothing is warned of even though always alarming fits the budget', () => {
    // Machine a fails at 1000 h with a spike only at 200 h; b is flat for 2000 h. An alarm that
    // never ends counts once, so "always alarm" (2 false alarms in about 4 machine-months) fits
    // a budget of 0.5 per machine-month, and warns of nothing: never alarming must win.
    const a = hours(1000).map((t) => (t >= 200 && t < 203 ? 0.9 : 0.1));
    const b = hours(2000).map(() => 0.1);
    const c = chooseAlarmThreshold(
      [
        { machineId: 'a', timeH: hours(1000), failureTimesH: [1000], score: a },
        { machineId: 'b', timeH: hours(2000), failureTimesH: [], score: b },
      ],
      { horizonH: 48, minRun: 2, maxFalseAlarmsPerMachineMonth: 0.5 },
    );
    expect(c.metrics.event_recall).toBe(0);
    expect(c.metrics.false_alarms_per_machine_month).toBe(0);
    expect(c.threshold).toBeGreaterThan(0.9);
  });
});

describe('threshold margin', () => {
  it('moves a threshold a relative 1e-5 below its score, never past the next lower score', () => {
    expect(withMargin(0.9, [0.1, 0.5, 0.9, 0.9, 0.95])).toBeCloseTo(0.9 - 9e-6, 15);
    // the next lower score is closer than the margin: the midpoint
    expect(withMargin(0.9, [0.89999999, 0.9])).toBeCloseTo(0.899999995, 15);
    // above every score (never alarm): stays above the top
    expect(withMargin(2 + 2e-9, [1, 2])).toBeCloseTo(2 + 1e-9, 15);
    expect(withMargin(2 + 2e-9, [1, 2])).toBeGreaterThan(2);
    // adjacent doubles: unchanged
    const th = 0.75;
    const below = th - Number.EPSILON / 2;
    expect(withMargin(th, [below, th])).toBe(th);
    // the lowest score: only the margin
    expect(withMargin(-316.1, [-316.1, 0])).toBeCloseTo(-316.1 - 316.1e-5, 9);
  });

  it('keeps the row it was chosen at positive when its score is rounded to float32', () => {
    for (const s of [316.10879, 0.98649248, 4.93, 1e-3, 123456.789]) {
      const th = withMargin(s, [s / 2, s]);
      expect(Math.fround(s) >= th).toBe(true);
      expect(s / 2 < th).toBe(true);
    }
  });
});

describe('timelines from labelled rows', () => {
  it('leaves the repair after each failure out of the monitored time', () => {
    // Rows every hour; the machine fails at 5.5 h (its rows say so: remaining life 5.5 - t),
    // is repaired and runs again from 54 h to 100 h, and never fails again.
    const time = [...hours(6), ...hours(47).map((h) => 54 + h)];
    const rows = {
      machineIds: time.map(() => 'm'),
      time: Float64Array.from(time),
      rul: Float64Array.from(time, (t) => (t < 5.5 ? 5.5 - t : Number.NaN)),
    };
    const [tl] = timelines(rows, new Float64Array(time.length));
    expect(tl!.failureTimesH).toEqual([5.5]);
    expect(tl!.downPeriods).toEqual([{ startH: 5.5, endH: 54 }]);
    // one false alarm (rows 60-61) over 100 - 48.5 monitored hours, not over 100
    const m = eventMetrics([{ ...tl!, score: time.map((t) => (t === 60 || t === 61 ? 1 : 0)) }], {
      threshold: 0.5,
      horizonH: 24,
      minRun: 2,
    });
    expect(m.monitored_machine_h).toBeCloseTo(100 - 48.5, 12);
    expect(m.false_alarms_per_machine_month).toBeCloseTo((1 / 51.5) * 730.5, 9);
  });

  it('opens one period per failure that the machine ran again after', () => {
    expect(downAfterFailures([0, 1, 2, 10, 11, 30], [2.5, 5, 11.5, 40])).toEqual([
      { startH: 2.5, endH: 10 },
      { startH: 11.5, endH: 30 },
    ]);
    expect(downAfterFailures([0, 1], [])).toEqual([]);
  });
});

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
    // none in 4.7 hours is no evidence of a low rate either
    expect(
      extrapolatedRateWarning('horizon', { false_alarms: 0, monitored_machine_h: 4.7 }, 'h'),
    ).toMatch(/extrapolates 0 false alarms in 4\.70 monitored machine-hours/);
  });

  it('says nothing of a month or more, or of data not timed in hours', () => {
    const m = { false_alarms: 2, monitored_machine_h: 731 };
    expect(extrapolatedRateWarning('horizon', m, 'h')).toBeNull();
    expect(
      extrapolatedRateWarning('horizon', { false_alarms: 2, monitored_machine_h: 5 }, 'cycles'),
    ).toBeNull();
    expect(extrapolatedRateWarning('rul', { rmse: 3 }, 'h')).toBeNull();
  });
});

describe('shortValidationNote', () => {
  it('says that a budget per machine-month admits no false alarm in a few hours', () => {
    // 0.3 a month over 4.7 h: 0.0019 false alarms allowed, so none
    expect(shortValidationNote({ false_alarms: 0, monitored_machine_h: 4.7 }, 'h', 0.3)).toBe(
      'the validation machines were monitored for 4.70 machine-hours, under a month: a budget of 0.3 false alarms per machine-month admits 0 there, so the threshold was chosen to raise none (it raised 0)',
    );
    expect(shortValidationNote({ false_alarms: 0, monitored_machine_h: 731 }, 'h', 0.3)).toBeNull();
    expect(
      shortValidationNote({ false_alarms: 0, monitored_machine_h: 5 }, 'cycles', 0.3),
    ).toBeNull();
  });
});
