/**
 * The maintenance decision an edge node makes with a bundle's horizon model: features from
 * each capture (the same pipeline as training), the probability of failure within the
 * horizon, and an alarm after `debounce` consecutive captures over the bundle's threshold,
 * which books maintenance `responseH` later. Baselines restart after every maintenance.
 */
import { PdmError } from '../core/errors.js';
import type {
  CaptureInput,
  MachineFeatureOptions,
  TelemetryInput,
} from '../features/machine-features.js';
import { MACHINE_FEATURES, MachineFeaturePipeline } from '../features/machine-features.js';
import type { Bundle } from './bundle.js';
import type { Scorer } from './scorer.js';
import { scorerForTask } from './scorer.js';

export interface Decision {
  readonly probability: number;
  readonly alarm: boolean;
}

/**
 * The bundle's horizon model and where its inputs sit in the machine pipeline's row; refuses a
 * bundle without a horizon model or with inputs the pipeline does not compute (a model trained
 * on an imported table), so that a policy run can check its bundle before it simulates anything.
 */
export function predictiveInputs(
  bundle: Bundle,
  source = `bundle ${bundle.name}`,
): {
  task: Bundle['tasks'][number];
  columns: number[];
} {
  const task = bundle.tasks.find((t) => t.task === 'horizon');
  if (task === undefined) {
    throw new PdmError(
      'PDM_USAGE',
      `${source} has no horizon model, which a predictive policy needs ` +
        `(it holds ${bundle.tasks.map((t) => t.task).join(', ')}); train one with ` +
        '`pdm-twin train --task horizon` (or `--task all`) on a dataset from `pdm-twin generate`',
    );
  }
  const names = MACHINE_FEATURES.map((f) => f.name);
  const missing = task.inputs.filter((f) => !names.includes(f));
  if (missing.length > 0) {
    throw new PdmError(
      'PDM_BUNDLE_FEATURES',
      `${source}: the horizon model needs ${missing.slice(0, 5).join(', ')}` +
        `${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}, which the twin's machine ` +
        'feature pipeline does not compute: a policy runs the twin, so its model must be trained ' +
        'on a dataset from `pdm-twin generate`',
    );
  }
  return { task, columns: task.inputs.map((f) => names.indexOf(f)) };
}

export class PredictiveController {
  private readonly pipeline: MachineFeaturePipeline;
  private readonly scorer: Scorer;
  private readonly columns: number[];
  private readonly threshold: number;
  private readonly debounce: number;
  private readonly x: Float64Array;
  private run = 0;

  constructor(bundle: Bundle, machine: MachineFeatureOptions) {
    const { task, columns } = predictiveInputs(bundle);
    this.columns = columns;
    this.scorer = scorerForTask(task);
    this.threshold = task.thresholds.probability ?? 0.5;
    this.debounce = task.thresholds.debounce ?? 2;
    this.pipeline = new MachineFeaturePipeline(machine);
    this.x = new Float64Array(this.columns.length);
  }

  onTelemetry(t: TelemetryInput): void {
    this.pipeline.onTelemetry(t);
  }

  /** Maintenance that can restore the `restored` modes (all when not given). */
  onMaintenance(restored?: readonly string[]): void {
    this.pipeline.reset(restored);
    this.run = 0;
  }

  onCapture(c: CaptureInput): Decision {
    const row = this.pipeline.onCapture(c);
    this.columns.forEach((j, k) => (this.x[k] = row[j]!));
    const out = this.scorer.score({
      x: this.x,
      n: 1,
      d: this.x.length,
      machineIds: [''],
      time: Float64Array.of(c.tH),
    });
    const p = out.length === 2 ? out[1]! : out[0]!;
    this.run = p >= this.threshold ? this.run + 1 : 0;
    const alarm = this.run >= this.debounce;
    if (alarm) this.run = 0;
    return { probability: p, alarm };
  }
}
