import { describe, expect, it } from 'vitest';
import { MACHINE_FEATURES, MachineFeaturePipeline } from '../features/machine-features.js';
import { finiteQuantile } from '../features/robust-stats.js';
import { ISO_10816_LIMITS, isoClassForPower } from '../features/velocity.js';
import { buildFleetMember } from '../twin/fleet.js';
import { scenarioFrom } from '../twin/scenario.js';
import type { Scenario, ScenarioInput } from '../twin/scenario-schema.js';
import type { CaptureRow } from '../twin/simulation.js';
import { simulateMachine } from '../twin/simulation.js';
import { captureInput, pipelineOptionsFor, telemetryInput } from './twin-features.js';

describe('pipelineOptionsFor', () => {
  const limitsOf = (motor: { ratedPowerKw: number }, isoClass?: 'auto' | 'I' | 'IV') => {
    const s = scenarioFrom({
      fleet: [
        { count: 1, machine: { motor, sensors: isoClass === undefined ? {} : { isoClass } } },
      ],
    });
    return pipelineOptionsFor(buildFleetMember(s, 0).machine).vibration?.isoLimits;
  };

  it("takes the ISO 10816-1 zone limits of the machine's class, from its power or as named", () => {
    expect(limitsOf({ ratedPowerKw: 2.2 })).toEqual(ISO_10816_LIMITS.I);
    expect(limitsOf({ ratedPowerKw: 30 })).toEqual(ISO_10816_LIMITS.II);
    expect(limitsOf({ ratedPowerKw: 30 }, 'auto')).toEqual(ISO_10816_LIMITS.II);
    expect(limitsOf({ ratedPowerKw: 30 }, 'IV')).toEqual(ISO_10816_LIMITS.IV);
    expect(limitsOf({ ratedPowerKw: 200 }, 'I')).toEqual(ISO_10816_LIMITS.I);
  });

  it('classes machines by rated power as ISO 10816-1 does', () => {
    expect([0.5, 15, 15.1, 75, 75.5, 1000].map(isoClassForPower)).toEqual([
      'I',
      'I',
      'II',
      'II',
      'III',
      'III',
    ]);
    expect(() => isoClassForPower(0)).toThrow(/ratedPowerKw: expected > 0/);
  });
});

/** `cur_rbar_sb_db` of every capture of one machine of a scenario, as generate computes it. */
function sidebandsOverRun(
  s: Scenario,
  index: number,
  check: (c: CaptureRow) => void = () => undefined,
): number[] {
  const member = buildFleetMember(s, index);
  const pipeline = new MachineFeaturePipeline(pipelineOptionsFor(member.machine));
  const j = MACHINE_FEATURES.findIndex((f) => f.name === 'cur_rbar_sb_db');
  const out: number[] = [];
  simulateMachine(member, s, {
    telemetry: (r) => {
      pipeline.onTelemetry(telemetryInput(r));
    },
    capture: (c) => {
      check(c);
      out.push(pipeline.onCapture(captureInput(c))[j]!);
    },
  });
  return out;
}

describe('current captures of a scenario that does not set their length', () => {
  it('last 8 s, long enough to read broken-bar sidebands at an early severity', () => {
    // A 1 s capture (the vibration's length, the default before) resolves 1 Hz: the sidebands,
    // 2 s f = 4.7 Hz from a 4-pole motor's 50 Hz line at 80 % load, lie under 6 bins from it
    // and were not read (NaN) until broken bars had tripled the slip.
    const s = scenarioFrom({
      seed: 3,
      durationH: 24,
      capture: { periodH: 6, current: true },
      fleet: [{ count: 2, profile: { type: 'constant', load: 0.8 } }],
      faults: {
        lifeScale: 1000,
        inject: [{ machine: 0, mode: 'rotor_bar', atH: 0, growth: { timeToFailureH: 2000 } }],
      },
    });
    expect(s.capture.currentDurationS).toBe(8);
    const sideband = (index: number): number[] =>
      sidebandsOverRun(s, index, (c) => {
        expect(c.currentA?.length).toBe(8 * c.currentFsHz);
      });
    const faulty = sideband(0);
    const healthy = sideband(1);
    expect(faulty.length).toBe(4);
    for (const v of [...faulty, ...healthy]) expect(Number.isFinite(v)).toBe(true);
    // severity 0.05 raises them from the healthy rotor's own level (-60 to -50 dB at rated
    // load, drawn per machine; lower at 80 % load) by about 9 dB (docs/twin.md)
    expect(Math.min(...faulty) - Math.max(...healthy)).toBeGreaterThan(5);
  });
});

