/** Where pdm-twin keeps per-user state: $PDM_TWIN_HOME, else ~/.pdm-twin. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function localHome(): string {
  const env = process.env.PDM_TWIN_HOME;
  return env !== undefined && env !== '' ? env : join(homedir(), '.pdm-twin');
}

/** The local signing key pair's folder. */
export function localKeyDir(): string {
  return join(localHome(), 'keys');
}
