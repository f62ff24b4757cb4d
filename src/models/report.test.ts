import { describe, expect, it } from 'vitest';
import { alarmTimelines, thin, thinCurve } from './evaluate.js';
import { eventMetrics } from './metrics/index.js';
import {
  alarmTimelineChart,
  breakAtGaps,
  countOf,
  formatMetric,
  intervalText,
  leadTimeText,
  metricsTable,
  timelineVerdict,
} from './report.js';

describe('report text', () => {
  it("gives RUL errors in the dataset's time unit, cycles for an imported table", () => {
    const rul = { rmse: 19.39, mae: 11.5871, cap: 125, phm08: 490.446 };
    const html = metricsTable(rul, 'cycles');
    expect(html).toContain('<th>rmse</th><td>19.390 cycles</td>');
    expect(html).toContain('<th>cap</th><td>125 cycles</td>');
    expect(html).toContain('<th>phm08</th><td>490.446</td>'); // a score, no unit
    // event metrics that name their own unit keep it
    expect(metricsTable({ horizon: 168, time_unit: 'h' }, 'cycles')).toContain('168 h');
    // no unit after a value that is not there
    const none = metricsTable({ rmse: Number.NaN, rmse_ci95: [null, null], mae: null }, 'h');
    expect(none).toContain('<th>rmse</th><td>n/a</td>');
    expect(none).toContain('<th>rmse_ci95</th><td>n/a</td>');
    expect(none).toContain('<th>mae</th><td>n/a</td>');
    expect(metricsTable({ rmse_ci95: [10, 12.5] }, 'h')).toContain('10 to 12.500 h');
    expect([countOf(1, 'machine'), countOf(0, 'row'), countOf(2, 'failure')]).toEqual([
      '1 machine',
      '0 rows',
      '2 failures',
    ]);
  });

  it('says lead times in words, and n/a when no failure was warned of', () => {
    expect(leadTimeText({ median: 93.37, p10: 31.28 })).toBe('median 93.4, p10 31.3');
    expect(leadTimeText({ median: 12, p10: Number.NaN })).toBe('median 12.0, p10 n/a');
    // in an imported table's own unit
    expect(leadTimeText({ median: 27, p10: 9.5 }, 'cycles')).toBe(
      'median 27.0 cycles, p10 9.5 cycles',
    );
    expect(leadTimeText({ median: 27, p10: 9.5 }, 'h')).toBe('median 27.0, p10 9.5');
    expect(leadTimeText({ median: null, p10: null })).toBe('n/a (no failure warned of)');
    expect(leadTimeText({ median: Number.NaN, p10: Number.NaN })).toBe(
      'n/a (no failure warned of)',
    );
  });
});

describe('metric cells', () => {
  it('show integers whole, fractions to three decimals and huge sums in four digits', () => {
    expect(formatMetric(49615)).toBe('49615');
    expect(formatMetric(0.32391413886929354)).toBe('0.324');
    expect(formatMetric(131.09646535847125)).toBe('131.096');
    expect(formatMetric(1234.56789)).toBe('1234.568');
    // a PHM08 score summed over rows in hours
    expect(formatMetric(1.5641865317204177e22)).toBe('1.564e+22');
    expect(formatMetric(-2.5e7)).toBe('-2.500e+7');
    expect(formatMetric(Number.NaN)).toBe('n/a');
    expect(formatMetric(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(formatMetric(null)).toBe('n/a');
    expect(formatMetric('a<b')).toBe('a&lt;b');
    expect(formatMetric({ a: 1 })).toBe('{&quot;a&quot;:1}');
  });

  it('show a 95 % interval as its two ends, n/a when undefined', () => {
    expect(intervalText([0.789, 0.9163])).toBe('0.789 to 0.916');
    expect(intervalText([0, 0.412])).toBe('0 to 0.412');
    expect(intervalText(null)).toBe('n/a');
  });
});

describe('curve thinning', () => {
  it('keeps both ends of a long curve', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i / 1000);
    const t = thin(xs, 400);
    expect(t.length).toBe(400);
    expect(t[0]).toBe(0);
    expect(t[399]).toBe(1);
    expect(thin([1, 2, 3], 400)).toEqual([1, 2, 3]);
  });

  it("keeps a curve's shape where it changes, however few of its points that is", () => {
    // a rare class: precision falls from 1 over its first 200 of 40,000 thresholds (recall to
    // 0.5), then creeps
    const n = 40_000;
    const recall = Float64Array.from({ length: n }, (_, i) =>
      i < 200 ? i / 400 : 0.5 + (0.5 * (i - 200)) / (n - 200),
    );
    const precision = Float64Array.from({ length: n }, (_, i) =>
      i < 200 ? 1 - i / 1000 : 0.8 - (0.7 * (i - 200)) / (n - 200),
    );
    const t = thinCurve(recall, precision, 400);
    expect(t.x.length).toBeLessThanOrEqual(1600);
    expect([t.x[0], t.y[0], t.x.at(-1), t.y.at(-1)]).toEqual([
      0,
      1,
      recall[n - 1],
      precision[n - 1],
    ]);
    // the steep start keeps a point every few thresholds, not one for all 200
    const early = t.x.filter((r: number) => r < 0.5).length;
    expect(early).toBeGreaterThan(50);
    expect(thin(Array.from(recall), 400).filter((r) => r < 0.5).length).toBeLessThanOrEqual(3);
    // kept points are within one step of the curve they stand for: neighbours are close
    for (let i = 1; i < t.x.length; i++)
      expect(Math.abs(t.x[i]! - t.x[i - 1]!) + Math.abs(t.y[i]! - t.y[i - 1]!)).toBeLessThan(0.01);
  });
});

