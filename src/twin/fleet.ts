/**
 * From a scenario to a fleet of machines: ids, every machine's parameters drawn from its
 * group's template (one random stream per machine, so a machine's draw does not depend on
 * the fleet's size or on how machines are spread over workers), fault injections and sensor
 * faults attached to the machines they name.
 */
import { PdmError } from '../core/errors.js';
import { Random } from '../core/random.js';
import type { ModeSpec } from './degradation.js';
import { resolveTree } from './distribution.js';
import type { BearingLocation } from './health.js';
import { isLocatedMode } from './health.js';
import type { DefectSpecs, Machine, SensorFaultWindow } from './machine.js';
import { buildMachine, configSpecs } from './machine.js';
import type { FaultMode } from './modes.js';
import type { Injection, Scenario } from './scenario-schema.js';

export interface FleetMember {
  readonly machine: Machine;
  readonly specs: DefectSpecs;
}

/** Ids and groups of the fleet, in order, without drawing parameters. */
export function fleetIds(s: Scenario): { id: string; index: number; group: number }[] {
  const out: { id: string; index: number; group: number }[] = [];
  const counters = new Map<string, number>();
  s.fleet.forEach((g, gi) => {
    for (let k = 0; k < g.count; k++) {
      const n = (counters.get(g.idPrefix) ?? 0) + 1;
      counters.set(g.idPrefix, n);
      out.push({ id: `${g.idPrefix}-${String(n).padStart(3, '0')}`, index: out.length, group: gi });
    }
  });
  return out;
}

function resolveRef(ref: string | number, ids: readonly { id: string }[], where: string): number {
  if (typeof ref === 'number') {
    if (ref >= ids.length) {
      throw new PdmError(
        'PDM_SCENARIO_INVALID',
        `${where}: machine index ${ref} is out of range (the fleet has ${ids.length} machines)`,
      );
    }
    return ref;
  }
  const i = ids.findIndex((x) => x.id === ref);
  if (i < 0) {
    // each group's first and last id (numbered per prefix), so that every group shows
    const groups = new Map<string, string[]>();
    for (const x of ids) {
      const prefix = x.id.replace(/-?\d+$/, '');
      const g = groups.get(prefix);
      if (g === undefined) groups.set(prefix, [x.id]);
      else g.push(x.id);
    }
    const sample = [...groups.values()]
      .map((g) => (g.length > 2 ? `${g[0]} ... ${g[g.length - 1]}` : g.join(', ')))
      .join('; ');
    throw new PdmError(
      'PDM_SCENARIO_INVALID',
      `${where}: no machine "${ref}" in the fleet (its ids: ${sample})`,
    );
  }
  return i;
}

function injectedSpec(base: ModeSpec, inj: Injection): ModeSpec {
  const g = inj.growth ?? {};
  return {
    threshold: base.threshold,
    onset: { kind: 'scheduled', atH: inj.atH },
    growth: {
      law: g.law ?? base.growth.law,
      timeToFailureH: g.timeToFailureH ?? base.growth.timeToFailureH,
      spread: g.spread ?? 0,
      initialSeverity: g.initialSeverity ?? base.growth.initialSeverity,
      parisExponent: base.growth.parisExponent,
    },
  };
}

/** Checks every injection and sensor fault names a machine; returns them per machine index. */
export function attachments(s: Scenario) {
  const ids = fleetIds(s);
  const inj = new Map<number, Injection[]>();
  s.faults.inject.forEach((x, i) => {
    const k = resolveRef(x.machine, ids, `faults.inject[${i}].machine`);
    inj.set(k, [...(inj.get(k) ?? []), x]);
  });
  const sf = new Map<number, SensorFaultWindow[]>();
  s.sensorFaults.forEach((x, i) => {
    const k = resolveRef(x.machine, ids, `sensorFaults[${i}].machine`);
    sf.set(k, [
      ...(sf.get(k) ?? []),
      { sensor: x.sensor, kind: x.kind, startH: x.startH, endH: x.endH, magnitude: x.magnitude },
    ]);
  });
  return { ids, injections: inj, sensorFaults: sf };
}

/** Builds one machine of the fleet by index (workers call this for their share). */
export function buildFleetMember(s: Scenario, index: number, att = attachments(s)): FleetMember {
  const entry = att.ids[index];
  if (entry === undefined)
    throw new PdmError('PDM_INPUT_INVALID', `machine index ${index} is out of range`);
  const group = s.fleet[entry.group]!;
  const config = resolveTree(group.machine, new Random(s.seed, 'machine', index, 'params'));
  const profile = resolveTree(
    group.profile,
    new Random(s.seed, 'machine', index, 'profile-params'),
  );
  const machine = buildMachine(
    entry.id,
    index,
    group.name,
    s.seed,
    config,
    profile,
    att.sensorFaults.get(index) ?? [],
  );
  const base = configSpecs(config, s.faults.lifeScale);
  const mine = att.injections.get(index) ?? [];
  const specs: DefectSpecs = {
    base: base.base,
    injected: (mode: Exclude<FaultMode, 'insulation'>, loc: BearingLocation | null) => {
      const x = mine.find((j) => j.mode === mode && (!isLocatedMode(mode) || j.location === loc));
      return x === undefined ? null : injectedSpec(base.base(mode), x);
    },
  };
  return { machine, specs };
}

export function buildFleet(s: Scenario): FleetMember[] {
  const att = attachments(s);
  return att.ids.map((_, i) => buildFleetMember(s, i, att));
}
