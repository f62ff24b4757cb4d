/**
 * Operating profiles: how a machine is run over time. Each gives, per slow step, whether the
 * motor runs, its load (torque as a fraction of rated) and its speed setpoint (supply
 * frequency as a percentage of base, for machines on a variable-frequency drive).
 * - constant: fixed load and speed;
 * - duty_cycle: on for a fraction of each period, idle or stopped otherwise;
 * - random_walk: load (and optionally speed) follow Ornstein-Uhlenbeck processes around
 *   their means, clamped to a range: a process plant's demand;
 * - schedule: an explicit piecewise-constant timetable, optionally repeating.
 */
import { z } from 'zod';
import type { Random } from '../core/random.js';
import type { Resolved } from './distribution.js';
import { param } from './distribution.js';

const load = () => param(0, 1.5);
const speedPct = () => param(5, 200);

export const ProfileSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('constant'),
    load: load().default(0.75),
    speedPct: speedPct().default(100),
  }),
  z.strictObject({
    type: z.literal('duty_cycle'),
    periodH: param(0.01).default(8),
    onFraction: param(0, 1).default(0.7),
    load: load().default(0.8),
    idleLoad: load().default(0.1),
    stopWhenIdle: z.boolean().default(true),
    speedPct: speedPct().default(100),
  }),
  z.strictObject({
    type: z.literal('random_walk'),
    mean: load().default(0.7),
    sd: param(0, 1).default(0.12),
    timeConstantH: param(0.01).default(4),
    min: load().default(0.2),
    max: load().default(1.05),
    speedPct: speedPct().default(100),
    speedSdPct: param(0, 100).default(0),
    speedMinPct: speedPct().default(30),
    speedMaxPct: speedPct().default(110),
  }),
  z.strictObject({
    type: z.literal('schedule'),
    points: z
      .array(
        z.strictObject({
          atH: z.number().min(0),
          load: z.number().min(0).max(1.5),
          speedPct: z.number().min(5).max(200).default(100),
          running: z.boolean().default(true),
        }),
      )
      .min(1),
    repeatH: z.number().positive().optional(),
  }),
]);

export type ProfileTemplate = z.infer<typeof ProfileSchema>;
export type ProfileConfig = Resolved<ProfileTemplate>;

export interface OperatingCommand {
  running: boolean;
  loadFraction: number;
  speedPct: number;
}

export interface ProfileState {
  loadDev: number;
  speedDev: number;
  /** Duty-cycle phase offset, a fraction of the period. */
  phase: number;
}

export function initialProfileState(p: ProfileConfig, rng: Random): ProfileState {
  const s: ProfileState = { loadDev: 0, speedDev: 0, phase: rng.uniform() };
  if (p.type === 'random_walk') {
    s.loadDev = p.sd * rng.normal();
    s.speedDev = p.speedSdPct * rng.normal();
  }
  return s;
}

/** Operating command at time tH, after advancing random processes by dtH. */
export function profileAt(
  p: ProfileConfig,
  s: ProfileState,
  tH: number,
  dtH: number,
  rng: Random,
): OperatingCommand {
  switch (p.type) {
    case 'constant':
      return { running: p.load > 0, loadFraction: p.load, speedPct: p.speedPct };
    case 'duty_cycle': {
      const x = (tH / p.periodH + s.phase) % 1;
      const on = x < p.onFraction;
      if (on) return { running: true, loadFraction: p.load, speedPct: p.speedPct };
      return { running: !p.stopWhenIdle, loadFraction: p.idleLoad, speedPct: p.speedPct };
    }
    case 'random_walk': {
      if (dtH > 0) {
        const e = Math.exp(-dtH / p.timeConstantH);
        const k = Math.sqrt(1 - e * e);
        s.loadDev = s.loadDev * e + p.sd * k * rng.normal();
        if (p.speedSdPct > 0) s.speedDev = s.speedDev * e + p.speedSdPct * k * rng.normal();
      }
      const loadFraction = Math.min(p.max, Math.max(p.min, p.mean + s.loadDev));
      const speed = Math.min(p.speedMaxPct, Math.max(p.speedMinPct, p.speedPct + s.speedDev));
      return { running: true, loadFraction, speedPct: speed };
    }
    case 'schedule': {
      const t = p.repeatH === undefined ? tH : tH % p.repeatH;
      // The latest point at or before t; before the first point, the schedule's last point
      // (the timetable wraps when it repeats) or its first (before it starts).
      let current: (typeof p.points)[number] | null = null;
      for (const pt of p.points)
        if (pt.atH <= t && (current === null || pt.atH >= current.atH)) current = pt;
      if (current === null) {
        const byTime = [...p.points].sort((a, b) => a.atH - b.atH);
        current = p.repeatH === undefined ? byTime[0]! : byTime[byTime.length - 1]!;
      }
      return { running: current.running, loadFraction: current.load, speedPct: current.speedPct };
    }
  }
}
