/**
 * A per-feature normaliser fitted on training rows only and applied unchanged to every later
 * row (validation, test, the edge): z = (x - center) / scale. Robust statistics, so the
 * outliers that faults produce do not set the scale of the healthy majority:
 * center = median, scale = IQR / 1.349 (equal to the standard deviation for a normal
 * distribution; P. J. Rousseeuw & C. Croux, "Alternatives to the median absolute deviation",
 * JASA 88, 1993, discuss the consistency factors). When the IQR is 0 (a feature with mostly one
 * value, such as an ISO zone) the scale falls back to 1.4826 MAD, then to the standard
 * deviation, then to 1. NaN stays NaN on the way in and on the way out; a feature with no finite
 * training value has a NaN center and maps everything to NaN.
 *
 * The fitted state is plain JSON (NaN written as null), validated when read back, so a
 * model bundle can carry it and the edge can rebuild the identical transform.
 */
import { z } from 'zod';
import { PdmError } from '../core/errors.js';
import { finiteQuantile, medianInPlace } from './robust-stats.js';

/** IQR of a standard normal distribution. */
const NORMAL_IQR = 1.3489795003921634;
/** 1 / Phi^-1(3/4): MAD to standard deviation for a normal distribution. */
const NORMAL_MAD = 1.482602218505602;

const NullableNumber = z.number().nullable();

/** The serialised form of a fitted `RobustScaler`. */
export const RobustScalerJsonSchema = z.strictObject({
  kind: z.literal('robust-scaler'),
  version: z.literal(1),
  names: z.array(z.string()).nullable(),
  center: z.array(NullableNumber),
  scale: z.array(NullableNumber),
});

/** Plain-JSON state of a `RobustScaler`. */
export type RobustScalerJson = z.infer<typeof RobustScalerJsonSchema>;

function toNullable(a: Float64Array): (number | null)[] {
  return Array.from(a, (v) => (Number.isFinite(v) ? v : null));
}

function fromNullable(a: readonly (number | null)[]): Float64Array {
  return Float64Array.from(a, (v) => v ?? Number.NaN);
}

/** Median and robust scale per feature; see the file header. */
export class RobustScaler {
  private constructor(
    readonly center: Float64Array,
    readonly scale: Float64Array,
    readonly names: readonly string[] | null,
  ) {}

  /** Number of features. */
  get width(): number {
    return this.center.length;
  }

  /**
   * Fits on `rows` (each a row of `width` features, NaN for missing). `names`, when given,
   * must have one entry per feature and is kept for checking when the state is read back.
   */
  static fit(
    rows: readonly ArrayLike<number>[],
    names: readonly string[] | null = null,
  ): RobustScaler {
    const first = rows[0];
    if (first === undefined) {
      throw new PdmError('PDM_INPUT_INVALID', 'rows: expected at least one training row, got 0');
    }
    const width = first.length;
    if (names !== null && names.length !== width) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `names: expected ${width} names (one per feature), got ${names.length}`,
      );
    }
    rows.forEach((r, i) => {
      if (r.length !== width) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `rows[${i}]: expected ${width} features like rows[0], got ${r.length}`,
        );
      }
    });
    const center = new Float64Array(width);
    const scale = new Float64Array(width);
    const column = new Float64Array(rows.length);
    const scratch = new Float64Array(rows.length);
    for (let j = 0; j < width; j++) {
      let count = 0;
      for (const r of rows) {
        const v = r[j]!;
        if (Number.isFinite(v)) column[count++] = v;
      }
      const col = column.subarray(0, count);
      const med = finiteQuantile(col, 0.5, scratch);
      center[j] = med;
      let s =
        (finiteQuantile(col, 0.75, scratch) - finiteQuantile(col, 0.25, scratch)) / NORMAL_IQR;
      if (!(s > 0)) {
        for (let i = 0; i < count; i++) scratch[i] = Math.abs(col[i]! - med);
        s = NORMAL_MAD * medianInPlace(scratch, count);
      }
      if (!(s > 0)) {
        let ss = 0;
        for (let i = 0; i < count; i++) ss += (col[i]! - med) ** 2;
        s = count > 1 ? Math.sqrt(ss / (count - 1)) : 0;
      }
      scale[j] = s > 0 ? s : 1;
    }
    return new RobustScaler(center, scale, names === null ? null : [...names]);
  }

  /** Normalises one row into `out` (allocated when not given); NaN stays NaN. */
  transform(
    row: ArrayLike<number>,
    out: Float64Array = new Float64Array(this.width),
  ): Float64Array {
    if (row.length !== this.width || out.length < this.width) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `row: expected ${this.width} features (and out at least as long), got ${row.length}`,
      );
    }
    for (let j = 0; j < this.width; j++) out[j] = (row[j]! - this.center[j]!) / this.scale[j]!;
    return out;
  }

  /** The fitted state as plain JSON-safe data. */
  toJSON(): RobustScalerJson {
    return {
      kind: 'robust-scaler',
      version: 1,
      names: this.names === null ? null : [...this.names],
      center: toNullable(this.center),
      scale: toNullable(this.scale),
    };
  }

  /**
   * Rebuilds a scaler from `toJSON`'s output (parsed JSON). `expectedNames`, when given, must
   * match the stored names, so a state fitted on another feature set is refused.
   */
  static fromJSON(json: unknown, expectedNames: readonly string[] | null = null): RobustScaler {
    const parsed = RobustScalerJsonSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : issue.path.join('.');
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `scaler${where === '' ? '' : `.${where}`}: ${issue?.message ?? 'invalid'}`,
        { cause: parsed.error },
      );
    }
    const s = parsed.data;
    if (
      s.scale.length !== s.center.length ||
      (s.names !== null && s.names.length !== s.center.length)
    ) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        'scaler: expected center, scale and names of one length, got ' +
          `${s.center.length}, ${s.scale.length}, ${s.names?.length ?? 'no names'}`,
      );
    }
    if (s.scale.some((v) => v !== null && !(v > 0))) {
      throw new PdmError('PDM_INPUT_INVALID', 'scaler.scale: expected every scale > 0');
    }
    if (expectedNames !== null) {
      const bad = s.names === null || s.names.some((name, i) => name !== expectedNames[i]);
      if (bad || s.names?.length !== expectedNames.length) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          'scaler.names: expected the feature names this scaler is applied to, in order',
        );
      }
    }
    return new RobustScaler(fromNullable(s.center), fromNullable(s.scale), s.names);
  }
}
