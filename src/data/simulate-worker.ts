/** Worker thread for `simulate`: runs whole machines and returns their tables. */
import { serveMachines } from './fleet-run.js';
import { simulateMachineTables } from './simulate-machine.js';

serveMachines('simulate-worker', (member, data, onProgress) =>
  simulateMachineTables(member, data.scenario, data.captures === true, onProgress),
);
