/**
 * `generate`: a fleet dataset for training. Runs a scenario on worker threads, computes
 * features on the fly from every capture (raw waveforms kept only on request), and writes
 * features, telemetry and events plus a dataset manifest with train/validation/test splits by
 * machine (stratified by whether and how a machine fails). Deterministic whatever the number
 * of workers: results are written in machine order and each machine has its own streams.
 */
import { makeFolders } from './atomic-write.js';
import { join } from 'node:path';
import { VERSION } from '../core/version.js';
import { DEFAULT_MODEL_FEATURES, MACHINE_FEATURES } from '../features/machine-features.js';
import { attachments } from '../twin/fleet.js';
import { fleetOverviewFor, writeOverview } from './fleet-overview.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { MachineSummary } from '../twin/simulation.js';
import type { DatasetManifest } from './dataset.js';
import { datasetManifest } from './dataset.js';
import { captureColumnDocs, columnDocs, EVENT_COLUMNS, TELEMETRY_COLUMNS } from './twin-tables.js';
import type { GeneratedMachine } from './generate-machine.js';
import {
  OrderedWrites,
  openTableWriter,
  writeTableFile,
  type TableWriter,
} from './ordered-writes.js';
import {
  DATASET_FILES,
  prepareOutputDir,
  removeOwnOutputs,
  stopIfInterrupted,
  writeManifest,
} from './output-dir.js';
import type { SplitFractions } from './splits.js';
import { splitIds } from './splits.js';
import type { Table } from './table.js';
import { concatTables, getColumnData, rowCount } from './table.js';

/** The parts of a machine's result that are streamed to the fleet's files. */
type MachineTables = Pick<GeneratedMachine, 'machineId' | 'features' | 'telemetry'>;
import type { TableFormat } from './simulate.js';
import type { FleetProgress } from './fleet-run.js';
import { runFleet } from './fleet-run.js';
import { compiledWorkerUrl } from './worker-pool.js';

export interface GenerateOptions {
  readonly scenario: Scenario;
  readonly scenarioFile: string | null;
  readonly outDir: string;
  readonly workers?: number;
  readonly keepWaveforms?: boolean;
  readonly format?: TableFormat;
  readonly force?: boolean;
  readonly splits?: SplitFractions;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: FleetProgress) => void;
}

export interface GenerateResult {
  readonly manifest: DatasetManifest;
  readonly machines: readonly MachineSummary[];
  readonly failures: number;
}

/** How a machine fails over the run: the stratum of its split. */
function stratumOf(events: Table, id: string): string {
  const ids = getColumnData(events, 'machine_id', 'string');
  const types = getColumnData(events, 'type', 'string');
  const modes = getColumnData(events, 'mode', 'string');
  let n = 0;
  let first = '';
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === id && types[i] === 'failure') {
      n++;
      if (first === '') first = modes[i]!;
    }
  }
  return n === 0 ? 'no-failure' : n === 1 ? `one:${first}` : 'several';
}

