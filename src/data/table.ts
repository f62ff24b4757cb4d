/**
 * The in-memory table every dataset passes through: named, typed columns held column by column
 * (typed arrays where the type allows), as Parquet and Arrow hold them, so that writing a file
 * or feeding a learner never transposes rows.
 *
 * Representation per column type:
 *   float64       Float64Array   NaN means missing; Parquet writes it as a real null.
 *   float32       Float32Array   NaN means missing, as for float64.
 *   int32         Int32Array     no missing values.
 *   bool          Uint8Array     0 = false, 1 = true (a byte per row; no missing values).
 *   string        string[]       no missing values; '' is an ordinary value.
 *   float32_list  Float32Array[] one list per row (a vibration capture), any length, 0 included.
 * Tables are treated as immutable: helpers return new tables and never write into their inputs.
 */
import { concatArrays } from '../core/typed-arrays.js';
import { PdmError } from '../core/errors.js';

/** The column types a table can hold. */
export type ColumnType = 'float64' | 'float32' | 'int32' | 'bool' | 'string' | 'float32_list';

/** The data array held by a column of each type. */
export interface ColumnDataByType {
  float64: Float64Array;
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
  string: readonly string[];
  float32_list: readonly Float32Array[];
}

/** A column of one given type; `Column` is the union over all types. */
export interface ColumnOf<T extends ColumnType> {
  readonly name: string;
  readonly type: T;
  readonly data: ColumnDataByType[T];
}

/** A named, typed column; switching on `type` narrows `data`. */
export type Column = { [T in ColumnType]: ColumnOf<T> }[ColumnType];

/** A column's name and type, without data: one entry of a table schema. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

/** A table: columns of equal length with distinct names, built through `tableFromColumns`. */
export interface Table {
  readonly columns: readonly Column[];
}

/** Every column type, in declaration order (for validation and tests). */
export const COLUMN_TYPES: readonly ColumnType[] = [
  'float64',
  'float32',
  'int32',
  'bool',
  'string',
  'float32_list',
];

/**
 * Makes a table from columns, checking that names are distinct and non-empty and that every
 * column has as many rows as the first. Throws `PDM_INPUT_INVALID` naming the offending column.
 */
export function tableFromColumns(columns: readonly Column[]): Table {
  const seen = new Set<string>();
  const first = columns[0];
  for (const column of columns) {
    if (column.name === '') {
      throw new PdmError('PDM_INPUT_INVALID', 'table columns need a non-empty name');
    }
    if (seen.has(column.name)) {
      throw new PdmError('PDM_INPUT_INVALID', `table has two columns named '${column.name}'`);
    }
    seen.add(column.name);
    if (first !== undefined && column.data.length !== first.data.length) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `column '${column.name}' has ${column.data.length} rows but column '${first.name}' has ${first.data.length}`,
      );
    }
  }
  return { columns: [...columns] };
}

/** The number of rows in a table (0 for a table without columns). */
export function rowCount(table: Table): number {
  return table.columns[0]?.data.length ?? 0;
}

/** The table's schema: each column's name and type, in order. */
export function tableSchema(table: Table): ColumnSpec[] {
  return table.columns.map(({ name, type }) => ({ name, type }));
}

/**
 * Finds a column by name. Throws `PDM_INPUT_INVALID` naming the missing column and listing the
 * available ones.
 */
export function getColumn(table: Table, name: string): Column {
  const column = table.columns.find((c) => c.name === name);
  if (column === undefined) {
    const available = table.columns.map((c) => c.name).join(', ');
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `table has no column '${name}'; available columns: ${available === '' ? '(none)' : available}`,
    );
  }
  return column;
}

/**
 * Returns the data of the column `name`, checking that it has the expected type, for example
 * `getColumnData(table, 'speedRpm', 'float64')` gives a Float64Array.
 */
export function getColumnData<T extends ColumnType>(
  table: Table,
  name: string,
  type: T,
): ColumnDataByType[T] {
  const column = getColumn(table, name);
  if (column.type !== type) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `column '${name}' has type ${column.type}, expected ${type}`,
    );
  }
  return (column as ColumnOf<T>).data;
}

/**
 * Concatenates tables row-wise. All tables must have the same schema (names and types, in the
 * same order). List rows are shared with the inputs, not copied.
 */
