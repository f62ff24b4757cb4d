/**
 * The serialised MLP: plain JSON holding the input encoding, the dense layers (weights as
 * number arrays, the float32 values of training), the output transform, the resolved config
 * and a training summary. Example (abridged):
 *
 *   { "format": "pdm-twin/nn-mlp", "version": 1, "task": "regression",
 *     "input": { "features": 60, "missingIndicators": [3, 17], "clip": 10 },
 *     "layers": [ { "inputs": 62, "units": 64, "activation": "relu", "weights": [...], "bias": [...] },
 *                 { "inputs": 64, "units": 3, "activation": "linear", ... } ],
 *     "output": { "kind": "quantiles", "quantiles": [0.1, 0.5, 0.9], "shift": 812.4, "scale": 402.1 },
 *     "config": { ...every field of mlpConfigSchema... },
 *     "training": { "epochs": 41, "bestEpoch": 31, "bestValLoss": 0.21, "stopReason": "early-stopping", "backend": "wasm" } }
 */
import { z } from 'zod';
import { NN_TASKS, mlpConfigSchema } from './config.js';
import {
  checkDenseStack,
  checkInputSpec,
  denseLayerJsonSchema,
  inputJsonSchema,
  outputJsonSchema,
  parseJsonWith,
  trainingSummarySchema,
} from './dense-json.js';

export const MLP_FORMAT = 'pdm-twin/nn-mlp';

export const mlpJsonSchema = z.strictObject({
  format: z.literal(MLP_FORMAT),
  version: z.literal(1),
  task: z.enum(NN_TASKS),
  input: inputJsonSchema,
  layers: z.array(denseLayerJsonSchema).min(1),
  output: outputJsonSchema,
  config: mlpConfigSchema,
  training: trainingSummarySchema,
});

export type MlpJSON = z.output<typeof mlpJsonSchema>;

/** Validates a serialised MLP (PDM_INPUT_INVALID naming the field) and returns it frozen. */
export function parseMlpJSON(json: unknown): MlpJSON {
  const m = parseJsonWith(mlpJsonSchema, json, 'mlp');
  checkDenseStack(m.layers, checkInputSpec(m.input, 'mlp'), m.output, 'mlp');
  return deepFreeze(m);
}

/** Freezes a JSON value and everything in it (arrays included). */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    // Number arrays hold nothing to freeze: skip their elements (weights are long).
    if (!Array.isArray(v) || typeof v[0] === 'object') {
      for (const x of Object.values(v)) deepFreeze(x);
    }
  }
  return v;
}
