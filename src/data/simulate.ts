/**
 * `simulate`: runs a scenario's fleet on worker threads and writes its telemetry, events,
 * captures (with labels on every row) and a manifest to a folder, in Parquet or CSV.
 * Machines are independent and each has its own random streams, and results are written in
 * machine order, so the bytes do not depend on the number of workers.
 */
import { makeFolders } from './atomic-write.js';
import { join } from 'node:path';
import { VERSION } from '../core/version.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { MachineSummary } from '../twin/simulation.js';
import {
  SIMULATION_KIND,
  TWIN_RUN_FILES,
  prepareOutputDir,
  removeOwnOutputs,
  stopIfInterrupted,
  writeManifest,
} from './output-dir.js';
import type { MachineTables } from './simulate-machine.js';
import type { Table } from './table.js';
import { concatTables, rowCount } from './table.js';
import {
  captureColumnDocs,
  columnDocs,
  EVENT_COLUMNS,
  LABEL_COLUMNS,
  TELEMETRY_COLUMNS,
} from './twin-tables.js';
import type { FleetProgress } from './fleet-run.js';
import { runFleet } from './fleet-run.js';
import { OrderedWrites, openTableWriter, writeTableFile } from './ordered-writes.js';
import { attachments } from '../twin/fleet.js';
import { compiledWorkerUrl } from './worker-pool.js';
import { fleetOverviewFor, writeOverview } from './fleet-overview.js';

export type TableFormat = 'parquet' | 'csv';

export interface SimulateOptions {
  readonly scenario: Scenario;
  readonly scenarioFile: string | null;
  readonly outDir: string;
  readonly format?: TableFormat;
  readonly workers?: number;
  readonly force?: boolean;
  /** Synthesise and write vibration/current captures (default true). */
  readonly captures?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: FleetProgress) => void;
}

export interface SimulateResult {
  readonly outDir: string;
  readonly machines: readonly MachineSummary[];
  readonly telemetryRows: number;
  readonly events: number;
  readonly captures: number;
}

/** Its files (and `machines.json`, a name simulate has always counted as its own). */
const OWN = [...TWIN_RUN_FILES, 'machines.json'];

export async function simulateToDir(o: SimulateOptions): Promise<SimulateResult> {
  const s = o.scenario;
  const format = o.format ?? 'parquet';
  const withCaptures = o.captures !== false;
  const { created } = await prepareOutputDir(o.outDir, OWN, o.force === true);
  if (withCaptures) await makeFolders(join(o.outDir, 'captures'));

  // Before the file is opened: a scenario whose faults name no machine stops here.
  const order = new Map(attachments(s).ids.map((x, i) => [x.id, i]));
  const telemetry = await openTableWriter(o.outDir, 'telemetry', format);
  const overview = fleetOverviewFor(s);
  let telemetryRows = 0;
  const queue = new OrderedWrites<Pick<MachineTables, 'machineId' | 'telemetry'>>(
    order,
    async (m) => {
      telemetryRows += rowCount(m.telemetry);
      overview.addTelemetry(m.telemetry);
      await telemetry.append(m.telemetry);
    },
  );
  let done: Omit<MachineTables, 'telemetry'>[];
  try {
    done = await runFleet<MachineTables, Omit<MachineTables, 'telemetry'>>({
      scenario: s,
      workerUrl: compiledWorkerUrl(import.meta.url, './simulate-worker.js'),
      workerData: { scenario: s, captures: withCaptures, outDir: o.outDir, format },
      ...(o.workers === undefined ? {} : { workers: o.workers }),
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
      // writing a machine's capture files takes about 40 % of its time in Parquet (quickstart:
      // 18 s simulating, 11 s more writing), more in CSV
      resultShare: withCaptures ? (format === 'csv' ? 0.6 : 0.4) : 0,
      // the workers write each machine's captures (machine-captures.ts) and send their index
      onResult: (r) => {
        // the telemetry streams to its file in machine order (ordered-writes.ts)
        queue.add({ machineId: r.machineId, telemetry: r.telemetry });
        return {
          machineId: r.machineId,
          events: r.events,
          summary: r.summary,
          captures: r.captures,
        };
      },
    });
    await queue.finish();
    await telemetry.finish();
  } catch (err) {
    await queue.stop();
    await telemetry.abort();
    // everything of the run, the finished machines' captures too (output-dir.ts)
    await removeOwnOutputs(o.outDir, OWN, created);
    throw err;
  }
  try {
    return await finishSimulation(o, done, telemetryRows, overview);
  } catch (err) {
    await removeOwnOutputs(o.outDir, OWN, created);
    throw err;
  }
}

/** The files written once every machine is done: events, the capture index, overview, manifest. */
async function finishSimulation(
  o: SimulateOptions,
  done: Omit<MachineTables, 'telemetry'>[],
  telemetryRows: number,
  overview: ReturnType<typeof fleetOverviewFor>,
): Promise<SimulateResult> {
  const s = o.scenario;
  const format = o.format ?? 'parquet';
  const withCaptures = o.captures !== false;
  const write = (name: string, t: Table) => writeTableFile(o.outDir, name, t, format);
  const events = concatTables(done.map((r) => r.events));
  await write('events', events);
  const captureIndex = withCaptures
    ? concatTables(done.flatMap((r) => (r.captures === null ? [] : [r.captures])))
    : null;
  if (format === 'csv' && captureIndex !== null) await write('captures', captureIndex);
  const summaries = done.map((r) => r.summary);
  const overviewFile = await writeOverview(o.outDir, overview, events, 'Simulated fleet');
  const captureCount = summaries.reduce((a, m) => a + m.captures, 0);
  stopIfInterrupted(o.signal);
  await writeManifest(o.outDir, {
    kind: SIMULATION_KIND,
    formatVersion: 1,
    complete: true,
    createdBy: `pdm-twin ${VERSION}`,
    scenarioFile: o.scenarioFile,
    seed: s.seed,
    start: s.start,
    durationH: s.durationH,
    timeUnit: 'h',
    format,
    files: {
      telemetry: {
        path: `telemetry.${format}`,
        rows: telemetryRows,
        columns: columnDocs(TELEMETRY_COLUMNS),
      },
      events: {
        path: `events.${format}`,
        rows: rowCount(events),
        columns: columnDocs(EVENT_COLUMNS),
      },
      captures: withCaptures
        ? {
            path:
              format === 'parquet'
                ? 'captures/<machine_id>.parquet'
                : 'captures.csv + captures/<machine_id>.csv',
            captures: captureCount,
            ...captureColumnDocs(format),
          }
        : null,
      overview: overviewFile,
    },
    labels: {
      horizonH: s.labels.horizonH,
      columns: columnDocs(LABEL_COLUMNS),
      definitions: {
        mode: 'the active mode with the highest severity relative to its failure threshold; normal when none',
        health_index: '1 - max over modes of severity / threshold',
        rul_h:
          'hours to the next failure the simulation reaches; empty (censored) when none before the run ends, or while down',
        maintenance_due: 'rul_h <= horizonH',
      },
    },
    machines: summaries,
    scenario: s,
  });
  return {
    outDir: o.outDir,
    machines: summaries,
    telemetryRows,
    events: rowCount(events),
    captures: captureCount,
  };
}
