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
  const index = await writeMachineCaptures(String(data.outDir), r.machineId, r.captures, format);
  // In CSV the waveforms are in long form: the index (one row per capture and sensor, with
  // its time, speed and labels) goes to captures.csv, as simulate writes it.
  return { ...r, captures: format === 'csv' ? index : null };
});
