// Regenerates the documentation figures in docs/figures/ from the project's own code:
// `npm run figures` (after a build). Every figure is made by the twin and the feature code.
import { envelopeSpectrum } from '../dist/features/envelope.js';
import { amplitudeSpectrum } from '../dist/features/spectrum.js';
import { bearingOrders, BEARING_6205 } from '../dist/twin/bearing.js';
import { singleCapture } from '../dist/twin/single-capture.js';
import { scenarioFrom } from '../dist/twin/scenario.js';
import { buildFleet } from '../dist/twin/fleet.js';
import { simulateMachine } from '../dist/twin/simulation.js';
import { generateMachine } from '../dist/data/generate-machine.js';
import { composeFigure, lineChart, writeFigure } from '../dist/plot/index.js';
import { simulateToDir } from '../dist/data/simulate.js';
import { parseScenario } from '../dist/twin/scenario.js';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT = new URL('../docs/figures/', import.meta.url).pathname;
const RPM = 1797;
const FR = RPM / 60;
const FS = 12_000;
const o = bearingOrders(BEARING_6205);

function capture(mode, severity = 0.3) {
  return singleCapture({ mode, severity, speedRpm: RPM, fsHz: FS, durationS: 4, seed: 3, slip: 0 })
    .accelG;
}
const freqs = (spec) => Array.from(spec.amp, (_, k) => k * spec.dfHz);

/** A drive-end fault injected on `machine` at atH, failing timeToFailureH later. */
const fault = (machine, mode, atH, timeToFailureH) => ({
  machine,
  mode,
  location: 'de',
  atH,
  growth: { timeToFailureH },
});

/** `count` machines at a wandering 75 % load with only the injected faults; stopped on failure. */
function injectedFleet(seed, durationH, periodH, count, inject) {
  return scenarioFrom({
    seed,
    durationH,
    capture: { periodH },
    fleet: [{ count, profile: { type: 'random_walk', mean: 0.75, sd: 0.08 } }],
    faults: { lifeScale: 1000, inject },
    maintenance: { afterFailure: 'stop' },
  });
}

// 1. Spectra: healthy vs outer race (broadband), imbalance vs misalignment (low orders).
{
  const healthy = amplitudeSpectrum(capture('normal'), FS);
  const outer = amplitudeSpectrum(capture('outer_race'), FS);
  const imb = amplitudeSpectrum(capture('imbalance', 0.5), FS, { window: 'flattop' });
  const mis = amplitudeSpectrum(capture('misalignment', 0.5), FS, { window: 'flattop' });
  const wide = lineChart({
    title: 'Acceleration spectrum: healthy vs outer-race defect (severity 0.3)',
    series: [
      { name: 'outer race', x: freqs(outer), y: outer.amp },
      { name: 'healthy', x: freqs(healthy), y: healthy.amp },
    ],
    logY: true,
    yLim: [1e-5, 1],
    xLim: [0, 6000],
    xLabel: 'frequency (Hz)',
    yLabel: 'amplitude (g)',
  });
  const low = lineChart({
    title: 'Low orders: imbalance raises 1x, misalignment 2x',
    series: [
      { name: 'imbalance 0.5', x: freqs(imb), y: imb.amp },
      { name: 'misalignment 0.5', x: freqs(mis), y: mis.amp, dash: 'dashed' },
    ],
    xLim: [0, 200],
    markers: [1, 2, 3, 4].map((k) => ({ x: k * FR, label: `${k}x` })),
    xLabel: 'frequency (Hz)',
    yLabel: 'amplitude (g)',
  });
  await writeFigure(
    `${OUT}spectra.png`,
    composeFigure({ panels: [wide, low], columns: 1, panelLabels: true }),
  );
}

// 2. Envelope spectra of each bearing fault, with the defect lines marked.
{
  const band = [2000, 5000];
  // the healthy panel's envelope is far smaller: its own scale, said in its title
  const inView = (e) => e.amp.reduce((m, v, i) => (freqs(e)[i] <= 600 && v > m ? v : m), 0);
  const faultyPeak = Math.min(
    ...[
      ['outer_race', 0.3],
      ['inner_race', 0.3],
      ['ball', 0.5],
    ].map(([m, sev]) => inView(envelopeSpectrum(capture(m, sev), FS, band))),
  );
  const panel = (mode, title, lines, severity = 0.3) => {
    const e = envelopeSpectrum(capture(mode, severity), FS, band);
    const scale = faultyPeak / inView(e);
    return lineChart({
      title:
        mode === 'normal'
          ? `${title} (scale ${Math.round(scale / 10) * 10}x finer than the faults')`
          : title,
      series: [{ name: mode, x: freqs(e), y: e.amp }],
      xLim: [0, 600],
      markers: lines,
      xLabel: 'frequency (Hz)',
      yLabel: 'envelope (g)',
      legend: 'none',
    });
  };
  const harm = (order, name) =>
    [1, 2, 3].map((k) => ({ x: k * order * FR, label: k === 1 ? name : `${k}x${name}` }));
  const panels = [
    panel('normal', 'Healthy', [
      ...harm(o.bpfo, 'BPFO').slice(0, 1),
      ...harm(o.bpfi, 'BPFI').slice(0, 1),
    ]),
    panel('outer_race', 'Outer race: BPFO and harmonics', harm(o.bpfo, 'BPFO')),
    panel('inner_race', 'Inner race: BPFI with 1x sidebands', [
      { x: FR, label: '1x' },
      { x: (o.bpfi - 1) * FR, label: '-1x' },
      { x: o.bpfi * FR, label: 'BPFI' },
      { x: (o.bpfi + 1) * FR, label: '+1x' },
      { x: 2 * o.bpfi * FR, label: '2xBPFI' },
    ]),
    panel(
      'ball',
      'Rolling element: BSF, 2xBSF, cage (FTF) modulation',
      [
        { x: o.ftf * FR, label: 'FTF' },
        { x: o.bsf * FR, label: 'BSF' },
        { x: 2 * o.bsf * FR, label: '2xBSF' },
        { x: 4 * o.bsf * FR, label: '4xBSF' },
      ],
      0.5,
    ),
  ];
  await writeFigure(
    `${OUT}envelope-spectra.png`,
    composeFigure({
      panels,
      columns: 2,
      title: `Envelope spectra (6205 at ${RPM} rpm, band 2-5 kHz)`,
      panelLabels: true,
    }),
  );
}

