/**
 * `pdm-twin predict`: a bundle's outputs on a dataset, labelled or not (recordings imported
 * without labels, a fleet's latest captures): every row's outputs into a Parquet or CSV file,
 * each machine's state at its latest row printed, and as JSON with --status.
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { PdmError } from '../core/errors.js';
import { finiteOrNull } from '../core/json.js';
import { ensureParentFolder, writeTextAtomic } from '../data/atomic-write.js';
import { writeCsvFile } from '../data/csv.js';
import { readDataset } from '../data/dataset.js';
import { writeParquetFile } from '../data/parquet.js';
import type { SplitName } from '../data/splits.js';
import { tableFromColumns } from '../data/table.js';
import type { MachineStatus, Prediction } from '../models/predict.js';
import { predictBundle } from '../models/predict.js';
import { faultClassesOption, scoredSplitOption } from './options.js';
import { checkOutputFile, refuseInputAsOutput } from './paths.js';
import { readTrustedBundle, TRUST_HELP } from './trusted-bundle.js';

/** Machines listed one per line; the rest are counted (every one is in the files). */
const SHOWN = 25;

const num = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** One machine's line: what each task says at its latest row. */
function statusLine(m: MachineStatus, unit: string, modelUnit: string): string {
  const parts = [`${m.machineId} at ${num(m.time)} ${unit}`];
  if (m.fault !== undefined)
    parts.push(
      `fault ${m.fault.name} (p ${num(m.fault.probability, 2)})` +
        // the modes present beside it, where the diagnosis names them
        (m.fault.present !== undefined && m.fault.present.some((x) => x !== m.fault!.name)
          ? `, present: ${m.fault.present.join(', ')}`
          : ''),
    );
  if (m.horizon !== undefined)
    parts.push(
      m.horizon.alarm
        ? `horizon ALARM since ${num(m.horizon.since ?? Number.NaN)} ${unit}`
        : `horizon ok (score ${num(m.horizon.score, 2)})`,
    );
  if (m.rul !== undefined)
    parts.push(
      `rul ${num(m.rul.median, 0)} ${modelUnit} (${num(m.rul.lo, 0)}-${num(m.rul.hi, 0)})`,
    );
  if (m.anomaly !== undefined)
    parts.push(
      m.anomaly.alarm
        ? `anomaly ALARM since ${num(m.anomaly.since ?? Number.NaN)} ${unit}`
        : `anomaly ok (score ${num(m.anomaly.score, 2)})`,
    );
  return parts.join('; ');
}

/** Machines needing attention first (an alarm on, then the shortest remaining life). */
function attentionOrder(machines: readonly MachineStatus[]): MachineStatus[] {
  const rank = (m: MachineStatus) =>
    (m.horizon?.alarm === true ? 0 : 2) + (m.anomaly?.alarm === true ? 0 : 1);
  return [...machines].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.rul?.median ?? Infinity) - (b.rul?.median ?? Infinity) ||
      (a.machineId < b.machineId ? -1 : 1),
  );
}

function summary(p: Prediction, unit: string): string {
  const alarmed = (task: 'horizon' | 'anomaly') =>
    p.machines.filter((m) => m[task]?.alarm === true).map((m) => m.machineId);
  const lines = [
    `predicted ${p.tasks.join(', ')} for ${p.rows} rows of ${p.machines.length} machine${p.machines.length === 1 ? '' : 's'}`,
  ];
  for (const task of ['horizon', 'anomaly'] as const)
    if (p.tasks.includes(task)) {
      const on = alarmed(task);
      lines.push(
        `${task} alarm on at the latest row: ${on.length} machine${on.length === 1 ? '' : 's'}${on.length > 0 ? ` (${on.slice(0, 10).join(', ')}${on.length > 10 ? `, and ${on.length - 10} more` : ''})` : ''}`,
      );
    }
  const ordered = attentionOrder(p.machines);
  lines.push(...ordered.slice(0, SHOWN).map((m) => `  ${statusLine(m, unit, p.modelTimeUnit)}`));
  if (ordered.length > SHOWN) lines.push(`  and ${ordered.length - SHOWN} more machines`);
  return `${lines.join('\n')}\n`;
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description(
      "run a model bundle on a dataset, labelled or not: every row's outputs and each machine's latest state",
    )
    .requiredOption('--model <bundle>', 'model bundle')
    .requiredOption('--data <dir>', 'dataset folder (from generate or import; labels not needed)')
    .addOption(scoredSplitOption('all'))
    .option('--out <file>', "every row's outputs: .parquet or .csv", 'out/predictions.parquet')
    .option('--status <file>', "each machine's state at its latest row, as JSON")
    .option(
      '--classes <list>',
      'fault: the classes the data can hold, comma-separated; the diagnosis is made among them',
    )
    .option('--trust <pub...>', TRUST_HELP)
    .option('--allow-unsigned', 'accept an unsigned bundle')
    .action(
      async (o: {
        model: string;
        data: string;
        split: SplitName | 'all';
        out: string;
        status?: string;
        classes?: string;
        trust?: string[];
        allowUnsigned?: boolean;
      }) => {
        const kind = extname(o.out).toLowerCase();
        if (kind !== '.parquet' && kind !== '.csv')
          throw new PdmError(
            'PDM_USAGE',
            `--out ${o.out}: expected a file name ending in .parquet or .csv`,
          );
        const outputs = [{ path: o.out, option: '--out' }];
        if (o.status !== undefined) {
          if (extname(o.status).toLowerCase() !== '.json')
            throw new PdmError(
              'PDM_USAGE',
              `--status ${o.status}: expected a file name ending in .json`,
            );
          outputs.push({ path: o.status, option: '--status' });
        }
        for (const f of outputs) {
          checkOutputFile(f.path, f.option);
          refuseInputAsOutput(
            f.path,
            f.option,
            [{ path: o.model, option: '--model' }],
            [{ path: o.data, option: '--data' }],
          );
        }
        const bundle = await readTrustedBundle(o.model, o);
        const ds = await readDataset(o.data);
        const p = predictBundle(bundle, ds, o.split, o.model, faultClassesOption(o.classes));
        for (const w of p.warnings) process.stderr.write(`warning: ${w}\n`);
        if (p.rows === 0)
          throw new PdmError('PDM_DATA_INVALID', `${o.data}: the ${o.split} split has no rows`);
        const table = tableFromColumns([...p.columns]);
        await ensureParentFolder(o.out);
        if (kind === '.csv') await writeCsvFile(o.out, table);
        else await writeParquetFile(o.out, table);
        if (o.status !== undefined) {
          await ensureParentFolder(o.status);
          const status = {
            bundle: { name: bundle.name, version: bundle.version, contentHash: bundle.contentHash },
            data: { dir: o.data, split: o.split, rows: p.rows, timeUnit: ds.manifest.timeUnit },
            // the unit of rul (and of a horizon alarm's horizon): the bundle's training data's
            modelTimeUnit: p.modelTimeUnit,
            machines: attentionOrder(p.machines),
          };
          await writeTextAtomic(o.status, `${JSON.stringify(finiteOrNull(status), null, 2)}\n`);
        }
        process.stdout.write(summary(p, ds.manifest.timeUnit));
        process.stdout.write(`wrote ${o.out}${o.status === undefined ? '' : ` and ${o.status}`}\n`);
      },
    );
}
