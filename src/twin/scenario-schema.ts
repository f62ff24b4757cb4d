/**
 * The scenario file: fleet, operating profiles, capture schedule, fault injections, sensor
 * faults, maintenance policy, alarms, duration and seed. YAML or JSON; every key is checked
 * and unknown keys are errors, so a misspelt option never passes silently.
 */
import { z } from 'zod';
import { MachineTemplateSchema } from './machine-schema.js';
import { FAULT_MODES } from './modes.js';
import { LOCATED_MODES } from './health.js';
import { ProfileSchema } from './operating-profile.js';
import { SENSOR_FAULT_KINDS } from './sensors.js';
import { SENSOR_NAMES } from './machine.js';

/** Fewest samples in a capture: the feature library's quality checks need 256 (quality.ts). */
export const MIN_CAPTURE_SAMPLES = 256;

const FaultModeSchema = z.enum(FAULT_MODES as unknown as [string, ...string[]]);
const DegradingModeSchema = FaultModeSchema.refine((m) => m !== 'insulation', {
  message:
    'insulation ages from temperature (Arrhenius) and cannot be injected; raise its initialAgeFraction instead',
});

const MachineRefSchema = z.union([z.string().min(1), z.number().int().min(0)]);

const FleetGroupSchema = z.strictObject({
  name: z.string().min(1).default('motor'),
  count: z.number().int().min(1).max(100_000).default(1),
  /** Machine ids are `${idPrefix}-${number}`, numbered across the fleet. */
  idPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_]+$/, 'expected letters, digits or _')
    .default('m'),
  machine: MachineTemplateSchema.prefault({}),
  profile: ProfileSchema.default({
    type: 'random_walk',
    mean: 0.7,
    sd: 0.12,
    timeConstantH: 4,
    min: 0.2,
    max: 1.05,
    speedPct: 100,
    speedSdPct: 0,
    speedMinPct: 30,
    speedMaxPct: 110,
  }),
});

const InjectionSchema = z
  .strictObject({
    machine: MachineRefSchema,
    mode: DegradingModeSchema,
    location: z.enum(['de', 'fe']).optional(),
    atH: z.number().min(0),
    growth: z
      .strictObject({
        law: z.enum(['exponential', 'paris', 'linear']).optional(),
        timeToFailureH: z.number().positive().optional(),
        initialSeverity: z.number().gt(0).lt(1).optional(),
        spread: z.number().min(0).optional(),
      })
      .optional(),
  })
  // A bearing is named only where the mode has one: it would be silently ignored elsewhere.
  .refine(
    (x) => x.location === undefined || (LOCATED_MODES as readonly string[]).includes(x.mode),
    {
      message: `a location (de or fe) applies to the bearing modes only (${LOCATED_MODES.join(', ')}); leave it out for this mode`,
      path: ['location'],
    },
  )
  .transform((x) => ({ ...x, location: x.location ?? ('de' as const) }));

const SensorFaultSchema = z
  .strictObject({
    machine: MachineRefSchema,
    sensor: z.enum(SENSOR_NAMES),
    kind: z.enum(SENSOR_FAULT_KINDS),
    startH: z.number().min(0),
    endH: z.number().positive(),
    magnitude: z.number().default(1),
  })
  .refine((f) => f.endH > f.startH, { message: 'expected endH > startH', path: ['endH'] });

const RepairScopeSchema = z.array(FaultModeSchema);

const MECHANICAL = [
  'outer_race',
  'inner_race',
  'ball',
  'lubrication',
  'imbalance',
  'misalignment',
  'looseness',
  'fan',
];

