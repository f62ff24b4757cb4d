/** `pdm-twin import table|waveforms`: users' data as datasets in the twin's format. */
import type { Command } from 'commander';
import { importTable } from '../data/import-table.js';
import { importWaveforms } from '../data/import-waveforms.js';
import { parseGeometry } from '../twin/bearing.js';
import {
  choiceOption,
  integerOption,
  nameList as list,
  numberOption,
  tableFormatOption,
} from './options.js';
import type { Progress } from './progress.js';
import { createProgress } from './progress.js';
import { emptySplitWarning } from '../data/splits.js';

interface TableCliOptions {
  file: string;
  out: string;
  unit?: string;
  time?: string;
  columns?: string[];
  exclude?: string[];
  sep: 'auto' | ',' | ';' | '\t' | 'whitespace';
  header: 'first' | 'none' | 'auto';
  names?: string[];
  runToFailure?: boolean;
  rulCap?: number;
  finalRul?: string;
  label?: string;
  timeUnit?: string;
  horizon: number;
  window?: number;
  split?: 'train' | 'validation' | 'test';
  regimes?: string[];
  regimesFrom?: string;
  age?: boolean;
  normalClass?: string;
  seed: number;
  format: 'parquet' | 'csv';
  force?: boolean;
}

/** v to three decimals of `scale` (a setting's range), as a plain number ('0' for -0). */
function roundToScale(v: number, scale: number): string {
  const decimals = Math.min(12, Math.max(0, Math.ceil(-Math.log10(scale)) + 3));
  return String(Number(v.toFixed(decimals)) + 0);
}

