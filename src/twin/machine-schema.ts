/**
 * The machine template: every physical, thermal, sensor and degradation parameter of one
 * motor-bearing-load machine, each a number or a distribution (domain randomisation).
 * Defaults describe a population of 2.2 kW, 4-pole, 50 Hz TEFC motors (IEC frame 100L) with
 * a 6205 drive-end and a 6203 fan-end bearing; each default's source is in docs/twin.md.
 * Lives are those of industrial service (years); scenarios made for datasets shorten them
 * with `faults.lifeScale` (accelerated life), not by changing the physics.
 */
import { z } from 'zod';
import type { Resolved } from './distribution.js';
import { param, support } from './distribution.js';
import { reactiveFraction } from './motor.js';

const u = (lo: number, hi: number) => ({ uniform: [lo, hi] as [number, number] });
const lu = (lo: number, hi: number) => ({ loguniform: [lo, hi] as [number, number] });
const n = (mean: number, sd: number) => ({ normal: [mean, sd] as [number, number] });

const pos = () => param(0).refine((p) => typeof p !== 'number' || p > 0, 'expected a number > 0');

const MotorSchema = z
  .strictObject({
    supplyHz: pos().default(50),
    polePairs: param(1, 12).default(2),
    ratedPowerKw: pos().default(2.2),
    ratedSpeedRpm: pos().default(1430),
    ratedVoltageV: pos().default(400),
    ratedEfficiency: param(0.3, 0.999).default(0.843),
    ratedPowerFactor: param(0.3, 1).default(0.81),
    breakdownTorqueRatio: param(1.05, 6).default(u(2.4, 3.2)),
    noLoadCurrentFraction: param(0.05, 0.9).default(u(0.38, 0.5)),
    copperTempCoeffPerK: param(0, 0.01).default(0.00393),
  })
  .superRefine((m, ctx) => {
    // Checked on the whole range a fleet may draw, not machine by machine: the magnetising
    // current is part of the rated current's reactive component I sin(phi).
    const mMax = support(m.noLoadCurrentFraction)[1];
    const pfMax = support(m.ratedPowerFactor)[1];
    const sinPhi = reactiveFraction(pfMax);
    if (!(mMax < sinPhi)) {
      ctx.addIssue({
        code: 'custom',
        path: ['noLoadCurrentFraction'],
        message: `expected values below sin(phi) = ${sinPhi.toFixed(3)} of the highest power factor ${pfMax} (the magnetising current is part of the rated reactive current), but it reaches ${mMax}; give noLoadCurrentFraction with ratedPowerFactor (docs/twin.md lists pairs)`,
      });
    }
  });

const geometry = (balls: number, d: number, D: number) =>
  z
    .strictObject({
      balls: param(3, 100).default(balls),
      ballDiameterMm: pos().default(d),
      pitchDiameterMm: pos().default(D),
      contactAngleDeg: param(0, 89).default(0),
    })
    .prefault({});

const BearingDynamicsSchema = z.strictObject({
  slip: param(0, 0.05).default(u(0, 0.01)),
  jitter: param(0, 0.1).default(u(0.01, 0.02)),
  loadZoneEpsilon: param(0.1, 2).default(u(0.4, 0.6)),
  outerDefectAngleDeg: param(-180, 180).default(u(-30, 30)),
});

const ResonanceSchema = z.strictObject({
  freqHz: pos(),
  dampingRatio: param(0.001, 0.5),
  gain: param(0),
});

const path = (r: [number, number, number, number][]) =>
  z
    .strictObject({
      resonances: z
        .array(ResonanceSchema)
        .min(2, 'expected at least two structural resonances')
        .default(
          r.map(([f0, f1, g0, g1]) => ({
            freqHz: u(f0, f1),
            dampingRatio: u(0.02, 0.05),
            gain: u(g0, g1),
          })),
        ),
      crossGain: param(0, 1).default(u(0.1, 0.25)),
      shaftGain: param(0).default(u(0.8, 1.2)),
    })
    .prefault({});

const StructureSchema = z.strictObject({
  de: path([
    [500, 1100, 0.15, 0.35],
    [2200, 3600, 0.7, 1.3],
    [3800, 5200, 0.4, 0.9],
  ]),
  fe: path([
    [450, 1000, 0.15, 0.35],
    [1900, 3300, 0.6, 1.2],
    [3600, 5000, 0.4, 0.9],
  ]),
});

