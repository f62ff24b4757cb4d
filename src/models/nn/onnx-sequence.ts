/**
 * Export of a serialised sequence model (sequence-json.ts) to ONNX (opset 13), unrolled over
 * the steps, computing what predictSequenceSet computes, in float32:
 *
 *   input  `sequence`      float32 [N, steps, features], raw rows oldest first (NaN allowed)
 *          `mask`          float32 [N, steps], 1 for a real step, 0 for left padding
 *   output `probabilities` / `prediction` as in onnx-mlp.ts
 *
 * (sequenceTensors(set) without an input spec gives both inputs.) The cell is written out step
 * by step (Gemm/MatMul, Split, Sigmoid, Tanh, Mul, Add) rather than with ONNX's LSTM/GRU ops:
 * those assume right-padded sequences, and masking keeps the exact semantics of the pure
 * TypeScript path: a padding step leaves the state unchanged (Where on the mask).
 */
import { OnnxGraph } from './onnx-builder.js';
import { onnxDenseStack, onnxEncodeInput, onnxOutput, onnxOutputName } from './onnx-dense.js';
import { outputWidth } from './dense-json.js';
import { encodedWidth } from './input-encoding.js';
import type { SequenceJSON } from './sequence-json.js';
import { parseSequenceJSON } from './sequence-json.js';

export const ONNX_SEQUENCE_INPUT = 'sequence';
export const ONNX_SEQUENCE_MASK = 'mask';

/** The ONNX model (protobuf bytes) of a sequence model. */
export function exportSequenceToOnnx(json: SequenceJSON): Uint8Array {
  const m = parseSequenceJSON(json);
  const r = m.recurrent;
  const H = r.units;
  const gates = r.cell === 'lstm' ? 4 : 3;
  const g = new OnnxGraph();
  const x = onnxEncodeInput(g, ONNX_SEQUENCE_INPUT, m.input);
  const kernel = g.floats([encodedWidth(m.input), gates * H], r.kernel, 'K');
  const bias = g.floats([gates * H], r.bias, 'b');
  // Recurrent kernel columns: all gates (LSTM), or z, r and h apart (GRU).
  const columns = (from: number, to: number): string => {
    const w = new Float64Array(H * (to - from));
    for (let i = 0; i < H; i++) {
      for (let j = from; j < to; j++)
        w[i * (to - from) + j - from] = r.recurrentKernel[i * gates * H + j]!;
    }
    return g.floats([H, to - from], w, 'U');
  };
  const uAll = r.cell === 'lstm' ? columns(0, 4 * H) : columns(0, 2 * H);
  const uH = r.cell === 'gru' ? columns(2 * H, 3 * H) : '';
  const split = (v: string, parts: number): string[] =>
    g.nodeN(
      'Split',
      [v, g.int64s([parts], new Array<number>(parts).fill(H), 'split')],
      { axis: 1 },
      parts,
    );
  const one = r.cell === 'gru' ? g.floats([], [1], 'one') : '';
  const axes1 = g.int64s([1], [1], 'axes');

  let h = '';
  let c = '';
  for (let t = 0; t < m.steps; t++) {
    const at = g.int64s([], [t], 't');
    const xt = g.node('Gather', [x, at], { axis: 1 });
    const mt = g.node('Unsqueeze', [
      g.node('Gather', [ONNX_SEQUENCE_MASK, at], { axis: 1 }),
      axes1,
    ]);
    const first = t === 0;
    const proj = g.node('Gemm', [xt, kernel, bias]);
    let hNew: string;
    let cNew = '';
    if (r.cell === 'lstm') {
      const z = first ? proj : g.node('Add', [proj, g.node('MatMul', [h, uAll])]);
      const [i, f, gg, o] = split(z, 4) as [string, string, string, string];
      const ig = g.node('Mul', [g.node('Sigmoid', [i]), g.node('Tanh', [gg])]);
      cNew = first ? ig : g.node('Add', [g.node('Mul', [g.node('Sigmoid', [f]), c]), ig]);
      hNew = g.node('Mul', [g.node('Sigmoid', [o]), g.node('Tanh', [cNew])]);
    } else {
      const [xz, xr, xh] = split(proj, 3) as [string, string, string];
      let zPre = xz;
      let hPre = xh;
      if (!first) {
        const [hz, hr] = split(g.node('MatMul', [h, uAll]), 2) as [string, string];
        zPre = g.node('Add', [xz, hz]);
        const rg = g.node('Sigmoid', [g.node('Add', [xr, hr])]);
        hPre = g.node('Add', [xh, g.node('MatMul', [g.node('Mul', [rg, h]), uH])]);
      }
      const u = g.node('Sigmoid', [zPre]);
      const cand = g.node('Mul', [g.node('Sub', [one, u]), g.node('Tanh', [hPre])]);
      hNew = first ? cand : g.node('Add', [g.node('Mul', [u, h]), cand]);
    }
    if (first) {
      // The state before the first step is zero: a padding step keeps it zero.
      h = g.node('Mul', [hNew, mt]);
      if (cNew !== '') c = g.node('Mul', [cNew, mt]);
    } else {
      const keep = g.node('Cast', [mt], { to: 9 }); // 9 = BOOL
      h = g.node('Where', [keep, hNew, h]);
      if (cNew !== '') c = g.node('Where', [keep, cNew, c]);
    }
  }
  const raw = onnxDenseStack(g, h, m.layers);
  const rawUnits = m.layers[m.layers.length - 1]!.units;
  const name = onnxOutputName(m.output);
  onnxOutput(g, raw, rawUnits, m.output, name);
  return g.encode(
    [
      { name: ONNX_SEQUENCE_INPUT, dims: ['N', m.steps, m.input.features] },
      { name: ONNX_SEQUENCE_MASK, dims: ['N', m.steps] },
    ],
    [{ name, dims: ['N', outputWidth(m.output, rawUnits)] }],
    `pdm-twin ${r.cell.toUpperCase()} sequence model (${m.task}), ${m.steps} steps`,
  );
}
