/**
 * A scenario's machines run on worker threads, one task per machine, for `simulate` and
 * `generate`: the parent side (`runFleet`: progress in simulated hours over the fleet, results
 * put back in machine order) and the worker side (`serveMachines`: builds each machine from
 * the scenario and reports its simulated hours as it goes).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FleetMember } from '../twin/fleet.js';
import { attachments, buildFleetMember } from '../twin/fleet.js';
import type { Scenario } from '../twin/scenario-schema.js';
import type { ToWorker } from './worker-pool.js';
import { errorMessage, runPool } from './worker-pool.js';

/** How far a fleet run is. */
export interface FleetProgress {
  machinesDone: number;
  machines: number;
  simulatedH: number;
  totalH: number;
}

export interface FleetRunOptions<R, K = R> {
  readonly scenario: Scenario;
  /** The compiled worker module (calling `serveMachines`) and what it is started with. */
  readonly workerUrl: URL;
  readonly workerData: { readonly scenario: Scenario } & Record<string, unknown>;
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: FleetProgress) => void;
  /**
   * The share of a machine's work that follows its simulation (a worker writing the machine's
   * capture files): its simulated hours count for 1 - resultShare of them until its result
   * arrives, so that progress does not show 100 % while files are still being written.
   * Default 0.
   */
  readonly resultShare?: number;
  /** Each machine's result as it arrives (say, to write its files); returns what to keep. */
  readonly onResult: (result: R) => K | Promise<K>;
}

/** Runs every machine of the scenario; the kept results in machine order. */
export async function runFleet<R, K = R>(o: FleetRunOptions<R, K>): Promise<K[]> {
  const s = o.scenario;
  const machines = attachments(s).ids.length;
  const results = new Array<K | undefined>(machines);
  const doneH = new Float64Array(machines);
  let machinesDone = 0;
  const report = (): void => {
    o.onProgress?.({
      machinesDone,
      machines,
      simulatedH: doneH.reduce((a, b) => a + b, 0),
      totalH: s.durationH * machines,
    });
  };
  await runPool<R, number>({
    workerUrl: o.workerUrl,
    workerData: o.workerData,
    taskCount: machines,
    ...(o.workers === undefined ? {} : { workers: o.workers }),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
    onProgress: (i, h) => {
      doneH[i] = h * (1 - (o.resultShare ?? 0));
      report();
    },
    onResult: async (i, r) => {
      results[i] = await o.onResult(r);
      doneH[i] = s.durationH;
      machinesDone++;
      report();
    },
  });
  return results.filter((r): r is K => r !== undefined);
}

/**
 * The worker side: answers each task with `run` of machine `index` of the scenario in the
 * worker data, posting its simulated hours as progress. `run` reads its own fields of the
 * worker data (what `runFleet` was given).
 */
export function serveMachines(
  name: string,
  run: (
    member: FleetMember,
    data: { readonly scenario: Scenario } & Record<string, unknown>,
    onProgress: (doneH: number) => void,
  ) => unknown,
): void {
  const data = workerData as { readonly scenario: Scenario } & Record<string, unknown>;
  const att = attachments(data.scenario);
  const port = parentPort;
  if (port === null) throw new Error(`${name} must run in a worker thread`);
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'stop') {
      port.close();
      return;
    }
    // `run` may return a promise (a worker that writes files of its own); one task at a time.
    Promise.resolve()
      .then(() =>
        run(buildFleetMember(data.scenario, msg.index, att), data, (doneH) => {
          port.postMessage({ type: 'progress', index: msg.index, progress: doneH });
        }),
      )
      .then(
        (result) => {
          port.postMessage({ type: 'result', index: msg.index, result });
        },
        (err: unknown) => {
          port.postMessage(errorMessage(msg.index, err));
        },
      );
  });
}
