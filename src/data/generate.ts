/**
 * `generate`: a fleet dataset for training. Runs a scenario on worker threads, computes
 * features on the fly from every capture (raw waveforms kept only on request), and writes
 * features, telemetry and events plus a dataset manifest with train/validation/test splits by
 * machine (stratified by whether and how a machine fails). Deterministic whatever the number
 * of workers: results are written in machine order and each machine has its own streams.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VERSION } from '../core/version.js';
import { DEFAULT_MODEL_FEATURES, MACHINE_FEATURES } from '../features/machine-features.js';
import { attachments } from '../twin/fleet.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { MachineSummary } from '../twin/simulation.js';
import { CsvTableWriter, writeCsvFile } from './csv.js';
import type { DatasetManifest } from './dataset.js';
import { datasetManifest } from './dataset.js';
import type { GeneratedMachine } from './generate-machine.js';
import { prepareOutputDir, writeManifest } from './output-dir.js';
import { ParquetTableWriter, writeParquetFile } from './parquet.js';
import type { SplitFractions } from './splits.js';
import { splitIds } from './splits.js';
import type { Table } from './table.js';
import { concatTables, getColumnData, rowCount } from './table.js';
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

const OWN = [
  'features.parquet',
  'features.csv',
  'telemetry.parquet',
  'telemetry.csv',
  'events.parquet',
  'events.csv',
  'captures',
];

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

/**
 * The machines' feature and telemetry tables go to their files as they arrive, in machine
 * order (a machine finished early waits for those before it), so neither the whole fleet's
 * tables nor their join is ever held in memory, and the encoding overlaps the simulation. The
 * writes run beside the workers, which get their next machine at once.
 */
class FleetTableFiles {
  private readonly waiting = new Map<number, GeneratedMachine>();
  private next = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  rows = 0;
  readonly machines = new Set<string>();
  readonly modes = new Set<string>();

  constructor(
    private readonly order: ReadonlyMap<string, number>,
    private readonly features: readonly TableWriter[],
    private readonly telemetry: TableWriter,
  ) {}

  /** Queues a machine's tables; throws the first write error so that the run stops. */
  add(r: GeneratedMachine): void {
    if (this.failure !== null) throw this.failure.error;
    this.waiting.set(this.order.get(r.machineId)!, r);
    for (let m = this.waiting.get(this.next); m !== undefined; m = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      const machine = m;
      this.chain = this.chain.then(() => this.write(machine));
      this.chain.catch((error: unknown) => {
        this.failure ??= { error };
      });
    }
  }

  /** Waits for every queued write; rethrows the first failure. */
  async flush(): Promise<void> {
    await this.chain;
  }

  /** Writes the files' last rows and footers and moves them into place, telemetry first. */
  async finish(): Promise<void> {
    await this.chain;
    await this.telemetry.finish();
    for (const w of this.features) await w.finish();
  }

  /** Waits until no write is under way, whether the queued writes succeeded or not. */
  async settle(): Promise<void> {
    await this.chain.catch(() => undefined);
  }

  private async write(r: GeneratedMachine): Promise<void> {
    this.rows += rowCount(r.features);
    for (const id of getColumnData(r.features, 'machine_id', 'string')) this.machines.add(id);
    for (const mode of getColumnData(r.features, 'mode', 'string')) this.modes.add(mode);
    await this.telemetry.append(r.telemetry);
    for (const w of this.features) await w.append(r.features);
  }
}

type TableWriter = ParquetTableWriter | CsvTableWriter;

/** Opens a streaming writer of `<name>.parquet` or `<name>.csv` in dir. */
function openTableWriter(dir: string, name: string, format: TableFormat): Promise<TableWriter> {
  return format === 'parquet'
    ? ParquetTableWriter.open(join(dir, `${name}.parquet`), { metadata: { 'pdm-twin': VERSION } })
    : CsvTableWriter.open(join(dir, `${name}.csv`));
}

export async function generateDataset(o: GenerateOptions): Promise<GenerateResult> {
  const s = o.scenario;
  const format = o.format ?? 'parquet';
  const keep = o.keepWaveforms === true;
  const ids = attachments(s).ids;
  await prepareOutputDir(o.outDir, OWN, o.force === true);
  if (keep) await mkdir(join(o.outDir, 'captures'), { recursive: true });

  const writers: TableWriter[] = [];
  const open = async (name: string, f: TableFormat): Promise<TableWriter> => {
    const w = await openTableWriter(o.outDir, name, f);
    writers.push(w);
    return w;
  };
  let tables: FleetTableFiles | undefined;
  try {
    const features = [
      await open('features', 'parquet'),
      ...(format === 'csv' ? [await open('features', 'csv')] : []),
    ];
    tables = new FleetTableFiles(
      new Map(ids.map((x, i) => [x.id, i])),
      features,
      await open('telemetry', format),
    );
    const fleet = tables;
    const done = await runFleet<GeneratedMachine, { events: Table; summary: MachineSummary }>({
      scenario: s,
      workerUrl: compiledWorkerUrl(import.meta.url, './generate-worker.js'),
      workerData: { scenario: s, keepWaveforms: keep },
      ...(o.workers === undefined ? {} : { workers: o.workers }),
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
      onResult: async (r) => {
        if (r.captures !== null && rowCount(r.captures) > 0) {
          await writeParquetFile(join(o.outDir, 'captures', `${r.machineId}.parquet`), r.captures, {
            metadata: { 'pdm-twin': VERSION },
          });
        }
        fleet.add(r);
        return { events: r.events, summary: r.summary };
      },
    });
    await fleet.flush();
    const events = concatTables(done.map((r) => r.events));
    const machineIds = ids.map((x) => x.id);
    const splits = splitIds(machineIds, s.seed, o.splits, (id) => stratumOf(events, id));
    const manifest = datasetManifest(
      { rows: fleet.rows, machines: fleet.machines.size },
      {
        source: 'twin',
        seed: s.seed,
        timeUnit: 'h',
        horizon: s.labels.horizonH,
        features: MACHINE_FEATURES.map((f) => ({ ...f })),
        modelFeatures: [...DEFAULT_MODEL_FEATURES],
        labels: {
          classes: [...fleet.modes].sort(),
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
          ...(keep ? { captures: 'captures/<machine_id>.parquet' } : {}),
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
    const eventsPath = join(o.outDir, `events.${format}`);
    if (format === 'parquet') {
      await writeParquetFile(eventsPath, events, { metadata: { 'pdm-twin': VERSION } });
    } else {
      await writeCsvFile(eventsPath, events);
    }
    // Last: the manifest is what says the dataset is complete.
    await writeManifest(o.outDir, manifest);
    const summaries = done.map((r) => r.summary);
    return {
      manifest,
      machines: summaries,
      failures: summaries.reduce((a, m) => a + m.failures, 0),
    };
  } catch (err) {
    // Files not yet in place are removed; those already moved into place stay, and the
    // missing manifest marks the folder incomplete.
    await tables?.settle();
    await Promise.all(writers.map((w) => w.abort()));
    throw err;
  }
}
