/** `pdm-twin policy`: run-to-failure vs fixed-interval vs predictive maintenance, with costs. */
import { writeTextAtomic } from '../data/atomic-write.js';
import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CostsSchema } from '../models/policy.js';
import type { Costs } from '../models/policy.js';
import { comparePolicies, policyWarnings } from '../models/policy-run.js';
import { barChart, composeFigure, lineChart, writeFigure } from '../plot/index.js';
import { integerOption, numberOption } from './options.js';
import { readTrustedBundle, TRUST_HELP } from './trusted-bundle.js';
import { predictiveInputs } from '../models/predictive-controller.js';
import { createProgress, interruptSignal } from './progress.js';
import { loadScenarioFile } from './scenario-file.js';
import { readSettingsFile } from './settings-file.js';
import { defaultWorkerCount } from '../data/worker-pool.js';
import { makeOutputFolder, shippedDefault } from './paths.js';

async function readCosts(path: string | undefined): Promise<Costs> {
  if (path === undefined) return CostsSchema.parse({});
  return readSettingsFile(path, 'costs file', CostsSchema);
}

const LABEL = {
  run_to_failure: 'run to failure',
  fixed_interval: 'fixed interval',
  predictive: 'predictive',
} as const;

/**
 * Amounts on the cost panel: in M or k where the largest is that large, with as many decimals as
 * it takes to tell 0.5k from 0.4k, and plain below 1,000 (costs written in kEUR are small
 * numbers, which thousands would all show as 0k).
 */
export function moneyFormat(values: readonly number[]): (v: number) => string {
  const top = Math.max(0, ...values.map(Math.abs));
  const [div, suffix] = top >= 1e6 ? [1e6, 'M'] : top >= 1e4 ? [1e3, 'k'] : [1, ''];
  const digits = top / div >= 100 ? 0 : top / div >= 10 ? 1 : 2;
  return (v) => {
    const t = (v / div).toFixed(digits);
    return `${Number(t) === 0 ? (0).toFixed(digits) : t}${suffix}`;
  };
}

