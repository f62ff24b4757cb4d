/**
 * A machine's raw captures (`generate --keep-waveforms`, `simulate`) written to
 * `captures/<machine_id>.parquet` (waveforms as list<float>) or, in CSV, to
 * `captures/<machine_id>.csv` in long form. Written by the worker thread that simulated the
 * machine, so that the encoding (seconds per machine, more than the simulation itself) runs on
 * every core and the waveforms never cross to the main thread.
 */
import { join } from 'node:path';
import { VERSION } from '../core/version.js';
import { writeCsvFile } from './csv.js';
import { writeParquetFile } from './parquet.js';
import type { Column, Table } from './table.js';
import { rowCount, tableFromColumns } from './table.js';

/** Long-format waveform table for CSV: one row per sample. */
export function capturesLong(t: Table): Table {
  const col = <T extends Column['type']>(name: string, type: T) =>
    t.columns.find((c) => c.name === name && c.type === type) as Extract<Column, { type: T }>;
  const ids = col('capture_id', 'int32').data;
  const sensors = col('sensor', 'string').data;
  const fs = col('fs_hz', 'float64').data;
  const samples = col('samples', 'float32_list').data;
  let n = 0;
  for (const s of samples) n += s.length;
  const cid = new Int32Array(n);
  const sen: string[] = new Array<string>(n);
  const ts = new Float64Array(n);
  const val = new Float32Array(n);
  let k = 0;
  samples.forEach((s, r) => {
    for (let i = 0; i < s.length; i++, k++) {
      cid[k] = ids[r]!;
      sen[k] = sensors[r]!;
      ts[k] = i / fs[r]!;
      val[k] = s[i]!;
    }
  });
  return tableFromColumns([
    { name: 'capture_id', type: 'int32', data: cid },
    { name: 'sensor', type: 'string', data: sen },
    { name: 't_s', type: 'float64', data: ts },
    { name: 'value', type: 'float32', data: val },
  ]);
}

/** The capture table without its waveforms: the index of captures. */
export function withoutSamples(t: Table): Table {
  return tableFromColumns(t.columns.filter((c) => c.name !== 'samples'));
}

/**
 * Writes a machine's captures into `dir`/captures (atomically, see atomic-write.ts) and returns
 * their index (`withoutSamples`); a machine without captures writes nothing.
 */
export async function writeMachineCaptures(
  dir: string,
  machineId: string,
  captures: Table,
  format: 'parquet' | 'csv',
): Promise<Table> {
  if (rowCount(captures) > 0) {
    const path = join(dir, 'captures', `${machineId}.${format}`);
    if (format === 'parquet') {
      await writeParquetFile(path, captures, { metadata: { 'pdm-twin': VERSION } });
    } else {
      await writeCsvFile(path, capturesLong(captures));
    }
  }
  return withoutSamples(captures);
}
