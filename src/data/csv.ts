/**
 * CSV and whitespace-separated text files: writing tables for people and spreadsheets, and
 * reading users' recordings and run-to-failure tables such as NASA's C-MAPSS `train_FD001.txt`
 * (space-separated, no header, trailing spaces).
 *
 * Writing follows RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180) with LF line ends: a header
 * row, fields quoted when they hold the separator, a quote, CR or LF. Numbers are printed in the
 * shortest form that reads back to the same value (ECMAScript Number::toString for float64, the
 * shortest of 6-9 significant digits for float32), -0 as '-0', NaN (missing) as an empty field,
 * infinities as 'Infinity'/'-Infinity'; bools as 'true'/'false'. float32_list columns have no
 * CSV form: writing one throws, naming the column (write Parquet instead).
 *
 * Reading streams the file and keeps each column's cells packed in a few large strings with an
 * offset table, so a numeric column costs about its text size plus 4 bytes a cell, not a JS
 * string per cell. Cells stay raw text; `parseNumericColumn` turns a column into numbers and
 * reports the first bad cell as `file:line:column (name)`.
 */
import { createReadStream } from 'node:fs';
import { binaryFileKind } from './file-kind.js';
import { PdmError } from '../core/errors.js';
import { openAtomicFile, toFileError, writeAll, type AtomicFile } from './atomic-write.js';
import { describeSchema, rowCount, type Column, type Table } from './table.js';

/** A field separator; 'whitespace' means runs of spaces and tabs, ignoring leading/trailing. */
export type CsvSeparator = ',' | ';' | '\t' | 'whitespace';

/** Options for `readCsvFile`. */
export interface CsvReadOptions {
  /** The separator; 'auto' (default) sniffs it from the first lines. */
  readonly sep?: 'auto' | CsvSeparator;
  /**
   * Whether the first non-blank line holds column names ('first', default) or data ('none');
   * 'auto': names unless every field of it is a number (a headerless file of readings).
   */
  readonly header?: 'first' | 'none' | 'auto';
  /** Column names to use (replacing the header line, if any); default col1, col2, ... */
  readonly names?: readonly string[];
  /**
   * What a line with more fields than the header most likely holds, said after the count
   * (a manifest: a cell with a comma that is not quoted).
   */
  readonly extraFieldsHint?: string;
}

/** Options for `parseNumericColumn`. */
export interface ParseNumericOptions {
  /** Cell texts read as missing (NaN); default `DEFAULT_MISSING`. */
  readonly missing?: readonly string[];
  /** The decimal mark; ',' for files such as '1,5;2,25'. Default '.'. */
  readonly decimal?: '.' | ',';
}

/** A CSV file read as raw text cells. */
export interface CsvData {
  readonly path: string;
  /** The separator used (the sniffed one when `sep` was 'auto'). */
  readonly separator: CsvSeparator;
  readonly names: readonly string[];
  readonly rowCount: number;
  readonly columns: readonly CsvColumn[];
  /** The 1-based file line on which each data row starts. */
  readonly lines: Uint32Array;
  /** Whether the first line was read as column names. */
  readonly hasHeader: boolean;
}

const CHUNK_BITS = 12;
const CHUNK_CELLS = 1 << CHUNK_BITS;
/**
 * Cells read as missing by default: pandas' `read_csv` defaults (what most tables written by
 * analysis tools use) and `?`, the UCI repository's mark for a missing value.
 */
export const DEFAULT_MISSING: readonly string[] = [
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
  '?',
];
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A first line of readings, not names: numbers (some may be missing), at least one. */
function isDataLine(fields: readonly string[]): boolean {
  let numbers = 0;
  for (const f of fields) {
    const t = f.trim();
    if (NUMBER_PATTERN.test(t)) numbers++;
    else if (!DEFAULT_MISSING.includes(t)) return false;
  }
  return numbers > 0;
}
const WRITE_CHUNK_CHARS = 1 << 20;
const MIN_NORMAL_FLOAT32 = 2 ** -126;

