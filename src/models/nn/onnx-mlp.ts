/**
 * Export of a serialised MLP (mlp-json.ts) to ONNX (opset 13), computing what predictMlp
 * computes, in float32:
 *
 *   input  `features`      float32 [N, features], NaN / +-Inf for missing values
 *   output `probabilities` float32 [N, 1] P(y = 1) (binary) or [N, classes] (multiclass)
 *          `prediction`    float32 [N, 1] (mean) or [N, k] (quantiles, increasing)
 *
 * Nodes: the input encoding (onnx-dense.ts), Gemm + Relu/Tanh per layer, the output transform.
 */
import type { MlpJSON } from './mlp-json.js';
import { parseMlpJSON } from './mlp-json.js';
import { OnnxGraph } from './onnx-builder.js';
import { onnxDenseStack, onnxEncodeInput, onnxOutput, onnxOutputName } from './onnx-dense.js';
import { outputWidth } from './dense-json.js';

export const ONNX_MLP_INPUT = 'features';

/** The ONNX model (protobuf bytes) of an MLP; load it with InferenceSession.create(bytes). */
export function exportMlpToOnnx(json: MlpJSON): Uint8Array {
  const m = parseMlpJSON(json);
  const g = new OnnxGraph();
  const x = onnxEncodeInput(g, ONNX_MLP_INPUT, m.input);
  const raw = onnxDenseStack(g, x, m.layers);
  const rawUnits = m.layers[m.layers.length - 1]!.units;
  const name = onnxOutputName(m.output);
  onnxOutput(g, raw, rawUnits, m.output, name);
  return g.encode(
    [{ name: ONNX_MLP_INPUT, dims: ['N', m.input.features] }],
    [{ name, dims: ['N', outputWidth(m.output, rawUnits)] }],
    `pdm-twin MLP (${m.task}), ${m.input.features} features`,
  );
}
