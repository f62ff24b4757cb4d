import { describe, expect, it } from 'vitest';
import { detectAlarms, eventMetrics, HOURS_PER_MONTH, type MachineTimeline } from './events.js';

/** Rows every `stepH` from 0 to `endH`, positive at the listed times. */
function timeline(
  machineId: string,
  endH: number,
  stepH: number,
  positiveAtH: readonly number[],
  failureTimesH: readonly number[],
  extra: Partial<MachineTimeline> = {},
): MachineTimeline {
  const timeH = Array.from({ length: endH / stepH + 1 }, (_, i) => i * stepH);
  const on = new Set(positiveAtH);
  return { machineId, timeH, positive: timeH.map((t) => on.has(t)), failureTimesH, ...extra };
}
const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

// Hand-built fleet (H = 168 h, k = 2):
// - 'detect': a lone positive at 96 h (debounced away), an alarm from 360 h to the failure at
//   420 h: detected, lead 60 h. 480 monitored hours.
// - 'early': an alarm at 360 h, 240 h before the failure at 600 h (> H): false, failure missed.
// - 'two': failures at 300 and 800 h. Alarms at 200 h (ends at the negative 230 h; lead 100),
//   280 h (ended by the failure; also warns), 310 h (a new run after the failure; next failure
//   490 h away: false), 760 h (lead 40), 790 h (ended by the failure at 800 h, the row at 800 h
//   counting before it). The positive at 810 h is cut off by the down period [820, 900), whose
//   rows are positive but ignored. 1000 - 80 = 920 monitored hours.
// - 'quiet': no failures; alarms at 48, 240 and 696 h (the last still on at the end): all false.
const FLEET: MachineTimeline[] = [
  timeline('detect', 480, 12, [96, ...range(360, 420, 12)], [420]),
  timeline('early', 720, 24, [360, 384], [600]),
  timeline(
    'two',
    1000,
    10,
    [...range(200, 220, 10), ...range(280, 320, 10), 760, 770, 790, 800, 810, 820, 830, 890],
    [300, 800],
    {
      downPeriods: [{ startH: 820, endH: 900 }],
    },
  ),
  timeline('quiet', 720, 24, [48, 72, 240, 264, 288, 696, 720], []),
];

describe('alarms', () => {
  it('debounce single positives and cut runs at failures and down periods', () => {
    const alarms = detectAlarms(FLEET[2]!);
    expect(alarms.map((a) => [a.startH, a.raisedH, a.endH, a.endedBy, a.warnedFailureH])).toEqual([
      [200, 210, 230, 'negative', 300],
      [280, 290, 300, 'failure', 300],
      [310, 320, 330, 'negative', null],
      [760, 770, 780, 'negative', 800],
      [790, 800, 800, 'failure', 800],
    ]);
    expect(detectAlarms(FLEET[0]!).map((a) => a.startH)).toEqual([360]);
  });

  it('end an alarm still on at the last row as end_of_data', () => {
    const last = detectAlarms(FLEET[3]!).at(-1)!;
    expect([last.startH, last.endH, last.endedBy]).toEqual([696, 720, 'end_of_data']);
  });

  it('follow minRun: k = 1 keeps the lone positive, k = 3 drops two-row runs', () => {
    expect(detectAlarms(FLEET[0]!, { minRun: 1 }).map((a) => a.startH)).toEqual([96, 360]);
    expect(detectAlarms(FLEET[3]!, { minRun: 3 }).map((a) => a.startH)).toEqual([240]);
  });
});

