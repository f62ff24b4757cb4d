/** `pdm-twin bearing`: shaft rate and characteristic defect frequencies for a geometry. */
import type { Command } from 'commander';
import { BEARING_6205, bearingFrequencies, bearingOrders, parseGeometry } from '../twin/bearing.js';
import { numberOption } from './options.js';

interface BearingCliOptions {
  rpm: number;
  bearing?: string;
  json?: boolean;
}

export function registerBearing(program: Command): void {
  program
    .command('bearing')
    .description(
      'print shaft rate and the bearing defect frequencies (BPFO, BPFI, BSF, 2xBSF, FTF)',
    )
    .requiredOption('--rpm <rpm>', 'shaft speed in rpm', numberOption('--rpm', 1, 99_999))
    .option('--bearing <n,d_mm,D_mm,angle_deg>', 'bearing geometry (default: 6205, 9,7.94,39.04,0)')
    .option('--json', 'print JSON instead of a table')
    .action((opts: BearingCliOptions) => {
      const geometry = opts.bearing === undefined ? BEARING_6205 : parseGeometry(opts.bearing);
      const f = bearingFrequencies(geometry, opts.rpm);
      const o = bearingOrders(geometry);
      if (opts.json === true) {
        process.stdout.write(
          `${JSON.stringify({ geometry, speedRpm: opts.rpm, frequenciesHz: f, orders: { ...o, bsf2: 2 * o.bsf } }, null, 2)}\n`,
        );
        return;
      }
      const rows: [string, number, number][] = [
        ['shaft (1x)', f.shaftHz, 1],
        ['BPFO', f.bpfoHz, o.bpfo],
        ['BPFI', f.bpfiHz, o.bpfi],
        ['BSF', f.bsfHz, o.bsf],
        ['2xBSF', f.bsf2Hz, 2 * o.bsf],
        ['FTF', f.ftfHz, o.ftf],
      ];
      const g = geometry;
      process.stdout.write(
        `bearing n=${g.balls} d=${g.ballDiameterMm} mm D=${g.pitchDiameterMm} mm angle=${g.contactAngleDeg} deg at ${opts.rpm} rpm\n`,
      );
      process.stdout.write(`${'line'.padEnd(12)}${'Hz'.padStart(12)}${'order'.padStart(12)}\n`);
      for (const [name, hz, order] of rows) {
        process.stdout.write(
          `${name.padEnd(12)}${hz.toFixed(3).padStart(12)}${order.toFixed(5).padStart(12)}\n`,
        );
      }
    });
}
