// Dataset generation: the time to generate the issue's reference dataset (100 machines,
// 90 days, hourly 1 s captures at 12 kHz) on all cores, measured on a fraction of it and
// scaled (set PDM_BENCH_FULL=1 to run all 100 machines: about 3 + 2 minutes). Both accelerometers, as the default
// scenario has them, and the drive end alone.
import { availableParallelism } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../dist/data/generate.js';
import { scenarioFrom } from '../dist/twin/scenario.js';
import { machineLine } from './machine.js';

console.log('== generate ==');
console.log(machineLine());
const full = process.env.PDM_BENCH_FULL === '1';
const machines = full ? 100 : 4 * availableParallelism();
for (const sensors of [['de', 'fe'], ['de']]) {
  const s = scenarioFrom({
    seed: 3,
    durationH: 90 * 24,
    capture: { periodH: 1, durationS: 1, sampleRateHz: 12_000, sensors },
    fleet: [{ count: machines }],
    faults: { lifeScale: 0.03 },
  });
  const dir = mkdtempSync(join(tmpdir(), 'pdm-bench-gen-'));
  const t0 = performance.now();
  let lastProgress = t0;
  const r = await generateDataset({
    scenario: s,
    scenarioFile: null,
    outDir: dir,
    force: true,
    onProgress: () => {
      lastProgress = performance.now();
    },
  });
  const t1 = performance.now();
  const sec = (t1 - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  const per100 = (sec * 100) / machines;
  console.log(
    `generate ${machines} machines x 90 days, hourly captures, sensors ${sensors.join('+')}: ${sec.toFixed(1)} s, ${r.manifest.rows} feature rows` +
      `${full ? '' : ` -> ${per100.toFixed(0)} s for 100 machines`} (target 120 s; ${availableParallelism()} workers;` +
      ` ${((t1 - lastProgress) / 1000).toFixed(1)} s of it after the last machine: the last row groups and footers)`,
  );
}
