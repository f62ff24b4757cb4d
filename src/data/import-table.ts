/**
 * `import table`: a user's tabular data as a dataset. Two shapes are common in public
 * maintenance data and both are handled:
 * - run-to-failure tables: one row per unit and time step (cycles, hours) with sensor
 *   columns; RUL comes from each unit's last row (`runToFailure`), or, for test sets cut
 *   before failure, from each unit's true RUL at its last row (`finalRulFile`, one value
 *   per line for the units in order of first appearance), optionally capped;
 * - labelled tables: one row per observation with a class column (a class name or a 0/1
 *   failure flag); unit and time optional; identifier or leaking columns excluded.
 * A text column with few distinct values is a category and is encoded (recorded in the
 * manifest); any other text where a number is expected is an error naming file:line:column.
 */
import { PdmError } from '../core/errors.js';
import type { CsvData, CsvSeparator } from './csv.js';
import { cellWhere, getCsvColumn, readCsvFile } from './csv.js';
import type { DatasetManifest } from './dataset.js';
import { writeDataset } from './dataset.js';
import { checkOutputDir, DATASET_FILES, prepareOutputDir } from './output-dir.js';
import { regimeFeatures } from './regime-features.js';
import type { DitherLike } from './regimes.js';
import type { SplitName, Splits } from './splits.js';
import {
  numericOrCategory,
  readFinalRul,
  readLabels,
  readTimeColumn,
  readUnits,
} from './table-columns.js';
import { unitTrends } from './unit-trends.js';
import type { LabelLeak } from './label-leaks.js';
import { labelLeaks } from './label-leaks.js';

/** The columns every imported table's dataset has besides its features. */
const DATASET_COLUMNS = ['machine_id', 'time', 'mode', 'rul', 'maintenance_due'] as const;
import { allInSplit, missingClassWarning, splitIds } from './splits.js';
import type { Column } from './table.js';
import { tableFromColumns } from './table.js';

export interface TableImportOptions {
  readonly file: string;
  readonly outDir: string;
  /** csv: features.csv as well as features.parquet. */
  readonly format?: 'parquet' | 'csv';
  readonly unit?: string;
  readonly time?: string;
  readonly columns?: readonly string[];
  readonly exclude?: readonly string[];
  readonly sep?: 'auto' | CsvSeparator;
  /** Whether line 1 holds column names: 'auto' (default) unless it is all numbers. */
  readonly header?: 'first' | 'none' | 'auto';
  readonly names?: readonly string[];
  readonly runToFailure?: boolean;
  readonly rulCap?: number;
  readonly finalRulFile?: string;
  readonly label?: string;
  /** Unit of the time column (default 'cycles'; 'h' for a date-time column, read in hours). */
  readonly timeUnit?: string;
  /** H of maintenance_due = rul <= H, in the time unit (default 30). */
  readonly horizon?: number;
  /** Rolling window (rows) for per-unit trend features; 0 for none (default 10 with unit and time). */
  readonly window?: number;
  /** Put every unit in one split (default: 'test' with finalRulFile, else a 60/20/20 split). */
  readonly allIn?: SplitName;
  readonly seed?: number;
  readonly force?: boolean;
  /** Most distinct values a text column may have to be read as a category (default 32). */
  readonly maxCategories?: number;
  /**
   * Setting columns of discrete operating conditions: sensors are standardised within each
   * regime (regimes.ts), fitted on the training units.
   */
  readonly regimes?: readonly string[];
  /** A dataset imported with `regimes` whose regimes and statistics this import reuses. */
  readonly regimesFrom?: string;
  /** Add `age`, the time since each unit's first row, as a feature (needs unit and time). */
  readonly age?: boolean;
  /** The label of healthy rows (`No Failure`, `OK`, ...), imported as the class `normal`. */
  readonly normalClass?: string;
}

