/**
 * How much a simulation's capture files will take, told before a run that writes gigabytes
 * (a fleet of years, a CSV of waveforms), with the free space of the disk it goes to.
 */
import { statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Scenario } from '../twin/scenario-schema.js';

/**
 * Bytes per waveform sample as written, measured on the quickstart fleet: Parquet (float32,
 * compressed) about 2.3, CSV in long form (capture_id, sensor, t_s, value) about 45.
 */
export const BYTES_PER_SAMPLE = { parquet: 2.5, csv: 45 } as const;

/** The waveform samples a scenario's captures hold, all machines together. */
export function captureSamples(s: Scenario): number {
  const machines = s.fleet.reduce((a, g) => a + g.count, 0);
  const captures = machines * Math.floor(s.durationH / s.capture.periodH);
  const c = s.capture;
  const perCapture =
    c.sensors.length * Math.round(c.durationS * c.sampleRateHz) +
    (c.current ? Math.round(c.currentDurationS * c.currentSampleRateHz) : 0);
  return captures * perCapture;
}

/** "1.2 GB", "850 MB". */
export function bytesText(b: number): string {
  if (b >= 1e9) return `${(b / 1e9).toFixed(1)} GB`;
  if (b >= 1e6) return `${Math.round(b / 1e6)} MB`;
  return `${Math.round(b / 1e3)} kB`;
}

/** Free bytes on the disk that holds `path` (or its nearest existing folder); null if unknown. */
export function freeBytes(path: string): number | null {
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      const s = statfsSync(p);
      return s.bavail * s.bsize;
    } catch {
      if (dirname(p) === p) return null;
    }
  }
}

/**
 * A note for a run whose capture files reach `warnAtBytes` (default 1 GB): their estimated
 * size, and a warning where the disk has less free; null for a smaller run.
 */
export function captureSizeNote(
  s: Scenario,
  format: 'parquet' | 'csv',
  outDir: string,
  /** How to do without them ("--no-captures writes telemetry and events alone"). */
  without: string,
  free: number | null = freeBytes(outDir),
  warnAtBytes = 1e9,
): string | null {
  const bytes = captureSamples(s) * BYTES_PER_SAMPLE[format];
  if (bytes < warnAtBytes) return null;
  const room =
    free !== null && free < 1.1 * bytes
      ? ` warning: the disk of ${outDir} has ${bytesText(free)} free, too little;`
      : '';
  return (
    `note: the captures of this run take about ${bytesText(bytes)} as ${format}` +
    `${format === 'csv' ? ` (${bytesText(captureSamples(s) * BYTES_PER_SAMPLE.parquet)} as parquet)` : ''};${room} ${without}`
  );
}
