/**
 * Parquet files for tables: the format datasets are written in, so that pandas/pyarrow, DuckDB
 * and Spark read them as they are. Written with hyparquet-writer, read with hyparquet.
 *
 * Format: Apache Parquet (https://parquet.apache.org/docs/file-format/), snappy compression,
 * PLAIN or dictionary encoding, one row group per `rowGroupSize` rows.
 * Column mapping (the same both ways):
 *   float64       optional DOUBLE                   NaN is written as null, null read as NaN
 *   float32       optional FLOAT                    likewise
 *   int32         required INT32
 *   bool          required BOOLEAN
 *   string        required BYTE_ARRAY (UTF8/STRING)
 *   float32_list  required group (LIST) { repeated group list { required FLOAT element } }
 * The list column uses the standard three-level LIST layout of the format's LogicalTypes.md;
 * pyarrow 25 reads it as list<element: float not null> (checked), and DuckDB and Spark map this
 * layout to FLOAT[] / array<float>. Pages are DATA_PAGE_V2, the only kind hyparquet-writer
 * writes; pyarrow, DuckDB and Spark read them.
 * Writes are atomic (see atomic-write.ts); reads go row group by row group so that memory holds
 * the result plus one decoded row group.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import {
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type AsyncBuffer,
  type ColumnData,
  type FileMetaData,
  type SchemaTree,
} from 'hyparquet';
import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { PdmError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { openAtomicFile, toFileError, writeAll, type AtomicFile } from './atomic-write.js';
import {
  concatTables,
  describeSchema,
  rowCount,
  tableFromColumns,
  type Column,
  type ColumnType,
  type Table,
} from './table.js';

/** Options for `writeParquetFile`. */
export interface ParquetWriteOptions {
  /** Key-value metadata stored in the file footer (for example the scenario and seed). */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * Rows per row group. Default: about 32 MiB of column data per group (list elements counted
   * at the ~24 bytes each they take inside the writer), at most 1,000,000 rows.
   */
  readonly rowGroupSize?: number;
}

/** Options for `readParquetFile`. */
export interface ParquetReadOptions {
  /** Columns to read, in the order wanted; all columns when absent. */
  readonly columns?: readonly string[];
}

/** One top-level column of a Parquet file as `readParquetMetadata` describes it. */
export interface ParquetColumnInfo {
  readonly name: string;
  /** The table column type it reads as; undefined when this module cannot read it. */
  readonly type: ColumnType | undefined;
  /** The Parquet type, for example 'DOUBLE', 'BYTE_ARRAY (UTF8)' or 'LIST<FLOAT>'. */
  readonly parquetType: string;
  /** Whether the column may hold nulls. */
  readonly nullable: boolean;
}

/** What the footer of a Parquet file says, read without touching the data. */
export interface ParquetFileInfo {
  readonly numRows: number;
  readonly numRowGroups: number;
  readonly columns: readonly ParquetColumnInfo[];
  /** The footer's key-value metadata (keys without a value read as ''). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly createdBy: string | undefined;
}

const TARGET_ROW_GROUP_BYTES = 32 * 1024 * 1024;
const MAX_ROW_GROUP_ROWS = 1_000_000;
const CREATED_BY = `pdm-twin version ${VERSION} (hyparquet-writer)`;

/**
 * Writes a table to a Parquet file, atomically: the file appears complete under `path` or not
 * at all. `opts.metadata` goes to the footer's key-value metadata. Throws `PDM_FILE_NOT_FOUND`
 * when the folder does not exist, `PDM_IO` when the file cannot be written, and
 * `PDM_INPUT_INVALID` for a bad `rowGroupSize`.
 */
export async function writeParquetFile(
  path: string,
  table: Table,
  opts: ParquetWriteOptions = {},
): Promise<void> {
  // a failed append abandons the file itself
  const writer = await ParquetTableWriter.open(path, opts);
  await writer.append(table);
  await writer.finish();
}

/**
 * A Parquet file written from a sequence of tables with the same columns (the machines of a
 * fleet as they are generated), so that no caller needs the whole table in memory. Rows are
 * buffered into row groups of `rowGroupSize` rows (default: from the first table appended, as
 * `writeParquetFile` chooses it), so the file is the same as `writeParquetFile` of the tables
 * joined. Atomic as `writeParquetFile`: nothing appears under `path` before `finish`, and
 * `abort` (or a failed append) leaves nothing behind. One append at a time: await each.
 */
export class ParquetTableWriter {
  private writer: ParquetWriter | null = null;
  private sink: FileSink | null = null;
  /** `describeSchema` of the first table. */
  private schema = '';
  private groupRows = 0;
  /** Tables not yet written, each with the first of its rows still to go. */
  private pending: [Table, number][] = [];
  private pendingRows = 0;

