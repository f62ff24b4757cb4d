/**
 * One vibration capture of a nominal machine with one fault at a chosen severity, speed and
 * load: the `waveform` verb, and a building block for tests and teaching. The machine is the
 * default template at its nominal values (or drawn from it when `drawMachine` is set).
 */
import { PdmError } from '../core/errors.js';
import { Random } from '../core/random.js';
import type { BearingGeometry } from './bearing.js';
import { validateGeometry } from './bearing.js';
import { resolveTree } from './distribution.js';
import type { BearingLocation } from './health.js';
import { BEARING_LOCATIONS, healthySeverities } from './health.js';
import type { Machine } from './machine.js';
import { buildMachine } from './machine.js';
import type { MachineConfig, MachineTemplateInput } from './machine-schema.js';
import { MachineTemplateSchema } from './machine-schema.js';
import { formatIssues } from '../core/schema-issues.js';
import type { VibrationMode } from './modes.js';
import { VIBRATION_MODES } from './modes.js';
import { slipAtLoad } from './motor.js';
import { applyAccelerometer } from './sensors.js';
import type { VibrationInput } from './vibration.js';
import { VibrationSynth } from './vibration.js';

export interface SingleCaptureOptions {
  readonly mode: VibrationMode;
  readonly severity: number;
  readonly speedRpm: number;
  readonly fsHz: number;
  readonly durationS: number;
  /** Load as a fraction of rated torque (default 0.75). */
  readonly loadFraction?: number;
  readonly seed?: number;
  /** Geometry of the bearing at `location` (default: the template's, a 6205 at the drive end). */
  readonly bearing?: BearingGeometry;
  /** Which accelerometer (and faulty bearing) to capture (default 'de'). */
  readonly location?: BearingLocation;
  /** Overrides of the machine template. */
  readonly machine?: MachineTemplateInput;
  /** Draw the machine's parameters from the template's distributions with `seed`. */
  readonly drawMachine?: boolean;
  /** Cage slip override (default: the machine's). */
  readonly slip?: number;
}

export interface SingleCapture {
  readonly accelG: Float32Array;
  readonly fsHz: number;
  readonly machine: Machine;
  readonly input: VibrationInput;
}

function check(cond: boolean, field: string, expected: string, got: unknown): void {
  if (!cond)
    throw new PdmError('PDM_INPUT_INVALID', `${field}: expected ${expected}, got ${String(got)}`);
}

export function singleCapture(o: SingleCaptureOptions): SingleCapture {
  if (typeof o !== 'object' || (o as unknown) === null)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      'singleCapture: expected options { mode, severity, speedRpm, fsHz, durationS }',
    );
  check(
    (VIBRATION_MODES as readonly string[]).includes(o.mode),
    'mode',
    `one of ${VIBRATION_MODES.join(', ')}`,
    o.mode,
  );
  check(o.severity >= 0 && o.severity <= 1, 'severity', 'a value in [0, 1]', o.severity);
  check(
    o.speedRpm > 0 && o.speedRpm < 100_000,
    'speedRpm',
    'a speed in (0, 100000) rpm',
    o.speedRpm,
  );
  check(o.fsHz >= 100 && o.fsHz <= 1_000_000, 'fsHz', 'a sample rate in [100, 1000000] Hz', o.fsHz);
  check(
    o.durationS > 0 && o.durationS * o.fsHz <= 50_000_000,
    'durationS',
    `a positive duration of at most 50 M samples (${(50_000_000 / o.fsHz).toPrecision(4)} s at ${o.fsHz} Hz)`,
    o.durationS,
  );
  const load = o.loadFraction ?? 0.75;
  check(load >= 0 && load <= 1.5, 'loadFraction', 'a value in [0, 1.5]', load);
  if (o.bearing !== undefined) validateGeometry(o.bearing);
  const seed = o.seed ?? 1;
  check(
    Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff,
    'seed',
    'an integer in [0, 4294967295]',
    seed,
  );
  check(
    Math.floor(o.durationS * o.fsHz) >= 1,
    'durationS',
    `at least one sample (${(1 / o.fsHz).toPrecision(3)} s at ${o.fsHz} Hz)`,
    o.durationS,
  );
  const loc = o.location ?? 'de';
  check(
    (BEARING_LOCATIONS as readonly unknown[]).includes(loc),
    'location',
    'de (drive end) or fe (fan end)',
    loc,
  );
  const parsed = MachineTemplateSchema.safeParse(o.machine ?? {});
  if (!parsed.success)
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `machine: ${formatIssues(parsed.error.issues, MachineTemplateSchema, o.machine).join('; ')}`,
    );
  const template = parsed.data;
  const drawn = resolveTree(
    template,
    o.drawMachine === true ? new Random(seed, 'machine', 0, 'params') : null,
  );
  const bearings =
    o.bearing === undefined ? drawn.bearings : { ...drawn.bearings, [loc]: o.bearing };
  const dynamics =
    o.slip === undefined ? drawn.bearingDynamics : { ...drawn.bearingDynamics, slip: o.slip };
  const config: MachineConfig = { ...drawn, bearings, bearingDynamics: dynamics };
  const machine = buildMachine('m-0', 0, 'waveform', seed, config, {
    type: 'constant',
    load,
    speedPct: 100,
  });
  const severities = healthySeverities();
  switch (o.mode) {
    case 'outer_race':
    case 'inner_race':
    case 'ball':
      severities[loc][o.mode] = o.severity;
      break;
    case 'imbalance':
    case 'misalignment':
    case 'looseness':
      severities[o.mode] = o.severity;
      break;
    case 'normal':
      break;
  }
  const supplyHz = machine.motor.supplyHz;
  const input: VibrationInput = {
    shaftHz: o.speedRpm / 60,
    supplyHz,
    slip: slipAtLoad(machine.motor, load),
    loadFraction: load,
    severities,
  };
  const n = Math.round(o.durationS * o.fsHz);
  const x = new Float64Array(n);
  const rng = new Random(seed, 'capture');
  new VibrationSynth().synthesize(
    machine.vibration,
    input,
    loc,
    o.fsHz,
    x,
    rng.fork('physics'),
    'single',
  );
  const out = new Float32Array(n);
  applyAccelerometer(x, o.fsHz, machine.config.sensors.accelerometer[loc], rng.fork('sensor'), out);
  return { accelG: out, fsHz: o.fsHz, machine, input };
}
