/**
 * A small pool of worker threads that runs indexed tasks (one machine each) and hands back
 * results as they finish. Results carry their task index, so callers can put them in a fixed
 * order: output never depends on which worker ran what or how many there were.
 * A task that throws stops the pool: the remaining workers are terminated and the error
 * (with its code, for PdmError) is re-thrown in the caller.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { PdmError, isPdmError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';

export type ToWorker = { type: 'task'; index: number } | { type: 'stop' };

export type FromWorker<R, P> =
  | { type: 'result'; index: number; result: R }
  | { type: 'progress'; index: number; progress: P }
  | { type: 'error'; index: number; message: string; code: string | null; stack: string | null };

export interface PoolOptions<R, P> {
  /** The compiled worker module. */
  readonly workerUrl: URL;
  readonly workerData: unknown;
  readonly taskCount: number;
  /** Worker threads (default: available cores); never more than tasks. */
  readonly workers?: number;
  readonly onResult: (index: number, result: R) => void | Promise<void>;
  readonly onProgress?: (index: number, progress: P) => void;
  readonly signal?: AbortSignal;
  /** What the PDM_INTERRUPTED error says when `signal` stops the pool. */
  readonly interruptedMessage?: string;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * The URL of a compiled worker module beside `fromUrl`. Under a TypeScript test runner the
 * caller is a .ts source, but worker threads need JavaScript: use the build in dist/.
 */
export function compiledWorkerUrl(fromUrl: string, workerFile: string): URL {
  const u = new URL(workerFile, fromUrl);
  if (!fromUrl.endsWith('.ts')) return u;
  return new URL(u.href.replace('/src/', '/dist/'));
}

export async function runPool<R, P>(o: PoolOptions<R, P>): Promise<void> {
  const n = Math.max(1, Math.min(o.workers ?? defaultWorkerCount(), o.taskCount));
  if (o.taskCount === 0) return;
  let next = 0;
  let done = 0;
  let failed = false;
  const isAborted = (): boolean => o.signal?.aborted === true;
  const workers: Worker[] = [];
  await new Promise<void>((resolve, reject) => {
    const fail = (err: unknown): void => {
      if (failed) return;
      failed = true;
      // Rejected once every worker has stopped, so that none is still writing a file of its own
      // (a machine's captures) while the caller cleans up.
      void Promise.allSettled(workers.map((w) => w.terminate())).then(() => {
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    };
    const abort = (): void => {
      fail(
        new PdmError(
          'PDM_INTERRUPTED',
          o.interruptedMessage ?? 'interrupted before all machines were done',
        ),
      );
    };
    if (o.signal?.aborted === true) {
      abort();
      return;
    }
    o.signal?.addEventListener('abort', abort, { once: true });
    const feed = (w: Worker): void => {
      if (next < o.taskCount) {
        const msg: ToWorker = { type: 'task', index: next++ };
        w.postMessage(msg);
      } else {
        const msg: ToWorker = { type: 'stop' };
        w.postMessage(msg);
      }
    };
    for (let i = 0; i < n; i++) {
      const w = new Worker(o.workerUrl, { workerData: o.workerData });
      workers.push(w);
      w.on('message', (m: FromWorker<R, P>) => {
        if (failed) return;
        // Also checked here: an abort raised inside a callback may not reach the listener
        // before the next message in every runtime.
        if (isAborted()) {
          abort();
          return;
        }
        if (m.type === 'progress') {
          o.onProgress?.(m.index, m.progress);
          if (isAborted()) abort();
          return;
        }
        if (m.type === 'error') {
          const code = m.code as ErrorCode | null;
          const e =
            code !== null
              ? new PdmError(code, m.message)
              : new Error(`worker failed on task ${m.index}: ${m.message}`);
          if (m.stack !== null && !(code !== null)) e.stack = m.stack;
          fail(e);
          return;
        }
        Promise.resolve(o.onResult(m.index, m.result)).then(
          () => {
            done++;
            if (done === o.taskCount) {
              o.signal?.removeEventListener('abort', abort);
              for (const x of workers) void x.terminate();
              resolve();
            } else feed(w);
          },
          (err: unknown) => {
            fail(err);
          },
        );
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!failed && done < o.taskCount && code !== 0)
          fail(new Error(`worker exited with code ${code}`));
      });
      feed(w);
    }
  });
}

/** Serialises an error for the parent, keeping a PdmError's code. */
export function errorMessage(index: number, err: unknown): FromWorker<never, never> {
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    type: 'error',
    index,
    message: e.message,
    code: isPdmError(err) ? err.code : null,
    stack: e.stack ?? null,
  };
}
