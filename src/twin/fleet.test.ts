import { describe, expect, it } from 'vitest';
import { buildFleet, buildFleetMember, fleetIds } from './fleet.js';
import { scenarioFrom } from './scenario.js';

describe('fleet', () => {
  it('numbers machines per prefix across groups', () => {
    const s = scenarioFrom({
      fleet: [
        { count: 2, idPrefix: 'a' },
        { count: 1, idPrefix: 'b' },
        { count: 1, idPrefix: 'a' },
      ],
    });
    expect(fleetIds(s).map((x) => x.id)).toEqual(['a-001', 'a-002', 'b-001', 'a-003']);
    // an unknown id is answered with every group's ids, not only the first group's
    const bad = () =>
      buildFleet(
        scenarioFrom({
          fleet: [
            { count: 8, idPrefix: 'pump' },
            { count: 2, idPrefix: 'comp' },
          ],
          faults: { inject: [{ machine: 'comp-003', mode: 'ball', atH: 1 }] },
        }),
      );
    expect(bad).toThrow(
      'faults.inject[0].machine: no machine "comp-003" in the fleet (its ids: pump-001 ... pump-008; comp-001, comp-002)',
    );
  });

  it("draws a machine's parameters independently of the fleet size", () => {
    const small = scenarioFrom({ seed: 4, fleet: [{ count: 3 }] });
    const large = scenarioFrom({ seed: 4, fleet: [{ count: 50 }] });
    expect(buildFleetMember(small, 2).machine.config).toEqual(
      buildFleetMember(large, 2).machine.config,
    );
  });

  it('randomises structural and sensor parameters between machines within their ranges', () => {
    const fleet = buildFleet(scenarioFrom({ seed: 1, fleet: [{ count: 20 }] }));
    const f1 = fleet.map((m) => m.machine.config.structure.de.resonances[1]!.freqHz);
    expect(new Set(f1).size).toBe(20);
    expect(Math.min(...f1)).toBeGreaterThanOrEqual(2200);
    expect(Math.max(...f1)).toBeLessThanOrEqual(3600);
    const gains = fleet.map((m) => m.machine.config.sensors.accelerometer.de.gain);
    expect(Math.max(...gains) - Math.min(...gains)).toBeGreaterThan(0.02);
  });
});
