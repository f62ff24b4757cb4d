import { describe, expect, it } from 'vitest';
import {
  binaryRule,
  chooseBinaryThreshold,
  chooseNormalOdds,
  decideFault,
  namedFaults,
} from './fault-decision.js';

describe('fault decision', () => {
  it('names the most probable class unless the model is a binary failure flag with a threshold', () => {
    const p = [Float64Array.from([0.3, 0.7]), Float64Array.from([0.8, 0.2])];
    expect(decideFault(['failure', 'normal'], null, p)).toEqual(['normal', 'failure']);
    const rule = binaryRule(['failure', 'normal'], { probability: 0.25 });
    expect(rule).toEqual({ normal: 1, positive: 0, threshold: 0.25 });
    expect(decideFault(['failure', 'normal'], rule, p)).toEqual(['failure', 'failure']);
    // multiclass, or no class named normal: no binary rule
    expect(binaryRule(['a', 'b', 'normal'], { probability: 0.3 })).toBeNull();
    expect(binaryRule(['a', 'b'], { probability: 0.3 })).toBeNull();
    expect(binaryRule(['a', 'normal'], {})).toBeNull();
    // a restriction that leaves one class out falls back to the most probable allowed one
    const three = [Float64Array.from([0.5, 0.3, 0.2])];
    expect(decideFault(['a', 'b', 'c'], null, three, [false, true, true])).toEqual(['b']);
  });

  it("names each row's fault from a scorer's flat output, with the task's own rule", () => {
    const flat = Float64Array.of(0.3, 0.7, 0.8, 0.2);
    expect(namedFaults({ classes: ['failure', 'normal'], thresholds: {} }, flat, 2)).toEqual([
      'normal',
      'failure',
    ]);
    // the failure flag's threshold, as evaluate applies it
    const flag = { classes: ['failure', 'normal'], thresholds: { probability: 0.25 } };
    expect(namedFaults(flag, flat, 2)).toEqual(['failure', 'failure']);
    expect(() => namedFaults(flag, flat, 3)).toThrow(/expected 3 rows of 2 class probabilities/);
    // a two-class network: one probability per row, of the second class
    expect(namedFaults(flag, Float64Array.of(0.9, 0.1), 2)).toEqual(['normal', 'failure']);
  });

  it('chooses the threshold that maximises macro F1 on validation', () => {
    // failures score 0.2-0.45 (the model is unsure of a rare class), normals 0-0.15: 0.5
    // (the most probable class) would miss every failure
    const classes = ['failure', 'normal'];
    const pf = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45];
    const pn = [0, 0.03, 0.05, 0.08, 0.1, 0.12, 0.15, 0.15];
    const truth = [...pf.map(() => 'failure'), ...pn.map(() => 'normal')];
    const proba = [...pf, ...pn].map((q) => Float64Array.from([q, 1 - q]));
    const t = chooseBinaryThreshold(classes, truth, proba)!;
    // every threshold in (0.15, 0.20] is perfect; the one nearest 0.5 is 0.20
    expect(t).toBeCloseTo(0.2, 10);
    const pred = decideFault(classes, binaryRule(classes, { probability: t }), proba);
    expect(pred).toEqual(truth);
    // the same with normal listed first: the threshold is on the other class's probability
    const flipped = proba.map((p) => Float64Array.from([p[1]!, p[0]!]));
    const tf = chooseBinaryThreshold(['normal', 'failure'], truth, flipped)!;
    expect(tf).toBeCloseTo(0.2, 10);
    const rf = binaryRule(['normal', 'failure'], { probability: tf });
    expect(rf).toEqual({ normal: 0, positive: 1, threshold: tf });
    expect(decideFault(['normal', 'failure'], rf, flipped)).toEqual(truth);
    expect(chooseBinaryThreshold(['a', 'normal', 'c'], truth, proba)).toBeNull();
    // too few rows of a class to choose from: none chosen
    expect(chooseBinaryThreshold(classes, truth.slice(2), proba.slice(2))).toBeNull();
    expect(chooseBinaryThreshold(['a', 'b'], truth, proba)).toBeNull();
  });

  it('chooses the odds of normal that name healthy rows best, the smallest of equals', () => {
    // p(normal) of two healthy rows (0.3, 0.45) and two faulty ones (0.05, 0.2); the rest is
    // ball. Odds x1 name all four ball (macro F1 (2/3 + 0) / 2); x1.5 and x2 turn 0.45 to
    // 0.55 and 0.62 (0.733); x3 turns 0.3 to 0.5625 and leaves 0.2 at 0.43: all right. x16
    // would turn 0.2 to 0.8, a faulty row named normal.
    const classes = ['ball', 'normal'];
    const truth = ['normal', 'normal', 'ball', 'ball'];
    const proba = [0.3, 0.45, 0.05, 0.2].map((pn) => [1 - pn, pn]);
    const c = chooseNormalOdds(classes, truth, proba)!;
    expect(c.odds).toBe(3);
    expect(c.macroF1).toBe(1);
    const at = (m: number) => chooseNormalOdds(classes, truth, proba, [m])!.macroF1;
    expect(at(1)).toBeCloseTo((2 / 3 + 0) / 2, 12);
    expect(at(1.5)).toBeCloseTo((0.8 + 2 / 3) / 2, 12);
    expect(at(16)).toBeLessThan(1);
    expect(chooseNormalOdds(['a', 'b'], truth, proba)).toBeNull();
  });
});
