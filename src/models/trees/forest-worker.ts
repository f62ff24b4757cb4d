/**
 * Worker thread of `trainForest`: grows the trees it is asked for (worker-pool protocol) on
 * the shared binned table and sends each back as typed arrays.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../data/worker-pool.js';
import type { ToWorker } from '../../data/worker-pool.js';
import { Binning } from './binning.js';
import type { ForestJob } from './forest.js';
import { growForestTree } from './forest.js';
import { ForestTreeGrower } from './forest-grower.js';

const job = workerData as ForestJob;
const grower = new ForestTreeGrower(job.binned, new Binning(job.edges), job.y, job.params);
const port = parentPort;
if (port === null) throw new Error('forest-worker must run in a worker thread');

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'stop') {
    port.close();
    return;
  }
  try {
    port.postMessage({
      type: 'result',
      index: msg.index,
      result: growForestTree(job, grower, msg.index),
    });
  } catch (err) {
    port.postMessage(errorMessage(msg.index, err));
  }
});
