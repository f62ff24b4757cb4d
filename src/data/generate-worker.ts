/** Worker thread for `generate`: simulates whole machines and computes their features. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../twin/scenario-schema.js';
import { attachments, buildFleetMember } from '../twin/fleet.js';
import { generateMachine } from './generate-machine.js';
import type { ToWorker } from './worker-pool.js';
import { errorMessage } from './worker-pool.js';

interface Data {
  scenario: Scenario;
  keepWaveforms: boolean;
}

const data = workerData as Data;
const att = attachments(data.scenario);
const port = parentPort;
if (port === null) throw new Error('generate-worker must run in a worker thread');

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  try {
    const member = buildFleetMember(data.scenario, msg.index, att);
    const result = generateMachine(member, data.scenario, data.keepWaveforms, (doneH) => {
      port.postMessage({ type: 'progress', index: msg.index, progress: doneH });
    });
    port.postMessage({ type: 'result', index: msg.index, result });
  } catch (err) {
    port.postMessage(errorMessage(msg.index, err));
  }
});
