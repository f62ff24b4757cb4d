/** Loads a scenario file named on the command line. */
import { readFile } from 'node:fs/promises';
import { PdmError } from '../core/errors.js';
import { toFileError } from '../data/atomic-write.js';
import { parseScenario } from '../twin/scenario.js';
import type { Scenario } from '../twin/scenario-schema.js';

export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new PdmError('PDM_FILE_NOT_FOUND', `scenario file ${path} does not exist`);
    throw toFileError(err, `scenario file ${path}`, 'read');
  }
  return parseScenario(text, path);
}
