/**
 * A run-to-failure table of a fleet that runs in six discrete operating conditions, in the
 * whitespace, headerless layout of turbofan benchmarks: unit, cycle, three settings, sensors.
 * Each cycle draws a condition; a sensor is the condition's level (large), plus a drift that
 * grows with wear (small, exponential towards failure), plus noise. Used to check that
 * `import table --regimes` finds the conditions and leaves the drift.
 */
import { Random } from '../../src/core/random.js';

/** The six conditions: altitude (kft), Mach number, throttle angle. */
export const CONDITIONS = [
  [0, 0, 100],
  [10, 0.25, 100],
  [20, 0.7, 100],
  [25, 0.62, 60],
  [35, 0.84, 100],
  [42, 0.84, 100],
] as const;

export const SENSORS = 4;
export const MULTI_REGIME_NAMES = [
  'unit',
  'cycle',
  'op1',
  'op2',
  'op3',
  ...Array.from({ length: SENSORS }, (_, j) => `s${j + 1}`),
];

/** Level of sensor j in condition k: hundreds of units apart, as pressures and speeds are. */
function level(j: number, k: number): number {
  const c = CONDITIONS[k]!;
  return 500 + 120 * j + 8 * c[0] - 300 * c[1] + 2.5 * c[2] * (j % 2 === 0 ? 1 : -1);
}

export interface MultiRegimeFleet {
  readonly text: string;
  /** Life of each unit, cycles. */
  readonly lives: number[];
  /** The condition of each row, unit by unit in cycle order (not the file's line order). */
  readonly condition: number[];
}

/**
 * `units` units with lives of 120-280 cycles; with `cut`, each unit stops at a random share
 * (30-90 %) of its life, as test sets do, and `lives` still gives the full life.
 */
export function multiRegimeFleet(units: number, seed: number, cut = false): MultiRegimeFleet {
  const rng = new Random(seed, 'multi-regime');
  const lines: string[] = [];
  const lives: number[] = [];
  const condition: number[] = [];
  for (let u = 0; u < units; u++) {
    const life = 120 + rng.int(161);
    lives.push(life);
    const last = cut ? Math.max(31, Math.floor(life * rng.between(0.3, 0.9))) : life;
    const sensitivity = rng.between(0.7, 1.3);
    for (let c = 1; c <= last; c++) {
      const k = rng.int(CONDITIONS.length);
      condition.push(k);
      const [alt, mach, tra] = CONDITIONS[k]!;
      const wear = (sensitivity * (Math.exp((4 * c) / life) - 1)) / (Math.exp(4) - 1);
      const cells = [
        String(u + 1),
        String(c),
        (alt + rng.gaussian(0, 0.002)).toFixed(4),
        (mach + rng.gaussian(0, 0.0003)).toFixed(4),
        tra.toFixed(1),
      ];
      for (let j = 0; j < SENSORS; j++) {
        const drift = (j % 2 === 0 ? 1 : -1) * (6 + 2 * j) * wear;
        cells.push((level(j, k) + drift + rng.gaussian(0, 1.5)).toFixed(2));
      }
      lines.push(cells.join(' '));
    }
  }
  // File lines interleave the units cycle by cycle (the rows' order in the file is not the
  // units' order), so that a test sees whether an import puts every column in unit order alike.
  const order = lines.map((l, i) => ({ l, i, cycle: Number(l.split(' ')[1]) }));
  order.sort((a, b) => a.cycle - b.cycle || a.i - b.i);
  return { text: `${order.map((o) => o.l).join('\n')}\n`, lives, condition };
}