/** One column of raw text cells. */
export interface CsvColumn {
  readonly name: string;
  /** The column's 0-based position in the file (messages print index + 1). */
  readonly index: number;
  /** The number of cells. */
  readonly length: number;
  /** The raw text of the cell at `row`. */
  cell(row: number): string;
  /** All cells as an array of strings. */
  toArray(): string[];
}

/** A column's cells packed into joined strings of 4096 cells each, with an offset table. */
class PackedColumn implements CsvColumn {
  private readonly chunks: string[] = [];
  private ends = new Uint32Array(1024);
  private parts: string[] = [];
  private partLength = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly index: number,
  ) {}

  get length(): number {
    return this.count;
  }

  cell(row: number): string {
    if (!Number.isInteger(row) || row < 0 || row >= this.count) {
      throw new PdmError('PDM_INPUT_INVALID', `row ${row} is outside 0..${this.count - 1}`);
    }
    const chunk = this.chunks[row >>> CHUNK_BITS] ?? this.parts.join('');
    const start = (row & (CHUNK_CELLS - 1)) === 0 ? 0 : this.ends[row - 1]!;
    return chunk.slice(start, this.ends[row]);
  }

  toArray(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.cell(i));
  }

  push(text: string): void {
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.partLength += text.length;
    this.ends[this.count++] = this.partLength;
    this.parts.push(text);
    if (this.parts.length === CHUNK_CELLS) this.seal();
  }

  /** Packs the pending cells into one string. */
  seal(): void {
    if (this.parts.length === 0) return;
    this.chunks.push(this.parts.join(''));
    this.parts = [];
    this.partLength = 0;
  }
}

/**
 * Writes a table as CSV with a header row, atomically (a temporary file renamed into place).
 * Throws `PDM_INPUT_INVALID` naming a float32_list column (CSV cannot hold one), before any file
 * is created.
 */
export async function writeCsvFile(path: string, table: Table): Promise<void> {
  // a failed append abandons the file itself
  const writer = await CsvTableWriter.open(path);
  await writer.append(table);
  await writer.finish();
}

/**
 * A CSV file written from a sequence of tables with the same columns, as `writeCsvFile` writes
 * them joined, without holding them all; atomic like it (nothing appears under `path` before
 * `finish`; `abort` or a failed append leaves nothing behind). One append at a time.
 */
export class CsvTableWriter {
  /** `describeSchema` of the first table; null before it. */
  private schema: string | null = null;
  private readonly encoder = new TextEncoder();

  private constructor(private readonly file: AtomicFile) {}

  static async open(path: string): Promise<CsvTableWriter> {
    return new CsvTableWriter(await openAtomicFile(path));
  }

  /** Appends a table's rows; the first sets the columns (a later mismatch is refused). */
  async append(table: Table): Promise<void> {
    try {
      let text = '';
      const got = describeSchema(table);
      if (this.schema === null) {
        this.schema = got;
        text = table.columns.map((c) => quote(c.name)).join(',') + '\n';
      } else if (got !== this.schema) {
        throw new PdmError(
          'PDM_INPUT_INVALID',
          `${this.file.path}: a table with columns (${got}) appended to a file of (${this.schema})`,
        );
      }
      const formatters = table.columns.map(cellFormatter);
      const single = table.columns.length === 1;
      const n = rowCount(table);
      const handle = this.file.handle;
      for (let row = 0; row < n; row++) {
        let line = '';
        for (let j = 0; j < formatters.length; j++) {
          if (j > 0) line += ',';
          line += formatters[j]!(row);
        }
        // a lone empty cell would be a blank line, which readers skip
        text += (single && line === '' ? '""' : line) + '\n';
        if (text.length >= WRITE_CHUNK_CHARS) {
          await writeAll(handle, this.encoder.encode(text));
          text = '';
        }
      }
      // a table without columns is an empty file, not a blank header line
      if (text.length > 0 && table.columns.length > 0) {
        await writeAll(handle, this.encoder.encode(text));
      }
    } catch (err) {
      await this.abort();
      throw toFileError(err, this.file.path, 'write');
    }
  }

