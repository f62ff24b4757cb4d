// Feature extraction throughput: 1 s, 12 kHz captures per second on one core, through the
// full machine pipeline (both the single-channel vibration features and the fused row), and
// the same core features in NumPy/SciPy when python3 has them (bench/features_numpy.py).
import { spawnSync } from 'node:child_process';
import { FeatureExtractor } from '../dist/features/capture-features.js';
import { BEARING_6205 } from '../dist/twin/bearing.js';
import { singleCapture } from '../dist/twin/single-capture.js';
import { machineLine, median } from './machine.js';

console.log('== features ==');
console.log(machineLine());
const captures = ['normal', 'outer_race', 'inner_race', 'ball'].map(
  (mode, i) =>
    singleCapture({ mode, severity: 0.3, speedRpm: 1797, fsHz: 12_000, durationS: 1, seed: i + 1 })
      .accelG,
);
const fx = new FeatureExtractor();
for (let i = 0; i < 200; i++)
  fx.compute({ signal: captures[i % 4], fsHz: 12_000, speedRpm: 1797, bearing: BEARING_6205 });
for (const [label, speed] of [
  ['tachometer speed', 1797],
  ['speed estimated from the spectrum', Number.NaN],
]) {
  const times = [];
  for (let r = 0; r < 20; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 50; i++)
      fx.compute({ signal: captures[i % 4], fsHz: 12_000, speedRpm: speed, bearing: BEARING_6205 });
    times.push((performance.now() - t0) / 50);
  }
  const ms = median(times);
  console.log(
    `vibration features (${label}): ${ms.toFixed(3)} ms per 1 s 12 kHz capture = ${(1000 / ms).toFixed(0)} captures/s per core (target 1000)`,
  );
}
for (const py of ['/usr/bin/python3', 'python3']) {
  const r = spawnSync(py, [new URL('./features_numpy.py', import.meta.url).pathname], {
    encoding: 'utf8',
  });
  if (r.status === 0) {
    console.log(
      `reference, ${r.stdout.trim()} (a subset: no speed estimate, quality flags or order bands)`,
    );
    break;
  }
}
