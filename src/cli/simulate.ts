/** `pdm-twin simulate`: run a scenario and write telemetry, captures, events and labels. */
import type { Command } from 'commander';
import { simulateToDir } from '../data/simulate.js';
import { defaultWorkerCount } from '../data/worker-pool.js';
import { integerOption, tableFormatOption } from './options.js';
import { createProgress, interruptSignal } from './progress.js';
import { loadScenarioFile, SEED_OPTION_HELP } from './scenario-file.js';
import { shippedDefault } from './paths.js';
import { captureSizeNote } from './output-size.js';

interface SimulateCliOptions {
  scenario: string;
  out: string;
  format: 'parquet' | 'csv';
  workers: number;
  force?: boolean;
  captures: boolean;
  quiet?: boolean;
  seed?: number;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run a scenario: telemetry, vibration captures, events and labels to a folder')
    .option(
      '--scenario <file>',
      'scenario file (YAML or JSON); by default the shipped one where this folder has none',
      'scenarios/quickstart.yaml',
    )
    .option('--out <dir>', 'output folder', 'out/simulation')
    .addOption(tableFormatOption('parquet or csv'))
    .option(
      '--workers <n>',
      'worker threads, one per core unless told',
      integerOption('--workers', 1, 256),
      defaultWorkerCount(),
    )
    .option('--no-captures', 'skip vibration/current waveforms (telemetry and events only)')
    .option('--force', 'replace an existing result in --out')
    .option('--seed <n>', SEED_OPTION_HELP, integerOption('--seed', 0, 2 ** 32 - 1))
    .option('--quiet', 'no progress output')
    .action(async (opts: SimulateCliOptions) => {
      const scenarioFile = shippedDefault(opts.scenario, 'scenarios/quickstart.yaml');
      const scenario = await loadScenarioFile(scenarioFile, opts.seed);
      if (opts.captures && opts.quiet !== true) {
        const note = captureSizeNote(
          scenario,
          opts.format,
          opts.out,
          '--no-captures writes telemetry and events alone',
        );
        if (note !== null) process.stderr.write(`${note}\n`);
      }
      const progress = createProgress(
        'simulate',
        scenario.durationH * countMachines(scenario),
        'machine-h',
        opts.quiet === true,
      );
      const stop = interruptSignal();
      const t0 = performance.now();
      try {
        const r = await simulateToDir({
          scenario,
          scenarioFile,
          outDir: opts.out,
          format: opts.format,
          workers: opts.workers,
          force: opts.force === true,
          captures: opts.captures,
          signal: stop.signal,
          onProgress: (p) => {
            progress.update(p.simulatedH, `(${p.machinesDone}/${p.machines} machines)`);
          },
        });
        progress.stop();
        const failures = r.machines.reduce((a, m) => a + m.failures, 0);
        const seconds = ((performance.now() - t0) / 1000).toFixed(1);
        process.stdout.write(
          `simulated ${r.machines.length} machines x ${scenario.durationH} h in ${seconds} s: ` +
            `${r.telemetryRows} telemetry rows, ${r.captures} captures, ${r.events} events, ${failures} failure${failures === 1 ? '' : 's'}\n` +
            `wrote ${opts.out}/ (overview.png shows the run; manifest.json lists the files and columns)\n`,
        );
      } finally {
        progress.stop();
        stop.dispose();
      }
    });
}

function countMachines(s: { fleet: readonly { count: number }[] }): number {
  return s.fleet.reduce((a, g) => a + g.count, 0);
}
