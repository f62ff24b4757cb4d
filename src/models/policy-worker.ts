/** Worker thread for `policy`: runs one machine under one policy and returns its summary. */
import { parentPort, workerData } from 'node:worker_threads';
import {
  captureInput,
  pipelineOptionsFor,
  repairableModes,
  telemetryInput,
} from '../data/twin-features.js';
import { errorMessage } from '../data/worker-pool.js';
import type { ToWorker } from '../data/worker-pool.js';
import { attachments, buildFleetMember } from '../twin/fleet.js';
import type { Scenario } from '../twin/scenario-schema.js';
import { simulateMachine } from '../twin/simulation.js';
import type { Bundle } from './bundle.js';
import { PredictiveController } from './predictive-controller.js';

export interface PolicyJob {
  readonly scenario: Scenario;
  readonly machine: number;
  readonly predictive: boolean;
}

interface Data {
  readonly jobs: readonly PolicyJob[];
  readonly bundle: Bundle | null;
  readonly responseH: number;
}

const data = workerData as Data;
const port = parentPort;
if (port === null) throw new Error('policy-worker must run in a worker thread');
const attCache = new Map<Scenario, ReturnType<typeof attachments>>();

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  try {
    const job = data.jobs[msg.index]!;
    let att = attCache.get(job.scenario);
    if (att === undefined) attCache.set(job.scenario, (att = attachments(job.scenario)));
    const member = buildFleetMember(job.scenario, job.machine, att);
    let summary;
    if (job.predictive && data.bundle !== null) {
      const m = member.machine;
      const ctl = new PredictiveController(data.bundle, pipelineOptionsFor(m));
      const restored = repairableModes(job.scenario);
      summary = simulateMachine(
        member,
        job.scenario,
        {
          telemetry: (r) => {
            ctl.onTelemetry(telemetryInput(r));
          },
          event: (e) => {
            if (e.type === 'maintenance') ctl.onMaintenance(restored);
          },
          decide: (c) => {
            const d = ctl.onCapture(captureInput(c));
            return d.alarm
              ? { inH: data.responseH, reason: `model alarm, p=${d.probability.toFixed(2)}` }
              : null;
          },
        },
        { labels: false },
      );
    } else {
      summary = simulateMachine(member, job.scenario, {}, { labels: false });
    }
    port.postMessage({ type: 'result', index: msg.index, result: summary });
  } catch (err) {
    port.postMessage(errorMessage(msg.index, err));
  }
});