describe('event metrics', () => {
  it('count detections, misses, lead times and false alarms on the hand-built fleet', () => {
    const m = eventMetrics(FLEET);
    expect(m.per_failure).toEqual([
      { machineId: 'detect', failureH: 420, detected: true, leadTimeH: 60 },
      { machineId: 'early', failureH: 600, detected: false, leadTimeH: null },
      { machineId: 'two', failureH: 300, detected: true, leadTimeH: 100 },
      { machineId: 'two', failureH: 800, detected: true, leadTimeH: 40 },
    ]);
    expect([m.failures, m.detected_failures, m.missed_failures]).toEqual([4, 3, 1]);
    expect(m.event_recall).toBe(0.75);
    // Lead times {40, 60, 100}: median 60; p10 by linear interpolation at rank 0.1 * 2 = 0.2,
    // 40 + 0.2 * (60 - 40) = 44.
    expect(m.lead_time_h.median).toBe(60);
    expect(m.lead_time_h.p10).toBeCloseTo(44, 12);
    // False alarms: early 1, two 1 (the 310 h one), quiet 3.
    expect(m.false_alarms).toBe(5);
    expect(m.monitored_machine_h).toBe(480 + 720 + 920 + 720);
    expect(m.false_alarms_per_machine_month).toBeCloseTo((5 / 2840) * 730.5, 12);
    expect(m.false_alarms_per_machine_month).toBeCloseTo(1.2860915492957747, 12);
    expect(HOURS_PER_MONTH).toBe(730.5);
  });

  it('credit a too-early alarm’s failure to a later alarm within the horizon', () => {
    const m = eventMetrics([timeline('m', 720, 24, [360, 384, 480, 504], [600])]);
    expect(m.per_failure[0]).toEqual({
      machineId: 'm',
      failureH: 600,
      detected: true,
      leadTimeH: 120,
    });
    expect(m.false_alarms).toBe(1);
    // With H = 240 h the first alarm warns too, and the lead time is taken from it.
    const wide = eventMetrics([timeline('m', 720, 24, [360, 384, 480, 504], [600])], {
      horizonH: 240,
    });
    expect(wide.per_failure[0]!.leadTimeH).toBe(240);
    expect(wide.false_alarms).toBe(0);
  });

  it('treat one run of positives from far too early to the failure as one false alarm', () => {
    const m = eventMetrics([timeline('m', 720, 24, range(360, 600, 24), [600])]);
    expect(m.missed_failures).toBe(1);
    expect(m.false_alarms).toBe(1);
  });

  it('report all alarms false and recall NaN for machines without failures', () => {
    const m = eventMetrics([FLEET[3]!]);
    expect(m.event_recall).toBeNaN();
    expect(m.false_alarms).toBe(3);
    expect(m.lead_time_h.median).toBeNaN();
    expect(m.false_alarms_per_machine_month).toBeCloseTo((3 / 720) * 730.5, 12);
  });

  it('threshold scores (score >= threshold is positive)', () => {
    const scored: MachineTimeline = {
      machineId: 's',
      timeH: [0, 10, 20, 30, 40],
      score: [0.2, 0.7, 0.5, 0.4, 0.9],
      failureTimesH: [50],
    };
    expect(detectAlarms(scored).map((a) => a.startH)).toEqual([10]);
    expect(detectAlarms(scored, { threshold: 0.8 })).toEqual([]);
  });

  it('reject bad options, unordered times and overlapping down periods', () => {
    expect(() => eventMetrics(FLEET, { minRun: 0 })).toThrow(/minRun: expected an integer >= 1/);
    expect(() => eventMetrics(FLEET, { horizonH: -1 })).toThrow(/horizonH: expected a finite/);
    expect(() => eventMetrics([FLEET[0]!, FLEET[0]!])).toThrow(
      /machines\[1\]\.machineId: expected unique ids, got detect twice/,
    );
    expect(() =>
      eventMetrics([
        { machineId: 'x', timeH: [0, 5, 5], positive: [true, true, true], failureTimesH: [] },
      ]),
    ).toThrow(/machines\[0\]\.timeH\[2\]: expected strictly increasing times/);
    expect(() =>
      eventMetrics([
        timeline('x', 100, 10, [], [], {
          downPeriods: [
            { startH: 10, endH: 30 },
            { startH: 20, endH: 40 },
          ],
        }),
      ]),
    ).toThrow(/machines\[0\]\.downPeriods: expected non-overlapping periods/);
    expect(() =>
      detectAlarms({ machineId: 'x', timeH: [0, 1], score: [0.1], failureTimesH: [] }),
    ).toThrow(/machine\.score: expected the same length as machine\.timeH \(2\), got 1/);
  });
});