export interface TableImportResult {
  /**
   * With class labels and drawn splits: a warning that the validation or test split holds no
   * machine of a class the others hold (splits.ts `missingClassWarning`), or null.
   */
  readonly classWarning: string | null;
  readonly manifest: DatasetManifest;
  readonly featureNames: readonly string[];
  readonly categorical: readonly string[];
  /** With regimes: the settings, the regime centres, and rows far from every one (regimes.ts). */
  readonly regimes: {
    readonly columns: readonly string[];
    readonly centres: readonly (readonly number[])[];
    /** Each setting's range (regimes.ts). */
    readonly scale: readonly number[];
    readonly farRows: number;
    /** Settings cut into many evenly spaced single-value levels (regimes.ts `ditherLike`). */
    readonly dither: readonly DitherLike[];
  } | null;
  /** Labelled tables: columns that may record the label rather than measure before it. */
  readonly leaks: readonly LabelLeak[];
  /** 1-based positions of columns without a name in the header, left out of the features. */
  readonly unnamedColumns: readonly number[];
  /** Feature columns without a value in any row (every cell empty or a missing mark). */
  readonly emptyColumns: readonly string[];
  /** Units whose rows go back in time in the file (read in time order): the first such row. */
  readonly unsorted: readonly {
    readonly unit: string;
    readonly line: number;
    readonly time: number;
    readonly after: number;
  }[];
}

function needColumn(csv: CsvData, name: string, flag: string): void {
  if (!csv.names.includes(name)) {
    throw new PdmError(
      'PDM_USAGE',
      `${flag} ${name}: ${csv.path} has no such column; columns: ${csv.names.join(', ')}`,
    );
  }
}

/**
 * Refuses two rows of one unit at the same time: its life would have two states at once, most
 * often because two tables that number their units alike were joined (C-MAPSS's FD001 and FD003
 * both have units 1-100).
 */