  private constructor(
    private readonly file: AtomicFile,
    private readonly opts: ParquetWriteOptions,
  ) {}

  /** Opens the temporary file (errors as `writeParquetFile`). */
  static async open(path: string, opts: ParquetWriteOptions = {}): Promise<ParquetTableWriter> {
    const groupRows = opts.rowGroupSize;
    if (groupRows !== undefined && (!Number.isInteger(groupRows) || groupRows < 1)) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `rowGroupSize must be a positive integer, got ${groupRows}`,
      );
    }
    return new ParquetTableWriter(await openAtomicFile(path), opts);
  }

  /**
   * Appends a table's rows. The first table sets the columns; a later one with other column
   * names or types is refused (`PDM_INPUT_INVALID`) and the file is abandoned.
   */
  async append(table: Table): Promise<void> {
    try {
      if (this.writer === null) this.start(table);
      else this.checkColumns(table);
      const n = rowCount(table);
      if (n === 0) return;
      this.pending.push([table, 0]);
      this.pendingRows += n;
      while (this.pendingRows >= this.groupRows) await this.writeGroup(this.groupRows);
    } catch (err) {
      await this.abort();
      throw toFileError(err, this.file.path, 'write');
    }
  }

  /** Writes the rows still buffered and the footer, and renames the file into place. */
  async finish(): Promise<void> {
    try {
      if (this.writer === null) {
        throw new PdmError('PDM_INPUT_INVALID', `${this.file.path}: no table was written`);
      }
      if (this.pendingRows > 0) await this.writeGroup(this.pendingRows);
      await this.writer.finish();
      await this.sink!.flush();
    } catch (err) {
      await this.abort();
      throw toFileError(err, this.file.path, 'write');
    }
    await this.file.commit();
  }

  /** Abandons the file: the temporary file is removed and `path` left as it was. */
  async abort(): Promise<void> {
    this.pending = [];
    this.pendingRows = 0;
    await this.file.abort();
  }

  private start(table: Table): void {
    this.schema = describeSchema(table);
    this.groupRows = this.opts.rowGroupSize ?? defaultRowGroupSize(table);
    const schema: SchemaElement[] = [{ name: 'schema', num_children: table.columns.length }];
    for (const column of table.columns) schema.push(...schemaElements(column));
    const kvMetadata = Object.entries(this.opts.metadata ?? {}).map(([key, value]) => ({
      key,
      value,
    }));
    this.sink = new FileSink(this.file.handle);
    this.writer = new ParquetWriter({
      writer: this.sink,
      schema,
      kvMetadata,
      createdBy: CREATED_BY,
    });
  }

  private checkColumns(table: Table): void {
    const got = describeSchema(table);
    if (got !== this.schema) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `${this.file.path}: a table with columns (${got}) appended to a file of (${this.schema})`,
      );
    }
  }

  /** Writes the first `rows` buffered rows as one row group. */
  private async writeGroup(rows: number): Promise<void> {
    // Whole tables and the head of the one that straddles the group's end; one table's rows
    // go to the writer without a copy, several are joined (one group's worth).
    const parts: [Table, number, number][] = [];
    let taken = 0;
    while (taken < rows) {
      const [t, start] = this.pending[0]!;
      const end = Math.min(rowCount(t), start + rows - taken);
      parts.push([t, start, end]);
      taken += end - start;
      if (end === rowCount(t)) this.pending.shift();
      else this.pending[0] = [t, end];
    }
    this.pendingRows -= rows;
    const [first, start, end] = parts[0]!;
    const columnData =
      parts.length === 1
        ? first.columns.map((c) => columnSource(c, start, end))
        : concatTables(parts.map(([t, s, e]) => rowRange(t, s, e))).columns.map((c) =>
            columnSource(c, 0, rows),
          );
    await this.writer!.write({ columnData, rowGroupSize: rows });
  }
}

/**
 * Reads a Parquet file (written here or by another tool) into a table. `opts.columns` selects
 * and orders the columns. Throws `PDM_FILE_NOT_FOUND`, `PDM_INPUT_INVALID` for an unknown
 * column name, and `PDM_DATA_INVALID` for a file that is not Parquet, a column type this
 * module cannot read, or a null in an int32, bool, string or list column.
 */
