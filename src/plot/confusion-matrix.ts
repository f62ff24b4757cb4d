/**
 * Confusion matrix chart: true classes down the rows, predicted classes across the columns
 * (the scikit-learn convention), each cell coloured by its share of the true class (the row),
 * so the diagonal reads as per-class recall whatever the class sizes, and labelled with the
 * count and that share.
 */
import { PdmError } from '../core/errors.js';
import type { ColormapName } from './colormap.js';
import { formatPercent } from './format.js';
import { heatmap } from './heatmap.js';

/** Options of `confusionMatrixChart`. */
export interface ConfusionMatrixOptions {
  readonly classes: readonly string[];
  /** counts[trueClass][predictedClass]. */
  readonly counts: readonly (readonly number[])[];
  /** Colour by the row-normalised share (default) or by the raw count. */
  readonly normalize?: 'row' | 'none';
  /** Cell text; default 'both': the count over the row share. */
  readonly show?: 'count' | 'percent' | 'both';
  readonly title?: string;
  /** Default 'blues'. */
  readonly colormap?: ColormapName;
  readonly width?: number;
  readonly height?: number;
}

/** A confusion matrix as an SVG document string. */
export function confusionMatrixChart(opts: ConfusionMatrixOptions): string {
  const n = opts.classes.length;
  if (opts.counts.length !== n || opts.counts.some((row) => row.length !== n)) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `confusionMatrixChart: counts must be ${n} x ${n}, one row and column per class`,
    );
  }
  const normalize = opts.normalize ?? 'row';
  const show = opts.show ?? 'both';
  const shares = opts.counts.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
  const values = normalize === 'row' ? shares : opts.counts;
  const max = opts.counts.reduce((m, row) => row.reduce((a, b) => Math.max(a, b), m), 1);
  const cellText = opts.counts.map((row, r) =>
    row.map((count, c) => {
      const share = formatPercent(shares[r]![c]!);
      if (show === 'count') return String(count);
      if (show === 'percent') return share;
      return `${count}\n${share}`;
    }),
  );
  return heatmap({
    rowLabels: opts.classes,
    colLabels: opts.classes,
    values,
    cellText,
    colorDomain: normalize === 'row' ? [0, 1] : [0, max],
    colormap: opts.colormap ?? 'blues',
    colorbarLabel: normalize === 'row' ? 'Share of true class' : 'Count',
    xLabel: 'Predicted class',
    yLabel: 'True class',
    ...(opts.title === undefined ? {} : { title: opts.title }),
    ...(opts.width === undefined ? {} : { width: opts.width }),
    ...(opts.height === undefined ? {} : { height: opts.height }),
  });
}
