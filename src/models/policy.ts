/**
 * What a model is worth: the same fleet run under three maintenance policies, with costs.
 * - run to failure: repair only after failures;
 * - fixed interval: overhaul every T running hours, T chosen to minimise cost on a separate
 *   training fleet (same scenario, another seed), then applied to the evaluation fleet;
 * - predictive: the bundle's horizon model on every capture; an alarm books an overhaul
 *   `responseH` later (the time to plan the work).
 * Costs: each preventive and corrective action, and every hour of planned and unplanned down
 * time (lost production).
 */
import { z } from 'zod';
import type { Scenario } from '../twin/scenario-schema.js';
import type { MachineSummary } from '../twin/simulation.js';

export const CostsSchema = z.strictObject({
  currency: z.string().default('EUR'),
  /** Parts and labour of a planned overhaul. */
  preventiveAction: z.number().min(0).default(1500),
  /** Parts and labour of a repair after a failure (with secondary damage). */
  correctiveAction: z.number().min(0).default(6000),
  /** Lost production per hour of planned down time. */
  plannedDowntimePerH: z.number().min(0).default(200),
  /** Lost production per hour of unplanned down time. */
  unplannedDowntimePerH: z.number().min(0).default(800),
});
export type Costs = z.infer<typeof CostsSchema>;

export const POLICIES = ['run_to_failure', 'fixed_interval', 'predictive'] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface PolicyOutcome {
  readonly policy: PolicyName;
  readonly intervalH: number | null;
  readonly machines: number;
  readonly failures: number;
  readonly preventiveActions: number;
  readonly correctiveActions: number;
  readonly plannedDowntimeH: number;
  readonly unplannedDowntimeH: number;
  readonly availability: number;
  readonly cost: { readonly actions: number; readonly downtime: number; readonly total: number };
}

export function outcome(
  policy: PolicyName,
  intervalH: number | null,
  s: Scenario,
  ms: readonly MachineSummary[],
  costs: Costs,
): PolicyOutcome {
  const sum = (f: (m: MachineSummary) => number) => ms.reduce((a, m) => a + f(m), 0);
  const failures = sum((m) => m.failures);
  const preventive = sum((m) => m.preventiveActions);
  const corrective = sum((m) => m.correctiveActions);
  // hours summed from the simulation's steps, to the microhour (95.99999999999972 is 96)
  const micro = (h: number) => Math.round(h * 1e6) / 1e6;
  const down = micro(sum((m) => m.downtimeH));
  const unplanned = micro(sum((m) => m.unplannedDowntimeH));
  const planned = micro(down - unplanned);
  const actions = preventive * costs.preventiveAction + corrective * costs.correctiveAction;
  const downtime = planned * costs.plannedDowntimePerH + unplanned * costs.unplannedDowntimePerH;
  return {
    policy,
    intervalH,
    machines: ms.length,
    failures,
    preventiveActions: preventive,
    correctiveActions: corrective,
    plannedDowntimeH: planned,
    unplannedDowntimeH: unplanned,
    availability: 1 - down / (ms.length * s.durationH),
    cost: { actions, downtime, total: actions + downtime },
  };
}

/** The scenario run under a policy (maintenance section replaced). */
export function withPolicy(s: Scenario, policy: PolicyName, intervalH: number | null): Scenario {
  return {
    ...s,
    maintenance: {
      ...s.maintenance,
      afterFailure: 'repair',
      policy: policy === 'fixed_interval' ? 'fixed_interval' : 'none',
      intervalH: intervalH ?? s.maintenance.intervalH,
    },
  };
}

/** Candidate intervals for the fixed-interval search: log-spaced running hours. */
export function intervalGrid(durationH: number): number[] {
  const lo = 48;
  const hi = Math.max(lo * 2, durationH * 1.5);
  const n = 16;
  return Array.from({ length: n }, (_, i) => Math.round(lo * Math.pow(hi / lo, i / (n - 1))));
}
