/**
 * Training configuration: one section per task, each with its algorithm and that algorithm's
 * hyperparameters. Defaults live in the schema; a config file (JSON or YAML) overrides any
 * subset, and unknown keys are errors.
 */
import { z } from 'zod';
import type { Task } from './bundle.js';
import { mlpConfigSchema, sequenceConfigSchema } from './nn/config.js';
import { decisionTreeConfigSchema, forestConfigSchema, gbdtConfigSchema } from './trees/index.js';

export const ALGOS = [
  'gbdt',
  'rf',
  'tree',
  'mlp',
  'lstm',
  'mahalanobis',
  'iforest',
  'degradation',
] as const;
export type Algo = (typeof ALGOS)[number];

/** The algorithms each task trains with (a bundle's `algo` is one of its task's). */
export const TASK_ALGOS: Record<Task, readonly Algo[]> = {
  fault: ['gbdt', 'rf', 'tree', 'mlp'],
  horizon: ['gbdt', 'rf', 'tree', 'mlp'],
  rul: ['gbdt', 'rf', 'mlp', 'lstm', 'degradation'],
  anomaly: ['mahalanobis', 'iforest'],
};

/**
 * An algorithm's settings as a task section overrides them: any subset of its keys, and only
 * those (zod's `partial()` keeps each field's default, so one key set filled in every other
 * with the algorithm's own default, over the task's: the top-level seed, the forest's leaf
 * size, the severity regressors' rounds).
 */
function overrides<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
): z.ZodDefault<z.ZodType<Partial<z.input<z.ZodObject<S>>>>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([k, v]) => [
      k,
      (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodType) : (v as z.ZodType)).optional(),
    ]),
  );
  return (z.strictObject(shape) as unknown as z.ZodType<Partial<z.input<z.ZodObject<S>>>>).default(
    {},
  );
}

const gbdt = overrides(gbdtConfigSchema);
const forest = overrides(forestConfigSchema);
const tree = overrides(decisionTreeConfigSchema);
const mlp = z.record(z.string(), z.unknown()).default({});

const common = {
  /**
   * Input features (default: the dataset's model features suited to the task, and for
   * diagnosis the level residuals, `fault.levelResiduals`).
   */
  features: z.array(z.string()).min(1).optional(),
  /** Features added to those inputs (for example the level residuals, for an in-fleet horizon or RUL model). */
  extraFeatures: z.array(z.string()).optional(),
  gbdt,
  rf: forest,
  tree,
  mlp,
};