function distinctTimes(
  csv: CsvData,
  timeName: string,
  rowsOf: ReadonlyMap<string, readonly number[]>,
  time: Float64Array,
): void {
  const col = getCsvColumn(csv, timeName);
  for (const [id, rows] of rowsOf) {
    for (let k = 1; k < rows.length; k++) {
      const [a, b] = [rows[k - 1]!, rows[k]!];
      if (time[a] === time[b])
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${cellWhere(csv, col, b)}: unit ${id} has a row at ${col.cell(b).trim()} already (line ${csv.lines[a]}); ` +
            "expected one row per unit and time: were two tables that number their units alike joined? Give each table's units their own ids",
        );
    }
  }
}

export async function importTable(o: TableImportOptions): Promise<TableImportResult> {
  if (o.runToFailure === true && o.finalRulFile !== undefined) {
    throw new PdmError(
      'PDM_USAGE',
      '--run-to-failure and --final-rul exclude each other: a table is either run to failure or cut before it',
    );
  }
  const wantsRul = o.runToFailure === true || o.finalRulFile !== undefined;
  if (o.age === true && (o.unit === undefined || o.time === undefined)) {
    throw new PdmError(
      'PDM_USAGE',
      "--age needs --unit and --time (age is time since a unit's first row)",
    );
  }
  if (wantsRul && (o.unit === undefined || o.time === undefined)) {
    throw new PdmError('PDM_USAGE', 'deriving RUL needs --unit and --time');
  }
  if (!wantsRul && o.label === undefined) {
    throw new PdmError(
      'PDM_USAGE',
      'say what the labels are: --run-to-failure, --final-rul FILE, or --label COLUMN',
    );
  }
  await checkOutputDir(o.outDir, DATASET_FILES, o.force === true);
  const csv = await readCsvFile(o.file, {
    sep: o.sep ?? 'auto',
    header: o.header ?? 'auto',
    ...(o.names === undefined ? {} : { names: o.names }),
  });
  for (const [flag, name] of [
    ['--unit', o.unit],
    ['--time', o.time],
    ['--label', o.label],
  ] as const) {
    if (name !== undefined) needColumn(csv, name, flag);
  }
  const twice = (o.columns ?? []).find((c, i, all) => all.indexOf(c) !== i);
  if (twice !== undefined) throw new PdmError('PDM_USAGE', `--columns: ${twice} is listed twice`);
  for (const n of [...(o.columns ?? []), ...(o.exclude ?? [])])
    needColumn(csv, n, o.columns?.includes(n) === true ? '--columns' : '--exclude');
  const reserved = new Set(
    [o.unit, o.time, o.label, ...(o.exclude ?? [])].filter((x): x is string => x !== undefined),
  );
  // A header cell left empty is most often a row index written with the table (pandas'
  // to_csv): it is no measurement, and counts rows, so it is left out (and said so).
  const unnamedColumns = csv.names.flatMap((n, i) => (n === '' ? [i + 1] : []));
  const featureCols = (o.columns ?? csv.names).filter((n) => n !== '' && !reserved.has(n));
  const own = featureCols.filter((c) => (DATASET_COLUMNS as readonly string[]).includes(c));
  if (own.length > 0) {
    throw new PdmError(
      'PDM_USAGE',
      `${o.file}: column '${own[0]}' has a name the dataset keeps for its own columns ` +
        `(${DATASET_COLUMNS.join(', ')}); name it with --unit, --time or --label if that is ` +
        'what it holds, leave it out with --exclude, or rename the columns with --names',
    );
  }
  if (featureCols.length === 0)
    throw new PdmError(
      'PDM_USAGE',
      `${o.file}: no feature columns left after --unit, --time, --label and --exclude`,
    );

  const n = csv.rowCount;
  const unitCells = o.unit === undefined ? null : readUnits(csv, o.unit);
  const machineIds = unitCells ?? Array.from({ length: n }, (_, i) => `row-${i + 1}`);
  const timeCol = o.time === undefined ? null : readTimeColumn(csv, o.time);
  const time = timeCol?.t ?? Float64Array.from({ length: n }, (_, i) => i);
  if (timeCol?.origin != null && o.timeUnit !== undefined && o.timeUnit !== 'h') {
    throw new PdmError(
      'PDM_USAGE',
      `--time-unit ${o.timeUnit}: ${o.time ?? ''} holds date-times, which are read in hours (h)`,
    );
  }
  const timeUnit =
    o.time === undefined ? 'row' : timeCol?.origin != null ? 'h' : (o.timeUnit ?? 'cycles');
  const maxCategories = o.maxCategories ?? 32;

  const categories: Record<string, string[]> = {};
  const featureData = new Map<string, Float64Array>();
  for (const name of featureCols) {
    const r = numericOrCategory(csv, name, maxCategories);
    featureData.set(name, r.values);
    if (r.categories !== null) categories[name] = r.categories;
  }

  // Units in order of first appearance, with their rows sorted by time.
  const unitOrder: string[] = [];
  const rowsOf = new Map<string, number[]>();
  machineIds.forEach((id, i) => {
    let rows = rowsOf.get(id);
    if (rows === undefined) {
      rows = [];
      rowsOf.set(id, rows);
      unitOrder.push(id);
    }
    rows.push(i);
  });
  // Rows out of time order are read in time order; said, since a unit's last time is where it
  // fails (a clock reset or a typo would move its failure)
  const unsorted: { unit: string; line: number; time: number; after: number }[] = [];
  if (timeCol !== null)
    for (const [id, rows] of rowsOf) {
      const k = rows.findIndex((r, j) => j > 0 && time[r]! < time[rows[j - 1]!]!);
      if (k > 0)
        unsorted.push({
          unit: id,
          line: csv.lines[rows[k]!]!,
          time: time[rows[k]!]!,
          after: time[rows[k - 1]!]!,
        });
    }
  for (const rows of rowsOf.values()) rows.sort((a, b) => time[a]! - time[b]! || a - b);
  if (timeCol !== null && unitCells !== null) distinctTimes(csv, o.time!, rowsOf, time);

  const rul = new Float64Array(n).fill(Number.NaN);
  if (wantsRul) {
    const finals =
      o.finalRulFile === undefined ? null : await readFinalRul(o.finalRulFile, unitOrder.length);
    unitOrder.forEach((id, u) => {
      const rows = rowsOf.get(id)!;
      const tLast = time[rows[rows.length - 1]!]!;
      for (const r of rows) {
        const v = tLast - time[r]! + (finals === null ? 0 : finals[u]!);
        // The true remaining life: --rul-cap is the cap models train with (manifest
        // details.rulCap), not a change of the truth, which alarm metrics read failure times from.
        rul[r] = v;
      }
    });
  }
  const horizon = o.horizon ?? 30;
  // --normal-class "": rows whose label cell is empty are the healthy ones
  const emptyIsNormal = o.normalClass !== undefined && o.normalClass.trim() === '';
  let labelCells =
    o.label === undefined ? null : readLabels(csv, o.label, emptyIsNormal ? 'normal' : undefined);
  if (o.normalClass !== undefined) {
    if (labelCells === null) throw new PdmError('PDM_USAGE', '--normal-class needs --label');
    const healthy = o.normalClass.trim();
    if (!emptyIsNormal) {
      if (!labelCells.includes(healthy)) {
        const seen = [...new Set(labelCells)].sort();
        throw new PdmError(
          'PDM_USAGE',
          `--normal-class ${healthy}: no row of ${o.file} has that class; classes: ${seen.join(', ')}`,
        );
      }
      if (healthy !== 'normal' && labelCells.includes('normal')) {
        throw new PdmError(
          'PDM_USAGE',
          `--normal-class ${healthy}: ${o.file} already has a class named normal`,
        );
      }
      labelCells = labelCells.map((c) => (c === healthy ? 'normal' : c));
    }
  }
  const mode = labelCells ?? new Array<string>(n).fill('');

  const seed = o.seed ?? 1;
  const classes = labelCells === null ? [] : [...new Set(labelCells)].sort();
  let splits: Splits;
  const allIn = o.allIn ?? (o.finalRulFile !== undefined ? 'test' : undefined);
  if (allIn !== undefined) {
    splits = allInSplit(unitOrder, allIn);
  } else {
    // Stratify by each unit's most frequent class other than 'normal' (or 'normal').
    const stratum = new Map<string, string>();
    if (labelCells !== null) {
      for (const [id, rows] of rowsOf) {
        const counts = new Map<string, number>();
        for (const r of rows) counts.set(labelCells[r]!, (counts.get(labelCells[r]!) ?? 0) + 1);
        const fault = [...counts]
          .filter(([c]) => c !== 'normal')
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
        stratum.set(id, fault?.[0] ?? 'normal');
      }
    }
    splits = splitIds(unitOrder, seed, undefined, (id) => stratum.get(id) ?? '');
  }

  const regimes =
    o.regimes !== undefined || o.regimesFrom !== undefined
      ? await regimeFeatures(o, featureCols, categories, featureData, {
          n,
          trainRows: splits.train.flatMap((id) => rowsOf.get(id)!),
          trainUnits: splits.train.length,
          allIn,
          lineOf: (r) => `${o.file}:${csv.lines[r] ?? r + 1}`,
        })
      : null;
  // With regimes, trends and model inputs use the standardised sensors.
  const trendSource = regimes === null ? featureCols : regimes.normalised;
  if (regimes !== null) {
    for (const [name, x] of regimes.data) featureData.set(name, x);
    featureData.set('regime', Float64Array.from(regimes.regime));
  }

  // Trend features per unit over a rolling window of rows.
  const window = o.window ?? (o.unit !== undefined && o.time !== undefined ? 10 : 0);
  const trendNames: string[] = [];
  if (window >= 2) {
    for (const name of trendSource) {
      if (categories[name] !== undefined) continue;
      const { mean, slope } = unitTrends(featureData.get(name)!, time, rowsOf.values(), window);
      featureData.set(`${name}_mean${window}`, mean);
      featureData.set(`${name}_slope${window}`, slope);
      trendNames.push(`${name}_mean${window}`, `${name}_slope${window}`);
    }
  }

  // Age: time since the unit's first row.
  if (o.age === true) {
    if (featureCols.includes('age')) {
      throw new PdmError(
        'PDM_USAGE',
        `--age: ${o.file} already has a column named age; --exclude it or leave --age out`,
      );
    }
    const age = new Float64Array(n);
    for (const rows of rowsOf.values()) {
      const t0 = time[rows[0]!]!;
      for (const r of rows) age[r] = time[r]! - t0;
    }
    featureData.set('age', age);
  }

  // Output rows in unit order, by time within each unit.
  const order = unitOrder.flatMap((id) => rowsOf.get(id)!);
  const pick = (a: Float64Array) => Float64Array.from(order, (i) => a[i]!);
  const baseNames = [
    ...featureCols,
    ...(o.age === true ? ['age'] : []),
    ...(regimes === null ? [] : ['regime', ...regimes.normalised]),
  ];
  const featureNames = [...baseNames, ...trendNames];
  const clash = featureNames.find((f, i) => featureNames.indexOf(f) !== i);
  if (clash !== undefined) {
    throw new PdmError(
      'PDM_USAGE',
      `${o.file}: the column ${clash} has the name of a column the import derives ` +
        '(trends, regimes, age); --exclude it or rename the columns with --names',
    );
  }
  const modelFeatures =
    regimes === null ? featureNames : featureNames.filter((f) => !regimes.normalisedFrom.has(f));
  const table = tableFromColumns([
    // DATASET_COLUMNS, with the features between time and the labels
    { name: 'machine_id', type: 'string', data: order.map((i) => machineIds[i]!) },
    { name: 'time', type: 'float64', data: pick(time) },
    ...featureNames.map((name): Column => ({
      name,
      type: 'float64',
      data: pick(featureData.get(name)!),
    })),
    { name: 'mode', type: 'string', data: order.map((i) => mode[i]!) },
    { name: 'rul', type: 'float64', data: pick(rul) },
    {
      name: 'maintenance_due',
      type: 'bool',
      data: Uint8Array.from(order, (i) => (rul[i]! <= horizon ? 1 : 0)),
    },
  ]);

  await prepareOutputDir(o.outDir, DATASET_FILES, o.force === true);
  const manifest = await writeDataset(
    o.outDir,
    table,
    {
      source: 'table',
      seed,
      timeUnit,
      horizon,
      features: featureNames.map((name) => ({
        name,
        unit: '',
        group:
          categories[name] !== undefined
            ? 'category'
            : trendNames.includes(name)
              ? 'trend'
              : regimes?.normalised.includes(name) === true
                ? 'regime-normalised'
                : name === 'regime' && regimes !== null
                  ? 'regime'
                  : name === 'age' && o.age === true
                    ? 'age'
                    : 'column',
        description:
          categories[name] !== undefined
            ? `category code of ${name}`
            : trendNames.includes(name)
              ? `rolling ${name.endsWith(`slope${window}`) ? 'slope' : 'mean'} over ${window} rows of its unit`
              : regimes?.normalised.includes(name) === true
                ? `${name.slice(0, -2)} standardised within its operating regime (${regimes.model.fittedOn})`
                : name === 'age' && o.age === true
                  ? `time since the unit's first row, in ${timeUnit} (its age, when every unit's record starts at commissioning)`
                  : name === 'regime' && regimes !== null
                    ? `operating regime (index into details.regimes.centres of the manifest; set by ${regimes.model.columns.join(', ')})`
                    : `column ${name} of ${o.file}`,
      })),
      modelFeatures,
      labels: {
        classes,
        has: { mode: labelCells !== null, rul: wantsRul, maintenanceDue: wantsRul },
        definitions: {
          ...(wantsRul
            ? {
                rul:
                  o.finalRulFile !== undefined
                    ? "true RUL at the unit's last row (from the --final-rul file) plus the time to that row"
                    : "time from the row to its unit's last row (run to failure)",
              }
            : {}),
          ...(o.rulCap === undefined
            ? {}
            : {
                rulCap: `models of this data cap the RUL they learn at ${o.rulCap} (a piecewise-linear target); the rul column holds the true value`,
              }),
          ...(labelCells === null
            ? {}
            : {
                mode:
                  `class from column ${o.label ?? ''} (0/1 read as normal/failure)` +
                  (o.normalClass === undefined
                    ? ''
                    : emptyIsNormal
                      ? '; empty cells read as normal'
                      : `; "${o.normalClass}" read as normal`),
              }),
          maintenance_due: `rul <= ${horizon}`,
        },
      },
      categories,
      splits,
      rulScoring: o.finalRulFile !== undefined ? 'last' : 'all',
      files: {},
      details: {
        importedFrom: o.file,
        ...(o.rulCap === undefined ? {} : { rulCap: o.rulCap }),
        unitColumn: o.unit ?? null,
        timeColumn: o.time ?? null,
        ...(timeCol?.origin != null
          ? { timeOrigin: timeCol.origin, timeDefinition: 'hours since timeOrigin (UTC)' }
          : {}),
        labelColumn: o.label ?? null,
        window,
        ...(regimes === null ? {} : { regimes: regimes.model }),
      },
    },
    { csv: o.format === 'csv' },
  );
  return {
    manifest,
    classWarning:
      manifest.labels.has.mode && allIn === undefined
        ? missingClassWarning(
            manifest.splits,
            order.map((i) => machineIds[i]!),
            order.map((i) => mode[i]!),
          )
        : null,
    unnamedColumns,
    emptyColumns: featureCols.filter((c) => featureData.get(c)!.every((v) => Number.isNaN(v))),
    unsorted,
    featureNames,
    categorical: Object.keys(categories),
    leaks:
      labelCells === null
        ? []
        : labelLeaks(new Map(featureCols.map((c) => [c, featureData.get(c)!])), mode),
    regimes:
      regimes === null
        ? null
        : {
            columns: regimes.model.columns,
            centres: regimes.model.centres,
            scale: regimes.model.scale,
            farRows: regimes.farRows,
            dither: regimes.dither,
          },
  };
}
