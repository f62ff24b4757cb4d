import { describe, expect, it } from 'vitest';
import { PdmError } from '../../core/errors.js';
import { TreeBuilder, treeFromJson, treeStats, treeToJson } from './tree.js';
import type { TreeJson } from './tree.js';

/** x0 <= 0.5 ? (x1 <= +inf, NaN right ? 1 : 2) : 3, with NaN on x0 going left. */
function sample() {
  const b = new TreeBuilder(1);
  const root = b.addNode();
  const [l, r] = b.split(root, 0, 0.5, true);
  const [ll, lr] = b.split(l, 1, Infinity, false);
  b.setValue(ll, 0, 1);
  b.setValue(lr, 0, 2);
  b.setValue(r, 0, 3);
  return b.build();
}

describe('Tree', () => {
  it('routes rows by x <= threshold with float32 inputs, NaN by the default direction', () => {
    const t = sample();
    const out = new Float64Array(1);
    const predict = (x: number[]): number => {
      t.predictRow(x, out);
      return out[0]!;
    };
    expect(predict([0.5, 7])).toBe(1);
    expect(predict([0.6, 7])).toBe(3);
    expect(predict([NaN, 7])).toBe(1);
    expect(predict([0, NaN])).toBe(2);
    expect(predict([0, Infinity])).toBe(1);
    expect(Array.from(t.predictBatch(Float64Array.of(0, 0, 1, 0), 2))).toEqual([1, 3]);
    expect(treeStats(t)).toEqual({ nodes: 5, leaves: 3, depth: 2 });
  });

  it('round-trips through JSON, writing +Infinity as a string', () => {
    const t = sample();
    const j = JSON.parse(JSON.stringify(treeToJson(t))) as TreeJson;
    expect(j.threshold[1]).toBe('Infinity');
    const u = treeFromJson(j);
    expect(u.threshold).toEqual(t.threshold);
    expect(u.value).toEqual(t.value);
    expect(u.defaultLeft).toEqual(t.defaultLeft);
  });

  it('rejects structures that are not trees', () => {
    const j = treeToJson(sample());
    expect(() => treeFromJson({ ...j, left: [3, 3, -1, -1, -1] })).toThrow(PdmError);
    expect(() => treeFromJson({ ...j, right: [0, 4, -1, -1, -1] })).toThrow(/children/);
    expect(() => treeFromJson({ ...j, value: [1] })).toThrow(/value/);
  });
});
