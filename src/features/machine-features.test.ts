import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.js';
import { BEARING_6205 } from '../twin/bearing.js';
import { MACHINE_FEATURES, MachineFeaturePipeline } from './machine-features.js';

const featureIndex = (name: string) => MACHINE_FEATURES.findIndex((f) => f.name === name);

describe('thermal residuals of the machine pipeline', () => {
  it('do not swing with the daily ambient cycle when the machine is healthy', () => {
    // A frame with one time constant tau at constant load: T' = (T_amb + R - T) / tau,
    // integrated finely; ambient 20 +- 6 K over the day. Its rise over the present ambient
    // swings by about tau x dT_amb/dt, its rise over the lagged ambient does not.
    const tau = 0.6;
    const p = new MachineFeaturePipeline({
      bearings: { de: BEARING_6205, fe: BEARING_6205 },
      polePairs: 2,
    });
    const amb = (t: number) => 20 + 6 * Math.cos((2 * Math.PI * (t - 15)) / 24);
    let T = amb(0) + 35;
    const residuals: number[] = [];
    const plain: number[] = [];
    const dt = 1 / 600;
    let t = 0;
    for (let k = 0; k <= 6 * 96; k++) {
      const tk = k / 6;
      for (; t < tk - 1e-12; t += dt) T += ((amb(t + dt / 2) + 35 - T) / tau) * dt;
      p.onTelemetry({
        tH: tk,
        running: true,
        loadFraction: 0.8,
        currentA: 20,
        tempWindingC: T + 20,
        tempFrameC: T,
        tempBearingDeC: T + 5,
        tempAmbientC: amb(tk),
      });
      if (tk > 48 && k % 6 === 0) {
        const row = p.onCapture({ tH: tk, speedRpm: 1500, channels: [] });
        residuals.push(row[featureIndex('temp_frame_residual_k')]!);
        plain.push(T - amb(tk) - 35);
      }
    }
    const span = (a: number[]) => Math.max(...a) - Math.min(...a);
    expect(span(plain)).toBeGreaterThan(1.5);
    expect(span(residuals)).toBeLessThan(0.1);
  });
});

describe('the fan-end over drive-end 1x trend of the machine pipeline', () => {
  const capture = (tH: number, de: number, fe: number) => {
    const fs = 4096;
    const rng = new Random(Math.round(tH), 'ratio-trend');
    const tone = (amp: number) => {
      const x = new Float64Array(fs);
      rng.fillNormal(x);
      for (let i = 0; i < fs; i++)
        x[i] = 0.001 * x[i]! + amp * Math.sin(2 * Math.PI * 25 * (i / fs));
      return x;
    };
    return {
      tH,
      speedRpm: 1500,
      channels: [
        { location: 'de' as const, fsHz: fs, samples: tone(de) },
        { location: 'fe' as const, fsHz: fs, samples: tone(fe) },
      ],
    };
  };
  const run = (deAfter: number, feAfter: number) => {
    const p = new MachineFeaturePipeline({ bearings: { de: BEARING_6205, fe: BEARING_6205 } });
    let row: Float64Array = new Float64Array(0);
    for (let k = 0; k < 20; k++) {
      const later = k >= 12;
      row = p.onCapture(capture(k, later ? deAfter : 0.05, later ? feAfter : 0.03));
    }
    return row[featureIndex('ratio_fe_de_1x_rel_change')]!;
  };

  it('moves when the fan end alone gains 1x, not when both ends do', () => {
    // baseline ratio 0.03 / 0.05; then the fan end doubles: relative change 1
    expect(run(0.05, 0.06)).toBeCloseTo(1, 2);
    // a rotor imbalance: both ends double, the ratio stays
    expect(run(0.1, 0.06)).toBeCloseTo(0, 2);
  });
});

