import { describe, expect, it } from 'vitest';
import { duplicateJsonKey, finiteOrNull } from './json.js';

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

describe('duplicateJsonKey', () => {
  it('finds a key an object holds twice, with the object path', () => {
    expect(duplicateJsonKey('{"a":1,"b":{"c":[1,2]}}')).toBeNull();
    // the same key in different objects, and a key equal to a string value, are fine
    expect(duplicateJsonKey('{"a":{"x":1},"b":{"x":"a"},"c":["a","a"]}')).toBeNull();
    expect(duplicateJsonKey('{"a":1,"a":2}')).toEqual({ path: '', key: 'a' });
    expect(
      duplicateJsonKey(
        '{"tasks":[{"t":{}},{"thresholds":{"probability":0.01, "probability" :0.7}}]}',
      ),
    ).toEqual({ path: 'tasks.1.thresholds', key: 'probability' });
    // escapes: "\u0061" is "a"; quotes and braces inside strings are text
    expect(duplicateJsonKey('{"a":1,"\\u0061":2}')).toEqual({ path: '', key: 'a' });
    expect(duplicateJsonKey('{"s":"}{\\"a\\":","a":1}')).toBeNull();
    expect(duplicateJsonKey('[{"k":[{"z":1,"z":1}]}]')).toEqual({ path: '0.k.0', key: 'z' });
  });
});