export async function readParquetFile(path: string, opts: ParquetReadOptions = {}): Promise<Table> {
  return withParquetFile(path, async (file, metadata) => {
    const infos = describeColumns(metadata);
    const names = opts.columns ?? infos.map((c) => c.name);
    const numRows = Number(metadata.num_rows);
    const sinks = new Map<string, ColumnSink>();
    for (const name of names) {
      const info = infos.find((c) => c.name === name);
      if (info === undefined) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `${path} has no column '${name}'; available columns: ${infos.map((c) => c.name).join(', ')}`,
        );
      }
      if (info.type === undefined) {
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${path}: column '${name}' has Parquet type ${info.parquetType}, which pdm-twin cannot read (supported: DOUBLE, FLOAT, INT32, BOOLEAN, UTF8 strings, LIST<FLOAT>)`,
        );
      }
      if (sinks.has(name)) {
        throw new PdmError('PDM_INPUT_INVALID', `column '${name}' is requested twice`);
      }
      sinks.set(name, new ColumnSink(path, name, info.type, numRows));
    }
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = groupStart + Number(group.num_rows);
      if (sinks.size > 0 && groupEnd > groupStart) {
        await parquetRead({
          file,
          metadata,
          columns: [...sinks.keys()],
          rowStart: groupStart,
          rowEnd: groupEnd,
          onChunk: (chunk) => sinks.get(chunk.columnName)?.put(chunk),
        });
        for (const sink of sinks.values()) sink.check();
      }
      groupStart = groupEnd;
    }
    return tableFromColumns([...sinks.values()].map((s) => s.column()));
  });
}

/**
 * Reads a Parquet file's footer only: row and row-group counts, the columns with their types,
 * and the key-value metadata. Throws like `readParquetFile`.
 */
export async function readParquetMetadata(path: string): Promise<ParquetFileInfo> {
  return withParquetFile(path, (_file, metadata) => {
    const kv: Record<string, string> = {};
    for (const { key, value } of metadata.key_value_metadata ?? []) kv[key] = value ?? '';
    return Promise.resolve({
      numRows: Number(metadata.num_rows),
      numRowGroups: metadata.row_groups.length,
      columns: describeColumns(metadata),
      metadata: kv,
      createdBy: metadata.created_by,
    });
  });
}

/** Buffers the encoded bytes of one row group and appends them to the file. */
class FileSink extends ByteWriter {
  constructor(private readonly handle: FileHandle) {
    super(1 << 20);
  }

  /** Called by ParquetWriter after each row group (and by us after the footer). */
  async flush(): Promise<void> {
    await writeAll(this.handle, new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }
}

function defaultRowGroupSize(table: Table): number {
  const n = rowCount(table);
  let bytesPerRow = 0;
  for (const column of table.columns) {
    switch (column.type) {
      case 'float64':
        bytesPerRow += 8;
        break;
      case 'float32':
      case 'int32':
        bytesPerRow += 4;
        break;
      case 'bool':
        bytesPerRow += 1;
        break;
      case 'string': {
        const sample = column.data.slice(0, 1000);
        bytesPerRow += 4 + sample.reduce((s, v) => s + v.length, 0) / Math.max(1, sample.length);
        break;
      }
      case 'float32_list': {
        let values = 0;
        for (const list of column.data) values += list.length;
        // the writer holds levels and values as JS arrays (~24 bytes per list element)
        bytesPerRow += (24 * values) / Math.max(1, n);
        break;
      }
    }
  }
  const rows = Math.floor(TARGET_ROW_GROUP_BYTES / Math.max(1, bytesPerRow));
  return Math.min(MAX_ROW_GROUP_ROWS, Math.max(1, rows));
}

function schemaElements(column: Column): SchemaElement[] {
  const { name } = column;
  switch (column.type) {
    case 'float64':
      return [{ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' }];
    case 'float32':
      return [{ name, type: 'FLOAT', repetition_type: 'OPTIONAL' }];
    case 'int32':
      return [{ name, type: 'INT32', repetition_type: 'REQUIRED' }];
    case 'bool':
      return [{ name, type: 'BOOLEAN', repetition_type: 'REQUIRED' }];
    case 'string':
      return [
        {
          name,
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          logical_type: { type: 'STRING' },
          repetition_type: 'REQUIRED',
        },
      ];
    case 'float32_list':
      return [
        {
          name,
          repetition_type: 'REQUIRED',
          converted_type: 'LIST',
          logical_type: { type: 'LIST' },
          num_children: 1,
        },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
      ];
  }
}

/** The rows [start, end) of a column in the form hyparquet-writer takes. */
function columnSource(column: Column, start: number, end: number): ColumnSource {
  const { name } = column;
  switch (column.type) {
    case 'float64':
    case 'float32': {
      const part = column.data.subarray(start, end);
      let hasNaN = false;
      let hasNegativeZero = false;
      for (const v of part) {
        if (Number.isNaN(v)) hasNaN = true;
        else if (Object.is(v, -0)) hasNegativeZero = true;
      }
      const data = hasNaN ? Array.from(part, (v) => (Number.isNaN(v) ? null : v)) : part;
      // a dictionary is keyed by a Map, which merges -0 into 0; PLAIN keeps the sign
      return hasNegativeZero ? { name, data, encoding: 'PLAIN' } : { name, data };
    }
    case 'int32':
      return { name, data: column.data.subarray(start, end) };
    case 'bool':
      return { name, data: Array.from(column.data.subarray(start, end), (b) => b !== 0) };
    case 'string':
      return { name, data: column.data.slice(start, end) };
    case 'float32_list': {
      // the writer's level encoder walks plain arrays only (Array.isArray)
      const data = column.data.slice(start, end).map((list) => Array.from(list));
      // as above: a dictionary of the elements would turn -0 into 0
      const negativeZero = data.some((list) => list.some((v) => Object.is(v, -0)));
      return negativeZero ? { name, data, encoding: 'PLAIN' } : { name, data };
    }
  }
}

/** Rows [start, end) of a table; typed columns are views, not copies. */
function rowRange(table: Table, start: number, end: number): Table {
  if (start === 0 && end === rowCount(table)) return table;
  return tableFromColumns(
    table.columns.map((c): Column => {
      switch (c.type) {
        case 'float64':
        case 'float32':
        case 'int32':
        case 'bool':
          return { ...c, data: c.data.subarray(start, end) } as Column;
        case 'string':
        case 'float32_list':
          return { ...c, data: c.data.slice(start, end) } as Column;
      }
    }),
  );
}

/** Collects one column's chunks into its final typed array, converting nulls. */
class ColumnSink {
  private readonly data: Float64Array | Float32Array | Int32Array | Uint8Array | unknown[];
  private filled = 0;
  private problem: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly name: string,
    private readonly type: ColumnType,
    private readonly numRows: number,
  ) {
    switch (type) {
      case 'float64':
        this.data = new Float64Array(numRows);
        break;
      case 'float32':
        this.data = new Float32Array(numRows);
        break;
      case 'int32':
        this.data = new Int32Array(numRows);
        break;
      case 'bool':
        this.data = new Uint8Array(numRows);
        break;
      default:
        this.data = new Array<unknown>(numRows);
    }
  }

  /**
   * Copies a chunk in. Called from inside hyparquet's promise callbacks, where a throw would
   * become an unhandled rejection, so a problem is kept for `check()` instead.
   */
  put(chunk: ColumnData): void {
    if (this.problem !== undefined) return;
    try {
      this.copy(chunk);
    } catch (err) {
      this.problem = err instanceof Error ? err : new Error(String(err));
    }
  }

  /** Throws the first problem met while copying chunks. */
  check(): void {
    if (this.problem !== undefined) throw this.problem;
  }

  private copy({ columnData, rowStart, rowEnd }: ColumnData): void {
    const { data, type } = this;
    const from = Math.max(0, rowStart);
    const to = Math.min(this.numRows, rowEnd);
    for (let row = from; row < to; row++) {
      const v: unknown = columnData[row - rowStart];
      if (type === 'float64' || type === 'float32') {
        data[row] = typeof v === 'number' ? v : NaN;
      } else if (v === null || v === undefined) {
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${this.path}: column '${this.name}' has a null at row ${row}; ${type} columns cannot hold missing values`,
        );
      } else if (type === 'bool') {
        data[row] = v === true ? 1 : 0;
      } else if (type === 'float32_list') {
        // elements written as nullable by other tools come back as null: read as NaN
        data[row] = Float32Array.from(v as ArrayLike<number | null>, (x) => x ?? NaN);
      } else {
        data[row] = v;
      }
    }
    this.filled += Math.max(0, to - from);
  }

  column(): Column {
    const { name, type, data } = this;
    if (this.filled !== this.numRows) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${this.path}: column '${name}' yielded ${this.filled} of ${this.numRows} rows`,
      );
    }
    // the constructor allocated `data` to match `type`
    return { name, type, data } as Column;
  }
}

function describeColumns(metadata: FileMetaData): ParquetColumnInfo[] {
  return parquetSchema(metadata).children.map(describeColumn);
}

function describeColumn(node: SchemaTree): ParquetColumnInfo {
  const { element } = node;
  const nullable = element.repetition_type === 'OPTIONAL';
  const annotation = element.converted_type ?? element.logical_type?.type;
  if (node.children.length === 0) {
    const physical = element.type ?? 'unknown';
    const parquetType = annotation === undefined ? physical : `${physical} (${annotation})`;
    let type: ColumnType | undefined;
    if (element.repetition_type === 'REPEATED') type = undefined;
    else if (physical === 'DOUBLE') type = 'float64';
    else if (physical === 'FLOAT') type = 'float32';
    else if (physical === 'BOOLEAN') type = 'bool';
    else if (physical === 'INT32' && isPlainInt32(element)) type = 'int32';
    else if (physical === 'BYTE_ARRAY' && (annotation === 'UTF8' || annotation === 'STRING')) {
      type = 'string';
    }
    return { name: element.name, type, parquetType, nullable };
  }
  const repeated = node.children[0];
  const leaf = repeated?.children[0];
  if (
    element.converted_type === 'LIST' &&
    node.children.length === 1 &&
    repeated?.element.repetition_type === 'REPEATED' &&
    repeated.children.length === 1 &&
    leaf?.children.length === 0
  ) {
    const leafType = leaf.element.type ?? 'unknown';
    const type =
      leafType === 'FLOAT' && leaf.element.repetition_type !== 'REPEATED'
        ? 'float32_list'
        : undefined;
    return { name: element.name, type, parquetType: `LIST<${leafType}>`, nullable };
  }
  return {
    name: element.name,
    type: undefined,
    parquetType: `group (${annotation ?? 'struct'})`,
    nullable,
  };
}

function isPlainInt32(element: SchemaTree['element']): boolean {
  const converted = element.converted_type;
  if (converted === undefined) {
    const logical = element.logical_type;
    return logical === undefined || (logical.type === 'INTEGER' && logical.isSigned);
  }
  return converted === 'INT_32' || converted === 'INT_16' || converted === 'INT_8';
}

/** Opens a Parquet file, parses its footer and runs `use`, closing the file afterwards. */
async function withParquetFile<T>(
  path: string,
  use: (file: AsyncBuffer, metadata: FileMetaData) => Promise<T>,
): Promise<T> {
  let handle: FileHandle;
  let size: number;
  try {
    handle = await open(path, 'r');
    size = (await handle.stat()).size;
  } catch (err) {
    throw toFileError(err, path, 'read');
  }
  // (hyparquet's own words for these are about a DataView's offsets)
  if (size < 12) {
    await handle.close();
    throw new PdmError(
      'PDM_DATA_INVALID',
      `${path}: ${size === 0 ? 'is empty (0 bytes)' : `holds ${size} bytes, too few`}; expected a Parquet file (an interrupted copy?)`,
    );
  }
  try {
    const file = fileBuffer(handle, size);
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (err) {
      throw dataError(err, path);
    }
    return await use(file, metadata);
  } catch (err) {
    throw dataError(err, path);
  } finally {
    await handle.close();
  }
}

function dataError(err: unknown, path: string): PdmError {
  if (err instanceof PdmError) return err;
  if ((err as { code?: unknown } | null)?.code !== undefined) return toFileError(err, path, 'read');
  const reason = err instanceof Error ? err.message : String(err);
  return new PdmError('PDM_DATA_INVALID', `${path} is not a readable Parquet file: ${reason}`, {
    cause: err,
  });
}

/** An AsyncBuffer over an open file: hyparquet fetches the byte ranges it needs. */
function fileBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const bytes = new Uint8Array(Math.max(0, end - start));
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesRead } = await handle.read(
          bytes,
          offset,
          bytes.length - offset,
          start + offset,
        );
        if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${start + offset}`);
        offset += bytesRead;
      }
      return bytes.buffer;
    },
  };
}
