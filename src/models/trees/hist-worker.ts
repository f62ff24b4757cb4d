/**
 * Worker thread of hist-threads.ts: waits for a command on the shared control words, takes
 * tasks (two feature words each) from the shared counter until none is left, and reports done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { binnedWords } from './binning.js';
import type { HistWorkerData } from './hist-threads.js';
import { COMMAND, CTRL, runTask, taskCount } from './hist-threads.js';

const data = workerData as HistWorkerData;
const { ctrl } = data;
const words = binnedWords(data.binned);
const tasks = taskCount(data.binned.words);

parentPort?.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, CTRL.seq, seen);
  seen = Atomics.load(ctrl, CTRL.seq);
  if (ctrl[CTRL.command] === COMMAND.exit) break;
  try {
    for (
      let t = Atomics.add(ctrl, CTRL.nextTask, 1);
      t < tasks;
      t = Atomics.add(ctrl, CTRL.nextTask, 1)
    ) {
      runTask(data, words, t);
    }
  } catch (err) {
    const text = new TextEncoder().encode(err instanceof Error ? err.message : String(err));
    data.errorText.set(text.subarray(0, data.errorText.length - 1));
    Atomics.store(ctrl, CTRL.error, 1);
  }
  Atomics.add(ctrl, CTRL.done, 1);
  Atomics.notify(ctrl, CTRL.done);
}