export function registerImport(program: Command): void {
  const imp = program
    .command('import')
    .description('import your own data as a dataset (same format as generate)');
  imp
    .command('waveforms')
    .description(
      'vibration recordings (CSV or MATLAB .mat) listed in a manifest CSV: file,fs,rpm[,label,load,scale,machine,variable,bearing,location,axis,capture] (--run-to-failure: file,fs,rpm,machine,time[,label,...,failed,final_rul]; docs/data.md)',
    )
    .requiredOption(
      '--manifest <file.csv>',
      'manifest of recordings (paths relative to the manifest)',
    )
    .requiredOption('--out <dir>', 'dataset folder to write')
    .option(
      '--window <seconds>',
      'cut recordings into windows of this length; one feature row each',
      numberOption('--window', 0.01),
      1,
    )
    .option('--bearing <n,d_mm,D_mm,angle_deg>', 'bearing geometry (default: 6205, 9,7.94,39.04,0)')
    .option(
      '--iso-class <class>',
      'ISO 10816-1 machine class of the iso_zone limits: I (up to 15 kW), II (15-75 kW), III (large, rigid foundation), IV (large, soft foundation)',
      choiceOption('--iso-class', ['I', 'II', 'III', 'IV'] as const),
      'I',
    )
    .option(
      '--run-to-failure',
      "each machine's recordings (manifest columns machine and time: hours or ISO 8601 date-times) run to its failure: RUL from the last (or from final_rul)",
    )
    .option(
      '--horizon <hours>',
      'with --run-to-failure: maintenance due when RUL <= this (default: 168)',
      numberOption('--horizon', 0),
    )
    .option(
      '--split <name>',
      'put every machine in one split: train, validation or test (a held-out set imported on its own; default: test with final_rul)',
      choiceOption('--split', ['train', 'validation', 'test'] as const),
    )
    .option(
      '--seed <n>',
      'seed of the train/validation/test split',
      integerOption('--seed', 0, 2 ** 32 - 1),
      1,
    )
    .addOption(tableFormatOption('parquet, or csv (features.csv besides features.parquet)'))
    .option('--force', 'replace an existing dataset in --out')
    .option('--quiet', 'no progress output')
    .action(
      async (o: {
        quiet?: boolean;
        manifest: string;
        out: string;
        window: number;
        bearing?: string;
        isoClass: 'I' | 'II' | 'III' | 'IV';
        runToFailure?: boolean;
        horizon?: number;
        seed: number;
        split?: 'train' | 'validation' | 'test';
        format: 'parquet' | 'csv';
        force?: boolean;
      }) => {
        // The manifest says how many recordings there are: the bar starts at the first one.
        let progress: Progress | null = null;
        const r = await importWaveforms({
          onProgress: (done, total) => {
            progress ??= createProgress('import', total, 'recordings', o.quiet === true);
            progress.update(done);
          },
          manifest: o.manifest,
          outDir: o.out,
          windowS: o.window,
          seed: o.seed,
          format: o.format,
          ...(o.split === undefined ? {} : { allIn: o.split }),
          force: o.force === true,
          runToFailure: o.runToFailure === true,
          ...(o.horizon === undefined ? {} : { horizonH: o.horizon }),
          ...(o.bearing === undefined ? {} : { bearing: parseGeometry(o.bearing) }),
          isoClass: o.isoClass,
        });
        (progress as Progress | null)?.stop();
        const m = r.manifest;
        process.stdout.write(
          `imported ${r.recordings} recordings as ${r.windows} windows of ${o.window} s` +
            `${r.skippedShort > 0 ? ` (${r.skippedShort} recordings shorter than a window skipped)` : ''}; ` +
            (m.labels.classes.length > 0
              ? `classes: ${m.labels.classes.join(', ')}`
              : m.labels.has.rul
                ? 'no class labels'
                : 'no labels (pdm-twin predict runs a model on them; train learns fault, horizon and rul from labelled data only, and anomaly from every row as if healthy)') +
            `${m.labels.has.rul ? `; remaining life ${m.rulScoring === 'last' ? "from each machine's final_rul at its last recording" : "from each machine's last recording"} (maintenance due within ${m.horizon} h)` : ''}\n` +
            `splits: ${m.splits.train.length} train, ${m.splits.validation.length} validation, ${m.splits.test.length} test machines; wrote ${o.out}/\n`,
        );
        // a test set cut before failure (final_rul) is all test on purpose
        const warn =
          m.rulScoring === 'last' || o.split !== undefined
            ? null
            : emptySplitWarning(
                m.splits,
                m.machines,
                'machines',
                "list recordings of more machines (the manifest's machine column groups them; without it each file is one)",
              );
        if (warn !== null) process.stderr.write(`${warn}\n`);
        else if (o.split === undefined && m.rulScoring !== 'last' && r.classWarning !== null)
          process.stderr.write(`${r.classWarning}\n`);
        if (r.skippedFiles.length > 0) {
          const shown = r.skippedFiles.slice(0, 10);
          process.stdout.write(
            `shorter than a window (${o.window} s), skipped: ${shown.join(', ')}` +
              `${r.skippedFiles.length > shown.length ? ` and ${r.skippedFiles.length - shown.length} more` : ''}\n`,
          );
        }
        if (r.censoredLeftOut > 0) {
          process.stdout.write(
            `${r.censoredLeftOut} windows of machines that did not fail left out: within the horizon of their last recording, whether maintenance was due is unknown\n`,
          );
        }
        if (r.ignoredColumns.length > 0) {
          process.stdout.write(`manifest columns not read: ${r.ignoredColumns.join(', ')}\n`);
        }
        if (r.speedEstimated.length > 0) {
          const shown = r.speedEstimated.slice(0, 5).join(', ');
          const more =
            r.speedEstimated.length > 5 ? ` and ${r.speedEstimated.length - 5} more` : '';
          process.stdout.write(
            `speed estimated from each window's spectrum (no rpm in the manifest or the file; q_speed_estimated = 1): ${shown}${more}\n`,
          );
        }
        if (r.unusableWindows > 0)
          process.stderr.write(
            `warning: ${r.unusableWindows} of ${r.windows} windows failed a quality check (q_usable 0; gaps, clipping or a constant signal): their features are empty\n`,
          );
        for (const w of r.unusable.slice(0, 10))
          process.stderr.write(
            `warning: ${w}: a column or variable that is not the vibration signal?\n`,
          );
        if (r.unusable.length > 10)
          process.stderr.write(
            `warning: and ${r.unusable.length - 10} more recordings with no usable window\n`,
          );
        for (const w of r.partialChannels.slice(0, 10)) process.stderr.write(`warning: ${w}\n`);
        if (r.partialChannels.length > 10)
          process.stderr.write(
            `warning: and ${r.partialChannels.length - 10} more channels with failed windows\n`,
          );
        for (const w of r.implausibleLevel.slice(0, 10))
          process.stderr.write(
            `warning: ${w}, more than a machine shows: values are read in g; another column (a counter, a time), or another unit (give the manifest's scale column, e.g. 0.10197 for m/s²)?\n`,
          );
        if (r.implausibleLevel.length > 10)
          process.stderr.write(`warning: and ${r.implausibleLevel.length - 10} more recordings\n`);
        for (const w of r.monotonic.slice(0, 10))
          process.stderr.write(
            `warning: ${w}: the samples climb (or fall) steadily, as a time or a counter does, not as a vibration: is the variable the acceleration column?\n`,
          );
        for (const w of r.repeated.slice(0, 10)) process.stderr.write(`warning: ${w}\n`);
        if (r.repeated.length > 10)
          process.stderr.write(`warning: and ${r.repeated.length - 10} more repeated recordings\n`);
        for (const w of r.speedMismatch.slice(0, 10)) {
          process.stderr.write(
            `warning: ${w}: a speed in Hz, or a wrong fs? Order and envelope features are read at the speed given\n`,
          );
        }
        if (r.speedMismatch.length > 10)
          process.stderr.write(`warning: and ${r.speedMismatch.length - 10} more recordings\n`);
      },
    );
  imp
    .command('table')
    .description(
      'a run-to-failure table (unit, time, sensors) or a labelled table (one class per row)',
    )
    .requiredOption('--file <file>', 'CSV or whitespace-separated text file')
    .requiredOption('--out <dir>', 'dataset folder to write')
    .option('--unit <col>', 'column identifying the unit (machine)')
    .option('--time <col>', 'column of time (cycles, hours, ...)')
    .option(
      '--columns <a,b,...>',
      'feature columns (default: all others; a name with a comma in double quotes)',
      list,
    )
    .option(
      '--exclude <a,b,...>',
      'columns that must not become features (ids, leaking columns)',
      list,
    )
    .option(
      '--sep <sep>',
      'auto, ",", ";", "\\t" or whitespace',
      choiceOption('--sep', ['auto', ',', ';', '\t', 'whitespace'] as const),
      'auto',
    )
    .option(
      '--header <h>',
      'auto (line 1 holds names unless it is all numbers), first (names on line 1) or none',
      choiceOption('--header', ['auto', 'first', 'none'] as const),
      'auto',
    )
    .option(
      '--names <n1,n2,...>',
      "column names (replacing the file's header line, if it has one); a numbered range s1..s21 stands for s1,s2,...,s21",
      list,
    )
    .option('--run-to-failure', "RUL from each unit's last row (every unit ran to failure)")
    .option('--rul-cap <n>', 'cap RUL at n (piecewise-linear target)', numberOption('--rul-cap', 0))
    .option(
      '--final-rul <file>',
      "each unit's true RUL at its last row, one per line, units in order of appearance (test sets cut before failure)",
    )
    .option('--label <col>', 'class column: a class name or a 0/1 failure flag per row')
    .option(
      '--normal-class <name>',
      'the class of healthy rows (e.g. "No Failure"), imported as normal; "" for empty cells',
    )
    .option(
      '--time-unit <name>',
      'unit of the time column (default: cycles; h for date-times, which are read in hours)',
    )
    .option(
      '--horizon <n>',
      'maintenance due when RUL <= n (time units)',
      numberOption('--horizon', 0),
      30,
    )
    .option(
      '--window <rows>',
      'rolling window for per-unit trend features (0: none; default 10 with --unit and --time)',
      integerOption('--window', 0, 100_000),
    )
    .option(
      '--age',
      "add age, the time since each unit's first row, as a feature (records that start at commissioning)",
    )
    .option(
      '--regimes <a,b,...>',
      'setting columns of discrete operating conditions: sensors standardised per regime, fitted on training units',
      list,
    )
    .option(
      '--regimes-from <dir>',
      'reuse the regimes and statistics of a dataset imported with --regimes (for test tables)',
    )
    .option(
      '--split <name>',
      'put every unit in one split: train, validation or test (default: test with --final-rul)',
      choiceOption('--split', ['train', 'validation', 'test'] as const),
    )
    .option(
      '--seed <n>',
      'seed of the train/validation/test split',
      integerOption('--seed', 0, 2 ** 32 - 1),
      1,
    )
    .addOption(tableFormatOption('parquet, or csv (features.csv besides features.parquet)'))
    .option('--force', 'replace an existing dataset in --out')
    .action(async (o: TableCliOptions) => {
      const r = await importTable({
        file: o.file,
        outDir: o.out,
        sep: o.sep,
        header: o.header,
        ...(o.timeUnit === undefined ? {} : { timeUnit: o.timeUnit }),
        horizon: o.horizon,
        seed: o.seed,
        format: o.format,
        force: o.force === true,
        runToFailure: o.runToFailure === true,
        ...(o.unit === undefined ? {} : { unit: o.unit }),
        ...(o.time === undefined ? {} : { time: o.time }),
        ...(o.columns === undefined ? {} : { columns: o.columns }),
        ...(o.exclude === undefined ? {} : { exclude: o.exclude }),
        ...(o.names === undefined ? {} : { names: o.names }),
        ...(o.rulCap === undefined ? {} : { rulCap: o.rulCap }),
        ...(o.finalRul === undefined ? {} : { finalRulFile: o.finalRul }),
        ...(o.label === undefined ? {} : { label: o.label }),
        ...(o.window === undefined ? {} : { window: o.window }),
        ...(o.split === undefined ? {} : { allIn: o.split }),
        ...(o.regimes === undefined ? {} : { regimes: o.regimes }),
        ...(o.regimesFrom === undefined ? {} : { regimesFrom: o.regimesFrom }),
        age: o.age === true,
        ...(o.normalClass === undefined ? {} : { normalClass: o.normalClass }),
      });
      const m = r.manifest;
      const s = m.splits;
      process.stdout.write(
        `imported ${m.rows} rows of ${m.machines} units with ${r.featureNames.length} features` +
          `${r.categorical.length > 0 ? ` (categories: ${r.categorical.join(', ')})` : ''} into ${o.out}\n` +
          `splits: ${s.train.length} train, ${s.validation.length} validation, ${s.test.length} test units` +
          `${m.labels.classes.length > 0 ? `; classes: ${m.labels.classes.join(', ')}` : ''}\n` +
          (r.regimes === null
            ? ''
            : `operating regimes: ${r.regimes.centres.length} (${r.regimes.columns.join(', ')} at ` +
              `${r.regimes.centres.map((c) => c.map((v, j) => roundToScale(v, r.regimes!.scale[j]!)).join(' ')).join(' | ')}); ` +
              'sensors standardised within each (<name>_z)\n'),
      );
      if (r.unnamedColumns.length > 0) {
        const cols = r.unnamedColumns.join(', ');
        process.stdout.write(
          `column${r.unnamedColumns.length > 1 ? 's' : ''} ${cols} of ${o.file} ha${r.unnamedColumns.length > 1 ? 've' : 's'} no name ` +
            '(a row index?): left out; name the columns with --names to read them\n',
        );
      }
      if (r.emptyColumns.length > 0) {
        const many = r.emptyColumns.length > 1;
        process.stderr.write(
          `warning: column${many ? 's' : ''} ${r.emptyColumns.join(', ')} of ${o.file} ha${many ? 've' : 's'} no value in any row: ` +
            `kept as ${many ? 'features' : 'a feature'} that tell${many ? '' : 's'} a model nothing; --exclude ${r.emptyColumns.join(',')} to leave ${many ? 'them' : 'it'} out\n`,
        );
      }
      if (r.unsorted.length > 0) {
        const shown = r.unsorted
          .slice(0, 3)
          .map((u) => `unit ${u.unit}: line ${u.line} goes back to ${u.time} after ${u.after}`)
          .join('; ');
        process.stderr.write(
          `warning: the rows of ${r.unsorted.length} unit${r.unsorted.length > 1 ? 's' : ''} are not in time order (${shown}${r.unsorted.length > 3 ? '; ...' : ''}); ` +
            `read in time order, so a unit's last time is where it ends: check for a clock reset or a typo\n`,
        );
      }
      for (const l of r.leaks) {
        process.stderr.write(
          `warning: column ${l.column} is ${l.value} only on ${l.label} rows (${l.rows}): it may record ` +
            `the label rather than measure before it; --exclude ${l.column} unless it is known before the failure\n`,
        );
      }
      for (const d of r.regimes?.dither ?? []) {
        process.stderr.write(
          `warning: --regimes cut ${d.column} into ${d.levels} levels, consecutive values ${d.step.toPrecision(3)} apart: ` +
            `if it dithers around one condition (a setting written with few decimals), leave it out of --regimes` +
            `${r.regimes!.centres.length === 1 ? ' (every combination of levels was too rare to be a regime: the table is one regime)' : ''}\n`,
        );
      }
      if (r.regimes !== null && r.regimes.farRows > 0) {
        process.stderr.write(
          `warning: ${r.regimes.farRows} rows lie far from every regime (more than 0.1 in units of each setting's range); they were standardised by the nearest\n`,
        );
      }
      // --split and --final-rul put every unit in one split on purpose.
      if (o.split === undefined && m.rulScoring !== 'last') {
        const warn = emptySplitWarning(s, m.machines, 'units', 'import a table of more units');
        if (warn !== null) process.stderr.write(`${warn}\n`);
        else if (r.classWarning !== null) process.stderr.write(`${r.classWarning}\n`);
      }
    });
}
