import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFleet } from '../twin/fleet.js';
import { scenarioFrom } from '../twin/scenario.js';
import { captureRateNote, loadScenarioFile } from './scenario-file.js';

describe('loadScenarioFile', () => {
  it("replaces the file's seed only when one is given, and the fleet is then another draw", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdm-scenario-'));
    try {
      const path = join(dir, 's.yaml');
      await writeFile(path, 'seed: 5\ndurationH: 24\nfleet: [{ count: 3 }]\n');
      const own = await loadScenarioFile(path);
      const other = await loadScenarioFile(path, 7);
      expect(own.seed).toBe(5);
      expect(other).toEqual({ ...own, seed: 7 });
      const draw = (s: typeof own) => buildFleet(s).map((m) => JSON.stringify(m.machine.config));
      expect(draw(other)).not.toEqual(draw(own));
      expect(draw(await loadScenarioFile(path, 5))).toEqual(draw(own));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('captureRateNote', () => {
  it('notes a capture rate too low for velocity and bearing resonances, and only that', () => {
    const at = (sampleRateHz: number) =>
      captureRateNote(scenarioFrom({ capture: { sampleRateHz } }), 's.yaml');
    expect(at(500)).toMatch(/^note: s\.yaml: capture\.sampleRateHz 500 Hz ends the band at 250 Hz/);
    expect(at(1999)).not.toBeNull();
    expect(at(2000)).toBeNull();
    expect(at(12_000)).toBeNull();
  });
});
