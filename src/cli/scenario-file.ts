/** Loads a scenario file named on the command line. */
import { parseScenario } from '../twin/scenario.js';
import type { Scenario } from '../twin/scenario-schema.js';
import { readNamedFile } from './settings-file.js';

export async function loadScenarioFile(path: string): Promise<Scenario> {
  return parseScenario(await readNamedFile(path, 'scenario file'), path);
}
