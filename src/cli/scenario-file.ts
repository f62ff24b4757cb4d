/** Loads a scenario file named on the command line, with a note on settings that defeat it. */
import { parseScenario } from '../twin/scenario.js';
import type { Scenario } from '../twin/scenario-schema.js';
import { readNamedFile } from './settings-file.js';

/** Help text of `--seed`, which `generate` and `simulate` share. */
export const SEED_OPTION_HELP =
  "replaces the scenario's seed: another fleet of the same kinds of machine, operation and " +
  'faults, every random draw made anew (another dataset to train on); 0 to 4294967295';

/**
 * Reads and validates a scenario; a capture sample rate too low for the features the twin's
 * faults show in (velocity to 1 kHz, bearing resonances in the kHz) gets a note on stderr.
 * `seed`, where given, replaces the file's.
 */
export async function loadScenarioFile(path: string, seed?: number): Promise<Scenario> {
  const read = parseScenario(await readNamedFile(path, 'scenario file'), path);
  const s = seed === undefined ? read : { ...read, seed };
  const note = captureRateNote(s, path);
  if (note !== null) process.stderr.write(`${note}\n`);
  return s;
}

/**
 * The lowest capture rate at which a bearing defect can show: below it the band ends under the
 * ISO velocity band's 1 kHz and the structural resonances impacts ring (kHz).
 */
export const MIN_BEARING_RATE_HZ = 2000;

/** The note for a capture sample rate below MIN_BEARING_RATE_HZ, or null. */
export function captureRateNote(s: Scenario, path: string): string | null {
  const fs = s.capture.sampleRateHz;
  if (fs >= MIN_BEARING_RATE_HZ) return null;
  return (
    `note: ${path}: capture.sampleRateHz ${fs} Hz ends the band at ${fs / 2} Hz, below the ` +
    "ISO velocity band's 1 kHz and the structural resonances bearing defects ring (kHz): the " +
    'captures cannot show a bearing defect (12000 Hz, the default, can)'
  );
}
