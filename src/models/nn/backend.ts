/**
 * One-time set-up of TensorFlow.js for the neural models: the WebAssembly backend
 * (@tensorflow/tfjs-backend-wasm, XNNPACK kernels, single-threaded under Node) with a fallback
 * to the pure-JavaScript 'cpu' backend whose reason is reported, never logged.
 *
 * - Chatter: tfjs prints through `backend_util.warn/log`, which stay silent in production
 *   mode (`tf.enableProdMode()`, the PROD flag); that also hides the cpu backend's
 *   "Hi, looks like you are running TensorFlow.js in Node.js" banner. DEBUG stays false.
 * - Worker threads: each thread loads its own copy of tfjs and its own WebAssembly instance,
 *   so every thread calls `initNnBackend()` once (the promise is memoised per thread).
 * - Randomness: the models here never call a tfjs random op (initialisers, dropout, shuffling);
 *   every draw comes from a seeded `Random` stream and reaches tfjs as data. tfjs's own seeds
 *   (which fall back to Math.random when absent) therefore never enter a trained model.
 */
import * as tf from '@tensorflow/tfjs';

export type NnBackendName = 'wasm' | 'cpu';

export interface NnBackendInfo {
  /** The backend in use. */
  readonly name: NnBackendName;
  /** Why the wasm backend is not in use (null when it is, or when 'cpu' was asked for). */
  readonly fallbackReason: string | null;
  /** WebAssembly SIMD available (wasm backend only). */
  readonly simd: boolean;
}

export interface NnBackendOptions {
  /**
   * The backend wanted: 'wasm' or 'cpu' (the slower pure-JavaScript one). Without it, the
   * backend chosen by an earlier call stays, and the first call chooses 'wasm'.
   */
  readonly backend?: NnBackendName;
}

const pending = new Map<NnBackendName, Promise<NnBackendInfo>>();
let current: NnBackendName | null = null;

/**
 * Initialises tfjs on this thread (once per backend) and selects the backend. Training and
 * tfjs prediction call it without options, so they run on whatever was chosen before.
 */
export async function initNnBackend(options: NnBackendOptions = {}): Promise<NnBackendInfo> {
  const wanted = options.backend ?? current ?? 'wasm';
  let p = pending.get(wanted);
  if (p === undefined) {
    p = init(wanted);
    pending.set(wanted, p);
  }
  const info = await p;
  current = wanted;
  // Another call may have switched backends since; switch back to this one.
  if (tf.getBackend() !== info.name) await tf.setBackend(info.name);
  return info;
}

async function init(wanted: NnBackendName): Promise<NnBackendInfo> {
  tf.enableProdMode();
  if (wanted === 'cpu') return useCpu(null);
  let failure: unknown = null;
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    wrapWasmFactory((err) => {
      failure = err;
    });
  } catch (err) {
    return useCpu(`@tensorflow/tfjs-backend-wasm could not be loaded: ${describe(err)}`);
  }
  const ok = await tf.setBackend('wasm');
  if (!ok) {
    const why = failure === null ? 'tf.setBackend returned false' : describe(failure);
    return useCpu(`the wasm backend failed to initialise: ${why}`);
  }
  return { name: 'wasm', fallbackReason: null, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') };
}

async function useCpu(reason: string | null): Promise<NnBackendInfo> {
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new Error(`tfjs: neither the wasm nor the cpu backend could start (${reason})`);
  return { name: 'cpu', fallbackReason: reason, simd: false };
}

// tfjs swallows a backend's initialisation error (it only warns, and not in production mode):
// re-register the wasm factory behind a wrapper that hands the error to us first.
const WASM_PRIORITY = 2;
let wrapped = false;
function wrapWasmFactory(onError: (err: unknown) => void): void {
  if (wrapped) return;
  const factory = tf.findBackendFactory('wasm') as
    ReturnType<typeof tf.findBackendFactory> | undefined;
  if (factory === undefined) return;
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      try {
        return await factory();
      } catch (err) {
        onError(err);
        throw err;
      }
    },
    WASM_PRIORITY,
  );
  wrapped = true;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  // The wasm backend rejects with a plain { message } object.
  if (typeof err === 'object' && err !== null && 'message' in err) return String(err.message);
  return String(err);
}
