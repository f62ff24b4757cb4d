import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initNnBackend } from './backend.js';

/** Runs `body` (CommonJS, with `url` = the compiled nn/index.js) in a worker; resolves its message. */
function inWorker(body: string): Promise<unknown> {
  const url = new URL('../../../dist/models/nn/index.js', import.meta.url).href;
  const code = `const { parentPort } = require('node:worker_threads');
const url = ${JSON.stringify(url)};
(async () => { ${body} })().then((v) => parentPort.postMessage(v), (e) => parentPort.postMessage({ error: String(e) }));`;
  const w = new Worker(code, { eval: true });
  return new Promise<unknown>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  }).finally(() => void w.terminate());
}

// Worker threads need JavaScript: the build in dist/ (npm test builds it first).
const built = existsSync(new URL('../../../dist/models/nn/index.js', import.meta.url));

describe('initNnBackend', () => {
  it('selects the wasm backend once, silences tfjs, and can switch to cpu and back', async () => {
    const info = await initNnBackend();
    expect(info).toEqual({ name: 'wasm', fallbackReason: null, simd: true });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.env().getBool('PROD')).toBe(true);
    expect(tf.env().getBool('DEBUG')).toBe(false);
    expect(await initNnBackend({ backend: 'cpu' })).toEqual({
      name: 'cpu',
      fallbackReason: null,
      simd: false,
    });
    expect(tf.getBackend()).toBe('cpu');
    // Without options the choice stays (training runs on it).
    expect((await initNnBackend()).name).toBe('cpu');
    await initNnBackend({ backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it.skipIf(!built)('works inside a worker thread, training a small MLP there', async () => {
    const result = await inWorker(`
      const nn = await import(url);
      const info = await nn.initNnBackend();
      const d = nn.twoMoons(200, 0.1, 1);
      const m = await nn.trainMlp(d.x, d.y, { epochs: 2 });
      return { info, layers: m.json.layers.length, backend: m.json.training.backend };`);
    expect(result).toEqual({
      info: { name: 'wasm', fallbackReason: null, simd: true },
      layers: 3,
      backend: 'wasm',
    });
  });

  it.skipIf(!built)('falls back to cpu with the reason when wasm cannot start', async () => {
    const result = (await inWorker(`
      // emscripten reports the missing file itself: keep the test log clean.
      console.error = console.warn = () => {};
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths('/nonexistent/');
      const nn = await import(url);
      return nn.initNnBackend();`)) as { name: string; fallbackReason: string };
    expect(result.name).toBe('cpu');
    expect(result.fallbackReason).toMatch(/^the wasm backend failed to initialise: /);
  });
});
