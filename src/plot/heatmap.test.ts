/** Tests of heatmaps and the confusion matrix chart. */
import { describe, expect, it } from 'vitest';
import { colormap } from './colormap.js';
import { confusionMatrixChart } from './confusion-matrix.js';
import { heatmap } from './heatmap.js';
import { xmlProblems } from './xml-check.js';

const classes = ['healthy', 'inner race', 'outer race', 'ball'];
const counts = [
  [90, 5, 3, 2],
  [4, 80, 10, 6],
  [0, 0, 50, 0],
  [1, 2, 3, 0],
];

describe('confusionMatrixChart', () => {
  it('draws classes² cells, the class names on both axes and count and share in each cell', () => {
    const svg = confusionMatrixChart({ classes, counts, title: 'Test set' });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.match(/class="cell"/g)).toHaveLength(classes.length ** 2);
    for (const name of classes) expect(svg.split(`>${name}</text>`)).toHaveLength(3);
    expect(svg).toContain('>Predicted class</text>');
    expect(svg).toContain('>True class</text>');
    // Row 2 (outer race): 50 of 50 -> 100 %; row 1: 80 of 100.
    expect(svg).toContain('>100.0%</text>');
    expect(svg).toContain('>80.0%</text>');
  });

  it('colours by row share, with white text on the darkest cells', () => {
    const svg = confusionMatrixChart({ classes, counts });
    const darkest = colormap('blues', 1);
    expect(svg).toContain(`fill="${darkest}"`);
    // The 100 % cell's text group follows it and is white.
    expect(svg).toMatch(
      /<g font-size="[\d.]+" fill="#ffffff" text-anchor="middle"><text[^>]*>50<\/text>/,
    );
    // A row with no samples gets the lightest colour, not NaN.
    const empty = confusionMatrixChart({
      classes: ['a', 'b'],
      counts: [
        [0, 0],
        [1, 1],
      ],
    });
    expect(empty).not.toContain('NaN');
  });

  it('rejects a matrix that does not match the classes', () => {
    expect(() => confusionMatrixChart({ classes: ['a', 'b'], counts: [[1, 2]] })).toThrow(/2 x 2/);
  });
});

describe('heatmap', () => {
  it('takes rectangular matrices, custom text and NaN cells', () => {
    const svg = heatmap({
      rowLabels: ['r1', 'r2'],
      colLabels: ['c1', 'c2', 'c3'],
      values: [
        [0, 1, 2],
        [3, NaN, 5],
      ],
      cellText: [
        ['a', 'b<', 'c'],
        ['d', '', 'f\ng'],
      ],
      colormap: 'viridis',
      colorbarLabel: 'Value (–)',
    });
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.match(/class="cell"/g)).toHaveLength(6);
    expect(svg).toContain('>b&lt;</text>');
    expect(svg).toContain('fill="#eeeeee"');
    expect(svg).toContain('>Value (–)</text>');
  });

  it('checks the matrix shape', () => {
    expect(() => heatmap({ rowLabels: ['a'], colLabels: ['b'], values: [[1, 2]] })).toThrow(
      /1 rows of 1/,
    );
  });
});
