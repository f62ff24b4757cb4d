/**
 * Worker thread for `generate`: simulates whole machines and computes their features; with
 * --keep-waveforms it writes each machine's captures itself (machine-captures.ts).
 */
import { serveMachines } from './fleet-run.js';
import { generateMachine } from './generate-machine.js';
import { writeMachineCaptures } from './machine-captures.js';

serveMachines('generate-worker', async (member, data, onProgress) => {
  const r = generateMachine(member, data.scenario, data.keepWaveforms === true, onProgress);
  if (r.captures === null) return r;
  const format = data.format === 'csv' ? 'csv' : 'parquet';
  await writeMachineCaptures(String(data.outDir), r.machineId, r.captures, format);
  return { ...r, captures: null };
});
