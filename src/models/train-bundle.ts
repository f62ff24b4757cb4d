/**
 * Trains the requested tasks on a dataset and assembles the bundle body: the union of the
 * tasks' inputs (in the dataset's feature order) with units, one robust normaliser over them
 * fitted on training rows only, the models, and where the data came from.
 */
import type { Dataset } from '../data/dataset.js';
import { setImmediate } from 'node:timers/promises';
import { PdmError } from '../core/errors.js';
import { finiteOrNull } from '../core/json.js';
import { RobustScaler } from '../features/normalize.js';
import type { BundleBody, Task, TaskModel } from './bundle.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from './bundle.js';
import type { TrainConfig } from './train-config.js';
import type { TrainProgress } from './train.js';
import { categoriesOf } from './categories.js';
import { stopSignal, taskInputs } from './train-common.js';
import { trainAnomaly, trainFault, trainHorizon, trainRul } from './train.js';
import type { TaskRows } from './training-data.js';
import { taskRows } from './training-data.js';
import { capPerKey, pickRows } from './train-rows.js';

export interface TrainBundleOptions {
  readonly ds: Dataset;
  readonly tasks: readonly Task[];
  readonly config: TrainConfig;
  readonly name: string;
  readonly version: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly fingerprint: string;
  readonly threads?: number;
  readonly onProgress?: (p: TrainProgress) => void;
  readonly onNote?: (task: Task, message: string) => void;
  /** Training stops once this is aborted, with PDM_INTERRUPTED (no bundle is returned). */
  readonly signal?: AbortSignal;
}

/**
 * Throws PDM_INTERRUPTED once `signal` is aborted, after one turn of the event loop: a signal
 * that came while a task ran without a pause (a Mahalanobis fit, a single tree) is queued, and
 * its handler runs in that turn.
 */
async function interruptionPoint(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return;
  await setImmediate();
  if (signal.aborted) throw new PdmError('PDM_INTERRUPTED', 'training interrupted');
}

export interface TrainBundleResult {
  readonly body: BundleBody;
  readonly importance: Partial<Record<Task, readonly { name: string; value: number }[]>>;
}

function inputsOf(o: TrainBundleOptions, task: Task): string[] {
  return taskInputs(o.ds, o.config[task], task);
}

/** The columns of `t` with no finite value in any row. */
export function emptyInputs(t: TaskRows): Set<string> {
  const empty = new Set<string>();
  for (let j = 0; j < t.d; j++) {
    let found = false;
    for (let i = 0; i < t.n && !found; i++) found = Number.isFinite(t.x[i * t.d + j]!);
    if (!found) empty.add(t.features[j]!);
  }
  return empty;
}

function listNames(names: readonly string[]): string {
  return names.length > 8
    ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more`
    : names.join(', ');
}

export async function trainBundle(o: TrainBundleOptions): Promise<TrainBundleResult> {
  const { ds } = o;
  const order = new Map(ds.manifest.features.map((f, i) => [f.name, i]));
  const union = [...new Set(o.tasks.flatMap((t) => inputsOf(o, t)))].sort(
    (a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || (a < b ? -1 : 1),
  );
  const trainAll = taskRows(ds, ['train'], union);
  const sample = pickRows(
    trainAll,
    capPerKey(new Array<string>(trainAll.n).fill(''), 50_000, o.config.seed),
  );
  const rows = Array.from({ length: sample.n }, (_, i) =>
    sample.x.subarray(i * sample.d, (i + 1) * sample.d),
  );
  const unionScaler = RobustScaler.fit(rows, union);
  const empty = emptyInputs(trainAll);
  const scalerFor = (inputs: readonly string[]) => {
    const idx = inputs.map((f) => union.indexOf(f));
    const full = unionScaler.toJSON();
    return {
      ...full,
      center: idx.map((j) => full.center[j] ?? null),
      scale: idx.map((j) => full.scale[j] ?? 1),
      names: [...inputs],
    };
  };
  const ctx = {
    ds,
    config: o.config,
    ...(o.threads === undefined ? {} : { threads: o.threads }),
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
    ...(o.onNote === undefined ? {} : { onNote: o.onNote }),
    ...stopSignal(o),
  };
  const models: TaskModel[] = [];
  const importance: Partial<Record<Task, readonly { name: string; value: number }[]>> = {};
  for (const task of o.tasks) {
    await interruptionPoint(o.signal);
    const inputs = inputsOf(o, task);
    const unused = inputs.filter((f) => empty.has(f));
    if (unused.length > 0)
      o.onNote?.(
        task,
        `${unused.length === 1 ? 'input' : `${unused.length} inputs`} ${listNames(unused)} ${unused.length === 1 ? 'has' : 'have'} no value in any training row (missing or NaN ` +
          `in every training row of ${o.ds.dir}, whatever the other splits hold): the model learns nothing from ${unused.length === 1 ? 'it' : 'them'} and reads ${unused.length === 1 ? 'it' : 'them'} as missing wherever ${unused.length === 1 ? 'it is' : 'they are'} given`,
      );
    const s = scalerFor(inputs);
    const r =
      task === 'fault'
        ? await trainFault(ctx, s)
        : task === 'horizon'
          ? await trainHorizon(ctx, s)
          : task === 'rul'
            ? await trainRul(ctx, s)
            : trainAnomaly(ctx, s);
    models.push({
      ...r.model,
      validationMetrics: finiteOrNull(r.model.validationMetrics) as Record<string, unknown>,
      config: { ...r.model.config, normalization: s, importance: r.importance.slice(0, 40) },
    });
    importance[task] = r.importance;
  }
  // networks stop early on the signal and return what they have: never a bundle
  await interruptionPoint(o.signal);
  const unitOf = new Map(ds.manifest.features.map((f) => [f.name, f.unit]));
  return {
    body: {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      name: o.name,
      version: o.version,
      createdAt: o.createdAt,
      createdBy: o.createdBy,
      features: {
        names: union,
        units: union.map((f) => unitOf.get(f) ?? ''),
        normalization: unionScaler.toJSON(),
        categories: categoriesOf(ds.manifest.categories, union),
      },
      data: {
        fingerprint: o.fingerprint,
        rows: ds.manifest.rows,
        machines: ds.manifest.machines,
        timeUnit: ds.manifest.timeUnit,
        horizon: ds.manifest.horizon,
        source: ds.manifest.source,
      },
      tasks: models,
    },
    importance,
  };
}