const VibrationSchema = z.strictObject({
  residualUnbalanceMmS: param(0).default(u(0.3, 0.9)),
  residualMisalignmentMmS: param(0).default(u(0.1, 0.4)),
  imbalanceAtFailureMmS: param(0).default(u(8, 12)),
  misalignmentAtFailureMmS: param(0).default(u(5, 8)),
  loosenessAtFailureMmS: param(0).default(u(2.5, 4)),
  lineVibrationG: param(0).default(lu(0.003, 0.02)),
  machineNoiseG: param(0).default(lu(0.02, 0.08)),
  defectImpactAtFailure: param(0).default(u(4, 8)),
  fanBlades: param(2, 40).default({ choice: [7, 9, 11] }),
});

const ThermalSchema = z.strictObject({
  windingRiseK: pos().default(u(55, 75)),
  frameRiseK: pos().default(u(28, 40)),
  frameTimeConstantMin: pos().default(u(25, 45)),
  windingTimeConstantMin: pos().default(u(4, 10)),
  bearingTimeConstantMin: pos().default(u(10, 20)),
  naturalCoolingFraction: param(0.05, 1).default(u(0.25, 0.4)),
  bearingFrictionW: param(0).default(u(5, 12)),
  bearingToFrameWPerK: pos().default(u(1.5, 3)),
  bearingToAmbientWPerK: pos().default(u(0.3, 0.8)),
});

const AmbientSchema = z.strictObject({
  meanC: param(-40, 60).default(u(18, 30)),
  dailyAmplitudeC: param(0, 30).default(u(2, 6)),
  noiseC: param(0, 10).default(1),
  noiseTimeConstantH: pos().default(6),
});

const accelerometer = () =>
  z
    .strictObject({
      gain: pos().default(n(1, 0.03)),
      noiseDensityGPerSqrtHz: param(0).default(lu(15e-6, 60e-6)),
      rangeG: pos().default(50),
      adcBits: param(8, 32).default(16),
    })
    .prefault({});

const SensorsSchema = z.strictObject({
  accelerometer: z.strictObject({ de: accelerometer(), fe: accelerometer() }).prefault({}),
  temperature: z
    .strictObject({
      lagS: param(0).default(u(30, 90)),
      noiseC: param(0).default(u(0.05, 0.2)),
      driftCPer1000H: param().default(n(0, 0.3)),
      resolutionC: param(0).default(0.1),
    })
    .prefault({}),
  current: z
    .strictObject({
      gain: pos().default(n(1, 0.01)),
      noiseFraction: param(0).default(0.002),
    })
    .prefault({}),
  tachometer: z.boolean().default(true),
  /**
   * ISO 10816-1 machine class whose zone limits `iso_zone` uses; auto: from the motor's rated
   * power (I up to 15 kW, II up to 75 kW, III above).
   */
  isoClass: z.enum(['auto', 'I', 'II', 'III', 'IV']).default('auto'),
});

const OnsetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('weibull'), shape: pos(), scaleH: pos() }),
  z.strictObject({ kind: z.literal('scheduled'), atH: param(0) }),
  z.strictObject({ kind: z.literal('never') }),
]);

interface ModeDefaults {
  shape: number;
  scaleH: number;
  law: 'exponential' | 'paris' | 'linear';
  ttfH: number;
  s0: number;
}

const modeSpec = (d: ModeDefaults) =>
  z
    .strictObject({
      onset: OnsetSchema.default({ kind: 'weibull', shape: d.shape, scaleH: d.scaleH }),
      growth: z
        .strictObject({
          law: z.enum(['exponential', 'paris', 'linear']).default(d.law),
          timeToFailureH: pos().default(d.ttfH),
          spread: param(0, 3).default(0.4),
          initialSeverity: param(0.001, 0.99).default(d.s0),
          parisExponent: param(1.01, 10).default(2),
        })
        .prefault({}),
      threshold: param(0.01, 1).default(1),
    })
    .prefault({});

