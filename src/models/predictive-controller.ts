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

export class PredictiveController {
  private readonly pipeline: MachineFeaturePipeline;
  private readonly scorer: Scorer;
  private readonly columns: number[];
  private readonly threshold: number;
  private readonly debounce: number;
  private readonly x: Float64Array;
  private run = 0;

  constructor(bundle: Bundle, machine: MachineFeatureOptions) {
    const task = bundle.tasks.find((t) => t.task === 'horizon');
    if (task === undefined)
      throw new PdmError(
        'PDM_BUNDLE_FEATURES',
        `bundle ${bundle.name} has no horizon model, which a predictive policy needs`,
      );
    const names = MACHINE_FEATURES.map((f) => f.name);
    this.columns = task.inputs.map((f) => {
      const j = names.indexOf(f);
      if (j < 0)
        throw new PdmError(
          'PDM_BUNDLE_FEATURES',
          `the horizon model needs feature ${f}, which the machine pipeline does not compute`,
        );
      return j;
    });
    this.scorer = scorerForTask(task);
    this.threshold = task.thresholds.probability ?? 0.5;
    this.debounce = task.thresholds.debounce ?? 2;
    this.pipeline = new MachineFeaturePipeline(machine);
    this.x = new Float64Array(this.columns.length);
  }

  onTelemetry(t: TelemetryInput): void {
    this.pipeline.onTelemetry(t);
  }

  onMaintenance(): void {
    this.pipeline.reset();
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
