/**
 * Several datasets as one, for training on their union: a fleet captured with both
 * accelerometers and the same fleet with one, two scenarios, a twin fleet and a rig. They must
 * describe the same features, labels and time unit; machine ids are prefixed with the dataset's
 * position (`1:`, `2:`, ...) so that machines of different datasets never merge, and each split
 * is the union of the datasets' splits. Columns not every dataset has are dropped; the default
 * model inputs and the details are the first dataset's.
 */
import { PdmError } from '../core/errors.js';
import type { TypedArrayCtor } from '../core/typed-arrays.js';
import { concatArrays } from '../core/typed-arrays.js';
import type { Dataset, DatasetManifest } from './dataset.js';
import type { Column } from './table.js';
import { tableFromColumns } from './table.js';

function mismatch(a: Dataset, b: Dataset, what: string, va: unknown, vb: unknown): never {
  throw new PdmError(
    'PDM_DATA_INVALID',
    `${b.dir}: ${what} differs from ${a.dir} (${JSON.stringify(vb)} vs ${JSON.stringify(va)}); ` +
      'datasets trained on together must describe the same features, labels and time unit',
  );
}

/** Concatenates one column over datasets (same name and type in each). */
function concatColumn(parts: readonly Column[], ids: boolean): Column {
  const first = parts[0]!;
  if (first.type === 'string' || first.type === 'float32_list') {
    const data = parts.flatMap((p, k) =>
      ids ? (p.data as string[]).map((id) => `${k + 1}:${id}`) : [...(p.data as unknown[])],
    );
    return { ...first, data } as Column;
  }
  const Ctor = first.data.constructor as TypedArrayCtor<Float64Array>;
  const out = concatArrays(
    Ctor,
    parts.map((p) => p.data as ArrayLike<number>),
  );
  return { ...first, data: out } as Column;
}

/** The union of `list` (one dataset is returned as it is). */
export function mergeDatasets(list: readonly Dataset[]): Dataset {
  if (list.length === 0) throw new PdmError('PDM_USAGE', '--data: expected at least one dataset');
  if (list.length === 1) return list[0]!;
  const a = list[0]!;
  const m = a.manifest;
  const names = (d: Dataset) => d.manifest.features.map((f) => f.name).sort();
  for (const b of list.slice(1)) {
    const n = b.manifest;
    if (names(b).join(',') !== names(a).join(',')) {
      const only = (x: Dataset, y: Dataset) => names(x).filter((f) => !names(y).includes(f));
      mismatch(a, b, 'the feature set', only(a, b).slice(0, 5), only(b, a).slice(0, 5));
    }
    if (n.source !== m.source) mismatch(a, b, 'the source', m.source, n.source);
    if (n.timeUnit !== m.timeUnit) mismatch(a, b, 'the time unit', m.timeUnit, n.timeUnit);
    if (n.horizon !== m.horizon) mismatch(a, b, 'the horizon', m.horizon, n.horizon);
    for (const k of ['mode', 'rul', 'maintenanceDue'] as const) {
      if (n.labels.has[k] !== m.labels.has[k])
        mismatch(a, b, `whether it has ${k} labels`, m.labels.has[k], n.labels.has[k]);
    }
    if (n.rulScoring !== m.rulScoring) mismatch(a, b, 'rulScoring', m.rulScoring, n.rulScoring);
    if (JSON.stringify(n.categories) !== JSON.stringify(m.categories))
      mismatch(a, b, 'the category encodings', m.categories, n.categories);
  }
  const common = a.table.columns.filter((c) =>
    list.every((d) => d.table.columns.some((x) => x.name === c.name && x.type === c.type)),
  );
  const table = tableFromColumns(
    common.map((c) =>
      concatColumn(
        list.map((d) => d.table.columns.find((x) => x.name === c.name)!),
        c.name === 'machine_id',
      ),
    ),
  );
  const splits = (k: keyof DatasetManifest['splits']) =>
    list.flatMap((d, i) => d.manifest.splits[k].map((id) => `${i + 1}:${id}`));
  const manifest: DatasetManifest = {
    ...m,
    rows: list.reduce((n, d) => n + d.manifest.rows, 0),
    machines: list.reduce((n, d) => n + d.manifest.machines, 0),
    labels: {
      ...m.labels,
      classes: [...new Set(list.flatMap((d) => d.manifest.labels.classes))].sort(),
    },
    splits: { train: splits('train'), validation: splits('validation'), test: splits('test') },
    details: { ...m.details, mergedFrom: list.map((d) => d.dir) },
  };
  return { dir: list.map((d) => d.dir).join('+'), manifest, table };
}
