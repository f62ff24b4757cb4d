import { describe, expect, it } from 'vitest';
import { Random } from '../../core/random.js';
import { createArena } from './engine-arena.js';
import { buildHistogram, histogramLength } from './histogram.js';
import { ACC_BYTES, HistogramKernel, kernelBytes, kernelModule } from './histogram-kernel.js';
import { sleb, uleb } from './wasm-encoder.js';
import { wasm } from './wasm-runtime.js';

describe('wasm encoder', () => {
  it('writes LEB128 as the specification examples', () => {
    // Examples from the DWARF 5 specification, section 7.6, and Wikipedia's LEB128 article.
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([127]);
    expect(uleb(128)).toEqual([0x80, 1]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(sleb(2)).toEqual([2]);
    expect(sleb(-2)).toEqual([0x7e]);
    expect(sleb(63)).toEqual([63]);
    expect(sleb(64)).toEqual([0xc0, 0]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

describe('histogram kernel', () => {
  it('is a valid module, shared and not (Node 20 has WebAssembly SIMD)', () => {
    expect(wasm).not.toBeNull();
    expect(wasm!.validate(kernelBytes(false))).toBe(true);
    expect(wasm!.validate(kernelBytes(true))).toBe(true);
    expect(kernelModule(true)).not.toBeNull();
  });

  for (const shared of [false, true]) {
    it(`gives the JavaScript pass's histograms bit for bit (${shared ? 'shared' : 'private'} memory)`, () => {
      const rows = 3001;
      const words = 3; // two words through hist8, the third through hist4
      // Two sets of row indices and gradients; the kernel reads the second (a tree lane's).
      const arena = createArena(rows, words, 2, shared, 2)!;
      expect(arena.memory.buffer instanceof SharedArrayBuffer).toBe(shared);
      const idx = arena.idx[1]!;
      const gh = arena.gh[1]!;
      arena.gh[0]!.fill(Number.NaN);
      const rng = new Random(7, 'kernel-test');
      for (let i = 0; i < arena.codes.length; i++) arena.codes[i] = rng.int(256);
      for (let i = 0; i < 2 * rows; i++) gh[i] = rng.normal() * 10 ** rng.int(6);
      let n = 0;
      for (let r = 0; r < rows; r++) if (rng.uniform() < 0.6) idx[n++] = r;
      const wordsView = new Uint32Array(arena.codes.buffer, arena.codes.byteOffset, words * rows);
      // Thread 1's accumulator, after it holds garbage from another build.
      const kernel = new HistogramKernel(kernelModule(shared)!, {
        memory: arena.memory,
        codes: arena.codes,
        idx,
        gh,
        rows,
        words,
        acc: ACC_BYTES,
      });
      const length = histogramLength(words);
      const ranges: [number, number, number, number][] = [
        [0, words, 0, n],
        [1, words, 17, n - 5],
        [0, 1, 3, 400],
        [2, 3, 0, n],
        [0, words, 5, 5],
      ];
      for (const [w0, w1, start, end] of ranges) {
        const expected = new Float64Array(length).fill(NaN);
        const got = new Float64Array(length).fill(NaN);
        buildHistogram(wordsView, rows, w0, w1, idx, start, end, gh, expected);
        kernel.build(w0, w1, start, end, got);
        expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      }
    });
  }
});
