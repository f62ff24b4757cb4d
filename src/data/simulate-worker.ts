/**
 * Worker thread for `simulate`: runs whole machines, writes their captures itself
 * (machine-captures.ts) and returns their other tables with the captures' index.
 */
import { serveMachines } from './fleet-run.js';
import { writeMachineCaptures } from './machine-captures.js';
import { simulateMachineTables } from './simulate-machine.js';

serveMachines('simulate-worker', async (member, data, onProgress) => {
  const r = simulateMachineTables(member, data.scenario, data.captures === true, onProgress);
  if (r.captures === null) return r;
  const format = data.format === 'csv' ? 'csv' : 'parquet';
  const index = await writeMachineCaptures(String(data.outDir), r.machineId, r.captures, format);
  return { ...r, captures: index };
});