  /** Renames the file into place (a file of no table at all is refused). */
  async finish(): Promise<void> {
    if (this.schema === null) {
      await this.abort();
      throw new PdmError('PDM_INPUT_INVALID', `${this.file.path}: no table was written`);
    }
    await this.file.commit();
  }

  /** Abandons the file: the temporary file is removed and `path` left as it was. */
  async abort(): Promise<void> {
    await this.file.abort();
  }
}

/**
 * Reads a CSV or whitespace-separated text file into raw string columns, streaming it line by
 * line. Handles a UTF-8 BOM, CRLF or LF line ends, blank lines (skipped), trailing whitespace
 * (in 'whitespace' mode) and RFC 4180 quoted fields, which may span lines. Every row must have
 * as many fields as there are columns. Throws `PDM_FILE_NOT_FOUND`, `PDM_IO`, and
 * `PDM_DATA_INVALID` naming `file:line` for a ragged row or an unterminated quote.
 */
export async function readCsvFile(path: string, opts: CsvReadOptions = {}): Promise<CsvData> {
  let header = opts.header ?? 'first';
  let separator: CsvSeparator | undefined = opts.sep === 'auto' ? undefined : opts.sep;
  let names: string[] | undefined;
  let columns: PackedColumn[] = [];
  let lines = new Uint32Array(1024);
  let rows = 0;

  const onRecord = (fields: string[], line: number): void => {
    if (names === undefined) {
      if (header === 'auto') header = isDataLine(fields) ? 'none' : 'first';
      names = startColumns(path, fields, line, header, opts.names);
      columns = names.map((name, i) => new PackedColumn(name, i));
      if (header === 'first') return;
    }
    if (fields.length !== columns.length) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${path}:${line}: expected ${columns.length} fields, found ${fields.length}` +
          (fields.length > columns.length && separator === ',' && opts.extraFieldsHint !== undefined
            ? ` (${opts.extraFieldsHint})`
            : ''),
      );
    }
    for (let j = 0; j < fields.length; j++) columns[j]!.push(fields[j]!);
    if (rows === lines.length) {
      const grown = new Uint32Array(lines.length * 2);
      grown.set(lines);
      lines = grown;
    }
    lines[rows++] = line;
  };

  const splitter = new RecordSplitter(path, onRecord);
  try {
    // Bytes, decoded here, so that the first chunk can be checked for a binary file (a pipe
    // cannot be opened twice to look first). Invalid UTF-8 reads as U+FFFD, as before.
    const stream = createReadStream(path, { highWaterMark: 1 << 20 });
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    let first = true;
    const push = (chunk: string): void => {
      if (chunk === '') return;
      separator ??= sniffSeparator(chunk);
      splitter.push(chunk, separator);
    };
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      if (first) {
        first = false;
        const kind = binaryFileKind(bytes.subarray(0, 4096));
        if (kind !== null)
          throw new PdmError(
            'PDM_DATA_INVALID',
            `${path}: is ${kind}, not text; expected CSV or whitespace-separated columns`,
          );
      }
      push(decoder.decode(bytes, { stream: true }));
    }
    push(decoder.decode());
    splitter.end(separator ?? ',');
  } catch (err) {
    throw toFileError(err, path, 'read');
  }
  for (const c of columns) c.seal();
  const finalNames = names ?? (opts.names ? [...opts.names] : []);
  if (names === undefined) columns = finalNames.map((name, i) => new PackedColumn(name, i));
  return {
    path,
    separator: separator ?? ',',
    names: finalNames,
    rowCount: rows,
    columns,
    lines: lines.slice(0, rows),
    hasHeader: header === 'first',
  };
}

/** Finds a CSV column by name or 0-based index; throws `PDM_INPUT_INVALID` listing the names. */
export function getCsvColumn(csv: CsvData, column: string | number): CsvColumn {
  const found =
    typeof column === 'number' ? csv.columns[column] : csv.columns.find((c) => c.name === column);
  if (found === undefined) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${csv.path} has no column ${typeof column === 'number' ? `#${column}` : `'${column}'`}; columns: ${csv.names.join(', ')}`,
    );
  }
  return found;
}

