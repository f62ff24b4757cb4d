/** Tests of the SVG builder: escaping of text and attributes, number output, well-formedness. */
import { describe, expect, it } from 'vitest';
import { el, escapeXml, fmt, join, text } from './svg.js';
import { xmlProblems } from './xml-check.js';

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`a < b & c > d "e" 'f'`)).toBe(
      'a &lt; b &amp; c &gt; d &quot;e&quot; &#39;f&#39;',
    );
  });

  it('does not double-escape and drops characters XML forbids', () => {
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
    expect(escapeXml('a\u0000b\u001Fc\td')).toBe('abc\td');
  });
});

describe('el', () => {
  it('escapes text content and attribute values', () => {
    const svg = el(
      'text',
      { x: 1, 'data-name': `"><script>alert('x')</script>` },
      text('BPFO < 2×BPFO & "more"'),
    );
    expect(svg).toBe(
      '<text x="1" data-name="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">' +
        'BPFO &lt; 2×BPFO &amp; &quot;more&quot;</text>',
    );
    expect(xmlProblems(svg)).toEqual([]);
  });

  it('self-closes empty elements, leaves out undefined attributes and nests', () => {
    expect(el('rect', { x: 0, y: undefined, fill: 'red' })).toBe('<rect x="0" fill="red"/>');
    const doc = el('svg', {}, el('g', {}, el('line'), text('<&>')), join([el('a'), el('b')]));
    expect(doc).toBe('<svg><g><line/>&lt;&amp;&gt;</g><a/><b/></svg>');
    expect(xmlProblems(doc)).toEqual([]);
  });

  it('rejects invalid tag and attribute names', () => {
    expect(() => el('a b')).toThrow(/tag name/);
    expect(() => el('g', { 'on"click': 'x' })).toThrow(/attribute name/);
  });
});

describe('fmt', () => {
  it('rounds to 0.01 and prints no -0', () => {
    expect(fmt(1.23456)).toBe('1.23');
    expect(fmt(-0.001)).toBe('0');
    expect(fmt(100)).toBe('100');
  });

  it('throws on non-finite numbers instead of writing NaN into the SVG', () => {
    expect(() => fmt(NaN)).toThrow(/finite/);
    expect(() => el('rect', { x: Infinity })).toThrow(/finite/);
  });
});
