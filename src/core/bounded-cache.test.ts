import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.js';

describe('BoundedCache', () => {
  it('makes a value once per key and forgets them all past its limit', () => {
    const c = new BoundedCache<number>(2);
    let made = 0;
    const make = (v: number) => () => {
      made++;
      return v;
    };
    expect(c.get('a', make(1))).toBe(1);
    expect(c.get('a', make(9))).toBe(1);
    expect(made).toBe(1);
    c.get('b', make(2));
    c.get('c', make(3));
    expect(c.size).toBe(3);
    // a fourth key finds more than 2 held: all are forgotten first
    c.get('d', make(4));
    expect(c.size).toBe(1);
    expect(c.get('a', make(5))).toBe(5);
    expect(made).toBe(5);
  });
});