// Onset scales are median-like lives of industrial service: bearings (L10 tens of thousands
// of hours), grease (re-lubrication intervals of thousands of hours), rotor bars and fans
// (the longest lived). Growth times are weeks to months, as run-to-failure tests show.
const ModesSchema = z.strictObject({
  outer_race: modeSpec({ shape: 1.5, scaleH: 40_000, law: 'exponential', ttfH: 700, s0: 0.03 }),
  inner_race: modeSpec({ shape: 1.5, scaleH: 60_000, law: 'exponential', ttfH: 600, s0: 0.03 }),
  ball: modeSpec({ shape: 1.5, scaleH: 100_000, law: 'exponential', ttfH: 700, s0: 0.03 }),
  imbalance: modeSpec({ shape: 1.2, scaleH: 50_000, law: 'exponential', ttfH: 1500, s0: 0.05 }),
  misalignment: modeSpec({ shape: 1.0, scaleH: 80_000, law: 'linear', ttfH: 2000, s0: 0.08 }),
  looseness: modeSpec({ shape: 1.3, scaleH: 70_000, law: 'paris', ttfH: 1200, s0: 0.05 }),
  lubrication: modeSpec({ shape: 2.0, scaleH: 15_000, law: 'linear', ttfH: 900, s0: 0.12 }),
  fan: modeSpec({ shape: 1.5, scaleH: 90_000, law: 'paris', ttfH: 400, s0: 0.1 }),
  rotor_bar: modeSpec({ shape: 2.0, scaleH: 150_000, law: 'paris', ttfH: 2500, s0: 0.05 }),
  insulation: z
    .strictObject({
      classTempC: param(100, 260).default(155),
      lifeAtClassTempH: pos().default(20_000),
      hotSpotAllowanceK: param(0, 40).default(10),
      initialAgeFraction: param(0, 0.99).default(u(0, 0.2)),
      activeFrom: param(0.01, 1).default(0.5),
      threshold: param(0.01, 1).default(1),
    })
    .prefault({}),
});

/**
 * The rotor's electrical asymmetry, as the phase current shows it. Every cage has some (bar
 * and end-ring casting, rotor eccentricity): healthy motors show pole-pass sidebands
 * f (1 -+ 2 s) about 50-60 dB under the fundamental at full load (Thomson & Fenger 2001;
 * IEEE Std 1415). The asymmetry sets the two sidebands' sum; the speed ripple it causes moves
 * part of it to the upper one, less the more inertia the load has (Bellini et al., IEEE
 * Trans. Ind. Appl. 37(5), 2001).
 */
const ElectricalSchema = z.strictObject({
  /** Healthy rotor's two sidebands summed, at rated load, dB relative to the fundamental. */
  healthySidebandSumDb: param(-90, -30).default(u(-56, -46)),
  /** Upper sideband amplitude over the lower (speed ripple; falls with the load's inertia). */
  upperSidebandRatio: param(0, 1.5).default(u(0.4, 0.9)),
});

export const MachineTemplateSchema = z.strictObject({
  motor: MotorSchema.prefault({}),
  bearings: z
    .strictObject({ de: geometry(9, 7.94, 39.04), fe: geometry(8, 6.75, 28.5) })
    .prefault({}),
  bearingDynamics: BearingDynamicsSchema.prefault({}),
  structure: StructureSchema.prefault({}),
  vibration: VibrationSchema.prefault({}),
  thermal: ThermalSchema.prefault({}),
  ambient: AmbientSchema.prefault({}),
  sensors: SensorsSchema.prefault({}),
  modes: ModesSchema.prefault({}),
  // Last, so that its draws follow every other parameter's: templates written before it
  // existed draw the same machines.
  electrical: ElectricalSchema.prefault({}),
});

/** A machine template as written (numbers or distributions), defaults filled. */
export type MachineTemplate = z.infer<typeof MachineTemplateSchema>;
/** A machine template as accepted on input (every field optional). */
export type MachineTemplateInput = z.input<typeof MachineTemplateSchema>;
/** One machine's drawn parameters: every distribution replaced by a number. */
export type MachineConfig = Resolved<MachineTemplate>;

/** The default template, every field at its default. */
export function defaultMachineTemplate(): MachineTemplate {
  return MachineTemplateSchema.parse({});
}
