/**
 * The plain-JSON pieces shared by the serialised MLP and sequence models: the input encoding
 * (input-encoding.ts), the dense layers and the output transform, with schemas that validate a
 * file and a check that the pieces fit together.
 *
 * A dense layer computes out_j = act(bias_j + sum_i in_i * weights[i * units + j]) (weights
 * row-major [inputs x units], as Keras and ONNX Gemm store them). The last layer is linear;
 * its raw outputs a_1..a_k become predictions by the output transform:
 * - sigmoid:   p = 1 / (1 + e^-a_1)                          (binary, P(y = 1))
 * - softmax:   p_c = e^a_c / sum_k e^a_k                       (multiclass)
 * - linear:    y = shift + scale * a_1                         (regression, mean)
 * - quantiles: c_1 = a_1, c_j = c_(j-1) + softplus(a_j); y_j = shift + scale * c_j
 *   (regression quantiles, increasing by construction: no crossing, no sort needed).
 */
import { z } from 'zod';
import { PdmError } from '../../core/errors.js';
import { encodedWidth } from './input-encoding.js';

export const inputJsonSchema = z.strictObject({
  features: z.number().int().min(1),
  missingIndicators: z.array(z.number().int().min(0)),
  clip: z.number().gt(0).nullable(),
});

export const LAYER_ACTIVATIONS = ['relu', 'tanh', 'linear'] as const;
export type LayerActivation = (typeof LAYER_ACTIVATIONS)[number];

export const denseLayerJsonSchema = z.strictObject({
  inputs: z.number().int().min(1),
  units: z.number().int().min(1),
  activation: z.enum(LAYER_ACTIVATIONS),
  /** Row-major [inputs x units]. */
  weights: z.array(z.number()),
  bias: z.array(z.number()),
});
export type DenseLayerJSON = z.infer<typeof denseLayerJsonSchema>;

export const OUTPUT_KINDS = ['sigmoid', 'softmax', 'linear', 'quantiles'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

export const outputJsonSchema = z.strictObject({
  kind: z.enum(OUTPUT_KINDS),
  /** The quantile levels of the outputs (kind 'quantiles'), else empty. */
  quantiles: z.array(z.number().gt(0).lt(1)),
  /** Target de-standardisation (regression): y = shift + scale * raw; 0 and 1 otherwise. */
  shift: z.number(),
  scale: z.number().gt(0),
});
export type OutputJSON = z.infer<typeof outputJsonSchema>;

export const trainingSummarySchema = z.strictObject({
  /** Epochs run. */
  epochs: z.number().int().min(0),
  /** The epoch whose weights were kept (the best validation loss, else the last). */
  bestEpoch: z.number().int().min(0),
  bestValLoss: z.number().nullable(),
  stopReason: z.enum(['epochs', 'early-stopping', 'aborted']),
  /** tfjs backend that trained the model. */
  backend: z.enum(['wasm', 'cpu']),
});
export type TrainingSummary = z.infer<typeof trainingSummarySchema>;

/** Outputs of the output transform (columns of a prediction). */
export function outputWidth(o: OutputJSON, rawUnits: number): number {
  return o.kind === 'quantiles' ? o.quantiles.length : rawUnits;
}

/**
 * Throws PDM_INPUT_INVALID unless the layers chain from `firstInputs` and the last layer
 * matches the output transform. `where` prefixes the messages.
 */
export function checkDenseStack(
  layers: readonly DenseLayerJSON[],
  firstInputs: number,
  output: OutputJSON,
  where: string,
): void {
  const fail = (msg: string): never => {
    throw new PdmError('PDM_INPUT_INVALID', `${where}.${msg}`);
  };
  if (layers.length === 0) fail('layers: expected at least one layer');
  let inputs = firstInputs;
  layers.forEach((l, i) => {
    if (l.inputs !== inputs) fail(`layers[${i}].inputs: expected ${inputs}, got ${l.inputs}`);
    if (l.weights.length !== l.inputs * l.units) {
      fail(`layers[${i}].weights: expected ${l.inputs * l.units} values, got ${l.weights.length}`);
    }
    if (l.bias.length !== l.units) {
      fail(`layers[${i}].bias: expected ${l.units} values, got ${l.bias.length}`);
    }
    inputs = l.units;
  });
  const last = layers[layers.length - 1]!;
  if (last.activation !== 'linear') fail(`layers[${layers.length - 1}]: the last layer is linear`);
  const expected =
    output.kind === 'sigmoid' || output.kind === 'linear'
      ? 1
      : output.kind === 'quantiles'
        ? output.quantiles.length
        : Math.max(2, last.units);
  if (last.units !== expected) fail(`output: ${output.kind} needs ${expected} raw outputs`);
  if (output.kind !== 'quantiles' && output.quantiles.length > 0) {
    fail('output.quantiles: only for kind quantiles');
  }
}

/** Throws PDM_INPUT_INVALID unless the indicator columns exist and increase. */
export function checkInputSpec(input: z.infer<typeof inputJsonSchema>, where: string): number {
  const ind = input.missingIndicators;
  ind.forEach((j, k) => {
    if (j >= input.features || (k > 0 && j <= ind[k - 1]!)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${where}.input.missingIndicators[${k}]: expected increasing columns < ${input.features}, got ${j}`,
      );
    }
  });
  return encodedWidth(input);
}

/** Parses with a zod schema, turning issues into PDM_INPUT_INVALID naming the path. */
export function parseJsonWith<S extends z.ZodType>(
  schema: S,
  json: unknown,
  where: string,
): z.output<S> {
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  const first = r.error.issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join('.');
    return `${where}${path === '' ? '' : '.' + path}: ${i.message}`;
  });
  throw new PdmError('PDM_INPUT_INVALID', first.join('; '), { cause: r.error });
}