describe('the level residuals of the machine pipeline', () => {
  // A 1x tone of constant displacement: its acceleration grows as speed^2, its velocity as
  // speed, so a plain change from the first captures would read a faster run as damage.
  const capture = (tH: number, rpm: number, gain: number) => {
    const fs = 4096;
    const f1 = rpm / 60;
    const rng = new Random(Math.round(tH), 'level-residual');
    const x = new Float64Array(fs);
    rng.fillNormal(x);
    const amp = gain * 0.05 * (f1 / 25) ** 2;
    for (let i = 0; i < fs; i++)
      x[i] = 0.0005 * x[i]! + amp * Math.sin(2 * Math.PI * f1 * (i / fs));
    return { tH, speedRpm: rpm, channels: [{ location: 'de' as const, fsHz: fs, samples: x }] };
  };
  const residual = (row: Float64Array) => row[featureIndex('vel_1x_residual_db')]!;

  it('learns the healthy level against speed, then reads the excess in dB; maintenance restarts it', () => {
    const p = new MachineFeaturePipeline({ bearings: { de: BEARING_6205, fe: BEARING_6205 } });
    for (let k = 0; k < 24; k++) {
      const row = p.onCapture(capture(k, 1200 + 25 * k, 1));
      expect(residual(row)).toBeNaN(); // still learning
    }
    expect(Math.abs(residual(p.onCapture(capture(30, 1250, 1))))).toBeLessThan(0.5);
    expect(Math.abs(residual(p.onCapture(capture(31, 1750, 1))))).toBeLessThan(0.5);
    expect(residual(p.onCapture(capture(32, 1500, 2)))).toBeCloseTo(6.02, 0);
    p.reset();
    expect(residual(p.onCapture(capture(40, 1500, 2)))).toBeNaN();
  });
});

describe('the twice-line-frequency vibration of the machine pipeline', () => {
  it("reads the tone at twice the capture's supply frequency, and nothing without one", () => {
    // A 4-pole motor at 1461 rpm on 50 Hz: 1x at 24.35 Hz, 4x at 97.4 Hz, 2 fl at 100 Hz (0.02 g)
    const fs = 12_000;
    const rng = new Random(3, '2fl');
    const x = new Float64Array(fs);
    rng.fillNormal(x);
    for (let i = 0; i < fs; i++) {
      const t = i / fs;
      x[i] =
        0.001 * x[i]! +
        0.05 * Math.sin(2 * Math.PI * 24.35 * t) +
        0.02 * Math.sin(2 * Math.PI * 100 * t + 0.3);
    }
    const p = new MachineFeaturePipeline({
      bearings: { de: BEARING_6205, fe: BEARING_6205 },
      polePairs: 2,
    });
    const channels = [{ location: 'de' as const, fsHz: fs, samples: x }];
    const at = featureIndex('amp_2fl_g');
    const row = p.onCapture({ tH: 0, speedRpm: 1461, channels, supplyHz: 50 });
    expect(row[at]).toBeCloseTo(0.02, 3);
    // 1470 rpm puts 4x 2 bins from 100 Hz: each keeps its side, 2 fl reads 0.91 of itself
    const near = p.onCapture({ tH: 0.5, speedRpm: 1470, channels, supplyHz: 50 })[at]!;
    expect(near / 0.02).toBeGreaterThan(0.88);
    expect(near / 0.02).toBeLessThan(0.95);
    expect(row[featureIndex('amp_1x_g')]).toBeCloseTo(0.05, 3);
    expect(p.onCapture({ tH: 1, speedRpm: 1461, channels })[at]).toBeNaN();
  });
});

