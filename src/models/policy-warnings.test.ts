import { describe, expect, it } from 'vitest';
import type { PolicyOutcome } from './policy.js';
import type { PolicyReport } from './policy-run.js';
import { policyWarnings } from './policy-run.js';

function outcome(policy: PolicyOutcome['policy'], preventiveActions: number): PolicyOutcome {
  return {
    policy,
    intervalH: policy === 'fixed_interval' ? 300 : null,
    machines: 6,
    failures: 3,
    preventiveActions,
    correctiveActions: 3,
    plannedDowntimeH: 0,
    unplannedDowntimeH: 144,
    availability: 0.97,
    cost: { actions: 18_000, downtime: 115_200, total: 133_200 },
  };
}

const search = (costs: number[], failures = 1): PolicyReport['intervalSearch'] =>
  costs.map((totalCost, i) => ({
    intervalH: 100 * (i + 1),
    totalCost,
    failures,
    preventiveActions: 0,
  }));

describe('policy warnings', () => {
  it('say when the model never called for maintenance', () => {
    const r: PolicyReport = {
      outcomes: [
        outcome('run_to_failure', 0),
        outcome('fixed_interval', 4),
        outcome('predictive', 0),
      ],
      intervalSearch: search([300, 200, 250, 290]),
      trainingSeed: 1,
    };
    expect(policyWarnings(r)).toEqual([
      expect.stringMatching(/^the model never called for maintenance on this fleet/),
    ]);
    r.outcomes[2] = outcome('predictive', 1);
    expect(policyWarnings(r)).toEqual([]);
  });

  it('say when the fixed interval chosen is a sharp optimum', () => {
    const report = (costs: number[]): PolicyReport => ({
      outcomes: [outcome('predictive', 2)],
      intervalSearch: search(costs),
      trainingSeed: 1,
    });
    // 15,500 at 300 h (a grid of 100..400 h), with 23,250 at 200 h and 31,000 at 400 h: no
    // neighbour costs more than twice as much, so nothing is said; 56,800 at 400 h is 3.7x
    expect(policyWarnings(report([40_000, 23_250, 15_500, 31_000]))).toEqual([]);
    expect(policyWarnings(report([40_000, 18_600, 15_500, 56_800]))).toEqual([
      "the fixed interval's cost on the training fleet changes sharply around the 300 h chosen (15500 there, 56800 at 400 h; intervalSearch in policy.json, and policy.png): one failure more or less moves the optimum, and a larger fleet makes the comparison firmer",
    ]);
    // at the end of the grid, its one neighbour
    expect(policyWarnings(report([10_000, 20_001]))).toHaveLength(1);
    expect(policyWarnings(report([10_000, 20_000]))).toEqual([]);
    expect(policyWarnings(report([10_000]))).toEqual([]);
  });

  it('say when the training fleet never failed, instead of judging the optimum', () => {
    const r: PolicyReport = {
      outcomes: [outcome('predictive', 2)],
      intervalSearch: search([40_000, 18_600, 15_500, 56_800], 0),
      trainingSeed: 1,
    };
    expect(policyWarnings(r)).toEqual([
      'no machine of the training fleet failed at any candidate interval, so the fixed interval (300 h) was chosen on the cost of overhauls alone: the comparison says little of failures; a longer run or more machines give the training fleet some',
    ]);
  });
});
