/**
 * Configuration of the neural models (mlp.ts, sequence.ts): the schemas are the types,
 * defaults live in them, unknown keys are rejected, and the parsed config is frozen, so a
 * config can come from code, JSON or YAML. Both models share the training fields.
 */
import { z } from 'zod';
import { parseConfig } from '../trees/config.js';

export const NN_TASKS = ['binary', 'multiclass', 'regression'] as const;
export type NnTask = (typeof NN_TASKS)[number];

/** Most training epochs of a network unless its config says (early stopping may end sooner). */
export const DEFAULT_NN_EPOCHS = 100;

/** The epochs a network config (as the training config holds it, unparsed) asks for. */
export function epochsOf(config: Readonly<Record<string, unknown>>): number {
  return typeof config.epochs === 'number' ? config.epochs : DEFAULT_NN_EPOCHS;
}

const trainingFields = {
  /** binary: sigmoid output, labels 0/1; multiclass: softmax, labels 0..classes-1; regression. */
  task: z.enum(NN_TASKS).default('binary'),
  /** Classes for multiclass (default: largest label + 1). */
  classes: z.number().int().min(2).max(1000).optional(),
  /** Regression only: quantiles (strictly increasing) fitted with the pinball loss; empty: mean (squared error). */
  quantiles: z
    .array(z.number().gt(0).lt(1))
    .max(16)
    .readonly()
    .default(() => []),
  /** Dropout rate on every hidden layer (and on the sequence model's last state). */
  dropout: z.number().min(0).max(0.9).default(0.1),
  /** L2 penalty on the kernels (not the biases): l2 * sum(w^2) is added to the loss. */
  l2: z.number().min(0).default(1e-4),
  /** Adam step size. */
  learningRate: z.number().gt(0).max(1).default(1e-3),
  epochs: z.number().int().min(1).max(10_000).default(DEFAULT_NN_EPOCHS),
  batchSize: z.number().int().min(1).max(65_536).default(256),
  /** Stop after this many epochs without a better validation loss (0: never stop early). */
  earlyStoppingPatience: z.number().int().min(0).default(10),
  /** Fraction held out for validation when no validation set is given (by group when given). */
  validationSplit: z.number().min(0).max(0.5).default(0.1),
  /** 'balanced': class c weighs n / (classes * n_c) in the loss. */
  classWeights: z.enum(['balanced', 'none']).default('none'),
  /** Add a 0/1 input per feature that had missing values in training. */
  missingIndicators: z.boolean().default(true),
  /** Inputs are clipped to [-inputClip, inputClip] after NaN -> 0 (null: no clipping). */
  inputClip: z.number().gt(0).nullable().default(10),
  /** Gradients are rescaled to this global L2 norm when larger (0: no clipping). */
  clipNorm: z.number().min(0).default(0),
  seed: z.number().int().default(1),
};

const ACTIVATIONS = ['relu', 'tanh'] as const;
export type HiddenActivation = (typeof ACTIVATIONS)[number];

const hiddenLayers = (fallback: readonly number[]) =>
  z
    .array(z.number().int().min(1).max(4096))
    .max(8)
    .readonly()
    .default(() => [...fallback]);

export const mlpConfigSchema = z
  .strictObject({
    ...trainingFields,
    /** Units of each hidden layer. */
    hidden: hiddenLayers([64, 32]),
    activation: z.enum(ACTIVATIONS).default('relu'),
  })
  .superRefine(checkTask);

export const SEQUENCE_CELLS = ['lstm', 'gru'] as const;
export type SequenceCell = (typeof SEQUENCE_CELLS)[number];

export const sequenceConfigSchema = z
  .strictObject({
    ...trainingFields,
    cell: z.enum(SEQUENCE_CELLS).default('lstm'),
    /** State size of the recurrent cell. */
    units: z.number().int().min(1).max(1024).default(32),
    /** Captures per sequence (the last `steps` rows of a machine's history). */
    steps: z.number().int().min(1).max(1024).default(16),
    /** Dense layers between the last state and the output. */
    hidden: hiddenLayers([]),
    activation: z.enum(ACTIVATIONS).default('relu'),
    clipNorm: z.number().min(0).default(1),
  })
  .superRefine(checkTask);

export type MlpConfig = z.output<typeof mlpConfigSchema>;
export type MlpConfigInput = z.input<typeof mlpConfigSchema>;
export type SequenceConfig = z.output<typeof sequenceConfigSchema>;
export type SequenceConfigInput = z.input<typeof sequenceConfigSchema>;

function checkTask(
  c: { task: NnTask; quantiles: readonly number[]; classes?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (c.task !== 'regression' && c.quantiles.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['quantiles'], message: "only for task 'regression'" });
  }
  if (c.task !== 'multiclass' && c.classes !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['classes'], message: "only for task 'multiclass'" });
  }
  for (let i = 1; i < c.quantiles.length; i++) {
    if (c.quantiles[i]! <= c.quantiles[i - 1]!) {
      ctx.addIssue({ code: 'custom', path: ['quantiles', i], message: 'must increase strictly' });
    }
  }
}

/** Validates a config (PDM_INPUT_INVALID naming the field), fills in defaults, freezes it. */
export function parseNnConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  name: string,
): Readonly<z.output<S>> {
  const c = parseConfig(schema, input, name);
  // Defaults skip .readonly(): freeze the arrays here too.
  for (const v of Object.values(c as object)) if (Array.isArray(v)) Object.freeze(v);
  return c;
}

export function parseMlpConfig(input?: unknown): Readonly<MlpConfig> {
  return parseNnConfig(mlpConfigSchema, input, 'mlp');
}

export function parseSequenceConfig(input?: unknown): Readonly<SequenceConfig> {
  return parseNnConfig(sequenceConfigSchema, input, 'sequence');
}
