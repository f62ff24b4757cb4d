import { describe, expect, it } from 'vitest';
import { PdmError } from '../core/errors.js';
import { parseScenario, scenarioFrom } from './scenario.js';

function errorOf(text: string): PdmError {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (e) {
    if (e instanceof PdmError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('scenario files', () => {
  it('fills every default from {}, and refuses an empty file', () => {
    for (const empty of ['', '\n# nothing yet\n'])
      expect(() => parseScenario(empty, 'empty.yaml')).toThrow(
        /empty\.yaml: the scenario is empty; write \{\} to run every default/,
      );
    const s = parseScenario('{}', 'defaults.yaml');
    expect(s.durationH).toBe(720);
    expect(s.capture.sampleRateHz).toBe(12_000);
    expect(s.fleet[0]!.machine.bearings.de.balls).toBe(9);
    expect(s.labels.horizonH).toBe(168);
  });

  it('reads YAML and JSON alike', () => {
    const y = parseScenario('seed: 5\nfleet:\n  - count: 3\n    idPrefix: pump\n', 'a.yaml');
    const j = parseScenario('{"seed": 5, "fleet": [{"count": 3, "idPrefix": "pump"}]}', 'a.json');
    expect(y).toEqual(j);
    expect(y.fleet[0]!.count).toBe(3);
  });

  it('names the file and the path of a wrong value', () => {
    const e = errorOf(
      'fleet:\n  - count: 2\n    machine:\n      bearings:\n        de:\n          balls: 1\n',
    );
    expect(e.code).toBe('PDM_SCENARIO_INVALID');
    expect(e.message).toMatch(/^bad\.yaml: invalid scenario/);
    expect(e.message).toMatch(
      /fleet\[0\]\.machine\.bearings\.de\.balls: expected a number in \[3, 100\], got 1/,
    );
  });

  it('rejects unknown keys, naming them', () => {
    const e = errorOf(
      'seed: 1\nfleet:\n  - count: 1\n    machine:\n      motor:\n        ratedPowrKw: 3\n',
    );
    expect(e.message).toMatch(
      /fleet\[0\]\.machine\.motor: unknown key\(s\) "ratedPowrKw": did you mean "ratedPowerKw"\?/,
    );
  });

  it('rejects captures too short for any feature', () => {
    // 12 samples at 12 kHz; 256 at 256 Hz is enough
    expect(errorOf('capture: {durationS: 0.001}').message).toMatch(
      /capture\.durationS: a capture needs at least 256 samples \(durationS x sampleRateHz\) for its features/,
    );
    expect(() =>
      parseScenario('capture: {durationS: 1, sampleRateHz: 256}', 'ok.yaml'),
    ).not.toThrow();
  });

  it('refuses a magnetising current a power factor cannot hold, over the whole drawn range', () => {
    // pf 0.88: sin(phi) = 0.475; the default U(0.38, 0.5) reaches above it on some machines
    const e = errorOf('fleet:\n  - machine:\n      motor: {ratedPowerFactor: 0.88}\n');
    expect(e.message).toMatch(
      /fleet\[0\]\.machine\.motor\.noLoadCurrentFraction: expected values below sin\(phi\) = 0\.475 .* it reaches 0\.5/,
    );
    expect(() =>
      parseScenario(
        'fleet:\n  - machine:\n      motor: {ratedPowerFactor: 0.88, noLoadCurrentFraction: {uniform: [0.28, 0.38]}}\n',
        'ok.yaml',
      ),
    ).not.toThrow();
  });

  it('rejects wrong types and bad distributions', () => {
    expect(errorOf('durationH: long').message).toMatch(/durationH: Invalid input: expected number/);
    const d = errorOf(
      'fleet:\n  - machine:\n      thermal:\n        windingRiseK: {uniform: [80, 60]}\n',
    );
    expect(d.message).toMatch(/fleet\[0\]\.machine\.thermal\.windingRiseK/);
  });

  it('checks that periods are multiples of the slow step', () => {
    const e = errorOf('stepS: 600\ntelemetry:\n  periodS: 900\n');
    expect(e.message).toMatch(/telemetry\.periodS: expected a multiple of stepS \(600 s\)/);
  });

  it('rejects events after the end of the run and machines not in the fleet, naming the file', () => {
    const late = errorOf(
      'durationH: 720\nfaults:\n  inject:\n    - {machine: 0, mode: ball, atH: 5000}\n',
    );
    expect(late.message).toMatch(
      /^bad\.yaml: invalid scenario[^]*faults\.inject\[0\]\.atH: expected a time before the run ends \(durationH 720 h\), got 5000/,
    );
    const sensor = errorOf(
      'durationH: 100\nsensorFaults:\n  - {machine: 0, sensor: accel_de, kind: stuck, startH: 100, endH: 120}\n',
    );
    expect(sensor.message).toMatch(
      /sensorFaults\[0\]\.startH: expected a time before the run ends/,
    );
    const missing = errorOf(
      'sensorFaults:\n  - {machine: pump-007, sensor: accel_de, kind: stuck, startH: 1, endH: 2}\n',
    );
    expect(missing.code).toBe('PDM_SCENARIO_INVALID');
    expect(missing.message).toMatch(
      /^bad\.yaml: sensorFaults\[0\]\.machine: no machine "pump-007"/,
    );
  });

  it('refuses a bearing named for a mode that has none, rather than ignore it', () => {
    const e = errorOf(
      'faults:\n  inject:\n    - {machine: 0, mode: imbalance, location: fe, atH: 5}\n',
    );
    expect(e.message).toMatch(
      /faults\.inject\[0\]\.location: a location \(de or fe\) applies to the bearing modes only \(outer_race, inner_race, ball, lubrication\)/,
    );
    // a bearing mode takes it, and defaults to the drive end
    const s = scenarioFrom({
      faults: {
        inject: [
          { machine: 0, mode: 'ball', location: 'fe', atH: 5 },
          { machine: 0, mode: 'outer_race', atH: 5 },
          { machine: 0, mode: 'imbalance', atH: 5 },
        ],
      },
    });
    expect(s.faults.inject.map((x) => x.location)).toEqual(['fe', 'de', 'de']);
  });

  it('gives line and column for syntax errors', () => {
    const e = errorOf('seed: 1\nfleet: [\n  {count: 2\n');
    expect(e.code).toBe('PDM_SCENARIO_PARSE');
    expect(e.message).toMatch(/^bad\.yaml:\d+:\d+: /);
    // the position once, and no dangling colon where the parser's code excerpt was cut off
    expect(errorOf('seed: 1\nfleet:\n\t- count: 1\n').message).toBe(
      'bad.yaml:3:1: Tabs are not allowed as indentation',
    );
  });

  it('rejects a top-level list and injecting insulation', () => {
    expect(errorOf('- 1\n- 2\n').message).toMatch(/expected a mapping/);
    const e = errorOf('faults:\n  inject:\n    - {machine: 0, mode: insulation, atH: 5}\n');
    expect(e.message).toMatch(/faults\.inject\[0\]\.mode: insulation ages from temperature/);
  });
});

describe('shipped scenarios', () => {
  it('all parse and name only existing machines', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { attachments } = await import('./fleet.js');
    const dir = new URL('../../scenarios/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const s = parseScenario(readFileSync(new URL(f, dir), 'utf8'), f);
      expect(() => attachments(s), f).not.toThrow();
    }
  });
});
