/**
 * Parameter distributions for domain randomisation: a scenario gives any numeric machine
 * parameter either as a number or as a distribution, and every machine of a fleet draws its
 * own value. `nominal` resolves a distribution to its central value (the mean of a uniform
 * or normal, the median of a log-normal, the first choice).
 */
import { z } from 'zod';
import type { Random } from '../core/random.js';

const pair = z.tuple([z.number(), z.number()]);

export const DistSchema = z.union([
  z.strictObject({ uniform: pair }).refine((d) => d.uniform[0] <= d.uniform[1], {
    message: 'uniform: expected [low, high] with low <= high',
  }),
  z
    .strictObject({ loguniform: pair })
    .refine((d) => d.loguniform[0] > 0 && d.loguniform[0] <= d.loguniform[1], {
      message: 'loguniform: expected [low, high] with 0 < low <= high',
    }),
  z.strictObject({ normal: pair }).refine((d) => d.normal[1] >= 0, {
    message: 'normal: expected [mean, sd] with sd >= 0',
  }),
  z.strictObject({ lognormal: pair }).refine((d) => d.lognormal[0] > 0 && d.lognormal[1] >= 0, {
    message: 'lognormal: expected [median, sigma] with median > 0 and sigma >= 0',
  }),
  z.strictObject({ choice: z.array(z.number()).min(1) }),
]);

export type Dist = z.infer<typeof DistSchema>;

/** A number or a distribution of numbers. */
export const ParamSchema = z.union([z.number(), DistSchema], {
  error:
    'expected a number or a distribution: {uniform: [low, high]}, {loguniform: [low, high]}, ' +
    '{normal: [mean, sd]}, {lognormal: [median, sigma]} or {choice: [a, b, ...]}',
});
export type Param = z.infer<typeof ParamSchema>;

/** A parameter with bounds checked on plain numbers and on the support of distributions. */
export function param(min = -Infinity, max = Infinity) {
  return ParamSchema.superRefine((p, ctx) => {
    const [lo, hi] = support(p);
    if (lo < min || hi > max) {
      const range =
        max === Infinity ? `>= ${min}` : min === -Infinity ? `<= ${max}` : `in [${min}, ${max}]`;
      ctx.addIssue({
        code: 'custom',
        message:
          typeof p === 'number'
            ? `expected a number ${range}, got ${p}`
            : `expected values ${range}, but the distribution reaches [${lo}, ${hi}] (normal distributions are clipped to +-4 sd)`,
      });
    }
  });
}

/** The range a parameter can take (normal: +-4 sd, log-normal: +-4 sigma). */
export function support(p: Param): [number, number] {
  if (typeof p === 'number') return [p, p];
  if ('uniform' in p) return [p.uniform[0], p.uniform[1]];
  if ('loguniform' in p) return [p.loguniform[0], p.loguniform[1]];
  if ('normal' in p) return [p.normal[0] - 4 * p.normal[1], p.normal[0] + 4 * p.normal[1]];
  if ('lognormal' in p)
    return [
      p.lognormal[0] * Math.exp(-4 * p.lognormal[1]),
      p.lognormal[0] * Math.exp(4 * p.lognormal[1]),
    ];
  return [Math.min(...p.choice), Math.max(...p.choice)];
}

export function sample(p: Param, rng: Random): number {
  if (typeof p === 'number') return p;
  if ('uniform' in p) return rng.between(p.uniform[0], p.uniform[1]);
  if ('loguniform' in p)
    return Math.exp(rng.between(Math.log(p.loguniform[0]), Math.log(p.loguniform[1])));
  if ('normal' in p) {
    const x = rng.normal();
    return p.normal[0] + p.normal[1] * Math.max(-4, Math.min(4, x));
  }
  if ('lognormal' in p)
    return p.lognormal[0] * Math.exp(p.lognormal[1] * Math.max(-4, Math.min(4, rng.normal())));
  return p.choice[rng.int(p.choice.length)]!;
}

export function nominal(p: Param): number {
  if (typeof p === 'number') return p;
  if ('uniform' in p) return 0.5 * (p.uniform[0] + p.uniform[1]);
  if ('loguniform' in p) return Math.sqrt(p.loguniform[0] * p.loguniform[1]);
  if ('normal' in p) return p.normal[0];
  if ('lognormal' in p) return p.lognormal[0];
  return p.choice[0]!;
}

function isDist(x: unknown): x is Dist {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  return (
    keys.length === 1 &&
    ['uniform', 'loguniform', 'normal', 'lognormal', 'choice'].includes(keys[0]!)
  );
}

/** Replaces every distribution in a (validated) tree by a number. */
export type Resolved<T> = T extends Dist
  ? number
  : T extends number
    ? number
    : T extends readonly (infer U)[]
      ? Resolved<U>[]
      : T extends object
        ? { [K in keyof T]: Resolved<T[K]> }
        : T;

/**
 * Resolves every parameter of a tree, drawing from `rng` in a fixed (depth-first, key
 * order) sequence so that results are reproducible; `rng` null gives nominal values.
 */
export function resolveTree<T>(tree: T, rng: Random | null): Resolved<T> {
  const walk = (x: unknown): unknown => {
    if (isDist(x)) return rng === null ? nominal(x) : sample(x, rng);
    if (Array.isArray(x)) return x.map(walk);
    if (typeof x === 'object' && x !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) out[k] = walk(v);
      return out;
    }
    return x;
  };
  return walk(tree) as Resolved<T>;
}
