import { describe, expect, it } from 'vitest';
import { buildSequences, selectSequences, sequenceTensors } from './sequence-data.js';

// Rows 0..5 of two interleaved machines (7 and 3); feature = row index, row 4 missing.
const x = { data: Float64Array.from([0, 1, 2, 3, NaN, 5]), rows: 6, cols: 1 };
const machine = [7, 3, 7, 7, 3, 7];

describe('buildSequences', () => {
  it('builds one left-padded sequence per row from its machine history', () => {
    const s = buildSequences(x, machine, 3);
    expect(s.count).toBe(6);
    expect(Array.from(s.end)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(s.machine)).toEqual(machine);
    expect(Array.from(s.rows)).toEqual([
      ...[-1, -1, 0],
      ...[-1, -1, 1],
      ...[-1, 0, 2],
      ...[0, 2, 3],
      ...[-1, 1, 4],
      ...[2, 3, 5],
    ]);
  });

  it('keeps only sequences with minLength real steps', () => {
    const s = buildSequences(x, machine, 3, { minLength: 3 });
    expect(Array.from(s.end)).toEqual([3, 5]);
  });

  it('materialises raw or encoded tensors with the mask', () => {
    const s = buildSequences(x, machine, 2);
    const raw = sequenceTensors(s);
    expect(raw.width).toBe(1);
    expect(Array.from(raw.mask)).toEqual([0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(raw.data.subarray(8, 10))).toEqual([1, NaN]);
    const enc = sequenceTensors(s, { features: 1, missingIndicators: [0], clip: 2.5 });
    expect(enc.width).toBe(2);
    // Sequence 4 (machine 3): rows 1 and 4 -> [1, 0], [0 (NaN), 1]; sequence 5: rows 3, 5.
    expect(Array.from(enc.data.subarray(16, 24))).toEqual([1, 0, 0, 1, 2.5, 0, 2.5, 0]);
  });

  it('selects sequences by index, sharing the source rows', () => {
    const s = buildSequences(x, machine, 3);
    const sub = selectSequences(s, [5, 1]);
    expect(sub.count).toBe(2);
    expect(sub.x).toBe(x);
    expect(Array.from(sub.rows)).toEqual([2, 3, 5, -1, -1, 1]);
    expect(Array.from(sub.end)).toEqual([5, 1]);
    expect(Array.from(sub.machine)).toEqual([7, 3]);
    expect(() => selectSequences(s, [6])).toThrow(/indices\[0\]: expected a sequence index/);
  });

  it('rejects bad arguments with PDM_INPUT_INVALID', () => {
    expect(() => buildSequences(x, machine.slice(1), 3)).toThrow(
      /machine: expected one id per row/,
    );
    expect(() => buildSequences(x, machine, 0)).toThrow(/steps: expected an integer >= 1/);
    expect(() => buildSequences(x, machine, 3, { minLength: 4 })).toThrow(/minLength/);
  });
});
