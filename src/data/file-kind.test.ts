import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from './csv.js';
import { binaryFileKind } from './file-kind.js';
import { readNamedFile } from '../cli/settings-file.js';
import { writeParquetFile } from './parquet.js';
import { tableFromColumns } from './table.js';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('binary files named where text belongs', () => {
  it('are told by their first bytes', () => {
    expect(binaryFileKind(new TextEncoder().encode('PAR1\x15\x04'))).toBe('a Parquet file');
    expect(binaryFileKind(bytes(0x89, 0x50, 0x4e, 0x47, 13, 10))).toBe('a PNG image');
    expect(binaryFileKind(new TextEncoder().encode('MATLAB 5.0 MAT-file'))).toBe(
      'a MATLAB .mat file',
    );
    expect(binaryFileKind(bytes(0xff, 0xfe, 0x61, 0))).toMatch(/UTF-16 text/);
    expect(binaryFileKind(bytes(0x41, 0, 0x42))).toBe('a binary file');
    // text, a UTF-8 BOM and non-ASCII included, is text
    expect(binaryFileKind(new TextEncoder().encode('\ufefft,accel_g\n0,0.1\n'))).toBeNull();
    expect(binaryFileKind(new TextEncoder().encode('name: Zürich'))).toBeNull();
    expect(binaryFileKind(bytes())).toBeNull();
  });

  it('are refused by the table and settings readers, naming the file and its kind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdm-kind-'));
    try {
      const pq = join(dir, 'features.parquet');
      await writeParquetFile(
        pq,
        tableFromColumns([{ name: 'a', type: 'float64', data: Float64Array.of(1, 2) }]),
      );
      await expect(readCsvFile(pq, { sep: 'auto' })).rejects.toThrow(
        /features\.parquet: is a Parquet file, not text; expected CSV or whitespace-separated columns/,
      );
      // a pipe is read as it streams, unchecked (it cannot be read twice)
      const fifo = join(dir, 'fifo.csv');
      execFileSync('mkfifo', [fifo]);
      const writer = writeFile(fifo, 'a,b\n1,2\n');
      const read = await readCsvFile(fifo, { sep: 'auto' });
      await writer;
      expect(read.rowCount).toBe(1);
      const png = join(dir, 'overview.png');
      await writeFile(png, bytes(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10));
      await expect(readNamedFile(png, 'scenario file')).rejects.toThrow(
        /scenario file .*overview\.png is a PNG image, not text; expected YAML or JSON/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
