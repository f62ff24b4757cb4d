import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { ParamSchema, nominal, param, resolveTree, sample } from './distribution.js';

describe('parameter distributions', () => {
  it('samples within support and centres on the nominal value', () => {
    const rng = new Random(1);
    const u = { uniform: [2, 4] as [number, number] };
    let s = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = sample(u, rng);
      expect(x >= 2 && x < 4).toBe(true);
      s += x;
    }
    expect(s / 10_000).toBeCloseTo(nominal(u), 1);
    expect(nominal({ lognormal: [100, 0.5] })).toBe(100);
    expect(nominal({ choice: [50, 60] })).toBe(50);
  });

  it('rejects bad distributions and out-of-range supports with a message', () => {
    expect(ParamSchema.safeParse({ uniform: [3, 1] }).success).toBe(false);
    expect(ParamSchema.safeParse({ gauss: [3, 1] }).success).toBe(false);
    const r = param(0, 1).safeParse({ uniform: [0.5, 1.5] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/in \[0, 1\].*\[0.5, 1.5\]/);
    // a distribution written wrong says which forms there are
    for (const wrong of [{ uniform: 0.5 }, { normal: [0.1] }, { gauss: [3, 1] }, 'wide'])
      expect(param(0).safeParse(wrong).error?.issues[0]?.message).toMatch(
        /expected a number or a distribution: \{uniform: \[low, high\]\}.*\{choice: /,
      );
    // a form written right with a wrong value keeps its own message
    expect(ParamSchema.safeParse({ uniform: [3, 1] }).error?.issues[0]?.message).toBe(
      'uniform: expected [low, high] with low <= high',
    );
  });

  it('resolves a tree deterministically, leaving non-parameters alone', () => {
    const tree = {
      a: { uniform: [0, 1] as [number, number] },
      b: [1, { normal: [5, 1] as [number, number] }],
      c: 'x',
    };
    const r1 = resolveTree(tree, new Random(3));
    const r2 = resolveTree(tree, new Random(3));
    expect(r1).toEqual(r2);
    expect(typeof r1.a).toBe('number');
    expect(r1.c).toBe('x');
    expect(resolveTree(tree, null)).toEqual({ a: 0.5, b: [1, 5], c: 'x' });
  });
});