describe("a healthy motor's current sidebands in a fleet", () => {
  it("sit at the machine's own level, lower at light load by the load current's share", () => {
    const s = scenarioFrom({
      seed: 5,
      durationH: 12,
      capture: { periodH: 6, current: true },
      fleet: [
        { count: 2, profile: { type: 'constant', load: 0.25 } },
        { count: 2, profile: { type: 'constant', load: 1 } },
      ],
      faults: { lifeScale: 1000 },
    });
    for (let index = 0; index < 4; index++) {
      const member = buildFleetMember(s, index);
      const { electrical, motor } = member.machine.config;
      const load = index < 2 ? 0.25 : 1;
      // lower sideband: the sum's 1 / (1 + r), times L / sqrt(m^2 + (1 - m^2) L^2)
      const m = motor.noLoadCurrentFraction;
      const expected =
        electrical.healthySidebandSumDb -
        20 * Math.log10(1 + electrical.upperSidebandRatio) +
        20 * Math.log10(load / Math.sqrt(m * m + (1 - m * m) * load * load));
      const read = sidebandsOverRun(s, index);
      expect(read.length).toBe(2);
      // within 1 dB: at 25 % load the lines are 65 dB under the fundamental and 1.2 Hz from it
      for (const v of read) expect(Math.abs(v - expected), `machine ${index}`).toBeLessThan(1);
    }
  });
});

describe('thermal residuals of a healthy machine on a drive', () => {
  /** The frame and bearing residuals of one machine over a run, the speed given or not. */
  function residualsOverRun(
    s: Scenario,
    index: number,
    giveSpeed: boolean,
  ): { frame: number[]; bearing: number[] } {
    const member = buildFleetMember(s, index);
    const p = new MachineFeaturePipeline(pipelineOptionsFor(member.machine));
    const at = (name: string) => MACHINE_FEATURES.findIndex((f) => f.name === name);
    const out = { frame: [] as number[], bearing: [] as number[] };
    simulateMachine(member, s, {
      telemetry: (r) => {
        const x = telemetryInput(r);
        p.onTelemetry(giveSpeed ? x : { ...x, speedRpm: Number.NaN });
        if (!x.running) return;
        const row = p.onCapture({ tH: r.tH, speedRpm: Number.NaN, channels: [] });
        // from the fourth day on, when both baselines give residuals
        if (r.tH > 80) {
          out.frame.push(row[at('temp_frame_residual_k')]!);
          out.bearing.push(row[at('temp_bearing_residual_k')]!);
        }
      },
      capture: () => {},
    });
    return out;
  }
  const iqr = (v: number[]): number => finiteQuantile(v, 0.75) - finiteQuantile(v, 0.25);
  type Profile = NonNullable<NonNullable<ScenarioInput['fleet']>[number]['profile']>;
  const scenario = (profile: Profile): Scenario =>
    scenarioFrom({
      seed: 3,
      durationH: 240,
      capture: { periodH: 240 },
      fleet: [{ count: 4, profile }],
      faults: { lifeScale: 1000 },
    });

  it('spread less once the baseline knows the speed, and no differently on the line', () => {
    // the default scenario's conveyors: load and speed wander on their own
    const load = {
      type: 'random_walk',
      mean: 0.6,
      sd: 0.12,
      timeConstantH: 6,
      min: 0.2,
      max: 1,
    } as const;
    const drive = scenario({
      ...load,
      speedPct: 75,
      speedSdPct: 12,
      speedMinPct: 50,
      speedMaxPct: 100,
    });
    // pooled over four machines: each one's spread depends on how its speed wandered
    const pool = (give: boolean) => {
      const runs = [0, 1, 2, 3].map((i) => residualsOverRun(drive, i, give));
      return { frame: runs.flatMap((r) => r.frame), bearing: runs.flatMap((r) => r.bearing) };
    };
    const known = pool(true);
    const unknown = pool(false);
    // 4 machines x 160 h x 6 readings, every one with a residual
    expect(known.frame.length).toBe(3840);
    expect(known.frame.every(Number.isFinite) && unknown.frame.every(Number.isFinite)).toBe(true);
    for (const k of ['frame', 'bearing'] as const) {
      // measured: frame 0.39 against 0.81 K, bearing 0.56 against 1.31 K
      expect(iqr(known[k]), k).toBeLessThan(0.7 * iqr(unknown[k]));
      expect(Math.abs(finiteQuantile(known[k], 0.5)), k).toBeLessThan(0.5);
    }
    // a line-fed motor: its speed moves only by its slip, and the baseline ignores it
    const line = scenario(load);
    expect(residualsOverRun(line, 0, true)).toEqual(residualsOverRun(line, 0, false));
  });
});
