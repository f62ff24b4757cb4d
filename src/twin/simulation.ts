/**
 * Runs one machine through a scenario: slow steps, telemetry, captures, alarms, maintenance
 * and events, with ground truth on every row. The remaining useful life needs the future,
 * so a first pass runs the slow state alone (it is cheap and draws from its own random
 * streams, so the second pass repeats it exactly) to find the failures, looking `horizonH`
 * past the end; the second pass emits rows with their labels. Pure: results go to callbacks.
 */
import { Random } from '../core/random.js';
import type { VibrationCapture } from './capture.js';
import { captureCurrent, captureVibration } from './capture.js';
import type { FleetMember } from './fleet.js';
import type { BearingLocation } from './health.js';
import type { Machine, MachineState, MachineStatus } from './machine.js';
import { initialState, repairModes, stepMachine, takeDown } from './machine.js';
import type { FaultMode } from './modes.js';
import type { Scenario } from './scenario-schema.js';
import type { TelemetryReading } from './telemetry.js';
import { createTelemetryMemory, readTelemetry } from './telemetry.js';
import type { GroundTruth } from './truth.js';
import { groundTruth } from './truth.js';
import { VibrationSynth } from './vibration.js';

export const EVENT_TYPES = [
  'onset',
  'alarm',
  'failure',
  'maintenance',
  // a scheduled sensor fault (scenario `sensorFaults`) starts, and ends
  'sensor_fault',
  'sensor_restored',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventRow {
  readonly tH: number;
  readonly machineId: string;
  readonly type: EventType;
  /** The mode concerned ('' for maintenance covering several). */
  readonly mode: FaultMode | '';
  readonly location: BearingLocation | null;
  readonly severity: number;
  readonly detail: string;
}

export interface Labels {
  readonly truth: GroundTruth;
  /** Hours to the next failure; NaN when censored or while the machine is down. */
  readonly rulH: number;
  readonly maintenanceDue: boolean;
}

export interface TelemetryRow extends Labels {
  readonly tH: number;
  readonly machineId: string;
  readonly status: MachineStatus;
  readonly operatingHours: number;
  readonly reading: TelemetryReading;
}

export interface CaptureRow extends Labels {
  readonly tH: number;
  readonly machineId: string;
  /** Identifies the capture within the machine (its slow-step index). */
  readonly captureId: number;
  readonly speedRpm: number;
  readonly loadFraction: number;
  readonly supplyHz: number;
  readonly vibration: readonly VibrationCapture[];
  readonly currentA: Float32Array | null;
  readonly currentFsHz: number;
}

export interface SimulationCallbacks {
  telemetry?(row: TelemetryRow): void;
  /** Captures are synthesised only when this callback (or `decide`) is given. */
  capture?(row: CaptureRow): void;
  /**
   * A predictive policy: after each capture it may ask for maintenance, and the machine is then
   * overhauled `inH` hours later unless it failed or was maintained before.
   */
  decide?(row: CaptureRow): MaintenanceRequest | null;
  event?(e: EventRow): void;
  /** Called with the simulated hours done, about every 1 % of the run. */
  progress?(doneH: number, totalH: number): void;
}

export interface MaintenanceRequest {
  readonly inH: number;
  readonly reason: string;
}

export interface MachineSummary {
  readonly machineId: string;
  readonly failures: number;
  readonly onsets: number;
  readonly maintenanceActions: number;
  readonly preventiveActions: number;
  readonly correctiveActions: number;
  readonly alarms: number;
  readonly operatingHours: number;
  readonly downtimeH: number;
  /** Down time after failures (corrective repair). */
  readonly unplannedDowntimeH: number;
  readonly telemetryRows: number;
  readonly captures: number;
}

interface Alarms {
  counts: [number, number, number, number];
  active: boolean;
  clearCount: number;
}

function startHourOfDay(s: Scenario): number {
  const d = new Date(s.start);
  return d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
}

function rulAt(failures: readonly number[], tH: number, status: MachineStatus): number {
  if (status === 'down') return Number.NaN;
  for (const f of failures) if (f >= tH - 1e-9) return Math.max(0, f - tH);
  return Number.NaN;
}

/**
 * Checks alarm limits on a reading; returns a description when a new alarm is raised. An
 * alarm is raised after `debounce` consecutive readings over a limit and clears only after
 * `debounce` readings with every channel below 80 % of its limit (hysteresis, so a value
 * hovering at a limit does not raise a stream of alarms).
 */
function checkAlarms(s: Scenario, a: Alarms, r: TelemetryReading): string | null {
  const lim = s.alarms;
  const vel = Math.max(r.vibDeVelMmS, r.vibFeVelMmS);
  const acc = Math.max(r.vibDeAccG, r.vibFeAccG);
  const values = [vel, acc, r.tempBearingDeC, r.tempWindingC];
  const limits = [lim.velocityMmS, lim.accelG, lim.bearingTempC, lim.windingTempC];
  for (let i = 0; i < 4; i++) a.counts[i] = values[i]! > limits[i]! ? a.counts[i]! + 1 : 0;
  if (a.active) {
    const clear = values.every((v, i) => !(v > 0.8 * limits[i]!));
    a.clearCount = clear ? a.clearCount + 1 : 0;
    if (a.clearCount >= lim.debounce) a.active = false;
    return null;
  }
  const idx = a.counts.findIndex((c) => c >= lim.debounce);
  if (idx < 0) return null;
  a.active = true;
  a.clearCount = 0;
  return [
    `vibration velocity ${vel.toFixed(2)} mm/s > ${lim.velocityMmS}`,
    `vibration acceleration ${acc.toFixed(3)} g > ${lim.accelG}`,
    `bearing temperature ${r.tempBearingDeC.toFixed(1)} C > ${lim.bearingTempC}`,
    `winding temperature ${r.tempWindingC.toFixed(1)} C > ${lim.windingTempC}`,
  ][idx]!;
}

interface PassResult {
  failures: number[];
  summary: MachineSummary;
}

function runPass(
  member: FleetMember,
  s: Scenario,
  endH: number,
  failures: readonly number[] | null,
  cb: SimulationCallbacks,
): PassResult {
  const m: Machine = member.machine;
  const st: MachineState = initialState(m, member.specs);
  const stepH = s.stepS / 3600;
  const telEvery = Math.round(s.telemetry.periodS / s.stepS);
  const capEvery = Math.round((s.capture.periodH * 3600) / s.stepS);
  const steps = Math.ceil(endH / stepH - 1e-9);
  const emitUntilH = s.durationH + 1e-9;
  const hour0 = startHourOfDay(s);
  const telRng = new Random(m.seed, 'machine', m.index, 'telemetry');
  const mem = createTelemetryMemory(st);
  const alarms: Alarms = { counts: [0, 0, 0, 0], active: false, clearCount: 0 };
  const maint = s.maintenance;
  const H = s.labels.horizonH;
  const synth = cb.capture === undefined && cb.decide === undefined ? null : new VibrationSynth();
  const nCapture = Math.round(s.capture.durationS * s.capture.sampleRateHz);
  const nCurrent = Math.round(s.capture.currentDurationS * s.capture.currentSampleRateHz);
  // The physical acceleration before the sensor chain, reused by every capture of the pass.
  const physicsScratch = new Float64Array(synth === null ? 0 : nCapture);
  const found: number[] = [];
  let pendingMaintenanceH = Number.POSITIVE_INFINITY;
  let lastPmHours = 0;
  let onsets = 0;
  let maintenanceActions = 0;
  let preventiveActions = 0;
  let correctiveActions = 0;
  let alarmCount = 0;
  let downtimeH = 0;
  let unplannedDowntimeH = 0;
  const downState = { unplanned: false };
  let pendingReason = '';
  let telemetryRows = 0;
  let captures = 0;
  const progressEvery = Math.max(1, Math.floor(steps / 100));

  const emit = (e: EventRow): void => {
    if (e.tH <= emitUntilH) cb.event?.(e);
  };
  const labels = (tH: number): Labels => {
    const truth = groundTruth(m, st);
    const rulH = failures === null ? Number.NaN : rulAt(failures, tH, st.status);
    return { truth, rulH, maintenanceDue: Number.isFinite(rulH) && rulH <= H };
  };
  const maintain = (
    tH: number,
    downtime: number,
    scope: readonly FaultMode[],
    detail: string,
    corrective = false,
  ): void => {
    repairModes(st, scope);
    downState.unplanned = corrective;
    if (tH <= emitUntilH) {
      if (corrective) correctiveActions++;
      else preventiveActions++;
    }
    takeDown(st, tH + downtime);
    lastPmHours = st.operatingHours;
    alarms.active = false;
    alarms.counts = [0, 0, 0, 0];
    pendingMaintenanceH = Number.POSITIVE_INFINITY;
    pendingReason = '';
    maintenanceActions++;
    emit({
      tH,
      machineId: m.id,
      type: 'maintenance',
      mode: '',
      location: null,
      severity: 0,
      detail,
    });
  };

  // The ground truth of the sensor faults: their starts and ends, in time order.
  const sensorEvents = m.sensorFaults
    .flatMap((f) =>
      (
        [
          [f.startH, 'sensor_fault', `${f.kind} ${f.sensor} until ${f.endH} h`],
          [f.endH, 'sensor_restored', `${f.kind} ${f.sensor} from ${f.startH} h ended`],
        ] as const
      ).map(([tH, type, detail]) => ({
        tH,
        type,
        detail,
        location:
          f.sensor === 'accel_de' || f.sensor === 'temp_bearing_de'
            ? ('de' as const)
            : f.sensor === 'accel_fe'
              ? ('fe' as const)
              : null,
      })),
    )
    .sort((a, b) => a.tH - b.tH);
  let nextSensorEvent = 0;

  for (let k = 0; k < steps; k++) {
    const t0 = st.tH;
    while (
      nextSensorEvent < sensorEvents.length &&
      sensorEvents[nextSensorEvent]!.tH < (k + 1) * stepH - 1e-9
    ) {
      const e = sensorEvents[nextSensorEvent++]!;
      emit({ ...e, machineId: m.id, mode: '', severity: 0 });
    }
    if (st.status !== 'down' && t0 >= pendingMaintenanceH) {
      maintain(
        t0,
        maint.preventiveDowntimeH,
        maint.preventiveScope as FaultMode[],
        pendingReason === '' ? 'preventive (on alarm)' : pendingReason,
      );
    }
    // Down for this step unless the repair ends at its start (stepMachine then puts the
    // machine back in service for the whole step, and its hours count as running).
    const wasDown = st.status === 'down' && t0 < st.downUntilH - 1e-9;
    const events = stepMachine(m, st, stepH, hour0);
    st.tH = (k + 1) * stepH; // exact step times, no accumulated rounding
    if (wasDown && st.tH <= emitUntilH) {
      downtimeH += stepH;
      if (downState.unplanned) unplannedDowntimeH += stepH;
    }
    for (const e of events) {
      if (e.type === 'onset') onsets++;
      emit({
        tH: e.tH,
        machineId: m.id,
        type: e.type,
        mode: e.mode,
        location: e.location,
        severity: e.severity,
        detail: '',
      });
      if (e.type === 'failure') {
        found.push(e.tH);
        if (maint.afterFailure === 'repair') {
          const scope = [...new Set([...(maint.correctiveScope as FaultMode[]), e.mode])];
          maintain(
            e.tH,
            maint.correctiveDowntimeH,
            scope,
            `corrective after ${e.mode} failure`,
            true,
          );
        }
      }
    }
    if (
      maint.policy === 'fixed_interval' &&
      st.status === 'running' &&
      st.operatingHours - lastPmHours >= maint.intervalH
    ) {
      maintain(
        st.tH,
        maint.preventiveDowntimeH,
        maint.preventiveScope as FaultMode[],
        'preventive (fixed interval)',
      );
    }
    const t = st.tH;
    if ((k + 1) % telEvery === 0) {
      const reading = readTelemetry(m, st, mem, (telEvery * s.stepS) / 3600, telRng);
      const alarm = st.status === 'running' ? checkAlarms(s, alarms, reading) : null;
      if (alarm !== null) {
        alarmCount++;
        emit({
          tH: t,
          machineId: m.id,
          type: 'alarm',
          mode: '',
          location: null,
          severity: 0,
          detail: alarm,
        });
        if (maint.policy === 'on_alarm') {
          pendingMaintenanceH = Math.min(pendingMaintenanceH, t + maint.responseH);
          pendingReason = 'preventive (on alarm)';
        }
      }
      if (t <= emitUntilH && cb.telemetry !== undefined) {
        telemetryRows++;
        cb.telemetry({
          tH: t,
          machineId: m.id,
          status: st.status,
          operatingHours: st.operatingHours,
          reading,
          ...labels(t),
        });
      }
    }
    if (synth !== null && (k + 1) % capEvery === 0 && st.status === 'running' && t <= emitUntilH) {
      const rng = new Random(m.seed, 'machine', m.index, 'capture', k);
      const vibration = s.capture.sensors.map((loc) =>
        captureVibration(
          m,
          st,
          loc,
          s.capture.sampleRateHz,
          nCapture,
          rng.fork(loc),
          synth,
          physicsScratch,
        ),
      );
      const currentA = s.capture.current
        ? captureCurrent(m, st, s.capture.currentSampleRateHz, nCurrent, rng.fork('current'))
        : null;
      captures++;
      const row: CaptureRow = {
        tH: t,
        machineId: m.id,
        captureId: k,
        speedRpm: m.config.sensors.tachometer ? st.op.speedRpm : Number.NaN,
        loadFraction: st.command.loadFraction,
        supplyHz: st.op.supplyHz,
        vibration,
        currentA,
        currentFsHz: s.capture.currentSampleRateHz,
        ...labels(t),
      };
      cb.capture?.(row);
      const request = cb.decide?.(row) ?? null;
      if (request !== null && t + request.inH < pendingMaintenanceH) {
        pendingMaintenanceH = t + request.inH;
        pendingReason = `preventive (${request.reason})`;
      }
    }
    if (cb.progress !== undefined && (k % progressEvery === 0 || k === steps - 1))
      cb.progress(Math.min(t, s.durationH), s.durationH);
  }
  return {
    failures: found,
    summary: {
      machineId: m.id,
      failures: found.filter((f) => f <= emitUntilH).length,
      onsets,
      maintenanceActions,
      preventiveActions,
      correctiveActions,
      alarms: alarmCount,
      operatingHours: st.operatingHours,
      downtimeH,
      unplannedDowntimeH,
      telemetryRows,
      captures,
    },
  };
}

/**
 * Simulates one machine over the scenario. With `labels` (default), a first slow-only pass
 * finds failure times so every row carries its remaining useful life.
 */
export function simulateMachine(
  member: FleetMember,
  s: Scenario,
  cb: SimulationCallbacks = {},
  opts: { labels?: boolean } = {},
): MachineSummary {
  let failures: number[] | null = null;
  if (opts.labels !== false) {
    failures = runPass(member, s, s.durationH + s.labels.horizonH, null, {}).failures;
  }
  return runPass(member, s, s.durationH, failures, cb).summary;
}
