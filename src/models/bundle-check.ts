/**
 * What a bundle's signature cannot say: that its content is a model this runtime can run. A
 * bundle can be well formed and signed and still hold a task twice, a model kind of a newer
 * release, a model whose own fields are damaged, or no alarm threshold. Each of those would
 * otherwise surface mid-evaluation as a TypeError, as a default threshold used in silence, or
 * as an ONNX file that ONNX Runtime refuses. Checked where a bundle is loaded for use
 * (verify, evaluate, policy, export), with the file and the task named.
 */
import { PdmError, isPdmError } from '../core/errors.js';
import type { Bundle, Task } from './bundle.js';
import { scorerForTask } from './scorer.js';
import { TASK_ALGOS } from './train-config.js';

/** The model kinds each task's runtime reads (the `kind` of a task's `model`). */
export const TASK_MODEL_KINDS: Record<Task, readonly string[]> = {
  fault: ['gbdt', 'forest', 'mlp', 'fault_severity'],
  horizon: ['gbdt', 'forest', 'mlp'],
  rul: ['gbdt_quantiles', 'forest_quantiles', 'mlp', 'lstm', 'degradation'],
  anomaly: ['mahalanobis', 'isolation_forest'],
};

/** Thresholds a task's decisions cannot do without. */
const REQUIRED_THRESHOLDS: Record<Task, readonly string[]> = {
  fault: [],
  horizon: ['probability', 'debounce'],
  rul: [],
  anomaly: ['score', 'debounce'],
};

/** Outputs per row a task's scorer may give (null: any). */
function expectedOutputs(task: Bundle['tasks'][number]): number[] | null {
  if (task.task === 'anomaly') return [1];
  if (task.task === 'horizon') return [1, 2]; // a probability, or both classes'
  if (task.task === 'fault') {
    const k = task.classes?.length;
    // a two-class network gives one probability per row (of the second class)
    return k === undefined ? null : k === 2 ? [1, 2] : [k];
  }
  return null; // rul: as many as its quantiles
}

function corrupt(source: string, where: string, what: string): PdmError {
  return new PdmError('PDM_BUNDLE_CORRUPT', `${source}: ${where}: ${what}`);
}

/** Refuses a bundle whose tasks this runtime cannot run, naming the task and what is wrong. */
export function checkBundleModels(b: Bundle, source: string): void {
  const features = new Set(b.features.names);
  if (features.size !== b.features.names.length)
    throw corrupt(source, 'features.names', 'a feature is listed twice');
  if (b.features.units.length !== b.features.names.length)
    throw corrupt(
      source,
      'features.units',
      `${b.features.units.length} units for ${b.features.names.length} features`,
    );
  const seen = new Set<Task>();
  b.tasks.forEach((t, i) => {
    const where = `tasks.${i} (${t.task})`;
    if (seen.has(t.task))
      throw corrupt(source, where, `a second ${t.task} model; a bundle holds one per task`);
    seen.add(t.task);
    const unknown = t.inputs.filter((f) => !features.has(f));
    if (unknown.length > 0)
      throw corrupt(
        source,
        `${where} inputs`,
        `${unknown.slice(0, 5).join(', ')} not among features.names`,
      );
    if (new Set(t.inputs).size !== t.inputs.length)
      throw corrupt(source, `${where} inputs`, 'an input is listed twice');
    const kind =
      typeof t.model === 'object' && t.model !== null && 'kind' in t.model
        ? t.model.kind
        : undefined;
    if (typeof kind !== 'string' || !TASK_MODEL_KINDS[t.task].includes(kind))
      throw corrupt(
        source,
        `${where} model.kind`,
        `${kind === undefined ? 'missing' : JSON.stringify(kind)}; this runtime reads ${TASK_MODEL_KINDS[t.task].join(', ')} for ${t.task} (a bundle from a newer release needs that release)`,
      );
    const algos: readonly string[] = TASK_ALGOS[t.task];
    if (!algos.includes(t.algo))
      throw corrupt(
        source,
        `${where} algo`,
        `${JSON.stringify(t.algo)}; ${t.task} models are trained with ${algos.join(', ')}`,
      );
    const missing = REQUIRED_THRESHOLDS[t.task].filter((k) => !Number.isFinite(t.thresholds[k]));
    if (missing.length > 0)
      throw corrupt(source, `${where} thresholds`, `${missing.join(', ')} missing`);
    if (t.task === 'fault' && (t.classes === undefined || t.classes.length < 2))
      throw corrupt(source, `${where} classes`, 'a diagnosis needs at least two classes');
    // The model's own fields: build its scorer and score one row of missing values.
    let out: Float64Array;
    let outputs = 0;
    try {
      const scorer = scorerForTask(t);
      outputs = scorer.outputs;
      out = scorer.score({
        x: new Float64Array(t.inputs.length).fill(Number.NaN),
        n: 1,
        d: t.inputs.length,
        machineIds: ['probe'],
        time: Float64Array.of(0),
      });
    } catch (err) {
      const msg = isPdmError(err)
        ? err.message
        : `${(err as Error).name}: ${(err as Error).message}`;
      throw corrupt(source, `${where} model (${kind})`, `cannot be read: ${msg}`);
    }
    const want = expectedOutputs(t);
    if ((want !== null && !want.includes(out.length)) || out.length !== outputs)
      throw corrupt(
        source,
        `${where} model (${kind})`,
        `gives ${out.length} outputs per row, expected ${(want ?? [outputs]).join(' or ')}`,
      );
  });
}
