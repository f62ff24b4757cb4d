/**
 * The twin's outputs as tables: column names, types and units of telemetry, events and
 * captures, shared by `simulate`, `generate` and the docs. Every telemetry row and capture
 * carries the same label columns.
 */
import type { CaptureRow, EventRow, Labels, TelemetryRow } from '../twin/simulation.js';
import { FAULT_MODES } from '../twin/modes.js';
import type { ColumnSpec, Row } from './table.js';

export interface ColumnDoc extends ColumnSpec {
  readonly unit: string;
  readonly description: string;
}

export const LABEL_COLUMNS: readonly ColumnDoc[] = [
  {
    name: 'mode',
    type: 'string',
    unit: '',
    description: 'dominant active failure mode (normal when none)',
  },
  { name: 'severity', type: 'float64', unit: '0-1', description: 'severity of the dominant mode' },
  {
    name: 'fault_location',
    type: 'string',
    unit: '',
    description: 'bearing of the dominant mode (de, fe) or empty',
  },
  {
    name: 'health_index',
    type: 'float64',
    unit: '0-1',
    description: '1 - max(severity / threshold) over all modes',
  },
  {
    name: 'rul_h',
    type: 'float64',
    unit: 'h',
    description: 'hours to the next failure; empty when censored or down',
  },
  {
    name: 'maintenance_due',
    type: 'bool',
    unit: '',
    description: 'rul_h <= horizon (default 168 h)',
  },
  { name: 'active_modes', type: 'string', unit: '', description: 'comma-separated active modes' },
  ...FAULT_MODES.map((m): ColumnDoc => ({
    name: `sev_${m}`,
    type: 'float64',
    unit: '0-1',
    description: `severity of ${m} (max over bearings)`,
  })),
];

export function labelValues(l: Labels): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {
    mode: l.truth.mode,
    severity: l.truth.severity,
    fault_location: l.truth.location ?? '',
    health_index: l.truth.healthIndex,
    rul_h: l.rulH,
    maintenance_due: l.maintenanceDue,
    active_modes: l.truth.activeModes,
  };
  for (const m of FAULT_MODES) out[`sev_${m}`] = l.truth.severities[m];
  return out;
}

export const TELEMETRY_COLUMNS: readonly ColumnDoc[] = [
  { name: 'machine_id', type: 'string', unit: '', description: 'machine id' },
  {
    name: 'time_h',
    type: 'float64',
    unit: 'h',
    description: 'simulated time since the scenario start',
  },
  { name: 'status', type: 'string', unit: '', description: 'running, stopped or down' },
  { name: 'operating_h', type: 'float64', unit: 'h', description: 'running-hours counter' },
  {
    name: 'speed_rpm',
    type: 'float64',
    unit: 'rpm',
    description: 'shaft speed (tachometer; empty without one)',
  },
  {
    name: 'load',
    type: 'float64',
    unit: '0-1.5',
    description: 'load torque as a fraction of rated (from the drive)',
  },
  { name: 'current_a', type: 'float64', unit: 'A', description: 'phase current RMS' },
  {
    name: 'temp_winding_c',
    type: 'float64',
    unit: 'C',
    description: 'stator winding temperature (embedded RTD)',
  },
  { name: 'temp_frame_c', type: 'float64', unit: 'C', description: 'frame surface temperature' },
  {
    name: 'temp_bearing_de_c',
    type: 'float64',
    unit: 'C',
    description: 'drive-end bearing housing temperature',
  },
  { name: 'temp_ambient_c', type: 'float64', unit: 'C', description: 'ambient temperature' },
  {
    name: 'vib_de_vel_mm_s',
    type: 'float64',
    unit: 'mm/s',
    description: 'drive-end velocity RMS, 10-1000 Hz (ISO 20816)',
  },
  {
    name: 'vib_fe_vel_mm_s',
    type: 'float64',
    unit: 'mm/s',
    description: 'fan-end velocity RMS, 10-1000 Hz',
  },
  { name: 'vib_de_acc_g', type: 'float64', unit: 'g', description: 'drive-end acceleration RMS' },
  { name: 'vib_fe_acc_g', type: 'float64', unit: 'g', description: 'fan-end acceleration RMS' },
  ...LABEL_COLUMNS,
];

export function telemetryRow(r: TelemetryRow): Row {
  const x = r.reading;
  return {
    machine_id: r.machineId,
    time_h: r.tH,
    status: r.status,
    operating_h: r.operatingHours,
    speed_rpm: x.speedRpm,
    load: x.loadFraction,
    current_a: x.currentA,
    temp_winding_c: x.tempWindingC,
    temp_frame_c: x.tempFrameC,
    temp_bearing_de_c: x.tempBearingDeC,
    temp_ambient_c: x.tempAmbientC,
    vib_de_vel_mm_s: x.vibDeVelMmS,
    vib_fe_vel_mm_s: x.vibFeVelMmS,
    vib_de_acc_g: x.vibDeAccG,
    vib_fe_acc_g: x.vibFeAccG,
    ...labelValues(r),
  };
}