export async function generateDataset(o: GenerateOptions): Promise<GenerateResult> {
  const s = o.scenario;
  const format = o.format ?? 'parquet';
  const keep = o.keepWaveforms === true;
  const ids = attachments(s).ids;
  const { created } = await prepareOutputDir(o.outDir, DATASET_FILES, o.force === true);
  if (keep) await makeFolders(join(o.outDir, 'captures'));

  const writers: TableWriter[] = [];
  const open = async (name: string, f: TableFormat): Promise<TableWriter> => {
    const w = await openTableWriter(o.outDir, name, f);
    writers.push(w);
    return w;
  };
  let queue: OrderedWrites<MachineTables> | undefined;
  try {
    const features = [
      await open('features', 'parquet'),
      ...(format === 'csv' ? [await open('features', 'csv')] : []),
    ];
    const telemetry = await open('telemetry', format);
    // Counted as they are written, for the manifest.
    let rows = 0;
    const machines = new Set<string>();
    const modes = new Set<string>();
    const overview = fleetOverviewFor(s);
    const fleet = new OrderedWrites<MachineTables>(
      new Map(ids.map((x, i) => [x.id, i])),
      async (m) => {
        rows += rowCount(m.features);
        for (const id of getColumnData(m.features, 'machine_id', 'string')) machines.add(id);
        for (const mode of getColumnData(m.features, 'mode', 'string')) modes.add(mode);
        overview.addTelemetry(m.telemetry);
        await telemetry.append(m.telemetry);
        for (const w of features) await w.append(m.features);
      },
    );
    queue = fleet;
    const done = await runFleet<
      GeneratedMachine,
      { events: Table; summary: MachineSummary; captures: Table | null }
    >({
      scenario: s,
      workerUrl: compiledWorkerUrl(import.meta.url, './generate-worker.js'),
      workerData: { scenario: s, keepWaveforms: keep, outDir: o.outDir, format },
      ...(o.workers === undefined ? {} : { workers: o.workers }),
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
      // with --keep-waveforms the workers write each machine's captures (machine-captures.ts),
      // about as long as simulating it and computing its features
      resultShare: keep ? 0.5 : 0,
      onResult: (r) => {
        fleet.add({ machineId: r.machineId, features: r.features, telemetry: r.telemetry });
        return { events: r.events, summary: r.summary, captures: r.captures };
      },
    });
    await fleet.flush();
    const events = concatTables(done.map((r) => r.events));
    const machineIds = ids.map((x) => x.id);
    const overviewFile = await writeOverview(o.outDir, overview, events, 'Generated fleet');
    const splits = splitIds(machineIds, s.seed, o.splits, (id) => stratumOf(events, id));
    const manifest = datasetManifest(
      { rows, machines: machines.size },
      {
        source: 'twin',
        seed: s.seed,
        timeUnit: 'h',
        horizon: s.labels.horizonH,
        features: MACHINE_FEATURES.map((f) => ({ ...f })),
        modelFeatures: [...DEFAULT_MODEL_FEATURES],
        labels: {
          classes: [...modes].sort(),
          has: { mode: true, rul: true, maintenanceDue: true },
          definitions: {
            mode: 'the active mode with the highest severity relative to its failure threshold; normal when none',
            health_index: '1 - max over modes of severity / threshold',
            rul: 'hours to the next failure the simulation reaches; empty when censored (no failure before the run ends plus the horizon)',
            maintenance_due: `rul <= ${s.labels.horizonH} h`,
          },
        },
        splits,
        rulScoring: 'all',
        files: {
          telemetry: `telemetry.${format}`,
          events: `events.${format}`,
          ...(overviewFile === null ? {} : { overview: overviewFile.path }),
          ...(keep
            ? {
                captures:
                  format === 'csv'
                    ? 'captures.csv + captures/<machine_id>.csv'
                    : 'captures/<machine_id>.parquet',
              }
            : {}),
        },
        tables: {
          telemetry: { columns: columnDocs(TELEMETRY_COLUMNS) },
          events: { columns: columnDocs(EVENT_COLUMNS) },
          ...(keep ? { captures: captureColumnDocs(format) } : {}),
        },
        details: {
          scenarioFile: o.scenarioFile,
          scenario: s,
          machines: done.map((r) => r.summary),
          codeVersion: VERSION,
        },
      },
      { csv: format === 'csv' },
    );
    await fleet.finish();
    await telemetry.finish();
    for (const w of features) await w.finish();
    await writeTableFile(o.outDir, 'events', events, format);
    if (keep && format === 'csv') {
      const index = done.flatMap((r) => (r.captures === null ? [] : [r.captures]));
      if (index.length > 0) await writeTableFile(o.outDir, 'captures', concatTables(index), 'csv');
    }
    // Last: the manifest is what says the dataset is complete.
    stopIfInterrupted(o.signal);
    await writeManifest(o.outDir, manifest);
    const summaries = done.map((r) => r.summary);
    return {
      manifest,
      machines: summaries,
      failures: summaries.reduce((a, m) => a + m.failures, 0),
    };
  } catch (err) {
    // Every file of the run is removed, those not yet in place and those already moved into
    // place; what only a killed process leaves (no chance to clean up) is marked incomplete
    // by the missing manifest.
    await queue?.stop();
    await Promise.all(writers.map((w) => w.abort()));
    await removeOwnOutputs(o.outDir, DATASET_FILES, created);
    throw err;
  }
}