export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1).default('scenario'),
    description: z.string().default(''),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
    durationH: z
      .number()
      .positive()
      .max(24 * 365 * 20)
      .default(24 * 30),
    /** Calendar instant of t = 0 (sets the time of day of the ambient cycle and timestamps). */
    start: z.iso.datetime({ offset: true }).default('2026-01-01T00:00:00Z'),
    /** Slow-state step, s. Temperatures and degradation are integrated exactly for any step. */
    stepS: z.number().positive().max(86_400).default(600),
    telemetry: z
      .strictObject({
        periodS: z.number().positive().default(600),
      })
      .prefault({}),
    capture: z
      .strictObject({
        periodH: z.number().positive().default(6),
        durationS: z.number().positive().max(600).default(1),
        sampleRateHz: z.number().min(100).max(1_000_000).default(12_000),
        sensors: z.array(z.enum(['de', 'fe'])).default(['de', 'fe']),
        current: z.boolean().default(false),
        currentSampleRateHz: z.number().min(100).max(1_000_000).default(5_000),
        /**
         * Length of a current capture, s. Motor current signature analysis needs several
         * seconds: the broken-bar sidebands lie 2 s f from the supply line, and the extractor
         * reads them 6 bins or more away from it, so 8 s resolves slips down to 0.75 % at 50 Hz
         * (a 1 s capture would need 6 %, more than a small motor's rated slip).
         */
        currentDurationS: z.number().positive().max(600).default(8),
      })
      // A capture the quality checks cannot pass gives a dataset of empty features
      .refine((c) => c.durationS * c.sampleRateHz >= MIN_CAPTURE_SAMPLES, {
        path: ['durationS'],
        message: `a capture needs at least ${MIN_CAPTURE_SAMPLES} samples (durationS x sampleRateHz) for its features`,
      })
      .prefault({}),
    labels: z.strictObject({ horizonH: z.number().positive().default(168) }).prefault({}),
    fleet: z.array(FleetGroupSchema).min(1).prefault([{}]),
    faults: z
      .strictObject({
        /** Multiplies every random onset scale: < 1 is an accelerated-life scenario. */
        lifeScale: z.number().positive().default(1),
        inject: z.array(InjectionSchema).default([]),
      })
      .prefault({}),
    sensorFaults: z.array(SensorFaultSchema).default([]),
    alarms: z
      .strictObject({
        velocityMmS: z.number().positive().default(2.8),
        /** Overall acceleration RMS, g: bearing damage shows here long before in velocity. */
        accelG: z.number().positive().default(0.3),
        bearingTempC: z.number().default(90),
        windingTempC: z.number().default(140),
        /** Consecutive telemetry points beyond a limit before an alarm is raised. */
        debounce: z.number().int().min(1).default(3),
      })
      .prefault({}),
    maintenance: z
      .strictObject({
        policy: z.enum(['none', 'fixed_interval', 'on_alarm']).default('none'),
        /** Operating hours between preventive overhauls (fixed_interval). */
        intervalH: z.number().positive().default(2000),
        /** Hours from an alarm to the maintenance it triggers (on_alarm). */
        responseH: z.number().min(0).default(24),
        preventiveDowntimeH: z.number().min(0).default(8),
        correctiveDowntimeH: z.number().min(0).default(72),
        /** What happens after a failure: repair and return to service, or stay down. */
        afterFailure: z.enum(['repair', 'stop']).default('repair'),
        preventiveScope: RepairScopeSchema.default(MECHANICAL),
        correctiveScope: RepairScopeSchema.default(MECHANICAL),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    const ratio = (a: number, b: number) => Math.abs(a / b - Math.round(a / b)) < 1e-9;
    if (!ratio(s.telemetry.periodS, s.stepS) || s.telemetry.periodS < s.stepS) {
      ctx.addIssue({
        code: 'custom',
        path: ['telemetry', 'periodS'],
        message: `expected a multiple of stepS (${s.stepS} s)`,
      });
    }
    if (!ratio(s.capture.periodH * 3600, s.stepS) || s.capture.periodH * 3600 < s.stepS) {
      ctx.addIssue({
        code: 'custom',
        path: ['capture', 'periodH'],
        message: `expected a multiple of stepS (${s.stepS} s) in hours`,
      });
    }
    // Events after the run would silently never happen.
    s.faults.inject.forEach((f, i) => {
      if (f.atH >= s.durationH) {
        ctx.addIssue({
          code: 'custom',
          path: ['faults', 'inject', i, 'atH'],
          message: `expected a time before the run ends (durationH ${s.durationH} h), got ${f.atH}`,
        });
      }
    });
    s.sensorFaults.forEach((f, i) => {
      if (f.startH >= s.durationH) {
        ctx.addIssue({
          code: 'custom',
          path: ['sensorFaults', i, 'startH'],
          message: `expected a time before the run ends (durationH ${s.durationH} h), got ${f.startH}`,
        });
      }
    });
  });

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
export type FleetGroup = Scenario['fleet'][number];
export type Injection = Scenario['faults']['inject'][number];