describe('captures the machine pipeline refuses', () => {
  it('names what is wrong instead of truncating a row or failing with a TypeError', () => {
    const p = new MachineFeaturePipeline({ bearings: { de: BEARING_6205, fe: BEARING_6205 } });
    const samples = new Float64Array(4096);
    const de = { location: 'de' as const, fsHz: 12_000, samples };
    expect(() =>
      p.onCapture({ tH: 0, speedRpm: 1500, channels: [de] }, new Float64Array(3)),
    ).toThrow(/capture at 0 h: the output row holds 3 values, expected \d+/);
    expect(() => p.onCapture({ tH: Number.NaN, speedRpm: 1500, channels: [de] })).toThrow(
      /expected a finite time/,
    );
    expect(() => p.onCapture({ tH: 0, speedRpm: 1500, channels: [de, de] })).toThrow(
      /a second de channel \(several at one location need distinct axes\)/,
    );
    expect(() =>
      p.onCapture({
        tH: 0,
        speedRpm: 1500,
        channels: [
          { ...de, axis: 'x' },
          { ...de, axis: 'x' },
        ],
      }),
    ).toThrow(/a second de channel of axis x/);
    expect(() => p.onCapture({ tH: 0, speedRpm: 1500, channels: [{ ...de, axis: '' }] })).toThrow(
      /channel axis: expected a non-empty name, got ""/,
    );
    expect(() =>
      p.onCapture({ tH: 0, speedRpm: 1500, channels: [de, { ...de, axis: 'v' }] }),
    ).toThrow(/a de channel without an axis beside one of axis v: name every axis of a location/);
    expect(() =>
      p.onCapture({ tH: 0, speedRpm: 1500, channels: [{ ...de, location: 'xx' as 'de' }] }),
    ).toThrow(/channel location "xx": expected de or fe/);
    // current only: the vibration is not usable, said as 0, not left NaN
    const row = p.onCapture({ tH: 1, speedRpm: 1500, channels: [] });
    expect(row[featureIndex('q_usable')]).toBe(0);
  });
});

describe("the current sidebands' residual of the machine pipeline", () => {
  // A 4-pole motor at 3 % slip (1455 rpm on 50 Hz): pole-pass sidebands at 47 and 53 Hz.
  const fs = 2000;
  const current = (tH: number, sidebandDb: number) => {
    const n = 8 * fs;
    const x = new Float64Array(n);
    new Random(Math.round(tH * 10), 'mcsa').fillNormal(x);
    const sb = 10 * 10 ** (sidebandDb / 20);
    for (let i = 0; i < n; i++) {
      const t = i / fs;
      x[i] =
        0.001 * x[i]! +
        10 * Math.sin(2 * Math.PI * 50 * t) +
        sb * Math.sin(2 * Math.PI * 47 * t + 0.4) +
        0.6 * sb * Math.sin(2 * Math.PI * 53 * t + 1.1);
    }
    return { samples: x, fsHz: fs, supplyHz: 50 };
  };
  const at = featureIndex('cur_rbar_sb_residual_db');
  const step = (p: MachineFeaturePipeline, tH: number, load: number, sidebandDb: number) => {
    p.onTelemetry({
      tH,
      running: true,
      loadFraction: load,
      currentA: 7,
      tempWindingC: 80,
      tempFrameC: 60,
      tempBearingDeC: 55,
      tempAmbientC: 25,
    });
    return p.onCapture({ tH, speedRpm: 1455, channels: [], current: current(tH, sidebandDb) });
  };

  it("learns the rotor's own level against load, then reads a rise over it in dB", () => {
    const p = new MachineFeaturePipeline({
      bearings: { de: BEARING_6205, fe: BEARING_6205 },
      polePairs: 2,
    });
    // healthy: -55 dB at rated load, falling with the load component's share of the current,
    // L / sqrt(m^2 + (1 - m^2) L^2), here with m = 0.5 (the residual assumes a typical 0.4)
    const healthy = (load: number) =>
      -55 + 20 * Math.log10(load / Math.sqrt(0.25 + 0.75 * load * load));
    // a commissioning run at 60-95 % load only
    for (let k = 0; k < 24; k++) {
      const load = 0.6 + (0.35 * (k % 8)) / 7;
      const row = step(p, k, load, healthy(load));
      expect(row[at]).toBeNaN(); // still learning
      expect(row[featureIndex('cur_rbar_sb_db')]).toBeCloseTo(healthy(load), 0);
    }
    // healthy at light load reads near 0 (the level itself is 6.8 dB lower at 0.25); with the
    // baseline's linear load term alone it read -3.9 dB
    expect(healthy(0.25) - healthy(0.95)).toBeLessThan(-6.5);
    for (const [t, load] of [
      [30, 0.25],
      [31, 0.4],
      [32, 0.8],
      [33, 1.0],
    ] as const)
      expect(Math.abs(step(p, t, load, healthy(load))[at]!), `load ${load}`).toBeLessThan(1.5);
    // broken bars: 12 dB over the healthy level at the same load
    expect(step(p, 40, 0.3, healthy(0.3) + 12)[at]).toBeGreaterThan(10.5);
    expect(step(p, 41, 0.9, healthy(0.9) + 12)[at]).toBeCloseTo(12, 0);
  });

  it("keeps the rotor's baseline through work that cannot touch the rotor", () => {
    const p = new MachineFeaturePipeline({
      bearings: { de: BEARING_6205, fe: BEARING_6205 },
      polePairs: 2,
    });
    for (let k = 0; k < 24; k++) step(p, k, 0.8, -56);
    expect(step(p, 30, 0.8, -50)[at]).toBeCloseTo(6, 0);
    // a bearing and grease job: the broken bars are still there and still read 6 dB up
    p.reset(['outer_race', 'inner_race', 'ball', 'lubrication']);
    expect(step(p, 40, 0.8, -50)[at]).toBeCloseTo(6, 0);
    // a rotor repair, or another machine: learnt again
    p.reset(['outer_race', 'rotor_bar']);
    expect(step(p, 50, 0.8, -56)[at]).toBeNaN();
    for (let k = 0; k < 24; k++) step(p, 60 + k, 0.8, -56);
    p.reset();
    expect(step(p, 90, 0.8, -56)[at]).toBeNaN();
  });
});

