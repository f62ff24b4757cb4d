import { describe, expect, it } from 'vitest';
import { ISO_10816_LIMITS, isoClassForPower } from '../features/velocity.js';
import { buildFleetMember } from '../twin/fleet.js';
import { scenarioFrom } from '../twin/scenario.js';
import { pipelineOptionsFor } from './twin-features.js';

describe('pipelineOptionsFor', () => {
  const limitsOf = (motor: { ratedPowerKw: number }, isoClass?: 'auto' | 'I' | 'IV') => {
    const s = scenarioFrom({
      fleet: [
        { count: 1, machine: { motor, sensors: isoClass === undefined ? {} : { isoClass } } },
      ],
    });
    return pipelineOptionsFor(buildFleetMember(s, 0).machine).vibration?.isoLimits;
  };

  it("takes the ISO 10816-1 zone limits of the machine's class, from its power or as named", () => {
    expect(limitsOf({ ratedPowerKw: 2.2 })).toEqual(ISO_10816_LIMITS.I);
    expect(limitsOf({ ratedPowerKw: 30 })).toEqual(ISO_10816_LIMITS.II);
    expect(limitsOf({ ratedPowerKw: 30 }, 'auto')).toEqual(ISO_10816_LIMITS.II);
    expect(limitsOf({ ratedPowerKw: 30 }, 'IV')).toEqual(ISO_10816_LIMITS.IV);
    expect(limitsOf({ ratedPowerKw: 200 }, 'I')).toEqual(ISO_10816_LIMITS.I);
  });

  it('classes machines by rated power as ISO 10816-1 does', () => {
    expect([0.5, 15, 15.1, 75, 75.5, 1000].map(isoClassForPower)).toEqual([
      'I',
      'I',
      'II',
      'II',
      'III',
      'III',
    ]);
    expect(() => isoClassForPower(0)).toThrow(/ratedPowerKw: expected > 0/);
  });
});
