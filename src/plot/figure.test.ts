/** Tests of multi-panel figures, PNG rendering (resvg) and figure files. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFigure, svgSize, svgToPng, wrapAt, writeFigure } from './figure.js';
import { textWidthPx } from './text-metrics.js';
import { lineChart } from './line-chart.js';
import { countElements, xmlProblems } from './xml-check.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // The IHDR chunk follows the signature: length (4), type (4), width (4), height (4).
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const small = lineChart({
  title: 'Trend',
  xLabel: 'Time (h)',
  yLabel: 'RMS (mm/s)',
  width: 320,
  height: 200,
  series: [{ name: 'rms', x: [0, 1, 2, 3], y: [1, 1.2, 1.1, 2.5] }],
});

describe('composeFigure', () => {
  it('lays out panels in a grid of nested SVGs', () => {
    const fig = composeFigure({
      panels: [small, small, small],
      columns: 2,
      title: 'Panels',
      panelLabels: true,
    });
    expect(xmlProblems(fig)).toEqual([]);
    expect(svgSize(fig)).toEqual({ width: 2 * 320 + 8, height: svgSize(fig).height });
    expect(svgSize(fig).height).toBeGreaterThan(2 * 200 + 8);
    expect(countElements(fig, 'svg')).toBe(4);
    expect(fig).toContain('>(c)</text>');
  });

  it('puts a subtitle under the title, in lines that fit a narrow figure', () => {
    const key =
      'velocity (blue) and acceleration (grey); onset orange, failure red; maintenance green, alarm purple';
    const wide = composeFigure({
      panels: [small, small, small],
      columns: 3,
      title: 'T',
      subtitle: key,
    });
    const narrow = composeFigure({ panels: [small], title: 'T', subtitle: key });
    expect(xmlProblems(narrow)).toEqual([]);
    // every part of the key is there in full, on more lines in the narrow figure
    for (const part of key.split('; ')) expect(narrow).toContain(part);
    expect(narrow).not.toContain('\u2026');
    expect(svgSize(narrow).height - 200).toBeGreaterThan(svgSize(wide).height - 200);
    const lines = wrapAt(key, 300, 11);
    expect(lines.join('; ')).toBe(key);
    for (const l of lines) expect(textWidthPx(l, 11)).toBeLessThanOrEqual(300);
  });

  it('rejects panels without a size and an empty panel list', () => {
    expect(() => composeFigure({ panels: ['<svg/>'] })).toThrow(/width and height/);
    expect(() => composeFigure({ panels: [] })).toThrow(/empty/);
  });
});

describe('svgToPng', () => {
  it('renders a valid PNG at the SVG size, or at a given width', () => {
    const png = svgToPng(small);
    expect(Array.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 320, height: 200 });
    expect(pngSize(svgToPng(small, { width: 640 }))).toEqual({ width: 640, height: 400 });
  });

  it('renders text offline (a font is found: text changes the pixels)', () => {
    const frame = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">';
    const withText = `${frame}<text x="10" y="25" font-size="16">BPFO 107 Hz</text></svg>`;
    const without = `${frame}</svg>`;
    expect(Buffer.from(svgToPng(withText)).equals(Buffer.from(svgToPng(without)))).toBe(false);
    expect(small).toContain('>RMS (mm/s)</text>');
  });
});

describe('writeFigure', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pdm-plot-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes SVG or PNG by extension, leaving no temporary file', async () => {
    await writeFigure(join(dir, 'trend.svg'), small);
    await writeFigure(join(dir, 'trend.PNG'), small, { width: 160 });
    const svg = await readFile(join(dir, 'trend.svg'), 'utf8');
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xmlProblems(svg)).toEqual([]);
    const png = new Uint8Array(await readFile(join(dir, 'trend.PNG')));
    expect(pngSize(png).width).toBe(160);
    expect((await readdir(dir)).sort()).toEqual(['trend.PNG', 'trend.svg']);
  });

  it('rejects other extensions and reports a missing folder', async () => {
    await expect(writeFigure(join(dir, 'trend.jpg'), small)).rejects.toThrow(/\.svg or \.png/);
    await expect(writeFigure(join(dir, 'missing', 'x.svg'), small)).rejects.toMatchObject({
      code: 'PDM_FILE_NOT_FOUND',
    });
  });
});