describe('several axes at one location', () => {
  it("fuse into the location's features and the row's as the larger value", () => {
    // A horizontal axis with a strong 1x and a vertical one with impacts: each feature of the
    // pair is the larger of the two single-axis captures', and nothing reaches the fan end.
    const fs = 12_000;
    const rng = new Random(5, 'axes');
    const horizontal = new Float64Array(fs);
    const vertical = new Float64Array(fs);
    rng.fillNormal(horizontal);
    rng.fillNormal(vertical);
    for (let i = 0; i < fs; i++) {
      horizontal[i] = 0.01 * horizontal[i]! + 0.2 * Math.sin((2 * Math.PI * 25 * i) / fs);
      vertical[i] = 0.01 * vertical[i]! + (i % 137 === 0 ? 1.5 : 0);
    }
    const bearings = { de: BEARING_6205, fe: BEARING_6205 };
    const row = (channels: { axis?: string; samples: Float64Array }[]) =>
      new MachineFeaturePipeline({ bearings }).onCapture({
        tH: 1,
        speedRpm: 1500,
        channels: channels.map((c) => ({ location: 'de' as const, fsHz: fs, ...c })),
      });
    const h = row([{ samples: horizontal }]);
    const v = row([{ samples: vertical }]);
    const pipeline = new MachineFeaturePipeline({ bearings });
    const both = pipeline.onCapture({
      tH: 1,
      speedRpm: 1500,
      channels: [
        { location: 'de', fsHz: fs, axis: 'h', samples: horizontal },
        { location: 'de', fsHz: fs, axis: 'v', samples: vertical },
      ],
    });
    // each channel's own features stay readable: the single-axis rows' vibration columns
    const vib = (r: Float64Array) => Array.from(r.subarray(0, pipeline.channelFeatures(0).length));
    expect(Array.from(pipeline.channelFeatures(0))).toEqual(vib(h));
    expect(Array.from(pipeline.channelFeatures(1))).toEqual(vib(v));
    expect(() => pipeline.channelFeatures(2)).toThrow(
      /channelFeatures\(2\): the last capture held 2 accelerometer channels/,
    );
    for (const name of [
      'acc_rms_g',
      'acc_kurtosis',
      'vel_1x_mm_s',
      'de_acc_rms_g',
      'de_acc_kurtosis',
      'de_vel_1x_mm_s',
    ]) {
      const j = featureIndex(name);
      expect(both[j]).toBe(Math.max(h[j]!, v[j]!));
    }
    // each axis wins where it should: the tone's 1x, the impacts' kurtosis
    expect(both[featureIndex('de_vel_1x_mm_s')]).toBe(h[featureIndex('de_vel_1x_mm_s')]);
    expect(both[featureIndex('de_acc_kurtosis')]).toBe(v[featureIndex('de_acc_kurtosis')]);
    expect(both[featureIndex('fe_acc_rms_g')]).toBeNaN();
    expect(both[featureIndex('ratio_fe_de_1x')]).toBeNaN();
  });
});
