/**
 * Worker thread for `simulate`: runs whole machines and returns their tables.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../twin/scenario-schema.js';
import { attachments, buildFleetMember } from '../twin/fleet.js';
import type { ToWorker } from './worker-pool.js';
import { errorMessage } from './worker-pool.js';
import { simulateMachineTables } from './simulate-machine.js';

interface Data {
  scenario: Scenario;
  captures: boolean;
}

const data = workerData as Data;
const att = attachments(data.scenario);
const port = parentPort;
if (port === null) throw new Error('simulate-worker must run in a worker thread');

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  try {
    const member = buildFleetMember(data.scenario, msg.index, att);
    const result = simulateMachineTables(member, data.scenario, data.captures, (doneH) => {
      port.postMessage({ type: 'progress', index: msg.index, progress: doneH });
    });
    port.postMessage({ type: 'result', index: msg.index, result });
  } catch (err) {
    port.postMessage(errorMessage(msg.index, err));
  }
});