export const EVENT_COLUMNS: readonly ColumnDoc[] = [
  { name: 'machine_id', type: 'string', unit: '', description: 'machine id' },
  { name: 'time_h', type: 'float64', unit: 'h', description: 'when it happened' },
  {
    name: 'type',
    type: 'string',
    unit: '',
    description:
      'onset, alarm, failure, maintenance, or sensor_fault and sensor_restored (a scheduled sensor fault starts and ends)',
  },
  {
    name: 'mode',
    type: 'string',
    unit: '',
    description: 'failure mode concerned (empty for alarms and maintenance)',
  },
  {
    name: 'location',
    type: 'string',
    unit: '',
    description: 'bearing (de, fe) for bearing-located modes and the sensors of a bearing',
  },
  { name: 'severity', type: 'float64', unit: '0-1', description: 'severity at the event' },
  {
    name: 'detail',
    type: 'string',
    unit: '',
    description: 'alarm reason, maintenance kind, or the sensor fault (kind, sensor, window)',
  },
];

export function eventRow(e: EventRow): Row {
  return {
    machine_id: e.machineId,
    time_h: e.tH,
    type: e.type,
    mode: e.mode,
    location: e.location ?? '',
    severity: e.severity,
    detail: e.detail,
  };
}

export const CAPTURE_COLUMNS: readonly ColumnDoc[] = [
  { name: 'machine_id', type: 'string', unit: '', description: 'machine id' },
  {
    name: 'capture_id',
    type: 'int32',
    unit: '',
    description:
      'the simulation step the capture was taken at: unique within the machine, increasing with time',
  },
  { name: 'time_h', type: 'float64', unit: 'h', description: 'capture time' },
  { name: 'sensor', type: 'string', unit: '', description: 'accel_de, accel_fe or current' },
  { name: 'unit', type: 'string', unit: '', description: 'unit of the samples: g or A' },
  { name: 'fs_hz', type: 'float64', unit: 'Hz', description: 'sample rate' },
  { name: 'n_samples', type: 'int32', unit: '', description: 'samples in the capture' },
  {
    name: 'speed_rpm',
    type: 'float64',
    unit: 'rpm',
    description: 'shaft speed during the capture (empty without a tachometer)',
  },
  { name: 'load', type: 'float64', unit: '0-1.5', description: 'load torque fraction' },
  { name: 'supply_hz', type: 'float64', unit: 'Hz', description: 'supply frequency' },
  { name: 'clipped', type: 'int32', unit: '', description: 'samples clipped at the sensor range' },
  { name: 'samples', type: 'float32_list', unit: 'g or A', description: 'the waveform' },
  ...LABEL_COLUMNS,
];

/** One row per sensor of a capture. */
export function captureRows(c: CaptureRow): Row[] {
  const common = {
    machine_id: c.machineId,
    capture_id: c.captureId,
    time_h: c.tH,
    speed_rpm: c.speedRpm,
    load: c.loadFraction,
    supply_hz: c.supplyHz,
    ...labelValues(c),
  };
  const rows: Row[] = c.vibration.map((v) => ({
    ...common,
    sensor: `accel_${v.location}`,
    unit: 'g',
    fs_hz: v.fsHz,
    n_samples: v.accelG.length,
    clipped: v.clippedSamples,
    samples: v.accelG,
  }));
  if (c.currentA !== null) {
    rows.push({
      ...common,
      sensor: 'current',
      unit: 'A',
      fs_hz: c.currentFsHz,
      n_samples: c.currentA.length,
      clipped: 0,
      samples: c.currentA,
    });
  }
  return rows;
}

/** Columns of `captures/<machine_id>.csv`: one row per sample (machine-captures.ts). */
export const WAVEFORM_LONG_COLUMNS: readonly ColumnDoc[] = [
  {
    name: 'capture_id',
    type: 'int32',
    unit: '',
    description: 'the capture (a row of captures.csv)',
  },
  { name: 'sensor', type: 'string', unit: '', description: 'accel_de, accel_fe or current' },
  { name: 't_s', type: 'float64', unit: 's', description: 'time from the capture start' },
  {
    name: 'value',
    type: 'float32',
    unit: 'g or A',
    description: 'the sample (g for accelerometers, A for current)',
  },
];

/** A column's documentation as manifests write it (name, type, unit, description). */
export function columnDocs(cols: readonly ColumnDoc[]) {
  return cols.map(({ name, type, unit, description }) => ({ name, type, unit, description }));
}

/**
 * The columns of the capture files in `format`: in Parquet each capture row holds its samples;
 * in CSV the index (captures.csv) has none, and the waveforms are in long form per machine
 * (`waveformColumns`).
 */
export function captureColumnDocs(format: 'parquet' | 'csv') {
  return format === 'csv'
    ? {
        columns: columnDocs(CAPTURE_COLUMNS.filter((c) => c.name !== 'samples')),
        waveformColumns: columnDocs(WAVEFORM_LONG_COLUMNS),
      }
    : { columns: columnDocs(CAPTURE_COLUMNS) };
}
