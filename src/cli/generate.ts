/** `pdm-twin generate`: a fleet dataset with features computed on the fly. */
import type { Command } from 'commander';
import { generateDataset } from '../data/generate.js';
import { defaultWorkerCount } from '../data/worker-pool.js';
import { integerOption, tableFormatOption } from './options.js';
import { createProgress, interruptSignal } from './progress.js';
import { loadScenarioFile, SEED_OPTION_HELP } from './scenario-file.js';
import { shippedDefault } from './paths.js';
import { captureSizeNote } from './output-size.js';
import { emptySplitWarning } from '../data/splits.js';

interface GenerateCliOptions {
  scenario: string;
  out: string;
  workers: number;
  keepWaveforms?: boolean;
  format: 'parquet' | 'csv';
  force?: boolean;
  quiet?: boolean;
  seed?: number;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'generate a labelled fleet dataset: features per capture, telemetry, events, splits by machine',
    )
    .option(
      '--scenario <file>',
      'scenario file (YAML or JSON); by default the shipped one where this folder has none',
      'scenarios/default.yaml',
    )
    .option('--out <dir>', 'dataset folder', 'out/dataset')
    .option(
      '--workers <n>',
      'worker threads, one per core unless told',
      integerOption('--workers', 1, 256),
      defaultWorkerCount(),
    )
    .option('--keep-waveforms', 'also write every capture under captures/')
    .addOption(
      tableFormatOption('parquet, or csv (features.csv and CSV tables besides features.parquet)'),
    )
    .option(
      '--force',
      'replace an existing dataset (or a partial one from an interrupted run) in --out',
    )
    .option('--seed <n>', SEED_OPTION_HELP, integerOption('--seed', 0, 2 ** 32 - 1))
    .option('--quiet', 'no progress output')
    .action(async (o: GenerateCliOptions) => {
      // the shipped default works from any folder, as simulate's does
      const scenarioFile = shippedDefault(o.scenario, 'scenarios/default.yaml');
      const scenario = await loadScenarioFile(scenarioFile, o.seed);
      if (o.keepWaveforms === true && o.quiet !== true) {
        const note = captureSizeNote(
          scenario,
          o.format,
          o.out,
          'without --keep-waveforms the features are computed all the same',
        );
        if (note !== null) process.stderr.write(`${note}\n`);
      }
      const machines = scenario.fleet.reduce((a, g) => a + g.count, 0);
      const progress = createProgress(
        'generate',
        scenario.durationH * machines,
        'machine-h',
        o.quiet === true,
      );
      const stop = interruptSignal();
      const t0 = performance.now();
      try {
        const r = await generateDataset({
          scenario,
          scenarioFile,
          outDir: o.out,
          workers: o.workers,
          keepWaveforms: o.keepWaveforms === true,
          format: o.format,
          force: o.force === true,
          signal: stop.signal,
          onProgress: (p) => {
            progress.update(p.simulatedH, `(${p.machinesDone}/${p.machines} machines)`);
          },
        });
        progress.stop();
        const m = r.manifest;
        const s = m.splits;
        process.stdout.write(
          `generated ${m.rows} feature rows (${m.features.length} features) from ${m.machines} machines in ` +
            `${((performance.now() - t0) / 1000).toFixed(1)} s; ${r.failures} failure${r.failures === 1 ? '' : 's'}; classes: ${m.labels.classes.join(', ')}\n` +
            `splits by machine: ${s.train.length} train, ${s.validation.length} validation, ${s.test.length} test\n` +
            `wrote ${o.out}/ (overview.png shows the run; manifest.json describes every column)\n`,
        );
        const warn = emptySplitWarning(s, m.machines, 'machines', 'add machines to the fleet');
        if (warn !== null) process.stderr.write(`${warn}\n`);
      } finally {
        progress.stop();
        stop.dispose();
      }
    });
}
