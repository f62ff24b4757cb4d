/**
 * The serialised sequence model: the input encoding of each step, the recurrent cell's weights
 * in Keras orientation (recurrent-infer.ts), the dense head on the last state, the output
 * transform, the resolved config and a training summary. Example (abridged):
 *
 *   { "format": "pdm-twin/nn-sequence", "version": 1, "task": "regression", "steps": 16,
 *     "input": { "features": 60, "missingIndicators": [], "clip": 10 },
 *     "recurrent": { "cell": "lstm", "inputs": 60, "units": 32,
 *                    "kernel": [60 x 128 values], "recurrentKernel": [32 x 128], "bias": [128] },
 *     "layers": [ { "inputs": 32, "units": 1, "activation": "linear", ... } ],
 *     "output": { "kind": "linear", "quantiles": [], "shift": 812.4, "scale": 402.1 },
 *     "config": { ... }, "training": { ... } }
 */
import { z } from 'zod';
import { PdmError } from '../../core/errors.js';
import { NN_TASKS, SEQUENCE_CELLS, sequenceConfigSchema } from './config.js';
import {
  checkDenseStack,
  checkInputSpec,
  denseLayerJsonSchema,
  inputJsonSchema,
  outputJsonSchema,
  parseJsonWith,
  trainingSummarySchema,
} from './dense-json.js';
import { deepFreeze } from './mlp-json.js';

export const SEQUENCE_FORMAT = 'pdm-twin/nn-sequence';

export const sequenceJsonSchema = z.strictObject({
  format: z.literal(SEQUENCE_FORMAT),
  version: z.literal(1),
  task: z.enum(NN_TASKS),
  steps: z.number().int().min(1),
  input: inputJsonSchema,
  recurrent: z.strictObject({
    cell: z.enum(SEQUENCE_CELLS),
    inputs: z.number().int().min(1),
    units: z.number().int().min(1),
    kernel: z.array(z.number()),
    recurrentKernel: z.array(z.number()),
    bias: z.array(z.number()),
  }),
  layers: z.array(denseLayerJsonSchema).min(1),
  output: outputJsonSchema,
  config: sequenceConfigSchema,
  training: trainingSummarySchema,
});

export type SequenceJSON = z.output<typeof sequenceJsonSchema>;

/** Validates a serialised sequence model (PDM_INPUT_INVALID naming the field), frozen. */
export function parseSequenceJSON(json: unknown): SequenceJSON {
  const m = parseJsonWith(sequenceJsonSchema, json, 'sequence');
  const width = checkInputSpec(m.input, 'sequence');
  const r = m.recurrent;
  const g = (r.cell === 'lstm' ? 4 : 3) * r.units;
  const expect = (field: string, got: number, want: number): void => {
    if (got !== want) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `sequence.recurrent.${field}: expected ${want}, got ${got}`,
      );
    }
  };
  expect('inputs', r.inputs, width);
  expect('kernel (values)', r.kernel.length, r.inputs * g);
  expect('recurrentKernel (values)', r.recurrentKernel.length, r.units * g);
  expect('bias (values)', r.bias.length, g);
  checkDenseStack(m.layers, r.units, m.output, 'sequence');
  return deepFreeze(m);
}
