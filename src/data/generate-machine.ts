/**
 * One machine of `generate`: simulate it, turn every capture into a feature row on the fly
 * (waveforms are dropped unless asked for), and collect telemetry and events as `simulate`
 * does. The same pipeline an edge node runs computes the features.
 */
import { MACHINE_FEATURES, MachineFeaturePipeline } from '../features/machine-features.js';
import type { FleetMember } from '../twin/fleet.js';
import { FAULT_MODES } from '../twin/modes.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { CaptureRow, MachineSummary } from '../twin/simulation.js';
import { simulateMachine } from '../twin/simulation.js';
import type { Column, Table } from './table.js';
import {
  captureInput,
  pipelineOptionsFor,
  repairableModes,
  telemetryInput,
} from './twin-features.js';
import { TableBuilder, tableFromColumns } from './table.js';
import {
  CAPTURE_COLUMNS,
  EVENT_COLUMNS,
  TELEMETRY_COLUMNS,
  captureRows,
  eventRow,
  telemetryRow,
} from './twin-tables.js';

export const FEATURE_LABEL_COLUMNS = [
  'mode',
  'severity',
  'fault_location',
  'health_index',
  'rul',
  'maintenance_due',
  'active_modes',
  ...FAULT_MODES.map((m) => `sev_${m}`),
] as const;

export interface GeneratedMachine {
  readonly machineId: string;
  readonly features: Table;
  readonly telemetry: Table;
  readonly events: Table;
  readonly captures: Table | null;
  readonly summary: MachineSummary;
}

class FeatureRows {
  private n = 0;
  private cap = 256;
  private values = new Float64Array(this.cap * MACHINE_FEATURES.length);
  private readonly time: number[] = [];
  private readonly captureId: number[] = [];
  private readonly strings: Record<'mode' | 'fault_location' | 'active_modes', string[]> = {
    mode: [],
    fault_location: [],
    active_modes: [],
  };
  private readonly nums: Record<string, number[]> = {};
  private readonly due: number[] = [];

  add(c: CaptureRow, row: Float64Array): void {
    if (this.n === this.cap) {
      this.cap *= 2;
      const v = new Float64Array(this.cap * MACHINE_FEATURES.length);
      v.set(this.values);
      this.values = v;
    }
    this.values.set(row, this.n * MACHINE_FEATURES.length);
    this.n++;
    this.time.push(c.tH);
    this.captureId.push(c.captureId);
    this.strings.mode.push(c.truth.mode);
    this.strings.fault_location.push(c.truth.location ?? '');
    this.strings.active_modes.push(c.truth.activeModes);
    const num = (k: string, v: number): void => {
      (this.nums[k] ??= []).push(v);
    };
    num('severity', c.truth.severity);
    num('health_index', c.truth.healthIndex);
    num('rul', c.rulH);
    for (const m of FAULT_MODES) num(`sev_${m}`, c.truth.severities[m]);
    this.due.push(c.maintenanceDue ? 1 : 0);
  }

  build(machineId: string): Table {
    const d = MACHINE_FEATURES.length;
    const cols: Column[] = [
      { name: 'machine_id', type: 'string', data: new Array<string>(this.n).fill(machineId) },
      { name: 'time', type: 'float64', data: Float64Array.from(this.time) },
      { name: 'capture_id', type: 'int32', data: Int32Array.from(this.captureId) },
      ...MACHINE_FEATURES.map((f, j): Column => {
        const a = new Float64Array(this.n);
        for (let i = 0; i < this.n; i++) a[i] = this.values[i * d + j]!;
        return { name: f.name, type: 'float64', data: a };
      }),
      { name: 'mode', type: 'string', data: this.strings.mode },
      { name: 'severity', type: 'float64', data: Float64Array.from(this.nums.severity ?? []) },
      { name: 'fault_location', type: 'string', data: this.strings.fault_location },
      {
        name: 'health_index',
        type: 'float64',
        data: Float64Array.from(this.nums.health_index ?? []),
      },
      { name: 'rul', type: 'float64', data: Float64Array.from(this.nums.rul ?? []) },
      { name: 'maintenance_due', type: 'bool', data: Uint8Array.from(this.due) },
      { name: 'active_modes', type: 'string', data: this.strings.active_modes },
      ...FAULT_MODES.map((m): Column => ({
        name: `sev_${m}`,
        type: 'float64',
        data: Float64Array.from(this.nums[`sev_${m}`] ?? []),
      })),
    ];
    return tableFromColumns(cols);
  }
}

export function generateMachine(
  member: FleetMember,
  s: Scenario,
  keepWaveforms: boolean,
  progress?: (doneH: number) => void,
): GeneratedMachine {
  const m = member.machine;
  const pipeline = new MachineFeaturePipeline(pipelineOptionsFor(m));
  const restored = repairableModes(s);
  const rows = new FeatureRows();
  const scratch = new Float64Array(MACHINE_FEATURES.length);
  const tel = new TableBuilder(TELEMETRY_COLUMNS, 4096);
  const ev = new TableBuilder(EVENT_COLUMNS, 64);
  const cap = keepWaveforms ? new TableBuilder(CAPTURE_COLUMNS, 256) : null;
  let lastReport = -1;
  const summary = simulateMachine(member, s, {
    telemetry: (r) => {
      tel.append(telemetryRow(r));
      pipeline.onTelemetry(telemetryInput(r));
    },
    event: (e) => {
      ev.append(eventRow(e));
      if (e.type === 'maintenance') pipeline.reset(restored);
    },
    capture: (c) => {
      const row = pipeline.onCapture(captureInput(c), scratch);
      rows.add(c, row);
      if (cap !== null) for (const r of captureRows(c)) cap.append(r);
    },
    progress: (doneH) => {
      if (progress !== undefined && doneH - lastReport >= s.durationH / 50) {
        lastReport = doneH;
        progress(doneH);
      }
    },
  });
  return {
    machineId: m.id,
    features: rows.build(m.id),
    telemetry: tel.build(),
    events: ev.build(),
    captures: cap?.build() ?? null,
    summary,
  };
}
