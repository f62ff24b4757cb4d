/**
 * Pixel-column decimation of a polyline, so a 100k-sample spectrum becomes a few thousand path
 * points that draw the same picture. For each run of consecutive points in one pixel column it
 * keeps the first, the minimum, the maximum and the last point, in their original order: the
 * M4 aggregation of Jugel et al., "M4: A Visualization-Oriented Time Series Data Aggregation",
 * PVLDB 7(10), 2014, which is error-free for line rasterisation at that width. NaN in either
 * coordinate ends a run and becomes a gap (a NaN pair) in the output.
 */

/** A polyline in pixel coordinates; a NaN pair separates independent runs. */
export interface Polyline {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * Decimates the polyline (px, py) to at most four points per run of points sharing the column
 * floor(px / columnPx). Input points are in drawing order; x need not be monotonic (a
 * non-monotonic curve only compresses less).
 */
export function decimateColumns(
  px: ArrayLike<number>,
  py: ArrayLike<number>,
  columnPx = 1,
): Polyline {
  const n = Math.min(px.length, py.length);
  // Each run emits at most as many points as it holds, and each gap sits between two points.
  const outX = new Float64Array(2 * n);
  const outY = new Float64Array(2 * n);
  let m = 0;
  let runColumn = NaN;
  let first = -1;
  let last = -1;
  let lo = -1;
  let hi = -1;
  let gapPending = false;
  let lastEmitted = -1;

  const flush = (): void => {
    if (first < 0) return;
    // The distinct indices among first, min, max, last in ascending order (at most 4).
    const a = Math.min(lo, hi);
    const b = Math.max(lo, hi);
    for (const i of [first, a, b, last]) {
      if (i === lastEmitted) continue;
      outX[m] = px[i]!;
      outY[m] = py[i]!;
      m++;
      lastEmitted = i;
    }
    first = -1;
  };

  for (let i = 0; i < n; i++) {
    const x = px[i]!;
    const y = py[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      flush();
      gapPending = m > 0;
      runColumn = NaN;
      continue;
    }
    const column = Math.floor(x / columnPx);
    if (column !== runColumn) {
      flush();
      if (gapPending) {
        outX[m] = NaN;
        outY[m] = NaN;
        m++;
        gapPending = false;
      }
      runColumn = column;
      first = lo = hi = i;
    } else {
      if (y < py[lo]!) lo = i;
      if (y > py[hi]!) hi = i;
    }
    last = i;
  }
  flush();
  return { x: outX.slice(0, m), y: outY.slice(0, m) };
}

/** SVG path data for a polyline: M at the start of each run, L between points; 0.1 px. */
export function polylinePathData(line: Polyline): string {
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < line.x.length; i++) {
    const x = line.x[i]!;
    const y = line.y[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${round1(x)} ${round1(y)}`);
    pen = true;
  }
  return parts.join('');
}

function round1(v: number): string {
  const r = Math.round(v * 10) / 10;
  return r === 0 ? '0' : String(r);
}
