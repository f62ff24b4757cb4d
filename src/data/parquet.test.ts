/**
 * Tests for Parquet I/O. Two checks stand apart from the code under test: a minimal Thrift
 * compact-protocol decoder below reads the file footer on its own (schema, row groups, codecs,
 * null counts), and a file written by pyarrow 25.0.1 (`pq.write_table(..., compression='snappy',
 * row_group_size=3)`, data page v1, dictionary pages, nullable list elements) must read back.
 * Files written here were also read with pyarrow 25.0.1 (not available to this suite): every
 * type, nulls, -0, empty lists, several row groups and key-value metadata came back intact.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdmError } from '../core/errors.js';
import {
  ParquetTableWriter,
  readParquetFile,
  readParquetMetadata,
  writeParquetFile,
} from './parquet.js';
import {
  concatTables,
  getColumnData,
  rowCount,
  selectRows,
  tableFromColumns,
  type Table,
} from './table.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdm-parquet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const DOUBLES = [0.1 + 0.2, NaN, -0, 1e-300, Infinity, -Infinity, 5e-324, Number.MAX_VALUE];

function allTypes(): Table {
  return tableFromColumns([
    { name: 'f64', type: 'float64', data: new Float64Array(DOUBLES) },
    {
      name: 'f32',
      type: 'float32',
      data: new Float32Array([1.5, NaN, -0, 3.4e38, 0.1, -Infinity, 1e-45, 7]),
    },
    {
      name: 'i32',
      type: 'int32',
      data: new Int32Array([0, -1, 2147483647, -2147483648, 5, 6, 7, 8]),
    },
    { name: 'ok', type: 'bool', data: new Uint8Array([1, 0, 1, 1, 0, 0, 0, 1]) },
    {
      name: 'label',
      type: 'string',
      data: ['a', '', 'héllo 😀', 'x,"y"\nz', '日本語', ' ', 'b', ''],
    },
    {
      name: 'wave',
      type: 'float32_list',
      data: [
        new Float32Array([1, 2, 3]),
        new Float32Array(0),
        new Float32Array([4.5]),
        new Float32Array([NaN, -0]),
        new Float32Array(0),
        Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i)),
        new Float32Array([6]),
        new Float32Array(0),
      ],
    },
  ]);
}

function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.columns.map((c) => [c.name, c.type])).toEqual(
    expected.columns.map((c) => [c.name, c.type]),
  );
  expected.columns.forEach((column, j) => {
    const got = actual.columns[j]!;
    expect(got.data.constructor).toBe(column.data.constructor);
    if (column.type === 'float32_list') {
      const lists = got.data as readonly Float32Array[];
      column.data.forEach((list, i) => {
        expect(lists[i]).toBeInstanceOf(Float32Array);
        // Object.is semantics: NaN equals NaN, -0 differs from 0
        expect(Array.from(lists[i]!)).toStrictEqual(Array.from(list));
      });
    } else {
      expect(Array.from(got.data as ArrayLike<unknown>)).toStrictEqual(
        Array.from(column.data as ArrayLike<unknown>),
      );
    }
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return err instanceof PdmError ? err.code : `not a PdmError: ${String(err)}`;
  }
  return undefined;
}

describe('writeParquetFile / readParquetFile', () => {
  it('round-trips every column type exactly', async () => {
    const path = join(dir, 'all.parquet');
    const table = allTypes();
    await writeParquetFile(path, table);
    expectSameTable(await readParquetFile(path), table);
    expect(Object.is(getColumnData(await readParquetFile(path), 'f64', 'float64')[2], -0)).toBe(
      true,
    );
  });

  it('keeps -0 in columns the writer would otherwise dictionary-encode', async () => {
    // few distinct values invite a dictionary, whose Map keys merge -0 into 0
    const path = join(dir, 'zeros.parquet');
    const zeros = Float64Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 0 : -0));
    const table = tableFromColumns([
      { name: 'z64', type: 'float64', data: zeros },
      { name: 'z32', type: 'float32', data: Float32Array.from(zeros) },
      {
        name: 'zl',
        type: 'float32_list',
        data: Array.from({ length: 1000 }, (_, i) => Float32Array.of(0, -0, i % 2)),
      },
    ]);
    await writeParquetFile(path, table);
    expectSameTable(await readParquetFile(path), table);
  });

  it('round-trips across many row groups', async () => {
    const path = join(dir, 'groups.parquet');
    const table = selectRows(
      allTypes(),
      Array.from({ length: 100 }, (_, i) => (i * 7) % 8),
    );
    await writeParquetFile(path, table, { rowGroupSize: 9 });
    expect((await readParquetMetadata(path)).numRowGroups).toBe(12);
    expectSameTable(await readParquetFile(path), table);
  });

  it('round-trips an empty table with zero rows and keeps its schema', async () => {
    const path = join(dir, 'empty.parquet');
    const table = selectRows(allTypes(), []);
    await writeParquetFile(path, table);
    const back = await readParquetFile(path);
    expect(rowCount(back)).toBe(0);
    expectSameTable(back, table);
  });

  it('writes NaN as real nulls that another reader sees as null', async () => {
    const path = join(dir, 'nulls.parquet');
    await writeParquetFile(path, allTypes());
    const bytes = await readFile(path);
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset) });
    expect(rows[1]!['f64']).toBeNull();
    expect(rows[1]!['f32']).toBeNull();
    expect(rows[2]!['f64']).toBe(-0);
    // the footer's statistics count the same null, decoded without hyparquet
    const footer = decodeFooter(bytes);
    const chunks = footer.rowGroups.flatMap((g) => g.columns);
    expect(chunks.find((c) => c.path.join('.') === 'f64')?.nullCount).toBe(1);
  });

  it('reads chosen columns in the order asked', async () => {
    const path = join(dir, 'select.parquet');
    await writeParquetFile(path, allTypes());
    const back = await readParquetFile(path, { columns: ['label', 'i32'] });
    expect(back.columns.map((c) => c.name)).toEqual(['label', 'i32']);
    expect(getColumnData(back, 'i32', 'int32')[2]).toBe(2147483647);
    await expect(readParquetFile(path, { columns: ['speed'] })).rejects.toThrow(
      /has no column 'speed'; available columns: f64, f32, i32, ok, label, wave/,
    );
  });

  it('says a file is empty or too short, not where a DataView ran out', async () => {
    const empty = join(dir, 'empty.parquet');
    await writeFile(empty, '');
    await expect(readParquetFile(empty)).rejects.toThrow(
      /empty\.parquet: is empty \(0 bytes\); expected a Parquet file/,
    );
    const short = join(dir, 'short.parquet');
    await writeFile(short, 'PAR1');
    await expect(readParquetFile(short)).rejects.toThrow(/short\.parquet: holds 4 bytes, too few/);
  });
});

describe('ParquetTableWriter (a file written in parts)', () => {
  const rows = (n: number, from: number): Table =>
    selectRows(
      allTypes(),
      Array.from({ length: n }, (_, i) => ((from + i) * 5) % 8),
    );

  it('writes the same bytes as the parts joined, row groups straddling the parts', async () => {
    const parts = [rows(30, 0), rows(0, 30), rows(4, 30), rows(70, 34)];
    for (const rowGroupSize of [9, undefined]) {
      const opts = rowGroupSize === undefined ? {} : { rowGroupSize };
      const joined = join(dir, 'joined.parquet');
      await writeParquetFile(joined, concatTables(parts), opts);
      const inParts = join(dir, 'parts.parquet');
      const w = await ParquetTableWriter.open(inParts, opts);
      for (const t of parts) await w.append(t);
      await w.finish();
      expect(Buffer.compare(await readFile(inParts), await readFile(joined))).toBe(0);
      expect((await readParquetMetadata(inParts)).numRowGroups).toBe(
        rowGroupSize === undefined ? 1 : Math.ceil(104 / 9),
      );
      expectSameTable(await readParquetFile(inParts), concatTables(parts));
    }
  });

  it('shows nothing until finish, and nothing at all after a part with other columns', async () => {
    const sub = await mkdtemp(join(dir, 'parts-'));
    const path = join(sub, 'f.parquet');
    const w = await ParquetTableWriter.open(path, { rowGroupSize: 4 });
    await w.append(rows(10, 0));
    expect((await readdir(sub)).filter((f) => !f.endsWith('.tmp'))).toEqual([]);
    const other = tableFromColumns([{ name: 'f64', type: 'float32', data: new Float32Array(2) }]);
    const err = await w.append(other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdmError);
    expect((err as PdmError).code).toBe('PDM_INPUT_INVALID');
    expect((err as PdmError).message).toContain('f64:float32');
    expect(await readdir(sub)).toEqual([]);
  });

  it('abort keeps the file that was there; finish without a part is refused', async () => {
    const sub = await mkdtemp(join(dir, 'abort-'));
    const path = join(sub, 'f.parquet');
    await writeParquetFile(path, rows(3, 0));
    const before = await readFile(path);
    const w = await ParquetTableWriter.open(path);
    await w.append(rows(5, 0));
    await w.abort();
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect(await readdir(sub)).toEqual(['f.parquet']);
    const empty = await ParquetTableWriter.open(join(sub, 'g.parquet'));
    await expect(empty.finish()).rejects.toThrow('no table was written');
    expect(await readdir(sub)).toEqual(['f.parquet']);
  });
});

describe('the file on disk', () => {
  it('starts and ends with the PAR1 magic and has a standard schema', async () => {
    const path = join(dir, 'schema.parquet');
    await writeParquetFile(path, allTypes(), { rowGroupSize: 5 });
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(bytes.subarray(bytes.length - 4).toString('latin1')).toBe('PAR1');

    const footer = decodeFooter(bytes);
    expect(footer.numRows).toBe(8);
    expect(footer.rowGroups.map((g) => g.numRows)).toEqual([5, 3]);
    // name, physical type, repetition, converted type, children (Thrift enum names)
    expect(footer.schema).toEqual([
      ['schema', undefined, undefined, undefined, 6], // the root, named as pyarrow names it
      ['f64', 'DOUBLE', 'OPTIONAL', undefined, undefined],
      ['f32', 'FLOAT', 'OPTIONAL', undefined, undefined],
      ['i32', 'INT32', 'REQUIRED', undefined, undefined],
      ['ok', 'BOOLEAN', 'REQUIRED', undefined, undefined],
      ['label', 'BYTE_ARRAY', 'REQUIRED', 'UTF8', undefined],
      // the three-level LIST layout of parquet-format LogicalTypes.md
      ['wave', undefined, 'REQUIRED', 'LIST', 1],
      ['list', undefined, 'REPEATED', undefined, 1],
      ['element', 'FLOAT', 'REQUIRED', undefined, undefined],
    ]);
    const chunks = footer.rowGroups.flatMap((g) => g.columns);
    expect(new Set(chunks.map((c) => c.codec))).toEqual(new Set(['SNAPPY']));
    expect(chunks.map((c) => c.path.join('.')).slice(0, 6)).toEqual([
      'f64',
      'f32',
      'i32',
      'ok',
      'label',
      'wave.list.element',
    ]);
  });

  it('stores key-value metadata, readable from the footer alone', async () => {
    const path = join(dir, 'meta.parquet');
    const metadata = { scenario: 'fleet-demo', seed: '42', note: 'ünïcode, "quoted"' };
    await writeParquetFile(path, allTypes(), { metadata });
    const info = await readParquetMetadata(path);
    expect(info.metadata).toEqual(metadata);
    expect(info.numRows).toBe(8);
    expect(info.createdBy).toMatch(/^pdm-twin version /);
    expect(info.columns.map((c) => [c.name, c.type, c.parquetType, c.nullable])).toEqual([
      ['f64', 'float64', 'DOUBLE', true],
      ['f32', 'float32', 'FLOAT', true],
      ['i32', 'int32', 'INT32', false],
      ['ok', 'bool', 'BOOLEAN', false],
      ['label', 'string', 'BYTE_ARRAY (UTF8)', false],
      ['wave', 'float32_list', 'LIST<FLOAT>', false],
    ]);
    expect(decodeFooter(await readFile(path)).keyValues).toEqual(metadata);
  });
});

describe('atomic writes', () => {
  it('leaves no temporary file behind and replaces an existing file', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const path = join(sub, 'data.parquet');
    await writeFile(path, 'old');
    await writeParquetFile(path, allTypes());
    expect(await readdir(sub)).toEqual(['data.parquet']);
    expect(rowCount(await readParquetFile(path))).toBe(8);
  });

  it('creates nothing when the folder is missing', async () => {
    const path = join(dir, 'no-such-folder', 'x.parquet');
    expect(await codeOf(writeParquetFile(path, allTypes()))).toBe('PDM_FILE_NOT_FOUND');
  });

  it('keeps the old file and removes the temporary one when encoding fails midway', async () => {
    const sub = await mkdtemp(join(dir, 'fail-'));
    const path = join(sub, 'data.parquet');
    await writeFile(path, 'old');
    // not an Int32Array: the writer accepts the first groups and rejects 1.5 in the last one
    const bad = tableFromColumns([
      { name: 'i', type: 'int32', data: new Float64Array([1, 2, 1.5]) as unknown as Int32Array },
    ]);
    await expect(writeParquetFile(path, bad, { rowGroupSize: 1 })).rejects.toThrow(/1\.5/);
    expect(await readdir(sub)).toEqual(['data.parquet']);
    expect(await readFile(path, 'utf8')).toBe('old');
    await rm(path);
    await expect(writeParquetFile(path, bad, { rowGroupSize: 1 })).rejects.toThrow();
    expect(await readdir(sub)).toEqual([]);
  });

  it('rejects a bad rowGroupSize', async () => {
    expect(
      await codeOf(writeParquetFile(join(dir, 'g.parquet'), allTypes(), { rowGroupSize: 0 })),
    ).toBe('PDM_INPUT_INVALID');
  });
});

describe('reading files from elsewhere', () => {
  it('reads a file written by pyarrow 25.0.1', async () => {
    const path = join(dir, 'pyarrow.parquet');
    await writeFile(path, Buffer.from(PYARROW_FIXTURE, 'base64'));
    const info = await readParquetMetadata(path);
    expect(info.createdBy).toBe('parquet-cpp-arrow version 25.0.1');
    expect(info.metadata['scenario']).toBe('pyarrow-fixture');
    const table = await readParquetFile(path);
    expect(Array.from(getColumnData(table, 'f64', 'float64'))).toStrictEqual(DOUBLES.slice(0, 5));
    expect(getColumnData(table, 'i32', 'int32')).toEqual(
      new Int32Array([1, -2, 2147483647, -2147483648, 0]),
    );
    expect(getColumnData(table, 'b', 'bool')).toEqual(new Uint8Array([1, 0, 1, 1, 0]));
    expect(getColumnData(table, 's', 'string')).toEqual([
      'a',
      '',
      'héllo 😀',
      'x,"y"\nz',
      '日本語',
    ]);
    // pyarrow's list elements are nullable: the null element reads as NaN
    const wave = getColumnData(table, 'wave', 'float32_list').map((l) => Array.from(l));
    expect(wave).toStrictEqual([[1, 2, 3], [], [4.5, NaN], [NaN, -0], []]);
  });

  it('rejects nulls in columns that cannot hold them, and unsupported types', async () => {
    const path = join(dir, 'foreign.parquet');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'n', data: [1, null, 3], type: 'INT32' },
        { name: 'big', data: [1n, 2n, 3n], type: 'INT64' },
      ],
    });
    await writeFile(path, new Uint8Array(buffer));
    await expect(readParquetFile(path, { columns: ['n'] })).rejects.toThrow(
      /column 'n' has a null at row 1; int32 columns cannot hold missing values/,
    );
    await expect(readParquetFile(path, { columns: ['big'] })).rejects.toThrow(
      /column 'big' has Parquet type INT64, which pdm-twin cannot read/,
    );
    const info = await readParquetMetadata(path);
    expect(info.columns[1]).toEqual({
      name: 'big',
      type: undefined,
      parquetType: 'INT64',
      nullable: true,
    });
  });

  it('reports missing and non-Parquet files with codes', async () => {
    expect(await codeOf(readParquetFile(join(dir, 'missing.parquet')))).toBe('PDM_FILE_NOT_FOUND');
    const path = join(dir, 'text.parquet');
    await writeFile(path, 'time,value\n0,1\n');
    expect(await codeOf(readParquetFile(path))).toBe('PDM_DATA_INVALID');
    expect(await codeOf(readParquetMetadata(path))).toBe('PDM_DATA_INVALID');
  });
});

// ---------------------------------------------------------------------------------------------
// A minimal Thrift compact-protocol reader for the footer (parquet-format's parquet.thrift).

type ThriftValue = number | bigint | boolean | Uint8Array | ThriftValue[] | ThriftStruct;
type ThriftStruct = Map<number, ThriftValue>;

class CompactReader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    return this.bytes[this.offset++]!;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  zigzag(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  value(type: number): ThriftValue {
    switch (type) {
      case 1:
        return true;
      case 2:
        return false;
      case 3:
        return this.byte();
      case 4:
      case 5:
        return Number(this.zigzag());
      case 6:
        return this.zigzag();
      case 7:
        this.offset += 8;
        return 0;
      case 8: {
        const length = Number(this.varint());
        this.offset += length;
        return this.bytes.subarray(this.offset - length, this.offset);
      }
      case 9:
      case 10: {
        const header = this.byte();
        const size = header >> 4 === 15 ? Number(this.varint()) : header >> 4;
        const elementType = header & 0x0f;
        return Array.from({ length: size }, () =>
          elementType === 1 || elementType === 2 ? this.byte() === 1 : this.value(elementType),
        );
      }
      case 12:
        return this.struct();
      default:
        throw new Error(`thrift type ${type} not expected in a Parquet footer`);
    }
  }

  struct(): ThriftStruct {
    const fields: ThriftStruct = new Map();
    let id = 0;
    for (;;) {
      const header = this.byte();
      if (header === 0) return fields;
      const delta = header >> 4;
      id = delta === 0 ? Number(this.zigzag()) : id + delta;
      fields.set(id, this.value(header & 0x0f));
    }
  }
}

const TYPES = ['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BYTE_ARRAY', 'FIXED'];
const REPETITIONS = ['REQUIRED', 'OPTIONAL', 'REPEATED'];
const CONVERTED = ['UTF8', 'MAP', 'MAP_KEY_VALUE', 'LIST'];
const CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];

function decodeFooter(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(bytes.length - 8, true);
  const meta = new CompactReader(
    bytes.subarray(bytes.length - 8 - length, bytes.length - 8),
  ).struct();
  const text = (v: ThriftValue | undefined): string => new TextDecoder().decode(v as Uint8Array);
  const pick = <T>(table: readonly T[], v: ThriftValue | undefined): T | undefined =>
    v === undefined ? undefined : table[v as number];
  const structs = (v: ThriftValue | undefined): ThriftStruct[] => (v ?? []) as ThriftStruct[];
  return {
    numRows: Number(meta.get(3)),
    schema: structs(meta.get(2)).map((e) => [
      text(e.get(4)),
      pick(TYPES, e.get(1)),
      pick(REPETITIONS, e.get(3)),
      pick(CONVERTED, e.get(6)),
      e.get(5),
    ]),
    rowGroups: structs(meta.get(4)).map((g) => ({
      numRows: Number(g.get(3)),
      columns: structs(g.get(1)).map((chunk) => {
        const md = chunk.get(3) as ThriftStruct;
        const stats = md.get(12) as ThriftStruct | undefined;
        return {
          path: (md.get(3) as Uint8Array[]).map(text),
          codec: pick(CODECS, md.get(4)),
          nullCount: stats?.get(3) === undefined ? undefined : Number(stats.get(3)),
        };
      }),
    })),
    keyValues: Object.fromEntries(
      structs(meta.get(5)).map((kv) => [text(kv.get(1)), text(kv.get(2))]),
    ),
  };
}

/** pyarrow 25.0.1 output for f64, f32, i32, b, s and wave (list<float>), 5 rows, 2 row groups. */
const PYARROW_FIXTURE =
  'UEFSMRUEFSAVJEwVBBUAEgAAEDw0MzMzMzPTPwAAAAAAAACAFQAVEhUWLBUGFRAVBhUGHBgINDMzMzMz0z8YCAAA' +
  'AAAAAACAFgIoCDQzMzMzM9M/GAgAAAAAAAAAgBERAAAACSACAAAAAwUBAwIVBBUQFRRMFQQVABIAAAgcAADAPwAA' +
  'AIAVABUSFRYsFQYVEBUGFQYcGAQAAMA/GAQAAACAFgIoBAAAwD8YBAAAAIAREQAAAAkgAgAAAAMFAQMCFQQVGBUc' +
  'TBUGFQASAAAMLAEAAAD+////////fxUAFRQVGCwVBhUQFQYVBhwYBP///38YBP7///8WACgE////fxgE/v///xER' +
  'AAAACiQCAAAABgECAyQAFQAVDhUSLBUGFQAVBhUGHBgBARgBABYAKAEBGAEAEREAAAAHGAIAAAAGAQUVBBUwFTRM' +
  'FQYVABIAABhcAQAAAGEAAAAACwAAAGjDqWxsbyDwn5iAFQAVFBUYLBUGFRAVBhUGHDYAKAtow6lsbG8g8J+YgBgA' +
  'EREAAAAKJAIAAAAGAQIDJAAVBBUgFSRMFQgVABIAABA8AACAPwAAAEAAAEBAAACQQBUAFSIVJiwVDBUQFQYVBhwY' +
  'BAAAkEAYBAAAgD8WBCgEAACQQBgEAACAPxERAAAAEUACAAAAAyYDAAAAA38LAgPkABUEFSAVJEwVBBUAEgAAEDxZ' +
  '8/jCH26lAQAAAAAAAPB/FQAVEhUWLBUEFRAVBhUGHBgIAAAAAAAA8H8YCFnz+MIfbqUBFgAoCAAAAAAAAPB/GAhZ' +
  '8/jCH26lARERAAAACSACAAAABAEBAwIVBBUQFRRMFQQVABIAAAgcnsl/f83MzD0VABUSFRYsFQQVEBUGFQYcGASe' +
  'yX9/GATNzMw9FgAoBJ7Jf38YBM3MzD0REQAAAAkgAgAAAAQBAQMCFQQVEBUUTBUEFQASAAAIHAAAAIAAAAAAFQAV' +
  'EhUWLBUEFRAVBhUGHBgEAAAAABgEAAAAgBYAKAQAAAAAGAQAAACAEREAAAAJIAIAAAAEAQEDAhUAFQ4VEiwVBBUA' +
  'FQYVBhwYAQEYAQAWACgBARgBABERAAAABxgCAAAABAEBFQQVMBU0TBUEFQASAAAYXAcAAAB4LCJ5Igp6CQAAAOaX' +
  'peacrOiqnhUAFRIVFiwVBBUQFQYVBhw2ACgJ5pel5pys6KqeGAd4LCJ5Igp6EREAAAAJIAIAAAAEAQEDAhUEFRAV' +
  'FEwVBBUAEgAACBwAAMB/AAAAgBUAFSAVJCwVBhUQFQYVBhwYBAAAAAAYBAAAAIAWAigEAAAAABgEAAAAgBERAAAA' +
  'EDwCAAAAAwIDAAAAAx8AAQMCFQQZnDUAGAZzY2hlbWEVDAAVCiUCGANmNjQAFQglAhgDZjMyABUCJQIYA2kzMgAV' +
  'ACUCGAFiABUMJQIYAXMlAEwcAAAANQIYBHdhdmUVAhUGTDwAAAA1BBgEbGlzdBUCABUIJQIYB2VsZW1lbnQAFgoZ' +
  'LBlsJgAcFQoZNQAGEBkYA2Y2NBUCFgYWzAEW1AEmSCYIHBgINDMzMzMz0z8YCAAAAAAAAACAFgIoCDQzMzMzM9M/' +
  'GAgAAAAAAAAAgBERABksFQQVABUCABUAFRAVAgA8KQYZJgIEAAAAJgAcFQgZNQAGEBkYA2YzMhUCFgYWnAEWpAEm' +
  'jAIm3AEcGAQAAMA/GAQAAACAFgIoBAAAwD8YBAAAAIAREQAZLBUEFQAVAgAVABUQFQIAPCkGGSYCBAAAACYAHBUC' +
  'GTUABhAZGANpMzIVAhYGFqYBFq4BJrgDJoADHBgE////fxgE/v///xYAKAT///9/GAT+////EREAGSwVBBUAFQIA' +
  'FQAVEBUCADwpBhkmAAYAAAAmABwVABklBgAZGAFiFQIWBhZUFlgmrgQ8GAEBGAEAFgAoAQEYAQAREQAZHBUAFQAV' +
  'AgA8KQYZJgAGAAAAJgAcFQwZNQAGEBkYAXMVAhYGFqwBFrQBJtYFJoYFHDYAKAtow6lsbG8g8J+YgBgAEREAGSwV' +
  'BBUAFQIAFQAVEBUCADwWGBkGGSYABgAAACYAHBUIGTUABhAZOAR3YXZlBGxpc3QHZWxlbWVudBUCFgwWvAEWxAEm' +
  '+gYmugYcGAQAAJBAGAQAAIA/FgQoBAAAkEAYBAAAgD8REQAZLBUEFQAVAgAVABUQFQIAPCkmBgYZRgACAggAAAAW' +
  'ygcWBiYIFvYHABlsJgAcFQoZNQAGEBkYA2Y2NBUCFgQWzAEW1AEmvggm/gccGAgAAAAAAADwfxgIWfP4wh9upQEW' +
  'ACgIAAAAAAAA8H8YCFnz+MIfbqUBEREAGSwVBBUAFQIAFQAVEBUCADwpBhkmAAQAAAAmABwVCBk1AAYQGRgDZjMy' +
  'FQIWBBacARakASaCCibSCRwYBJ7Jf38YBM3MzD0WACgEnsl/fxgEzczMPRERABksFQQVABUCABUAFRAVAgA8KQYZ' +
  'JgAEAAAAJgAcFQIZNQAGEBkYA2kzMhUCFgQWnAEWpAEmpgsm9gocGAQAAAAAGAQAAACAFgAoBAAAAAAYBAAAAIAR' +
  'EQAZLBUEFQAVAgAVABUQFQIAPCkGGSYABAAAACYAHBUAGSUGABkYAWIVAhYEFlQWWCaaDDwYAQEYAQAWACgBARgB' +
  'ABERABkcFQAVABUCADwpBhkmAAQAAAAmABwVDBk1AAYQGRgBcxUCFgQWtAEWvAEmwg0m8gwcNgAoCeaXpeacrOiq' +
  'nhgHeCwieSIKehERABksFQQVABUCABUAFRAVAgA8FiAZBhkmAAQAAAAmABwVCBk1AAYQGTgEd2F2ZQRsaXN0B2Vs' +
  'ZW1lbnQVAhYGFqoBFrIBJt4OJq4OHBgEAAAAABgEAAAAgBYCKAQAAAAAGAQAAACAEREAGSwVBBUAFQIAFQAVEBUC' +
  'ADwpJgQCGUYAAgAEAAAAFrYHFgQm/gcW4gcAGSwYCHNjZW5hcmlvGA9weWFycm93LWZpeHR1cmUAGAxBUlJPVzpz' +
  'Y2hlbWEY+AQvLy8vLzlBQkFBQVFBQUFBQUFBS0FBNEFCZ0FGQUFnQUNnQUFBQUFCQkFBUUFBQUFBQUFLQUF3QUFB' +
  'QUVBQWdBQ2dBQUFFZ0FBQUFFQUFBQUFRQUFBQXdBQUFBSUFBd0FCQUFJQUFnQUFBQWNBQUFBQkFBQUFBOEFBQUJ3' +
  'ZVdGeWNtOTNMV1pwZUhSMWNtVUFDQUFBQUhOalpXNWhjbWx2QUFBQUFBWUFBQUFvQVFBQTdBQUFBTFFBQUFDSUFB' +
  'QUFZQUFBQUFRQUFBQUEvLy8vQUFBQkRCUUFBQUFjQUFBQUJBQUFBQUVBQUFBVUFBQUFCQUFBQUhkaGRtVUFBQUFB' +
  'alAvLy95ei8vLzhBQUFFREVBQUFBQmdBQUFBRUFBQUFBQUFBQUFRQUFBQnBkR1Z0QUFBQUFCNy8vLzhBQUFFQVdQ' +
  'Ly8vd0FBQVFVUUFBQUFGQUFBQUFRQUFBQUFBQUFBQVFBQUFITUFBQURjLy8vL2ZQLy8vd0FBQVFZUUFBQUFHQUFB' +
  'QUFRQUFBQUFBQUFBQVFBQUFHSUFBQUFFQUFRQUJBQUFBS1QvLy84QUFBRUNFQUFBQUJ3QUFBQUVBQUFBQUFBQUFB' +
  'TUFBQUJwTXpJQUNBQU1BQWdBQndBSUFBQUFBQUFBQVNBQUFBRFkvLy8vQUFBQkF4QUFBQUFVQUFBQUJBQUFBQUFB' +
  'QUFBREFBQUFaak15QU1iLy8vOEFBQUVBRUFBVUFBZ0FCZ0FIQUF3QUFBQVFBQkFBQUFBQUFBRURFQUFBQUJ3QUFB' +
  'QUVBQUFBQUFBQUFBTUFBQUJtTmpRQUFBQUdBQWdBQmdBR0FBQUFBQUFDQUE9PQAYIHBhcnF1ZXQtY3BwLWFycm93' +
  'IHZlcnNpb24gMjUuMC4xGWwcAAAcAAAcAAAcAAAcAAAcAAAAjAcAAFBBUjE=';