// 3. A run to failure: an outer-race defect injected at day 5 with lubrication loss later.
{
  const s = injectedFleet(5, 720, 24, 1, [
    fault(0, 'outer_race', 120, 330),
    fault(0, 'lubrication', 200, 900),
  ]);
  const rows = [];
  simulateMachine(buildFleet(s)[0], s, { telemetry: (r) => rows.push(r) });
  const t = rows.map((r) => r.tH / 24);
  const chart = (title, yLabel, series) =>
    lineChart({ title, series, xLabel: 'time (days)', yLabel, legend: 'auto', xLim: [0, 30] });
  const panels = [
    chart('Drive-end acceleration RMS', 'acceleration RMS (g)', [
      { name: 'acc RMS', x: t, y: rows.map((r) => r.reading.vibDeAccG) },
    ]),
    chart('Drive-end velocity RMS (10-1000 Hz)', 'velocity RMS (mm/s)', [
      { name: 'velocity RMS', x: t, y: rows.map((r) => r.reading.vibDeVelMmS) },
    ]),
    chart('Temperatures', 'temperature (\u00b0C)', [
      { name: 'winding', x: t, y: rows.map((r) => r.reading.tempWindingC) },
      { name: 'DE bearing', x: t, y: rows.map((r) => r.reading.tempBearingDeC) },
      { name: 'ambient', x: t, y: rows.map((r) => r.reading.tempAmbientC) },
    ]),
    chart('Ground truth', 'health index; RUL in tens of days', [
      { name: 'health index', x: t, y: rows.map((r) => r.truth.healthIndex) },
      { name: 'RUL / 10 days', x: t, y: rows.map((r) => r.rulH / 240) },
    ]),
  ];
  await writeFigure(
    `${OUT}run-to-failure.png`,
    composeFigure({
      panels,
      columns: 2,
      title: 'Run to failure: outer-race defect from day 5, lubrication loss from day 8',
      panelLabels: true,
    }),
  );
}
// 4. Grease loss against a localised defect: the acceleration RMS and the wide band's floor,
// each over the machine's healthy level. Two machines, one fault each, from day 2.
{
  const s = injectedFleet(7, 600, 2, 2, [
    fault(0, 'lubrication', 48, 500),
    fault(1, 'outer_race', 48, 500),
  ]);
  const panels = ['lubrication', 'outer_race'].map((mode, i) => {
    const f = generateMachine(buildFleet(s)[i], s, false).features;
    const col = (name) => f.columns.find((c) => c.name === name).data;
    const sev = col(`sev_${mode}`);
    const keep = [...sev.keys()].filter((j) => Number.isFinite(col('acc_rms_residual_db')[j]));
    const pick = (name) => keep.map((j) => col(name)[j]);
    return lineChart({
      title: mode === 'lubrication' ? 'Grease loss (drive end)' : 'Outer-race defect (drive end)',
      series: [
        { name: 'acceleration RMS', x: pick(`sev_${mode}`), y: pick('acc_rms_residual_db') },
        {
          name: 'broadband floor',
          x: pick(`sev_${mode}`),
          y: pick('envw_floor_residual_db'),
          dash: 'dashed',
        },
      ],
      xLabel: 'severity',
      yLabel: 'dB over the healthy level',
      legend: 'auto',
    });
  });
  await writeFigure(
    `${OUT}floor-residual.png`,
    composeFigure({
      panels,
      columns: 2,
      title: 'Level over healthy: grease loss lifts floor and RMS alike, impacts the RMS far more',
      panelLabels: true,
    }),
  );
}
// 5. The overview figure the README's first command writes (simulate of quickstart.yaml).
{
  const file = new URL('../scenarios/quickstart.yaml', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'pdm-figures-'));
  await simulateToDir({
    scenario: parseScenario(readFileSync(file, 'utf8'), file),
    scenarioFile: file,
    outDir: dir,
    force: true,
    captures: false,
  });
  copyFileSync(join(dir, 'overview.png'), `${OUT}quickstart-overview.png`);
  rmSync(dir, { recursive: true, force: true });
}
console.log(`wrote figures to ${OUT}`);
