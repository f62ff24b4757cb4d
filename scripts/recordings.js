// Writes a labelled set of vibration recordings, as public bearing datasets ship them, for
// `pdm-twin import waveforms`: `node scripts/recordings.js OUT_DIR` (after a build) writes
// OUT_DIR/manifest.csv and 80 one-column recordings of 10 s at 12 kHz (t, accel_g): healthy,
// and outer-race, inner-race and ball defects of the drive-end 6205 at severities 0.1, 0.3 and
// 0.5, each at four loads and speeds (1797-1730 rpm), twice. Each recording is a machine of its
// own, its parameters (resonances, damping, noise, sensor) drawn from the twin's template.
// docs/models.md uses it to check a model trained on a generated fleet on recordings it never
// saw, with vibration only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCsvFile } from '../dist/data/csv.js';
import { tableFromColumns } from '../dist/data/table.js';
import { singleCapture } from '../dist/twin/single-capture.js';

const out = process.argv[2];
if (out === undefined) {
  process.stderr.write('usage: node scripts/recordings.js OUT_DIR\n');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const FS = 12_000;
const SECONDS = 10;
const LOADS = [
  [0, 1797],
  [1, 1772],
  [2, 1750],
  [3, 1730],
];
const rows = ['file,label,fs,rpm,load,machine'];
let i = 0;
for (const mode of ['normal', 'outer_race', 'inner_race', 'ball']) {
  for (const severity of mode === 'normal' ? [0] : [0.1, 0.3, 0.5]) {
    for (const [load, rpm] of LOADS) {
      for (let rep = 0; rep < 2; rep++) {
        i++;
        // CWRU's loads of 0-3 hp, as fractions of a rated load
        const loadFraction = 0.1 + 0.25 * load;
        const c = singleCapture({
          mode,
          severity,
          speedRpm: rpm,
          fsHz: FS,
          durationS: SECONDS,
          loadFraction,
          seed: i,
          drawMachine: true,
        });
        const t = Float64Array.from(c.accelG, (_, k) => k / FS);
        const file = `r${String(i).padStart(2, '0')}.csv`;
        await writeCsvFile(
          join(out, file),
          tableFromColumns([
            { name: 't', type: 'float64', data: t },
            { name: 'accel_g', type: 'float32', data: c.accelG },
          ]),
        );
        rows.push(`${file},${mode},${FS},${rpm},${loadFraction},m${i}`);
      }
    }
  }
}
writeFileSync(join(out, 'manifest.csv'), `${rows.join('\n')}\n`);
process.stdout.write(`wrote ${i} recordings and manifest.csv to ${out}\n`);
