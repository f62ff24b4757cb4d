/**
 * `pdm-twin evaluate`: metrics.json, a self-contained report.html and every row's predictions
 * (predictions.parquet, and predictions.csv with --format csv) for a bundle on a dataset split.
 */
import { rm } from 'node:fs/promises';
import { writeTextAtomic } from '../data/atomic-write.js';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PdmError } from '../core/errors.js';
import { finiteOrNull } from '../core/json.js';
import { writeCsvFile } from '../data/csv.js';
import { datasetFingerprint, readDataset } from '../data/dataset.js';
import { writeParquetFile } from '../data/parquet.js';
import { tableFromColumns } from '../data/table.js';
import type { SplitName } from '../data/splits.js';
import { evaluateBundle } from '../models/evaluate.js';
import { intervalText, leadTimeText, renderReport } from '../models/report.js';
import { faultClassesOption, scoredSplitOption, tableFormatOption } from './options.js';
import { readTrustedBundle, TRUST_HELP } from './trusted-bundle.js';
import { makeOutputFolder } from './paths.js';

/** A printed metric: three decimals; n/a where it is undefined on the split (NaN: no failures
 *  to warn of, one class only). */
// (a million and more in four significant digits: a PHM08 score summed in hours)
const three = (x: unknown): string =>
  typeof x === 'number' && Number.isFinite(x)
    ? Math.abs(x) >= 1e6
      ? x.toExponential(3)
      : x.toFixed(3)
    : 'n/a';

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'evaluate a model bundle on a dataset split: metrics.json, report.html and predictions.parquet',
    )
    .requiredOption('--model <bundle>', 'model bundle')
    .requiredOption('--data <dir>', 'dataset folder')
    .addOption(scoredSplitOption('test'))
    .option('--report <dir>', 'folder for metrics.json, report.html and predictions', 'out/report')
    .addOption(
      tableFormatOption(
        'predictions as parquet, or csv (predictions.csv besides predictions.parquet)',
      ),
    )
    .option(
      '--classes <list>',
      'fault: the classes the data can hold, comma-separated (e.g. normal,inner_race,outer_race,ball for bearing recordings); the diagnosis is then made among them (the most probable; a binary failure flag by its threshold)',
    )
    .option('--trust <pub...>', TRUST_HELP)
    .option('--allow-unsigned', 'accept an unsigned bundle')
    .action(
      async (o: {
        model: string;
        data: string;
        split: SplitName | 'all';
        report: string;
        format: 'parquet' | 'csv';
        classes?: string;
        trust?: string[];
        allowUnsigned?: boolean;
      }) => {
        const bundle = await readTrustedBundle(o.model, o);
        const ds = await readDataset(o.data);
        const ev = evaluateBundle(bundle, ds, o.split, o.model, faultClassesOption(o.classes));
        for (const w of ev.warnings) process.stderr.write(`warning: ${w}\n`);
        if (ev.tasks.length === 0)
          throw new PdmError(
            'PDM_DATA_INVALID',
            `${o.data}: none of the tasks of ${o.model} can be scored on split ${o.split}: ` +
              ev.skipped.map((t) => `${t.task}: ${t.reason}`).join('; ') +
              `; pdm-twin predict --model ${o.model} --data ${o.data} gives the model's outputs without scoring them`,
          );
        await makeOutputFolder(o.report, '--report');
        const metrics = {
          bundle: { name: bundle.name, version: bundle.version, contentHash: bundle.contentHash },
          data: {
            dir: o.data,
            split: o.split,
            rows: ev.rows,
            machines: ev.machines,
            timeUnit: ds.manifest.timeUnit,
          },
          tasks: Object.fromEntries(ev.tasks.map((t) => [t.task, t.metrics])),
          ...(ev.skipped.length === 0
            ? {}
            : { skipped: Object.fromEntries(ev.skipped.map((t) => [t.task, t.reason])) }),
        };
        // each file whole or not at all (an interrupted run leaves the earlier one)
        await writeTextAtomic(
          join(o.report, 'metrics.json'),
          `${JSON.stringify(finiteOrNull(metrics), null, 2)}\n`,
        );
        await writeTextAtomic(
          join(o.report, 'report.html'),
          renderReport(bundle, ev, o.data, ds.manifest.timeUnit, new Date().toISOString()),
        );
        // One row per row of the split: its machine and time, then each task's truth and output.
        const predictions = tableFromColumns([
          { name: 'machine_id', type: 'string', data: ev.rowKeys.machineIds },
          { name: 'time', type: 'float64', data: ev.rowKeys.time },
          ...ev.tasks.flatMap((t) => t.predictions),
          // tasks the data has no labels for: their outputs alone
          ...ev.skipped.flatMap((t) => t.predictions ?? []),
        ]);
        await writeParquetFile(join(o.report, 'predictions.parquet'), predictions);
        // A CSV from an earlier run would no longer match the Parquet file beside it.
        if (o.format === 'csv') await writeCsvFile(join(o.report, 'predictions.csv'), predictions);
        else await rm(join(o.report, 'predictions.csv'), { force: true });
        for (const t of ev.tasks) {
          const m = t.metrics;
          const pick = [
            'accuracy',
            'macro_f1',
            'roc_auc',
            'event_recall',
            'lead_time_h',
            'false_alarms_per_machine_month',
            'false_alarms_per_1000',
            'rmse',
            'mae',
            'phm08',
            'interval_coverage',
            'alpha_lambda',
          ]
            .filter((k) => k in m)
            .map((k) => {
              // lead times in the data's unit (an imported table's cycles), said so
              const unit = typeof m.time_unit === 'string' ? m.time_unit : 'h';
              const v =
                k === 'lead_time_h'
                  ? leadText(unit === 'h' ? k : 'lead_time', leadTimeText(m[k], unit))
                  : `${k === 'false_alarms_per_1000' ? `false_alarms_per_machine_per_1000_${unit}` : k} ${typeof m[k] === 'number' ? three(m[k]) : JSON.stringify(finiteOrNull(m[k]))}`;
              const ci = m[`${k}_ci95`];
              // the interval's ends as the value is printed
              return Array.isArray(ci) ? `${v} (95 % CI ${intervalText(ci, three)})` : v;
            });
          process.stdout.write(`${t.task}: ${pick.join(', ')}\n`);
          // (the anomaly task counts such rows too, and says what they mean in its warning)
          const vo = m.vibration_only as { rows: number; normal_odds?: number } | undefined;
          if (vo?.normal_odds !== undefined)
            process.stdout.write(
              `  ${vo.rows} of ${ev.rowKeys.machineIds.length} rows have no thermal, electrical or history input (vibration only): ` +
                `odds of normal x${vo.normal_odds}, as chosen on validation (docs/models.md)\n`,
            );
        }
        for (const t of ev.skipped)
          process.stdout.write(
            `${t.task}: not scored: ${t.reason}${t.predictions === undefined ? '' : ' (its outputs are in the predictions)'}\n`,
          );
        if (
          (o.split === 'train' || o.split === 'validation' || o.split === 'all') &&
          bundle.data.fingerprint === (await datasetFingerprint(o.data))
        ) {
          process.stderr.write(
            `note: ${o.model} was trained on this dataset, whose ${o.split === 'train' ? 'training rows it learnt from' : o.split === 'validation' ? 'validation machines chose its thresholds and calibration' : 'training and validation machines it learnt from and was tuned on'}: ` +
              'these metrics are optimistic; --split test gives the held-out ones\n',
          );
        }
        const files = ['metrics.json', 'report.html', 'predictions.parquet'];
        if (o.format === 'csv') files.push('predictions.csv');
        process.stdout.write(`wrote ${files.map((f) => join(o.report, f)).join(', ')}\n`);
      },
    );
}

/** `lead_time_h (median 87.0, p10 52.0)`, or `lead_time_h n/a (no failure warned of)`. */
function leadText(name: string, text: string): string {
  return text.startsWith('n/a') ? `${name} ${text}` : `${name} (${text})`;
}