export function concatTables(tables: readonly Table[]): Table {
  const first = tables[0];
  if (first === undefined) {
    throw new PdmError('PDM_INPUT_INVALID', 'concatTables needs at least one table');
  }
  const schema = describeSchema(first);
  tables.forEach((table, i) => {
    if (describeSchema(table) !== schema) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `table ${i} has schema (${describeSchema(table)}) but table 0 has (${schema})`,
      );
    }
  });
  const columns = first.columns.map((column, j) => {
    const parts = tables.map((t) => t.columns[j]!);
    return concatColumn(column, parts);
  });
  return tableFromColumns(columns);
}

/**
 * Returns a table holding the rows at `indices`, in that order (repeats allowed). Throws
 * `PDM_INPUT_INVALID` naming the first index that is not an integer row number.
 */
export function selectRows(table: Table, indices: ArrayLike<number>): Table {
  const n = rowCount(table);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `selectRows: indices[${i}] = ${index} is not a row of a table with ${n} rows`,
      );
    }
  }
  return tableFromColumns(table.columns.map((column) => selectColumn(column, indices)));
}

/** A table's columns as `name:type, ...`: equal strings, the same schema. */
export function describeSchema(table: Table): string {
  return table.columns.map((c) => `${c.name}:${c.type}`).join(', ');
}

function concatColumn(column: Column, parts: readonly Column[]): Column {
  const { name } = column;
  const numbers = (): ArrayLike<number>[] => parts.map((p) => p.data as ArrayLike<number>);
  switch (column.type) {
    case 'float64':
      return { name, type: column.type, data: concatArrays(Float64Array, numbers()) };
    case 'float32':
      return { name, type: column.type, data: concatArrays(Float32Array, numbers()) };
    case 'int32':
      return { name, type: column.type, data: concatArrays(Int32Array, numbers()) };
    case 'bool':
      return { name, type: column.type, data: concatArrays(Uint8Array, numbers()) };
    case 'string':
      return { name, type: column.type, data: parts.flatMap((p) => p.data as readonly string[]) };
    case 'float32_list':
      return {
        name,
        type: column.type,
        data: parts.flatMap((p) => p.data as readonly Float32Array[]),
      };
  }
}

function selectColumn(column: Column, indices: ArrayLike<number>): Column {
  const { name } = column;
  const pick = <T>(data: ArrayLike<T>): T[] => Array.from(indices, (i) => data[i]!);
  switch (column.type) {
    case 'float64':
      return { name, type: column.type, data: Float64Array.from(indices, (i) => column.data[i]!) };
    case 'float32':
      return { name, type: column.type, data: Float32Array.from(indices, (i) => column.data[i]!) };
    case 'int32':
      return { name, type: column.type, data: Int32Array.from(indices, (i) => column.data[i]!) };
    case 'bool':
      return { name, type: column.type, data: Uint8Array.from(indices, (i) => column.data[i]!) };
    case 'string':
      return { name, type: column.type, data: pick(column.data) };
    case 'float32_list':
      return { name, type: column.type, data: pick(column.data) };
  }
}

/** A value accepted for a cell of each column type by `TableBuilder`. */
export interface CellValueByType {
  /** null is stored as NaN (missing). */
  float64: number | null;
  /** null is stored as NaN (missing); other values are rounded to float32. */
  float32: number | null;
  /** An integer in [-2^31, 2^31). */
  int32: number;
  bool: boolean;
  string: string;
  /** Copied into a new Float32Array, so the caller may reuse its buffer. */
  float32_list: Float32Array | readonly number[];
}

/** A value accepted for a cell of any column type. */
export type CellValue = CellValueByType[ColumnType];

/** One row for `TableBuilder.append`: a value for every column of the schema, by name. */
export type Row = Readonly<Record<string, CellValue>>;

type NumericData = Float64Array | Float32Array | Int32Array | Uint8Array;
type Stored = number | string | Float32Array;

/** A growable typed array or plain array holding one column while rows arrive. */
class Accumulator {
  length = 0;
  private numbers: NumericData | undefined;
  private readonly objects: (string | Float32Array)[] = [];

  constructor(
    readonly spec: ColumnSpec,
    capacity: number,
  ) {
    this.numbers = newNumericData(spec.type, capacity);
  }

  push(value: Stored): void {
    const numbers = this.numbers;
    if (numbers === undefined) {
      this.objects.push(value as string | Float32Array);
    } else {
      if (this.length === numbers.length) {
        const grown = newNumericData(this.spec.type, Math.max(16, numbers.length * 2))!;
        grown.set(numbers);
        this.numbers = grown;
      }
      this.numbers![this.length] = value as number;
    }
    this.length++;
  }

