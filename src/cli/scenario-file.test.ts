import { describe, expect, it } from 'vitest';
import { scenarioFrom } from '../twin/scenario.js';
import { captureRateNote } from './scenario-file.js';

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
