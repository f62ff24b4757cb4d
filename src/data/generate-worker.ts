/** Worker thread for `generate`: simulates whole machines and computes their features. */
import { serveMachines } from './fleet-run.js';
import { generateMachine } from './generate-machine.js';

serveMachines('generate-worker', (member, data, onProgress) =>
  generateMachine(member, data.scenario, data.keepWaveforms === true, onProgress),
);
