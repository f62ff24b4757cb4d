// Twin benchmarks: vibration synthesis throughput, real-time factor of 12 kHz captures, and
// the slow state of a 100-machine, 90-day fleet. Run with `npm run bench` (after a build).
import { Random } from '../dist/core/random.js';
import { singleCapture } from '../dist/twin/single-capture.js';
import { VibrationSynth } from '../dist/twin/vibration.js';
import { applyAccelerometer } from '../dist/twin/sensors.js';
import { buildFleetMember, attachments } from '../dist/twin/fleet.js';
import { scenarioFrom } from '../dist/twin/scenario.js';
import { simulateMachine } from '../dist/twin/simulation.js';
import { machineLine, median } from './machine.js';

console.log('== twin ==');
console.log(machineLine());

// 1. Vibration synthesis, samples per second on one core (one thread).
for (const mode of ['normal', 'outer_race', 'inner_race', 'ball', 'looseness']) {
  const base = singleCapture({
    mode,
    severity: 0.4,
    speedRpm: 1797,
    fsHz: 12_000,
    durationS: 0.01,
  });
  const synth = new VibrationSynth();
  const n = 12_000;
  const out = new Float64Array(n);
  const rng = new Random(1);
  for (let i = 0; i < 50; i++)
    synth.synthesize(base.machine.vibration, base.input, 'de', 12_000, out, rng, 'b');
  const times = [];
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++)
      synth.synthesize(base.machine.vibration, base.input, 'de', 12_000, out, rng, 'b');
    times.push((performance.now() - t0) / 20);
  }
  const msPerCapture = median(times);
  const samplesPerS = n / (msPerCapture / 1000);
  console.log(
    `vibration synthesis (${mode.padEnd(10)}): ${(samplesPerS / 1e6).toFixed(1)} M samples/s per core, ` +
      `1 s capture at 12 kHz in ${msPerCapture.toFixed(3)} ms = ${(1000 / msPerCapture).toFixed(0)}x real time`,
  );
}

// 1b. The whole capture path: synthesis plus the accelerometer chain (noise, clipping, ADC).
{
  const base = singleCapture({
    mode: 'outer_race',
    severity: 0.4,
    speedRpm: 1797,
    fsHz: 12_000,
    durationS: 0.01,
  });
  const synth = new VibrationSynth();
  const x = new Float64Array(12_000);
  const y = new Float32Array(12_000);
  const rng = new Random(2);
  const acc = base.machine.config.sensors.accelerometer.de;
  const once = () => {
    synth.synthesize(base.machine.vibration, base.input, 'de', 12_000, x, rng, 'b');
    applyAccelerometer(x, 12_000, acc, rng, y);
  };
  for (let i = 0; i < 50; i++) once();
  const times = [];
  for (let r = 0; r < 15; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) once();
    times.push((performance.now() - t0) / 20);
  }
  const ms = median(times);
  console.log(
    `capture with sensor chain (outer_race): ${(12_000 / ms / 1e3).toFixed(1)} M samples/s per core, ` +
      `${ms.toFixed(3)} ms per 1 s capture at 12 kHz = ${(1000 / ms).toFixed(0)}x real time`,
  );
}

// 2. Slow state of a 100-machine, 90-day fleet (10-minute steps, telemetry every step, no captures).
const s = scenarioFrom({
  seed: 1,
  durationH: 90 * 24,
  stepS: 600,
  fleet: [{ count: 100 }],
  faults: { lifeScale: 0.05 },
});
const att = attachments(s);
let rows = 0;
const t0 = performance.now();
for (let i = 0; i < 100; i++) {
  simulateMachine(buildFleetMember(s, i, att), s, { telemetry: () => rows++ }, { labels: false });
}
const slowS = (performance.now() - t0) / 1000;
console.log(
  `slow state, 100 machines x 90 days (600 s steps, ${rows} telemetry rows, one core): ${slowS.toFixed(2)} s ` +
    `(${((100 * 90 * 144) / slowS / 1e3).toFixed(0)} k machine-steps/s)`,
);
