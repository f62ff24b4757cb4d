/**
 * The dataset format shared by `generate` (twin data) and `import` (users' recordings and
 * tables): a folder with `features.parquet` (one row per observation: machine id, time,
 * features, labels) and `manifest.json` (source, time unit, feature names and units, label
 * definitions, default model inputs, category encodings and the machine ids of each split).
 * `train` and `evaluate` read nothing else, so twin and real data go through one path.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { PdmError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { SIMULATION_KIND, readManifest, writeManifest } from './output-dir.js';
import { readParquetFile, writeParquetFile } from './parquet.js';
import { writeCsvFile } from './csv.js';
import type { Table } from './table.js';
import { getColumnData, rowCount } from './table.js';

export const DATASET_KIND = 'pdm-twin/dataset';
export const FEATURES_FILE = 'features.parquet';

const FeatureDocSchema = z.object({
  name: z.string(),
  unit: z.string(),
  group: z.string(),
  description: z.string(),
});

export const DatasetManifestSchema = z.object({
  kind: z.literal(DATASET_KIND),
  formatVersion: z.literal(1),
  complete: z.literal(true),
  createdBy: z.string(),
  source: z.enum(['twin', 'waveforms', 'table']),
  seed: z.number(),
  /** Unit of the `time` and `rul` columns: 'h' for twin data, the table's own otherwise. */
  timeUnit: z.string().trim().min(1),
  /** H of `maintenance_due = rul <= H`, in timeUnit. */
  horizon: z.number().nonnegative(),
  rows: z.number().int().nonnegative(),
  machines: z.number().int().nonnegative(),
  features: z.array(FeatureDocSchema),
  /** Default model inputs (a subset of features). */
  modelFeatures: z.array(z.string()),
  labels: z.object({
    /** Classes present in `mode` (fault diagnosis), empty when the data has none. */
    classes: z.array(z.string()),
    /** Which label columns hold information. */
    has: z.object({ mode: z.boolean(), rul: z.boolean(), maintenanceDue: z.boolean() }),
    definitions: z.record(z.string(), z.string()),
  }),
  /** Encodings of categorical input columns: value -> code is the index in the list. */
  categories: z.record(z.string(), z.array(z.string())).default({}),
  splits: z.object({
    train: z.array(z.string()),
    validation: z.array(z.string()),
    test: z.array(z.string()),
  }),
  /** 'last': test units are cut before failure; score RUL at each unit's last row. */
  rulScoring: z.enum(['all', 'last']).default('all'),
  files: z.record(z.string(), z.string()),
  /**
   * The columns of the other tables `files` names (twin datasets: telemetry, events and, kept,
   * captures), as simulate's manifest gives them; the features table's are `features` and the
   * label columns.
   */
  tables: z
    .record(
      z.string(),
      z.looseObject({
        columns: z.array(
          z.object({
            name: z.string(),
            type: z.string(),
            unit: z.string(),
            description: z.string(),
          }),
        ),
      }),
    )
    .default({}),
  details: z.record(z.string(), z.unknown()).default({}),
});

export type DatasetManifest = z.infer<typeof DatasetManifestSchema>;
export type DatasetManifestInput = Omit<
  z.input<typeof DatasetManifestSchema>,
  'kind' | 'formatVersion' | 'complete' | 'createdBy' | 'rows' | 'machines'
>;

/** Columns every features table has, besides the features. */
export const KEY_COLUMNS = ['machine_id', 'time'] as const;
export const LABEL_KEYS = ['mode', 'rul', 'maintenance_due'] as const;

/**
 * The manifest of a dataset of `counts.rows` feature rows over `counts.machines` machines,
 * checked against the schema (a mistake throws before any file is written).
 */
export function datasetManifest(
  counts: { readonly rows: number; readonly machines: number },
  m: DatasetManifestInput,
  opts: { csv?: boolean } = {},
): DatasetManifest {
  return DatasetManifestSchema.parse({
    ...m,
    kind: DATASET_KIND,
    formatVersion: 1,
    complete: true,
    createdBy: `pdm-twin ${VERSION}`,
    rows: counts.rows,
    machines: counts.machines,
    files: {
      ...m.files,
      features: FEATURES_FILE,
      ...(opts.csv === true ? { featuresCsv: 'features.csv' } : {}),
    },
  });
}

/** Writes features (Parquet, plus CSV on request) and, last, the manifest. */
export async function writeDataset(
  dir: string,
  features: Table,
  m: DatasetManifestInput,
  opts: { csv?: boolean } = {},
): Promise<DatasetManifest> {
  const ids = getColumnData(features, 'machine_id', 'string');
  const manifest = datasetManifest(
    { rows: rowCount(features), machines: new Set(ids).size },
    m,
    opts,
  );
  await writeParquetFile(join(dir, FEATURES_FILE), features, { metadata: { 'pdm-twin': VERSION } });
  if (opts.csv === true) await writeCsvFile(join(dir, 'features.csv'), features);
  await writeManifest(dir, manifest);
  return manifest;
}

