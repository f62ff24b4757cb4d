import { describe, expect, it } from 'vitest';
import { finiteOrNull } from './json.js';

describe('finiteOrNull', () => {
  it('replaces NaN and infinities with null at any depth and keeps everything else', () => {
    const v = {
      a: 1.5,
      b: Number.NaN,
      c: [0, Infinity, -Infinity, 'x'],
      d: { e: { f: Number.NaN, g: null, h: true } },
    };
    expect(finiteOrNull(v)).toEqual({
      a: 1.5,
      b: null,
      c: [0, null, null, 'x'],
      d: { e: { f: null, g: null, h: true } },
    });
    expect(v.b).toBeNaN(); // a copy: the input is left as it was
    expect(finiteOrNull(Number.NaN)).toBeNull();
    expect(finiteOrNull('n')).toBe('n');
  });
});
