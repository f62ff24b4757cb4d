/**
 * Learners that run on the calling thread are written as generators that yield after each
 * step (a boosting round, a tree): `runToEnd` runs one at once; `runSteps` lets the event loop
 * turn about every 50 ms, so that a signal handler (Ctrl-C) can run, and stops on `signal`.
 * Both give the same result: the steps do not depend on time.
 */
import { setImmediate } from 'node:timers/promises';
import { PdmError } from '../../core/errors.js';

/** How long `runSteps` runs steps before letting the event loop turn. */
const YIELD_EVERY_MS = 50;

export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** Runs the steps, throwing PDM_INTERRUPTED with `interrupted` once `signal` is aborted. */
export async function runSteps<T>(
  steps: Generator<void, T>,
  signal: AbortSignal | undefined,
  interrupted: string,
): Promise<T> {
  let since = performance.now();
  for (;;) {
    if (signal?.aborted === true) throw new PdmError('PDM_INTERRUPTED', interrupted);
    const r = steps.next();
    if (r.done === true) return r.value;
    if (performance.now() - since >= YIELD_EVERY_MS) {
      await setImmediate();
      since = performance.now();
    }
  }
}
