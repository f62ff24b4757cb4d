/**
 * Worker thread of engine-threads.ts: waits for a command on the shared control words, takes
 * its tasks from the shared counter until none is left (a round's trees on its tree lane,
 * engine-lanes.ts), and reports done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineWorkerData } from './engine-state.js';
import { COMMAND, CTRL, awaitChange, runTask, taskContext } from './engine-state.js';
import { TreeLane } from './engine-lanes.js';

const { state, thread } = workerData as EngineWorkerData;
const context = taskContext(state, thread);
const lane = state.lanes === null ? null : new TreeLane(state, thread);
const { ctrl } = state;

parentPort?.postMessage('ready');
let seen = 0;
for (;;) {
  awaitChange(ctrl, CTRL.seq, seen);
  seen = Atomics.load(ctrl, CTRL.seq);
  const command = ctrl[CTRL.command]!;
  if (command === COMMAND.exit) break;
  const tasks = ctrl[CTRL.tasks]!;
  try {
    for (
      let t = Atomics.add(ctrl, CTRL.nextTask, 1);
      t < tasks;
      t = Atomics.add(ctrl, CTRL.nextTask, 1)
    ) {
      if (command === COMMAND.trees) lane!.run(t);
      else runTask(context, command, t);
      Atomics.add(ctrl, CTRL.beat, 1);
    }
  } catch (err) {
    const text = new TextEncoder().encode(err instanceof Error ? err.message : String(err));
    state.errorText.set(text.subarray(0, state.errorText.length - 1));
    Atomics.store(ctrl, CTRL.error, 1);
  }
  Atomics.add(ctrl, CTRL.beat, 1);
  Atomics.add(ctrl, CTRL.done, 1);
  Atomics.notify(ctrl, CTRL.done);
}
