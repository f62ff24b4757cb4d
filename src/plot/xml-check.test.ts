/** Tests of the test helper itself: it must reject what it claims to reject. */
import { describe, expect, it } from 'vitest';
import { countElements, xmlProblems } from './xml-check.js';

describe('xmlProblems', () => {
  it('accepts well-formed documents', () => {
    expect(
      xmlProblems('<a x="1" y=\'&amp;\'><b/><c>t &lt; &#38; &#x26;</c><!-- c --></a>'),
    ).toEqual([]);
    expect(xmlProblems('<?xml version="1.0"?>\n<svg/>\n')).toEqual([]);
  });

  it.each([
    ['<a><b></a>', 'misnested'],
    ['<a>', 'unclosed'],
    ['<a/><b/>', 'two roots'],
    ['<a>x & y</a>', 'raw ampersand'],
    ['<a x="<"/>', 'raw < in attribute'],
    ['<a x=1/>', 'unquoted attribute'],
    ['<a x="1" x="2"/>', 'repeated attribute'],
    ['<a>1 < 2</a>', 'raw < in text'],
    ['text<a/>', 'text outside the root'],
  ])('rejects %s (%s)', (xml) => {
    expect(xmlProblems(xml).length).toBeGreaterThan(0);
  });

  it('counts elements by name, not by prefix', () => {
    expect(countElements('<g><rect/><rect x="1"></rect><rectangle/></g>', 'rect')).toBe(2);
  });
});
