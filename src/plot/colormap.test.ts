/** Tests of colour maps and of the readable text colour on a cell. */
import { describe, expect, it } from 'vitest';
import { colormap, relativeLuminance, textColorOn } from './colormap.js';

describe('colormap', () => {
  it('hits the end stops and clamps outside [0, 1]', () => {
    expect(colormap('blues', 0)).toBe('#f7fbff');
    expect(colormap('blues', 1)).toBe('#08306b');
    expect(colormap('blues', 2)).toBe('#08306b');
    expect(colormap('viridis', -1)).toBe('#440154');
    expect(colormap('viridis', 0.5)).toBe('#21918c');
  });

  it('darkens monotonically along blues', () => {
    let last = Infinity;
    for (let t = 0; t <= 1; t += 0.05) {
      const l = relativeLuminance(colormap('blues', t));
      expect(l).toBeLessThan(last);
      last = l;
    }
  });
});

describe('textColorOn', () => {
  it('uses white on dark cells and dark text on light cells', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1, 12);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(textColorOn('#08306b')).toBe('#ffffff');
    expect(textColorOn('#f7fbff')).toBe('#1a1a1a');
    expect(textColorOn(colormap('viridis', 1))).toBe('#1a1a1a');
  });
});
