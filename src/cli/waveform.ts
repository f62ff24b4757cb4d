/** `pdm-twin waveform`: one vibration capture of a chosen fault, as CSV (t, accel_g). */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { CsvTableWriter } from '../data/csv.js';
import { tableFromColumns } from '../data/table.js';
import { PdmError } from '../core/errors.js';
import { BEARING_6205, parseGeometry } from '../twin/bearing.js';
import { isBearingMode, VIBRATION_MODES } from '../twin/modes.js';
import { MIN_CAPTURE_SAMPLES } from '../twin/scenario-schema.js';
import type { VibrationMode } from '../twin/modes.js';
import { singleCapture } from '../twin/single-capture.js';
import { choiceOption, integerOption, numberOption } from './options.js';
import { MIN_BEARING_RATE_HZ } from './scenario-file.js';
import { interruptSignal } from './progress.js';

/** The longest capture `singleCapture` makes. */
const MAX_SAMPLES = 50_000_000;

interface WaveformCliOptions {
  fault: VibrationMode;
  severity: number;
  rpm: number;
  fs: number;
  seconds: number;
  load: number;
  seed: number;
  bearing?: string;
  location: 'de' | 'fe';
  out: string;
  force?: boolean;
}

export function registerWaveform(program: Command): void {
  program
    .command('waveform')
    .description('synthesise one vibration capture of a fault and write it as CSV (t, accel_g)')
    .option(
      '--fault <mode>',
      `fault mode: ${VIBRATION_MODES.join(', ')}`,
      choiceOption('--fault', VIBRATION_MODES),
      'normal',
    )
    .option('--severity <s>', 'fault severity in [0, 1]', numberOption('--severity', 0, 1), 0.3)
    .option('--rpm <rpm>', 'shaft speed, rpm', numberOption('--rpm', 1, 99_999), 1797)
    .option('--fs <hz>', 'sample rate, Hz', numberOption('--fs', 100, 1_000_000), 12_000)
    .option('--seconds <s>', 'capture length, s', numberOption('--seconds', 0.001, 3600), 1)
    .option(
      '--load <0..1.5>',
      'load as a fraction of rated torque (above 1: overload)',
      numberOption('--load', 0, 1.5),
      0.75,
    )
    .option('--seed <n>', 'random seed', integerOption('--seed', 0, 2 ** 32 - 1), 1)
    .option(
      '--bearing <n,d_mm,D_mm,angle_deg>',
      "bearing geometry (default: the machine template's, a 6205 (9,7.94,39.04,0) at the drive end and a 6203 at the fan end)",
    )
    .option(
      '--location <de|fe>',
      'which bearing and accelerometer',
      choiceOption('--location', ['de', 'fe'] as const),
      'de',
    )
    .option('--out <file.csv>', 'output CSV file', 'waveform.csv')
    .option('--force', 'replace --out if it exists')
    .action(async (o: WaveformCliOptions) => {
      if (/\.(parquet|json|mat|npy)$/i.test(o.out))
        throw new PdmError(
          'PDM_USAGE',
          `--out ${o.out}: waveform writes CSV (columns t, accel_g); name the file .csv`,
        );
      // as simulate and generate do: an existing result is replaced only when asked
      if (o.force !== true && existsSync(o.out) && !statSync(o.out).isDirectory())
        throw new PdmError(
          'PDM_OUTPUT_EXISTS',
          `--out ${o.out} already exists; choose another --out or pass --force to replace it`,
        );
      const samples = Math.round(o.seconds * o.fs);
      if (samples > MAX_SAMPLES) {
        throw new PdmError(
          'PDM_USAGE',
          `--seconds ${o.seconds} at --fs ${o.fs}: ${samples} samples; at most ${MAX_SAMPLES / 1e6} M samples ` +
            `(${(MAX_SAMPLES / o.fs).toPrecision(4)} s at this rate)`,
        );
      }
      if (samples < 1) {
        throw new PdmError(
          'PDM_USAGE',
          `--seconds ${o.seconds} at --fs ${o.fs}: no sample; a capture's features need at least ${MIN_CAPTURE_SAMPLES}`,
        );
      }
      if (samples < MIN_CAPTURE_SAMPLES) {
        process.stderr.write(
          `note: ${samples} samples; the feature library needs at least ${MIN_CAPTURE_SAMPLES} (more --seconds or --fs)\n`,
        );
      }
      const geometry = o.bearing === undefined ? BEARING_6205 : parseGeometry(o.bearing);
      // The same limit as a scenario's: bearing defects show as impacts ringing structural
      // resonances in the kHz, which a band ending below 1 kHz misses
      if (isBearingMode(o.fault) && o.fs < MIN_BEARING_RATE_HZ) {
        process.stderr.write(
          `note: at --fs ${o.fs} Hz the band ends at ${o.fs / 2} Hz, below the structural resonances a ` +
            `bearing defect rings (kHz): the capture cannot show the ${o.fault} defect (12000 Hz, the default, can)\n`,
        );
      }
      const c = singleCapture({
        mode: o.fault,
        severity: o.severity,
        speedRpm: o.rpm,
        fsHz: o.fs,
        durationS: o.seconds,
        loadFraction: o.load,
        seed: o.seed,
        location: o.location,
        ...(o.bearing === undefined ? {} : { bearing: geometry }),
      });
      const n = c.accelG.length;
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) t[i] = i / o.fs;
      // In blocks, so that Ctrl-C stops a long write and removes the unfinished file.
      const stop = interruptSignal();
      const writer = await CsvTableWriter.open(o.out);
      try {
        const block = 1 << 20;
        for (let i = 0; i < n; i += block) {
          if (stop.signal.aborted)
            throw new PdmError('PDM_INTERRUPTED', `interrupted; ${o.out} was not written`);
          await writer.append(
            tableFromColumns([
              { name: 't', type: 'float64', data: t.subarray(i, i + block) },
              { name: 'accel_g', type: 'float32', data: c.accelG.subarray(i, i + block) },
            ]),
          );
        }
        await writer.finish();
      } catch (err) {
        await writer.abort();
        throw err;
      } finally {
        stop.dispose();
      }
      process.stdout.write(
        `wrote ${n} samples of ${o.fault}${o.fault === 'normal' ? '' : ` (severity ${o.severity})`} at ${o.rpm} rpm, ${o.fs} Hz to ${o.out}\n`,
      );
    });
}