/** Where a cell is, as every message about one names it: `file:line:column (name)`. */
export function cellWhere(csv: CsvData, col: CsvColumn, row: number): string {
  return `${csv.path}:${csv.lines[row]}:${col.index + 1} (${col.name})`;
}

/**
 * Parses a CSV column (by name or 0-based index) as float64. Accepts decimal numbers with an
 * optional exponent and surrounding spaces, 'inf'/'infinity'/'nan' in any case and sign, and
 * reads the `missing` texts as NaN. Throws `PDM_DATA_INVALID` at the first other cell, as
 * `file:line:column (name): cannot read "text" as a number`.
 */
export function parseNumericColumn(
  csv: CsvData,
  column: string | number,
  opts: ParseNumericOptions = {},
): Float64Array {
  const col = getCsvColumn(csv, column);
  const missing = new Set(opts.missing ?? DEFAULT_MISSING);
  const decimalComma = opts.decimal === ',';
  const out = new Float64Array(col.length);
  for (let row = 0; row < col.length; row++) {
    const raw = col.cell(row);
    const text = raw.trim();
    let value: number | undefined;
    if (missing.has(raw) || missing.has(text)) value = NaN;
    else {
      const plain = decimalComma ? text.replace(',', '.') : text;
      value = NUMBER_PATTERN.test(plain) ? Number(plain) : specialNumber(plain);
    }
    if (value === undefined) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${cellWhere(csv, col, row)}: cannot read "${raw}" as a number`,
      );
    }
    out[row] = value;
  }
  return out;
}

function specialNumber(text: string): number | undefined {
  switch (text.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    default:
      return undefined;
  }
}

function startColumns(
  path: string,
  fields: string[],
  line: number,
  header: 'first' | 'none',
  given: readonly string[] | undefined,
): string[] {
  if (given !== undefined && given.length !== fields.length) {
    throw new PdmError(
      'PDM_INPUT_INVALID',
      `${path}:${line}: ${given.length} names given (--names) but the line has ${fields.length} fields; name every column, in order` +
        // a range that did not expand (s1..t21, s1...s21) reads as one name
        (given.some((g) => g.includes('..'))
          ? ` (${given.find((g) => g.includes('..'))} was read as one name: a range of names is prefix and number at both ends, s1..s21)`
          : ''),
    );
  }
  const names = given
    ? [...given]
    : header === 'first'
      ? // `UDI, Product ID` means the column "Product ID", as a user reads it and types it
        fields.map((f) => f.trim())
      : fields.map((_, i) => `col${i + 1}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        given !== undefined
          ? `names given for ${path}: '${name}' appears twice; give each column its own name`
          : `${path}:${line}: column name '${name}' appears twice; name the columns yourself (import table --names a,b,...) to tell them apart`,
      );
    }
    seen.add(name);
  }
  return names;
}

/**
 * Cuts streamed text into records (lines, joined while a quoted field is open) and records into
 * fields. Line numbers count every line, blank ones included.
 */
class RecordSplitter {
  private carry = '';
  private line = 0;
  private open: string | undefined;
  private openLine = 0;
  private first = true;

  constructor(
    private readonly path: string,
    private readonly onRecord: (fields: string[], line: number) => void,
  ) {}

