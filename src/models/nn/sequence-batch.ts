/**
 * Mini-batches of sequences in the layout of recurrent-tf.ts: for each step t, the encoded
 * rows transposed, [width + 2 x batch] (features and indicators, a row of ones for the bias,
 * the padding indicator), and, for training, the same untransposed for the kernel's gradient.
 * Buffers are reused from batch to batch.
 */
import * as tf from '@tensorflow/tfjs';
import type { InputSpec } from './input-encoding.js';
import { encodePaddingInto, encodeRowInto, encodedWidth } from './input-encoding.js';
import type { StepInput } from './recurrent-tf.js';
import type { SequenceSet } from './sequence-data.js';

export class SequenceBatchBuilder {
  private readonly width: number;
  private readonly bufT: Float32Array;
  private readonly buf: Float32Array;

  constructor(
    private readonly input: InputSpec,
    private readonly steps: number,
    maxRows: number,
  ) {
    this.width = encodedWidth(input);
    const size = steps * (this.width + 2) * maxRows;
    this.bufT = new Float32Array(size);
    this.buf = new Float32Array(size);
  }

  /**
   * Step inputs for sequences idx[0..n) of `set`; `withData` adds the untransposed copies
   * (training). The set may have fewer steps than the builder: it is padded on the left.
   */
  build(set: SequenceSet, idx: Int32Array, n: number, withData: boolean): StepInput[] {
    const din = this.width + 2;
    const T = this.steps;
    const lead = T - set.steps;
    const { bufT, buf } = this;
    const src = set.x.data;
    const cols = set.x.cols;
    const out: StepInput[] = [];
    for (let t = 0; t < T; t++) {
      const offT = t * din * n;
      for (let i = 0; i < n; i++) {
        const r = t < lead ? -1 : set.rows[idx[i]! * set.steps + t - lead]!;
        if (r < 0) encodePaddingInto(this.input, bufT, offT + i, n);
        else encodeRowInto(this.input, src, r * cols, bufT, offT + i, n);
        bufT[offT + this.width * n + i] = 1;
        bufT[offT + (this.width + 1) * n + i] = r < 0 ? 1 : 0;
      }
      const xT = tf.tensor2d(bufT.subarray(offT, offT + din * n), [din, n]);
      let x: tf.Tensor2D | null = null;
      if (withData) {
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < din; k++) buf[offT + i * din + k] = bufT[offT + k * n + i]!;
        }
        x = tf.tensor2d(buf.subarray(offT, offT + din * n), [n, din]);
      }
      out.push({ xT, x });
    }
    return out;
  }
}