export const TrainConfigSchema = z
  .strictObject({
    // (the random streams take 32 bits: a larger seed would repeat a smaller one's draws)
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    fault: z
      .strictObject({
        ...common,
        algo: z.enum(['gbdt', 'rf', 'tree', 'mlp']).default('gbdt'),
        /** Training rows kept per class (a random sample), to keep classes balanced and training quick. */
        maxRowsPerClass: z.number().int().min(10).default(5000),
        /**
         * With gbdt on twin data: also learn each mode's severity and name the fault by the
         * largest, as the labels are defined (a classifier still decides normal or not).
         */
        severityHead: z.boolean().default(true),
        /**
         * Inputs of each severity regressor: `evidence`, the features that carry evidence of
         * its mode (fault-evidence.ts; they transfer better to other fleets), or `all`.
         */
        severityInputs: z.enum(['evidence', 'all']).default('evidence'),
        /**
         * Scale each severity regressor learns on: `sqrt` (the square root of the severity,
         * which spreads the early stages, where modes are confused, over more of the range) or
         * `linear`. Modes are ranked by their estimates on either; the probabilities, a softmax
         * of 30 x the estimates weighed against the classifier's normal, differ between them.
         */
        severityScale: z.enum(['sqrt', 'linear']).default('sqrt'),
        /**
         * Also read the vibration level residuals (`*_residual_db`: level over the machine's own
         * healthy level at the same speed and load) where the dataset has them, unless
         * `features` lists the inputs.
         */
        levelResiduals: z.boolean().default(true),
        /** Fraction of training rows whose thermal and electrical features are hidden, so the model also works on vibration alone. */
        maskNonVibration: z.number().min(0).max(1).default(0.25),
      })
      .prefault({}),
    horizon: z
      .strictObject({
        ...common,
        algo: z.enum(['gbdt', 'rf', 'tree', 'mlp']).default('gbdt'),
        /**
         * Training rows at most, half of them at most of either label (due within the horizon or
         * not): the default keeps every row of the default scenario's training machines, which
         * warned of more failures than a balanced sample of 60,000 and does not depend on the
         * seed (docs/models.md).
         */
        maxRows: z.number().int().min(100).default(1_000_000),
        /** Consecutive positive captures that raise an alarm. */
        debounce: z.number().int().min(1).default(2),
        /** The alarm threshold is chosen on validation machines under this false-alarm rate. */
        maxFalseAlarmsPerMachineMonth: z.number().min(0).default(0.3),
        /** Train on "fails within this many hours" (default: the dataset's horizon). */
        labelHorizonH: z.number().gt(0).optional(),
      })
      .prefault({}),
    rul: z
      .strictObject({
        ...common,
        algo: z.enum(['gbdt', 'rf', 'mlp', 'lstm', 'degradation']).default('gbdt'),
        /** The recurrent network (algo lstm): cell, units, steps (history length), epochs, ... */
        lstm: z.record(z.string(), z.unknown()).default({}),
        maxRows: z.number().int().min(100).default(60_000),
        /** Interval quantiles (lower, median, upper). */
        quantiles: z
          .tuple([z.number().gt(0).lt(0.5), z.literal(0.5), z.number().gt(0.5).lt(1)])
          .default([0.1, 0.5, 0.9]),
        /** Interval coverage of new machines, calibrated on the validation machines (split conformal, at its finite-sample level). */
        coverage: z.number().gt(0).lt(1).default(0.8),
        /** Cap on the RUL target, in the data's time unit (default 4 x horizon; 0: none). */
        cap: z.number().min(0).optional(),
      })
      .prefault({}),
    anomaly: z
      .strictObject({
        ...common,
        algo: z.enum(['mahalanobis', 'iforest']).default('mahalanobis'),
        /**
         * Also read the vibration level residuals (`*_residual_db`), as diagnosis does: a
         * healthy machine sits near 0 on them whatever its own levels, so they separate
         * healthy from not far better than the levels' shapes alone (docs/models.md).
         */
        levelResiduals: z.boolean().default(true),
        maxRows: z.number().int().min(100).default(30_000),
        debounce: z.number().int().min(1).default(2),
        maxFalseAlarmsPerMachineMonth: z.number().min(0).default(0.5),
        /** Without failures to tune on, the threshold is this quantile of healthy validation scores. */
        healthyQuantile: z.number().gt(0).lt(1).default(0.995),
      })
      .prefault({}),
  })
  // The network settings are checked here, with their paths, not when a network first trains
  // (a bad `rul.lstm.cell` had failed after the other tasks had trained, naming no file or key).
  .superRefine((c, ctx) => {
    const check = (
      schema: typeof mlpConfigSchema | typeof sequenceConfigSchema,
      rec: Record<string, unknown>,
      task: Record<string, unknown>,
      path: (string | number)[],
    ) => {
      if (Object.keys(rec).length === 0) return;
      const r = schema.safeParse({ ...rec, ...task });
      if (r.success) return;
      for (const i of r.error.issues)
        ctx.addIssue({
          code: 'custom',
          path: [...path, ...(i.path as (string | number)[])],
          message: i.message,
        });
    };
    const regression = { task: 'regression', quantiles: c.rul.quantiles };
    check(mlpConfigSchema, c.fault.mlp, { task: 'binary' }, ['fault', 'mlp']);
    check(mlpConfigSchema, c.horizon.mlp, { task: 'binary' }, ['horizon', 'mlp']);
    check(mlpConfigSchema, c.rul.mlp, regression, ['rul', 'mlp']);
    check(sequenceConfigSchema, c.rul.lstm, regression, ['rul', 'lstm']);
  });

export type TrainConfig = z.output<typeof TrainConfigSchema>;
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;