  push(chunk: string, sep: CsvSeparator): void {
    let text = this.carry + chunk;
    if (this.first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      this.onLine(
        text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end),
        sep,
      );
      start = end + 1;
    }
    this.carry = text.slice(start);
  }

  end(sep: CsvSeparator): void {
    const rest = this.carry.endsWith('\r') ? this.carry.slice(0, -1) : this.carry;
    this.carry = '';
    if (rest !== '' || this.open !== undefined) this.onLine(rest, sep);
    if (this.open !== undefined) {
      throw new PdmError(
        'PDM_DATA_INVALID',
        `${this.path}:${this.openLine}: quoted field is not closed before the end of the file`,
      );
    }
  }

  private onLine(text: string, sep: CsvSeparator): void {
    this.line++;
    if (sep === 'whitespace') {
      const trimmed = text.trim();
      if (trimmed !== '') this.onRecord(trimmed.split(/[ \t]+/), this.line);
      return;
    }
    if (this.open === undefined) {
      if (!text.includes('"')) {
        if (text.trim() !== '') this.onRecord(text.split(sep), this.line);
        return;
      }
      this.openLine = this.line;
    }
    const record = this.open === undefined ? text : this.open + '\n' + text;
    const fields = splitQuoted(record, sep, this.path, this.openLine);
    this.open = fields === undefined ? record : undefined;
    if (fields !== undefined) this.onRecord(fields, this.openLine);
  }
}

/** Splits a record with quotes; undefined when it ends inside a quoted field. */
function splitQuoted(text: string, sep: string, path: string, line: number): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return undefined;
        value += text.slice(from, q);
        if (text[q + 1] === '"') {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== sep) {
        const column = fields.length;
        throw new PdmError(
          'PDM_DATA_INVALID',
          `${path}:${line}:${column}: text after the closing quote of field ${column}; a quote inside a quoted field is written ""`,
        );
      }
      i++;
    } else {
      const next = text.indexOf(sep, i);
      fields.push(text.slice(i, next === -1 ? text.length : next));
      if (next === -1) return fields;
      i = next + 1;
    }
  }
}

/**
 * Guesses the separator from the first lines: the one of tab, ';' and ',' that occurs the same
 * non-zero number of times on every sampled line (in that order of preference), else the most
 * frequent one, else whitespace when lines hold spaces between tokens, else ','.
 */
function sniffSeparator(chunk: string): CsvSeparator {
  const sample = chunk
    .replace(/^\uFEFF/, '')
    .split('\n')
    .slice(0, 65)
    .slice(0, -1)
    .map((l) => l.replace(/"(?:[^"]|"")*"/g, '').trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(0, 64);
  const lines = sample.length > 0 ? sample : [chunk.trim()];
  let best: CsvSeparator | undefined;
  let bestTotal = 0;
  for (const sep of ['\t', ';', ','] as const) {
    const counts = lines.map((l) => l.split(sep).length - 1);
    const total = counts.reduce((a, b) => a + b, 0);
    if (counts[0]! > 0 && counts.every((c) => c === counts[0])) return sep;
    if (total > bestTotal) {
      best = sep;
      bestTotal = total;
    }
  }
  if (best !== undefined) return best;
  return lines.some((l) => /\S[ \t]+\S/.test(l)) ? 'whitespace' : ',';
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A function printing the cell at a row of the column. */
function cellFormatter(column: Column): (row: number) => string {
  switch (column.type) {
    case 'float64':
      return (row) => formatFloat64(column.data[row]!);
    case 'float32':
      return (row) => formatFloat32(column.data[row]!);
    case 'int32':
      return (row) => String(column.data[row]);
    case 'bool':
      return (row) => (column.data[row] !== 0 ? 'true' : 'false');
    case 'string':
      return (row) => quote(column.data[row]!);
    case 'float32_list':
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `column '${column.name}' is a float32_list, which CSV cannot hold; write Parquet or leave the column out`,
      );
  }
}

/** Shortest text that reads back to the same double; '' for NaN, '-0' for -0. */
export function formatFloat64(v: number): string {
  if (Number.isNaN(v)) return '';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return String(v);
}

/** Shortest text that reads back (rounded to float32) to the same float32. */
export function formatFloat32(v: number): string {
  if (Number.isNaN(v)) return '';
  if (v === 0 || !Number.isFinite(v)) return formatFloat64(v);
  // A normal float32 needs 6 to 9 significant digits, and a value that fewer digits read back
  // to comes out of toPrecision(6) padded with zeros, which Number() drops. Subnormals carry
  // fewer bits, so they may need fewer digits still.
  for (let p = Math.abs(v) < MIN_NORMAL_FLOAT32 ? 1 : 6; p < 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(Number(v.toPrecision(9)));
}