describe('alarm timelines', () => {
  // hourly scores of four machines over 400 h, threshold 0.5, alarms after two positive rows
  const hours = Array.from({ length: 400 }, (_, i) => i);
  const machine = (id: string, failureTimesH: number[], positive: (t: number) => boolean) => ({
    machineId: id,
    timeH: hours,
    failureTimesH,
    score: hours.map((t) => (positive(t) ? 0.9 : 0.1)),
  });
  const tl = [
    // healthy and quiet: nothing to look at
    machine('quiet', [], () => false),
    // warned 100 h before its failure at 300 h
    machine('warned', [300], (t) => t >= 200 && t < 300),
    // a false alarm at 50-60 h, no failure
    machine('false', [], (t) => t >= 50 && t < 60),
    // its alarm starts 250 h before the failure (beyond H = 168): false alarm, failure missed
    machine('missed', [350], (t) => t >= 100 && t < 350),
  ];
  const ev = eventMetrics(tl, { horizonH: 168, minRun: 2, threshold: 0.5 });

  it('shows missed failures first, then false alarms, then warnings, and leaves quiet machines out', () => {
    const shown = alarmTimelines(tl, ev, 8);
    expect(shown.map((m) => m.machineId)).toEqual(['missed', 'false', 'warned']);
    expect(alarmTimelines(tl, ev, 2).map((m) => m.machineId)).toEqual(['missed', 'false']);
    const [missed, falseAlarm, warned] = shown;
    expect(missed!.failures).toEqual([{ timeH: 350, leadTimeH: null }]);
    expect(missed!.alarms).toEqual([{ startH: 100, warned: false }]);
    expect(warned!.failures).toEqual([{ timeH: 300, leadTimeH: 100 }]);
    expect(warned!.alarms).toEqual([{ startH: 200, warned: true }]);
    expect(timelineVerdict(missed!, 'h')).toBe('1 missed; 1 false alarm');
    expect(timelineVerdict(falseAlarm!, 'h')).toBe('1 false alarm');
    expect(timelineVerdict(warned!, 'h')).toBe('warned 100 h ahead');
  });

  it('draw a failure that comes after the last row, and a tiny threshold on a log axis', () => {
    const cut = {
      machineId: 'u1',
      timeH: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
      score: [1e-5, 2e-5, 1e-5, 3e-5, 1e-4, 2e-4, 1e-4, 3e-4, 2e-4, 2e-4, 1e-4],
      // a test set cut before failure: the failure lies 50 h after the last row
      failures: [{ timeH: 150, leadTimeH: null }],
      alarms: [],
    };
    const svg = alarmTimelineChart(cut, 3.4e-4, 'h');
    expect(svg).toContain('failure (missed)');
    // the x axis reaches past the last row (100 h) to the failure, whose red line is drawn
    expect(svg).toMatch(/>140</);
    expect(svg).toMatch(/<line x1="[\d.]+" y1="[\d.]+" x2="[\d.]+" y2="[\d.]+" stroke="#C0392B"/);
    // log ticks (powers of ten), not a linear 0-1 axis on which 3.4e-4 is the axis itself
    expect(svg).toContain('>10⁻⁴<');
  });

  it('break the line where rows stop for longer than three typical steps', () => {
    const out = breakAtGaps([0, 1, 2, 3, 10, 11, 12], [1, 2, 3, 4, 5, 6, 7]);
    expect(out.x.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(out.x[4]).toBeNaN();
    expect(out.y[4]).toBeNaN();
    expect(out.x.slice(5)).toEqual([10, 11, 12]);
    expect(out.y.slice(5)).toEqual([5, 6, 7]);
    expect(breakAtGaps([0, 1, 2], [3, 4, 5])).toEqual({ x: [0, 1, 2], y: [3, 4, 5] });
    expect(breakAtGaps([], [])).toEqual({ x: [], y: [] });
  });
});