export function registerPolicy(program: Command): void {
  program
    .command('policy')
    .description(
      'compare run-to-failure, fixed-interval and model-driven predictive maintenance on a fleet',
    )
    .requiredOption('--model <bundle>', 'model bundle with a horizon model')
    .option('--scenario <file>', 'fleet to run', 'scenarios/policy.yaml')
    .option('--costs <file>', 'costs (YAML or JSON)', 'config/costs.yaml')
    .option(
      '--response-h <h>',
      'hours from a model alarm to the overhaul it books',
      numberOption('--response-h', 0),
      24,
    )
    .option('--out <dir>', 'folder for policy.json and policy.png', 'out/policy')
    .option(
      '--workers <n>',
      'worker threads',
      integerOption('--workers', 1, 256),
      defaultWorkerCount(),
    )
    .option('--quiet', 'no progress output')
    .option('--trust <pub...>', TRUST_HELP)
    .option('--allow-unsigned', 'accept an unsigned bundle')
    .action(
      async (o: {
        model: string;
        scenario: string;
        costs: string;
        responseH: number;
        out: string;
        workers: number;
        trust?: string[];
        allowUnsigned?: boolean;
        quiet?: boolean;
      }) => {
        const bundle = await readTrustedBundle(o.model, o);
        predictiveInputs(bundle, o.model); // refused before anything is simulated
        const scenario = await loadScenarioFile(
          shippedDefault(o.scenario, 'scenarios/policy.yaml'),
        );
        const costs = await readCosts(shippedDefault(o.costs, 'config/costs.yaml'));
        const existed = existsSync(o.out);
        await makeOutputFolder(o.out, '--out'); // checked before the runs, not after
        let bar = createProgress('policy', 1, 'machines', true);
        let stageNow = '';
        const stop = interruptSignal();
        try {
          const r = await comparePolicies({
            scenario,
            bundle,
            costs,
            responseH: o.responseH,
            workers: o.workers,
            signal: stop.signal,
            onProgress: (stage, done, total) => {
              if (stage !== stageNow) {
                bar.stop();
                stageNow = stage;
                bar = createProgress(`policy: ${stage}`, total, 'runs', o.quiet === true);
              }
              bar.update(done);
            },
          });
          bar.stop();
          await writeTextAtomic(
            join(o.out, 'policy.json'),
            `${JSON.stringify({ scenario: o.scenario, model: o.model, costs, responseH: o.responseH, ...r }, null, 2)}\n`,
          );
          // the fixed interval says which interval it ran
          const cats = r.outcomes.map((x) =>
            x.intervalH === null ? LABEL[x.policy] : `${LABEL[x.policy]} (${x.intervalH} h)`,
          );
          // Counts in whole numbers (an axis to at least 5 ticks at integers), money in k or M.
          const whole = (v: number) => String(Math.round(v));
          const money = moneyFormat(r.outcomes.map((x) => x.cost.total));
          const panel = (
            title: string,
            series: { name: string; values: number[] }[],
            label: string,
            counts: boolean,
          ) =>
            barChart({
              title,
              categories: cats,
              series,
              valueLabels: true,
              valueLabel: label,
              valueFormat: counts ? whole : money,
              valueTickFormat: counts ? whole : money,
              ...(counts
                ? { valueLim: [0, Math.max(5, ...series.flatMap((x) => x.values)) * 1.1] as const }
                : {}),
              width: 420,
              height: 320,
              legend: series.length > 1 ? 'auto' : 'none',
            });
          await writeFigure(
            join(o.out, 'policy.png'),
            composeFigure({
              title: `Maintenance policies on ${r.outcomes[0]!.machines} machines over ${scenario.durationH} h`,
              columns: 2,
              panels: [
                panel(
                  'Failures (unplanned)',
                  [{ name: 'failures', values: r.outcomes.map((x) => x.failures) }],
                  'failures',
                  true,
                ),
                panel(
                  'Maintenance actions',
                  [
                    { name: 'preventive', values: r.outcomes.map((x) => x.preventiveActions) },
                    { name: 'corrective', values: r.outcomes.map((x) => x.correctiveActions) },
                  ],
                  'actions',
                  true,
                ),
                panel(
                  `Total cost (${costs.currency})`,
                  [{ name: costs.currency, values: r.outcomes.map((x) => x.cost.total) }],
                  costs.currency,
                  false,
                ),
                // how the fixed interval was chosen, and how sharp its optimum is
                lineChart({
                  title: 'Fixed interval: cost on the training fleet',
                  series: [
                    {
                      name: 'total cost',
                      x: r.intervalSearch.map((x) => x.intervalH),
                      y: r.intervalSearch.map((x) => x.totalCost),
                    },
                  ],
                  xLabel: 'interval (running h)',
                  yLabel: `total cost (${costs.currency})`,
                  logX: true,
                  yFormat: moneyFormat(r.intervalSearch.map((x) => x.totalCost)),
                  markers: [
                    ...r.outcomes.flatMap((x) =>
                      x.intervalH === null
                        ? []
                        : [{ x: x.intervalH, label: `chosen: ${x.intervalH} h` }],
                    ),
                    { x: scenario.durationH, label: 'run length', dash: 'dotted' as const },
                  ],
                  width: 420,
                  height: 320,
                }),
              ],
            }),
          );
          // every quantity the cost is made of, so that it can be checked by hand
          const head = [
            'failures',
            'repairs',
            'overhauls',
            'unplanned h',
            'planned h',
            'availability%',
            `cost ${costs.currency}`,
          ];
          const rows = r.outcomes.map(
            (x) =>
              [
                LABEL[x.policy].padEnd(15),
                ...[
                  String(x.failures),
                  String(x.correctiveActions),
                  String(x.preventiveActions),
                  x.unplannedDowntimeH.toFixed(0),
                  x.plannedDowntimeH.toFixed(0),
                  (100 * x.availability).toFixed(2),
                  x.cost.total.toFixed(0),
                ].map((v, k) => v.padStart(head[k]!.length)),
              ].join(' ') + (x.intervalH === null ? '' : `   (every ${x.intervalH} running h)`),
          );
          process.stdout.write(
            `${['policy'.padEnd(15), ...head].join(' ')}\n${rows.join('\n')}\n` +
              `cost = repairs x ${costs.correctiveAction} + overhauls x ${costs.preventiveAction} + unplanned h x ${costs.unplannedDowntimePerH} + planned h x ${costs.plannedDowntimePerH} (${costs.currency})\n` +
              `wrote ${join(o.out, 'policy.json')} and ${join(o.out, 'policy.png')}\n`,
          );
          for (const w of policyWarnings(r)) process.stderr.write(`warning: ${w}\n`);
        } catch (err) {
          // a folder this run made and left empty (interrupted before its results) goes too
          if (!existed) await rmdir(o.out).catch(() => undefined);
          throw err;
        } finally {
          bar.stop();
          stop.dispose();
        }
      },
    );
}
