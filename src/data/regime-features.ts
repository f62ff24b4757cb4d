/**
 * `import table --regimes`: the regimes of one import (found on its training units, or reused
 * from an earlier import with `--regimes-from`) and its sensors standardised within them
 * (regimes.ts holds the maths).
 */
import { PdmError } from '../core/errors.js';
import { readManifest } from './output-dir.js';
import type { DitherLike, RegimeModel } from './regimes.js';
import {
  RegimeModelSchema,
  assignRegimes,
  findRegimes,
  normaliseByRegime,
  regimeStats,
} from './regimes.js';
import type { SplitName } from './splits.js';

/** What regimeFeatures needs of the import's options. */
export interface RegimeOptions {
  readonly file: string;
  readonly regimes?: readonly string[] | undefined;
  readonly regimesFrom?: string | undefined;
}

/** Regimes and the standardised sensors of one import (see regimes.ts). */
export interface RegimeFeatures {
  readonly model: RegimeModel;
  readonly regime: Int32Array;
  readonly farRows: number;
  /** Settings cut into many evenly spaced single-value levels (regimes.ts `ditherLike`). */
  readonly dither: readonly DitherLike[];
  /** Names of the standardised columns (`<sensor>_z`). */
  readonly normalised: string[];
  /** The sensors they come from. */
  readonly normalisedFrom: Set<string>;
  readonly data: Map<string, Float64Array>;
}

/** The regime model stored by an earlier import in `dir` (its manifest's details.regimes). */
async function readRegimeModel(dir: string): Promise<RegimeModel> {
  let m: Record<string, unknown>;
  try {
    m = await readManifest(dir);
  } catch (err) {
    if (!(err instanceof PdmError)) throw err;
    throw new PdmError(err.code, `--regimes-from ${dir}: ${err.message}`, { cause: err });
  }
  const details = (m as { details?: { regimes?: unknown } }).details;
  if (details?.regimes === undefined) {
    throw new PdmError(
      'PDM_USAGE',
      `--regimes-from ${dir}: that dataset was not imported with --regimes, so it holds no regimes to reuse`,
    );
  }
  const r = RegimeModelSchema.safeParse(details.regimes);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new PdmError(
      'PDM_DATA_INVALID',
      `--regimes-from ${dir}: details.regimes in manifest.json is malformed${i === undefined ? '' : ` (${i.path.join('.')}: ${i.message})`}`,
    );
  }
  return r.data;
}

export async function regimeFeatures(
  o: RegimeOptions,
  featureCols: readonly string[],
  categories: Readonly<Record<string, string[]>>,
  featureData: ReadonlyMap<string, Float64Array>,
  ctx: {
    readonly n: number;
    readonly trainRows: readonly number[];
    readonly trainUnits: number;
    readonly allIn: SplitName | undefined;
    readonly lineOf: (row: number) => string;
  },
): Promise<RegimeFeatures> {
  if (o.regimes !== undefined && (o.regimes.length === 0 || o.regimes.some((c) => c === ''))) {
    throw new PdmError('PDM_USAGE', '--regimes: expected setting column names, a,b,...');
  }
  const prior = o.regimesFrom === undefined ? null : await readRegimeModel(o.regimesFrom);
  const columns = o.regimes ?? prior!.columns;
  const flag = o.regimes === undefined ? `--regimes-from ${o.regimesFrom ?? ''}` : '--regimes';
  if (
    prior !== null &&
    o.regimes !== undefined &&
    o.regimes.join(',') !== prior.columns.join(',')
  ) {
    throw new PdmError(
      'PDM_USAGE',
      `--regimes ${o.regimes.join(',')} differs from the settings of --regimes-from ${o.regimesFrom ?? ''} (${prior.columns.join(',')}); give the same columns or leave --regimes out`,
    );
  }
  for (const c of columns) {
    if (!featureCols.includes(c)) {
      throw new PdmError(
        'PDM_USAGE',
        `${flag}: setting column ${c} is not a feature column of ${o.file} (unit, time, label and excluded columns cannot set regimes)`,
      );
    }
    if (categories[c] !== undefined) {
      throw new PdmError(
        'PDM_USAGE',
        `${flag}: setting column ${c} of ${o.file} holds text; settings must be numbers`,
      );
    }
  }
  const settings = columns.map((c) => featureData.get(c)!);
  const sensors = featureCols.filter((c) => !columns.includes(c) && categories[c] === undefined);
  if (sensors.length === 0) {
    throw new PdmError(
      'PDM_USAGE',
      `${flag}: ${o.file} has no numeric column besides the settings ${columns.join(', ')} to standardise`,
    );
  }
  if (prior !== null) {
    const missing = sensors.filter((c) => prior.stats[c] === undefined);
    if (missing.length > 0) {
      throw new PdmError(
        'PDM_USAGE',
        `--regimes-from ${o.regimesFrom ?? ''}: has no statistics for ${missing.join(', ')}; import both tables with the same columns`,
      );
    }
  } else if (ctx.allIn !== undefined && ctx.allIn !== 'train') {
    throw new PdmError(
      'PDM_USAGE',
      `--regimes fits its statistics on training units, and this import puts every unit in the ${ctx.allIn} split: ` +
        'import the training table with --regimes first, then this one with --regimes-from TRAIN_DIR',
    );
  }
  const fitRows =
    ctx.allIn === 'train' ? Array.from({ length: ctx.n }, (_, r) => r) : ctx.trainRows;
  const fresh = prior === null ? findRegimes(settings, columns, fitRows, o.file, ctx.lineOf) : null;
  const found = prior ?? fresh!;
  const { regime, farRows } = assignRegimes(
    settings,
    columns,
    ctx.n,
    found.centres,
    found.scale,
    ctx.lineOf,
  );
  const regimes = found.centres.length;
  const model: RegimeModel = prior ?? {
    columns: [...columns],
    scale: found.scale,
    centres: found.centres,
    counts: Array.from(
      { length: regimes },
      (_, k) => fitRows.filter((r) => regime[r] === k).length,
    ),
    stats: Object.fromEntries(
      sensors.map((c) => [c, regimeStats(featureData.get(c)!, regime, regimes, fitRows)]),
    ),
    fittedOn: `${ctx.allIn === 'train' ? 'all' : ctx.trainUnits} training units of ${o.file}`,
  };
  const data = new Map<string, Float64Array>();
  for (const c of sensors) {
    data.set(`${c}_z`, normaliseByRegime(featureData.get(c)!, regime, model.stats[c]!));
  }
  return {
    model,
    regime,
    farRows,
    dither: fresh?.dither ?? [],
    normalised: sensors.map((c) => `${c}_z`),
    normalisedFrom: new Set(sensors),
    data,
  };
}
