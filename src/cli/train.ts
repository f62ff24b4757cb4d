/** `pdm-twin train`: models for one or more tasks, in one signed bundle. */
import type { Command } from 'commander';
import { PdmError, isPdmError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { createHash } from 'node:crypto';
import { datasetFingerprint, readDataset } from '../data/dataset.js';
import { mergeDatasets } from '../data/merge-datasets.js';
import { writeBundleFile } from '../models/bundle-file.js';
import type { Task } from '../models/bundle.js';
import { TASKS, sealBundle, signBundle } from '../models/bundle.js';
import { ensureKeyPair } from '../models/key-store.js';
import { ALGOS, TASK_ALGOS, TrainConfigSchema } from '../models/train-config.js';
import type { Algo } from '../models/train-config.js';
import { trainBundle } from '../models/train-bundle.js';
import { minCalibrationUnits } from '../models/train-rul.js';
import { missingTrainingLabels } from '../models/train.js';
import { splitRowCounts } from '../models/training-data.js';
import { choiceOption, integerOption } from './options.js';
import {
  checkOutputFile,
  refuseOtherContent,
  localKeyDir,
  refuseInputAsOutput,
  refuseRepeatedDatasets,
} from './paths.js';
import { createProgress, interruptSignal } from './progress.js';
import { readSettingsFile } from './settings-file.js';

function parseTasks(v: string): Task[] {
  if (v === 'all') return [...TASKS];
  const list = v.split(',').map((s) => s.trim());
  for (const t of list) {
    if (!(TASKS as readonly string[]).includes(t))
      throw new PdmError(
        'PDM_USAGE',
        t === 'all'
          ? `--task: all stands alone (it is every task), got "${v}"`
          : `--task: expected a list of ${TASKS.join(', ')} or all, got "${t}"`,
      );
  }
  return [...new Set(list)] as Task[];
}

/** The fingerprint of one dataset, or a SHA-256 over those of several trained on together. */
async function combinedFingerprint(dirs: readonly string[]): Promise<string> {
  const prints = await Promise.all(dirs.map((d) => datasetFingerprint(d)));
  if (prints.length === 1) return prints[0]!;
  return `sha256:${createHash('sha256').update(prints.join('\n')).digest('hex')}`;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train models (fault, horizon, rul, anomaly) on a dataset into one signed bundle')
    .requiredOption(
      '--data <dirs>',
      'dataset folder (from generate or import); several, comma-separated, are trained on together',
    )
    .option('--task <list>', 'tasks: fault, horizon, rul, anomaly (comma-separated) or all', 'all')
    .option(
      '--algo <algo>',
      `algorithm for the tasks that accept it: ${ALGOS.join(', ')} (default: gbdt; anomaly: mahalanobis)`,
      choiceOption('--algo', ALGOS),
    )
    .option('--config <file>', 'hyperparameters (YAML or JSON), one section per task')
    .option('--out <file>', 'bundle file to write', 'model.json')
    .option('--name <name>', 'bundle name', 'pdm-model')
    .option('--threads <n>', 'threads for tree training', integerOption('--threads', 1, 64))
    .option('--unsigned', 'do not sign the bundle')
    .option('--quiet', 'no progress output')
    .action(
      async (o: {
        data: string;
        task: string;
        algo?: Algo;
        config?: string;
        out: string;
        name: string;
        threads?: number;
        unsigned?: boolean;
        quiet?: boolean;
      }) => {
        let tasks = parseTasks(o.task);
        const config =
          o.config === undefined
            ? TrainConfigSchema.parse({})
            : await readSettingsFile(o.config, 'training config', TrainConfigSchema);
        const dirs = o.data.split(',').filter((d) => d !== '');
        const twice = dirs.find((d, i) => dirs.indexOf(d) !== i);
        if (twice !== undefined)
          throw new PdmError(
            'PDM_USAGE',
            `--data: ${twice} is listed twice (its rows would count double)`,
          );
        refuseRepeatedDatasets(dirs, '--data');
        checkOutputFile(o.out, '--out');
        refuseOtherContent(o.out, '--out', 'json');
        refuseInputAsOutput(
          o.out,
          '--out',
          o.config === undefined ? [] : [{ path: o.config, option: '--config' }],
          dirs.map((d) => ({ path: d, option: '--data' })),
        );
        const ds = mergeDatasets(await Promise.all(dirs.map((d) => readDataset(d))));
        // Every task the data has labels for under `all`; a task asked for by name must have them.
        const missing = tasks.flatMap((t) => {
          const why = missingTrainingLabels(ds, t, config);
          return why === null ? [] : [{ task: t, why }];
        });
        if (missing.length > 0 && (o.task !== 'all' || missing.length === tasks.length))
          throw new PdmError('PDM_DATA_INVALID', missing[0]!.why);
        if (missing.length > 0) {
          tasks = tasks.filter((t) => !missing.some((m) => m.task === t));
          for (const m of missing) process.stderr.write(`not training ${m.task}: ${m.why}\n`);
        }
        // After the label check: --algo must apply to a task that will be trained.
        if (o.algo !== undefined) {
          const algo = o.algo;
          const applicable = tasks.filter((t) => TASK_ALGOS[t].includes(algo));
          if (applicable.length === 0)
            throw new PdmError(
              'PDM_USAGE',
              `--algo ${algo} applies to none of the tasks ${tasks.join(', ')}`,
            );
          const defaults = TrainConfigSchema.parse({});
          for (const t of applicable) {
            const was = (config[t] as { algo: Algo }).algo;
            // the command line wins over a config file: say so where the file chose another
            if (o.config !== undefined && was !== algo && was !== defaults[t].algo)
              process.stderr.write(
                `note: --algo ${algo} replaces ${t}.algo ${was} of ${o.config}\n`,
              );
            (config[t] as { algo: Algo }).algo = algo;
          }
          // the tasks it does not apply to keep theirs: say which
          const others = tasks.filter((t) => !applicable.includes(t));
          if (others.length > 0)
            process.stderr.write(
              `note: --algo ${algo} applies to ${applicable.join(', ')}; ${others
                .map((t) => `${t} trains ${(config[t] as { algo: Algo }).algo}`)
                .join(', ')}\n`,
            );
        }
        // The signing key before the work: a key problem found after training would lose it.
        const signingKeys = o.unsigned === true ? null : await ensureKeyPair(localKeyDir());
        if (signingKeys !== null) {
          for (const n of signingKeys.notes) process.stderr.write(`${n}\n`);
          if (signingKeys.created)
            process.stderr.write(
              `created a signing key pair in ${signingKeys.dir} (key id ${signingKeys.keyId})\n`,
            );
        }
        const progress = createProgress('train', tasks.length * 100, '', o.quiet === true);
        // printed after the progress bar, not through it
        const notes: string[] = [];
        const t0 = performance.now();
        const stop = interruptSignal(`stopping training; ${o.out} will not be written`);
        let r: Awaited<ReturnType<typeof trainBundle>>;
        try {
          r = await trainBundle({
            ds,
            tasks,
            config,
            name: o.name,
            version: new Date().toISOString().replace(/[-:]/g, '').slice(0, 15),
            createdAt: new Date().toISOString(),
            createdBy: `pdm-twin ${VERSION}`,
            fingerprint: await combinedFingerprint(dirs),
            ...(o.threads === undefined ? {} : { threads: o.threads }),
            onProgress: (p) => {
              progress.update(
                tasks.indexOf(p.task) * 100 + Math.min(99, p.fraction * 100),
                `${p.task}: ${p.stage}`,
              );
            },
            onNote: (task, message) => {
              notes.push(`note: ${task}: ${message}\n`);
            },
            signal: stop.signal,
          });
          // a task without progress reports of its own (Mahalanobis) ends the run at once
          progress.update(tasks.length * 100, 'done');
        } catch (err) {
          // a setting refused when training reads it (a feature that is not one) is the file's
          if (isPdmError(err) && err.code === 'PDM_CONFIG_INVALID' && o.config !== undefined)
            throw new PdmError(
              'PDM_CONFIG_INVALID',
              `training config ${o.config}: ${err.message}`,
              {
                cause: err,
              },
            );
          throw err;
        } finally {
          progress.stop();
          stop.dispose();
        }
        for (const n of notes) process.stderr.write(n);
        let bundle = sealBundle(r.body);
        let signed = 'unsigned';
        if (signingKeys !== null) {
          bundle = signBundle(bundle, signingKeys.privateKey, signingKeys.publicKey);
          signed = `signed with key ${signingKeys.keyId}`;
        }
        await writeBundleFile(o.out, bundle);
        const s = ((performance.now() - t0) / 1000).toFixed(1);
        const rows = splitRowCounts(ds);
        process.stdout.write(
          `trained ${tasks.join(', ')} on the train split (${rows.train} of ${ds.manifest.rows} rows; ` +
            `${rows.validation} validation rows) in ${s} s; wrote ${o.out} (${signed})\n`,
        );
        for (const t of bundle.tasks) {
          const vm = Object.entries(t.validationMetrics)
            .filter(([, v]) => typeof v === 'number')
            .map(([k, v]) => {
              const n = v as number;
              return `${k} ${Number.isInteger(n) ? String(n) : n.toFixed(3)}`;
            })
            .join(', ');
          process.stdout.write(
            `  ${t.task} (${t.algo}, ${t.inputs.length} inputs): validation ${vm}\n`,
          );
          const stops = earlyStops(t.model);
          if (stops.length > 0)
            process.stdout.write(`    early stopping (validation loss): ${stops.join('; ')}\n`);
          const cov = t.validationMetrics.interval_coverage;
          if (t.task === 'rul' && typeof cov === 'number' && cov < config.rul.coverage - 0.05) {
            process.stderr.write(
              `warning: rul: the interval covers ${cov.toFixed(3)} of the truth on validation machines, ` +
                `short of the ${config.rul.coverage} asked for (rul.coverage): its median is far off for some machines\n`,
            );
          }
          const calLevel = t.validationMetrics.calibration_level;
          if (t.task === 'rul' && typeof calLevel === 'number' && calLevel >= 1) {
            process.stderr.write(
              `warning: rul: ${String(t.validationMetrics.calibration_machines)} validation machines are too few to calibrate a ` +
                `${config.rul.coverage} interval (split conformal needs at least ${minCalibrationUnits(config.rul.coverage)} for a level under 1): ` +
                'it is widened to cover the worst validation error, and will cover nearly every row; a larger fleet gives a tighter one\n',
            );
          }
          if (t.validationMetrics.event_recall === 0) {
            process.stderr.write(
              `warning: ${t.task}: no alarm threshold warns of any validation failure within ` +
                `${config[t.task === 'horizon' ? 'horizon' : 'anomaly'].maxFalseAlarmsPerMachineMonth} ` +
                `false alarms per machine-month${ds.manifest.timeUnit === 'h' ? '' : ` (per machine and 730.5 ${ds.manifest.timeUnit} on this data)`}, so this model never alarms; try another --algo, more data, or a larger maxFalseAlarmsPerMachineMonth\n`,
            );
          }
        }
      },
    );
}

/**
 * Where early stopping ended the training of a task's model and its parts (a boosted model per
 * quantile or severity head, a network): "kept 34 of 200 rounds", "stopped at epoch 28 of 60
 * (best 18)". Found by walking the model's JSON for boosted models (their config and trees)
 * and network training summaries.
 */
export function earlyStops(model: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    const cfg = o.config as { rounds?: unknown } | undefined;
    if (
      Array.isArray(o.trees) &&
      typeof o.treesPerRound === 'number' &&
      typeof cfg?.rounds === 'number'
    ) {
      const kept = o.trees.length / o.treesPerRound;
      if (kept < cfg.rounds) out.push(`kept ${kept} of ${cfg.rounds} rounds`);
      return;
    }
    if (o.stopReason === 'early-stopping' && typeof o.epochs === 'number') {
      const of = typeof o.maxEpochs === 'number' ? ` of ${o.maxEpochs}` : '';
      out.push(
        `stopped at epoch ${o.epochs}${of}${typeof o.bestEpoch === 'number' ? ` (best ${o.bestEpoch})` : ''}`,
      );
      return;
    }
    for (const x of Object.values(o)) walk(x);
  };
  walk(model);
  return out;
}