export interface Dataset {
  readonly dir: string;
  readonly manifest: DatasetManifest;
  readonly table: Table;
}

/** Reads a complete dataset; an incomplete or foreign folder is refused with a coded error. */
export async function readDataset(
  dir: string,
  opts: { columns?: readonly string[] } = {},
): Promise<Dataset> {
  const raw = await readManifest(dir);
  if ((raw as { kind?: unknown } | null)?.kind === SIMULATION_KIND)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${dir}: is a simulation folder (\`pdm-twin simulate\` writes these: telemetry, waveforms and events), not a dataset; ` +
        'models learn from and are scored on datasets of features, which `pdm-twin generate` (from a scenario) or `pdm-twin import` make',
    );
  const r = DatasetManifestSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${join(dir, 'manifest.json')}: not a ${DATASET_KIND} manifest${i === undefined ? '' : ` (${i.path.join('.')}: ${i.message})`}; ` +
        'make datasets with `pdm-twin generate` or `pdm-twin import`',
    );
  }
  const table = await readParquetFile(
    join(dir, FEATURES_FILE),
    opts.columns === undefined ? {} : { columns: opts.columns },
  );
  if (opts.columns === undefined) checkConsistent(dir, r.data, table);
  return { dir, manifest: r.data, table };
}

/** The type each identity and label column must have (as generate and import write them). */
const KEY_TYPES: Readonly<Record<string, string>> = {
  machine_id: 'string',
  time: 'float64',
  mode: 'string',
  rul: 'float64',
  maintenance_due: 'bool',
};

/**
 * Refuses a manifest that disagrees with its features file (a hand edit, or files of two
 * datasets put together): the identity and label columns it promises missing or of another
 * type, another number of rows or machines than it says, a machine in two splits (its rows
 * would be learnt from and scored as unseen), or a split naming a machine the file has no row
 * of (a split that seems to hold machines it does not).
 */
function checkConsistent(dir: string, m: DatasetManifest, table: Table): void {
  const file = join(dir, FEATURES_FILE);
  const manifestFile = join(dir, 'manifest.json');
  const names = new Set(table.columns.map((c) => c.name));
  const need = [
    'machine_id',
    'time',
    ...(m.labels.has.mode ? ['mode'] : []),
    ...(m.labels.has.rul ? ['rul'] : []),
    ...(m.labels.has.maintenanceDue ? ['maintenance_due'] : []),
  ];
  const missing = need.filter((c) => !names.has(c));
  if (missing.length > 0)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${file}: has no column ${missing.join(', ')}, which ${manifestFile} says it holds`,
    );
  for (const c of table.columns) {
    const want = KEY_TYPES[c.name];
    if (want !== undefined && c.type !== want)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${file}: column ${c.name} holds ${c.type} values, expected ${want}`,
      );
  }
  if (m.labels.has.rul && m.labels.has.maintenanceDue) {
    // maintenance_due is rul <= horizon wherever the remaining life is known
    const rul = getColumnData(table, 'rul', 'float64');
    const due = getColumnData(table, 'maintenance_due', 'bool');
    let wrong = 0;
    let first = -1;
    for (let i = 0; i < rul.length; i++) {
      const r = rul[i]!;
      if (Number.isFinite(r) && (r <= m.horizon ? 1 : 0) !== due[i]) {
        wrong++;
        if (first < 0) first = i;
      }
    }
    if (wrong > 0)
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${file}: maintenance_due disagrees with rul <= ${m.horizon} (the horizon of ${manifestFile}) on ${wrong} rows, ` +
          `the first at time ${getColumnData(table, 'time', 'float64')[first]} of machine ${getColumnData(table, 'machine_id', 'string')[first]}: ` +
          'the labels were made with another horizon; make the dataset again with the horizon wanted (a model learns its own with labelHorizonH in the training config)',
      );
  }
  const ids = getColumnData(table, 'machine_id', 'string');
  const present = new Set(ids);
  const n = rowCount(table);
  if (n !== m.rows || present.size !== m.machines)
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${file}: holds ${n} rows of ${present.size} machines, but ${manifestFile} says ${m.rows} rows of ${m.machines}; ` +
        'the two files are not of one dataset (make it again with `pdm-twin generate` or `pdm-twin import`)',
    );
  const seen = new Map<string, string>();
  for (const split of ['train', 'validation', 'test'] as const)
    for (const id of m.splits[split]) {
      const other = seen.get(id);
      if (other !== undefined)
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${manifestFile}: splits: machine ${id} is in ${other} and in ${split}; a machine belongs to one split`,
        );
      if (!present.has(id))
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${manifestFile}: splits.${split} names machine ${id}, which has no row in ${file}`,
        );
      seen.set(id, split);
    }
}

/** SHA-256 over a dataset's manifest and features file: what a model was trained on. */
export async function datasetFingerprint(dir: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { readFile } = await import('node:fs/promises');
  const h = createHash('sha256');
  h.update(await readFile(join(dir, 'manifest.json')));
  h.update(await readFile(join(dir, FEATURES_FILE)));
  return `sha256:${h.digest('hex')}`;
}
