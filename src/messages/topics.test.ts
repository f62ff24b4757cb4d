import { describe, expect, it } from 'vitest';
import { edgeTopic, kindFilter, machineTopic, parseTopic } from './topics.js';

describe('topics', () => {
  it('builds the versioned topics and reads them back', () => {
    const t = machineTopic('plant-1', 'pump-007', 'capture');
    expect(t).toBe('pdm/v1/plant-1/machine/pump-007/capture');
    expect(parseTopic(t)).toEqual({
      scope: 'machine',
      site: 'plant-1',
      id: 'pump-007',
      kind: 'capture',
    });
    const e = edgeTopic('plant-1', 'edge-a', 'alert');
    expect(e).toBe('pdm/v1/plant-1/edge/edge-a/alert');
    expect(parseTopic(e)).toEqual({ scope: 'edge', site: 'plant-1', id: 'edge-a', kind: 'alert' });
    expect(kindFilter('machine', 'telemetry')).toBe('pdm/v1/+/machine/+/telemetry');
    expect(kindFilter('edge', 'health', 'plant-1')).toBe('pdm/v1/plant-1/edge/+/health');
  });

  it('refuses names that would break the topic tree, naming them', () => {
    expect(() => machineTopic('plant', 'a/b', 'state')).toThrow(
      /machine id "a\/b" contains \/ \+ or #/,
    );
    expect(() => machineTopic('', 'a', 'state')).toThrow(/site "" is empty/);
    // a kind of the other scope, as JavaScript callers can pass it
    expect(() => machineTopic('s', 'x', 'health' as 'state')).toThrow(
      /machine topic kind "health": expected one of telemetry, capture, state, cmd/,
    );
    expect(() => edgeTopic('s', 'n', 'telemetry' as 'health')).toThrow(/edge topic kind/);
    expect(() => edgeTopic('plant', 'n+1', 'ack')).toThrow(/edge node "n\+1"/);
    expect(() => machineTopic('plant', 'x\ny', 'state')).toThrow(/control character/);
    expect(() => machineTopic('plant', 'x'.repeat(129), 'state')).toThrow(/longer than 128/);
    expect(() => kindFilter('edge', 'telemetry')).toThrow(/expected one of health, alert/);
  });

  it('says what is wrong with a topic it cannot read', () => {
    const err = (t: string) => {
      try {
        parseTopic(t);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err('pdm/v2/plant/machine/m/telemetry')).toMatch(/expected pdm\/v1\/\{site\}/);
    expect(err('pdm/v1/plant/machine/m')).toMatch(/expected pdm\/v1/);
    expect(err('pdm/v1/plant/robot/m/state')).toMatch(
      /expected machine or edge after the site, got "robot"/,
    );
    expect(err('pdm/v1/plant/machine/m/alert')).toMatch(
      /machine topics end in telemetry, capture, state, cmd, not "alert"/,
    );
    expect(err('pdm/v1/plant/edge//health')).toMatch(/the id is empty/);
  });
});