  column(): Column {
    const { name, type } = this.spec;
    const numbers = this.numbers?.slice(0, this.length);
    switch (type) {
      case 'float64':
        return { name, type, data: numbers as Float64Array };
      case 'float32':
        return { name, type, data: numbers as Float32Array };
      case 'int32':
        return { name, type, data: numbers as Int32Array };
      case 'bool':
        return { name, type, data: numbers as Uint8Array };
      case 'string':
        return { name, type, data: this.objects.slice() as string[] };
      case 'float32_list':
        return { name, type, data: this.objects.slice() as Float32Array[] };
    }
  }
}

function newNumericData(type: ColumnType, capacity: number): NumericData | undefined {
  switch (type) {
    case 'float64':
      return new Float64Array(capacity);
    case 'float32':
      return new Float32Array(capacity);
    case 'int32':
      return new Int32Array(capacity);
    case 'bool':
      return new Uint8Array(capacity);
    default:
      return undefined;
  }
}

/** Checks a cell against its column type and converts it to the stored form. */
function toStored(spec: ColumnSpec, value: unknown): Stored {
  const fail = (expected: string): never => {
    const shown = typeof value === 'string' ? `'${value}'` : String(value);
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `column '${spec.name}' (${spec.type}) needs ${expected}, got ${shown}`,
    );
  };
  switch (spec.type) {
    case 'float64':
    case 'float32':
      if (value === null) return NaN;
      return typeof value === 'number' ? value : fail('a number or null');
    case 'int32':
      return Number.isInteger(value) &&
        (value as number) >= -0x80000000 &&
        (value as number) < 0x80000000
        ? (value as number)
        : fail('an integer in [-2^31, 2^31)');
    case 'bool':
      return typeof value === 'boolean' ? (value ? 1 : 0) : fail('a boolean');
    case 'string':
      return typeof value === 'string' ? value : fail('a string');
    case 'float32_list':
      if (value instanceof Float32Array) return value.slice();
      if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
        return Float32Array.from(value);
      }
      return fail('a Float32Array or an array of numbers');
  }
}

/**
 * Builds a table row by row (or column by column) from a declared schema, storing numbers in
 * typed arrays that double in size as they fill, so appending a row allocates nothing for
 * numeric columns. Rows are validated as they arrive; `build()` returns a table of exactly the
 * appended length and leaves the builder usable.
 */
export class TableBuilder {
  private readonly columns: readonly Accumulator[];
  private readonly index = new Map<string, Accumulator>();

  /**
   * @param schema the columns, in order; names must be distinct.
   * @param initialCapacity rows to reserve up front (grows as needed).
   */
  constructor(schema: readonly ColumnSpec[], initialCapacity = 1024) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 0) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `initialCapacity must be a non-negative integer, got ${initialCapacity}`,
      );
    }
    this.columns = schema.map((spec) => {
      if (!COLUMN_TYPES.includes(spec.type)) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `column '${spec.name}' has unknown type '${spec.type}'; expected one of ${COLUMN_TYPES.join(', ')}`,
        );
      }
      if (this.index.has(spec.name)) {
        throw new PdmError('PDM_INPUT_INVALID', `schema has two columns named '${spec.name}'`);
      }
      const accumulator = new Accumulator({ name: spec.name, type: spec.type }, initialCapacity);
      this.index.set(spec.name, accumulator);
      return accumulator;
    });
  }

  /** The number of rows appended so far (the shortest column, when pushing per column). */
  get length(): number {
    let min = Infinity;
    for (const c of this.columns) min = Math.min(min, c.length);
    return this.columns.length === 0 ? 0 : min;
  }

  /**
   * Appends one row holding a value for every column. The whole row is validated before any
   * column changes, so a rejected row leaves the builder as it was.
   */
  append(row: Row): void {
    const stored: Stored[] = [];
    for (const { spec } of this.columns) {
      const value = row[spec.name];
      if (value === undefined) {
        throw new PdmError('PDM_INPUT_INVALID', `row has no value for column '${spec.name}'`);
      }
      stored.push(toStored(spec, value));
    }
    this.columns.forEach((c, i) => {
      c.push(stored[i]!);
    });
  }

  /** Appends one value to a single column; `build()` checks that all columns end equally long. */
  push(name: string, value: CellValue): void {
    const accumulator = this.index.get(name);
    if (accumulator === undefined) {
      const available = [...this.index.keys()].join(', ');
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `builder has no column '${name}'; available columns: ${available}`,
      );
    }
    accumulator.push(toStored(accumulator.spec, value));
  }

  /** Returns the table built so far; throws naming a column whose length differs. */
  build(): Table {
    return tableFromColumns(this.columns.map((c) => c.column()));
  }
}
