import { describe, expect, it } from 'vitest';
import {
  activeSet,
  choosePresenceThreshold,
  namedPresent,
  presenceKey,
  presenceMetrics,
} from './fault-presence.js';

describe('presence thresholds', () => {
  it('cut where F1 is highest, halfway between the last row named and the next', () => {
    // estimates 0.9 0.8 0.7 | 0.3 0.2: the three highest present, so the cut is at 0.5
    expect(
      choosePresenceThreshold([0.2, 0.9, 0.3, 0.8, 0.7], [false, true, false, true, true]),
    ).toBe(0.5);
    // one present row among lower noise: F1 1 at the top row alone
    expect(choosePresenceThreshold([0.4, 0.1, 0.2], [true, false, false])).toBeCloseTo(0.3, 12);
    // overlap: 0.9 (yes), 0.6 (no), 0.5 (yes), 0.1 (no). Cut after 0.9: F1 2/3; after 0.5: 0.8
    expect(choosePresenceThreshold([0.9, 0.6, 0.5, 0.1], [true, false, true, false])).toBeCloseTo(
      0.3,
      12,
    );
    // every row present: the lowest estimate itself
    expect(choosePresenceThreshold([0.3, 0.5], [true, true])).toBe(0.3);
  });

  it('name tied estimates together, skip NaN, and give none without a present row', () => {
    // 0.5 appears twice, once present: no cut between them. Above 0.9 alone F1 is 2/3; with
    // both 0.5 rows 0.8, so the cut is the lowest estimate itself (the NaN row is not scored)
    expect(choosePresenceThreshold([0.5, 0.5, 0.9, Number.NaN], [true, false, true, true])).toBe(
      0.5,
    );
    expect(choosePresenceThreshold([0.1, 0.2], [false, false])).toBeNull();
    expect(() => choosePresenceThreshold([0.1], [true, false])).toThrow(/present/);
  });
});

describe('presence metrics', () => {
  const modes = ['ball', 'lubrication', 'outer_race'];
  const truth = [
    activeSet(''),
    activeSet('lubrication,ball'),
    activeSet('outer_race'),
    activeSet('lubrication'),
  ];
  const named = [
    new Set<string>(),
    new Set(['ball']),
    new Set(['outer_race', 'ball']),
    new Set(['lubrication']),
  ];

  it('count per mode, micro over every (row, mode) pair, and exact sets', () => {
    const m = presenceMetrics(modes, truth, named);
    const by = Object.fromEntries(m.per_mode.map((p) => [p.mode, p]));
    // ball: named on rows 1 (right) and 2 (wrong): P 1/2, R 1, F1 2/3
    expect(by.ball).toEqual({ mode: 'ball', precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    // lubrication: active on rows 1 and 3, named on 3: P 1, R 1/2, F1 2/3
    expect(by.lubrication!.f1).toBeCloseTo(2 / 3, 12);
    expect(by.outer_race!.f1).toBe(1);
    expect(m.macro_f1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 12);
    // tp 3 (ball r1, outer r2, lub r3), fp 1 (ball r2), fn 1 (lub r1): 6 / 8
    expect(m.micro_f1).toBeCloseTo(0.75, 12);
    // rows 0 and 3 named exactly
    expect(m.subset_accuracy).toBe(0.5);
    expect(m.rows).toBe(4);
  });

  it('leave out of the macro mean a mode neither active nor named', () => {
    const m = presenceMetrics(['ball', 'fan'], [activeSet('ball')], [new Set(['ball'])]);
    expect(m.macro_f1).toBe(1);
    expect(() => presenceMetrics(modes, truth, named.slice(1))).toThrow(/rows/);
  });

  it('names every mode whose estimate reaches its threshold', () => {
    const sev = new Map([
      ['ball', Float64Array.from([0.2, 0.05])],
      ['fan', Float64Array.from([0.1, 0.3])],
    ]);
    const th = new Map([
      ['ball', 0.1],
      ['fan', 0.1],
    ]);
    expect([...namedPresent(sev, th, 0)].sort()).toEqual(['ball', 'fan']);
    expect([...namedPresent(sev, th, 1)]).toEqual(['fan']);
    expect(presenceKey('ball')).toBe('present:ball');
  });
});
