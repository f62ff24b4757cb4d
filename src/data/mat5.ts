/**
 * MATLAB MAT-files, the format many public bearing-vibration datasets ship their recordings in
 * (CWRU's `X097_DE_time`, `X097RPM`; structs holding nested signals). Reads the whole file and
 * lists its variables; numbers are decoded only when a variable is asked for.
 *
 * Format: MathWorks, "MAT-File Format" (matfile_format.pdf, every release since R14):
 *   Level 5 (files saved with -v6 or -v7, MATLAB's default save format): a 128-byte header
 *   (text, subsystem offset, version 0x0100, endian indicator 'IM' little-endian or 'MI'
 *   big-endian), then data elements: an 8-byte tag (type, byte count) and the data padded to
 *   8 bytes, or a "small data element" packing a 4-byte tag (count in the upper 16 bits) and up
 *   to 4 bytes of data into 8 bytes.
 *   miCOMPRESSED elements hold one zlib-deflated miMATRIX and are not padded. An miMATRIX holds
 *   array flags (class, complex, logical), dimensions, a name and class-specific parts: real and
 *   imaginary data for numeric classes (stored in any miTYPE, e.g. a double array as miUINT8),
 *   text for char, nested miMATRIX elements for cell, struct and object arrays.
 *   Level 4 (no text header): a run of matrices, each a 20-byte header (MOPT type code, rows,
 *   columns, imaginary flag, name length), the name and the column-major data.
 *
 * Variables are flattened to leaves named as in MATLAB: struct fields `s.sig.de` (`s(2).a` for
 * struct arrays), cells `c{1}` (1-based linear index, column-major), so `c{3}.x` or `s.c{2}`.
 * Empty structs and cells are listed as leaves of class 'struct' / 'cell' so nothing vanishes.
 * Values are float64; int64/uint64 beyond 2^53 lose precision.
 *
 * Not read (listed, with an error that says what to do only when selected): sparse matrices,
 * function handles and MCOS objects (string, table, timetable: class 'opaque'). v7.3 files are
 * HDF5 files and are refused at once with how to convert them.
 *
 * One file over the 300-line aim: the two levels share the variable model and the accessors,
 * and the element walker has no use apart from them.
 */
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { PdmError } from '../core/errors.js';
import { toFileError } from './atomic-write.js';

/** A MATLAB class as listed for a variable; 'sparse' for sparse double or logical arrays. */
export type MatClassName =
  | 'double'
  | 'single'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'logical'
  | 'char'
  | 'struct'
  | 'cell'
  | 'sparse'
  | 'function'
  | 'opaque';

/** One flattened variable: a numeric, logical or char array, or an unreadable leaf. */
export interface MatVariable {
  /** The full name, e.g. 'X097_DE_time', 's.sig.de', 'c{2}', 'sarr(2).b'. */
  readonly name: string;
  readonly className: MatClassName;
  /** MATLAB dimensions (at least two; [] for 'opaque'); data is column-major. */
  readonly dims: readonly number[];
  readonly complex: boolean;
}

/** A parsed MAT-file. Accessors throw `PDM_DATA_INVALID` naming the file and the variable. */
export interface MatFile {
  readonly fileName: string;
  /** 5 for level 5 (saved with -v6 or -v7), 4 for level 4. */
  readonly level: 4 | 5;
  /** The flattened variables in file order. */
  readonly variables: readonly MatVariable[];
  /**
   * Names selected by `pattern`: a string that is a variable's name (or a name with a column
   * or row selector, see `numericVector`) selects just that; any other string, or a RegExp, is
   * a case-sensitive regular expression tested against every full name, unanchored (so
   * '_DE_time$' finds 'X097_DE_time'). An invalid expression throws `PDM_INPUT_INVALID`.
   */
  findVariables(pattern: string | RegExp): string[];
  /** Like `findVariables`, but throws unless exactly one name matches; returns that name. */
  selectVariable(pattern: string | RegExp): string;
  /**
   * A real numeric or logical variable with at most one non-singleton dimension (a row, a
   * column, a scalar, or empty) as float64, in stored (column-major) order. A 2-D matrix is
   * read one column at a time as `name(:,k)` or one row as `name(k,:)` (1-based, as in MATLAB).
   */
  numericVector(name: string): Float64Array;
  /** A real numeric or logical variable holding exactly one value. */
  scalar(name: string): number;
  /** A char array as text; the rows of a char matrix are joined by '\n'. */
  text(name: string): string;
}

/** Where a variable's stored values lie. */
interface Stored {
  readonly block: Block;
  /** The miTYPE the values are stored as. */
  readonly type: number;
  readonly start: number;
  readonly byteLength: number;
}

interface Entry {
  readonly info: MatVariable;
  readonly real: Stored | undefined;
  /** The MATLAB class of an opaque object (string, table, ...); '' for other variables. */
  readonly detail: string;
}

/** A run of bytes elements are read from: the file, or the output of one miCOMPRESSED. */
interface Block {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly littleEndian: boolean;
  readonly file: string;
  /** Describes an offset for messages. */
  readonly at: (offset: number) => string;
}

interface Element {
  readonly type: number;
  readonly start: number;
  readonly length: number;
  /** The offset of the next element. */
  readonly end: number;
}

const MI_INT8 = 1;
const MI_UINT8 = 2;
const MI_INT16 = 3;
const MI_UINT16 = 4;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_SINGLE = 7;
const MI_DOUBLE = 9;
const MI_INT64 = 12;
const MI_UINT64 = 13;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const MI_UTF8 = 16;
const MI_UTF16 = 17;
const MI_UTF32 = 18;
const MI_NAMES = [
  '', 'miINT8', 'miUINT8', 'miINT16', 'miUINT16', 'miINT32', 'miUINT32', 'miSINGLE', '',
  'miDOUBLE', '', '', 'miINT64', 'miUINT64', 'miMATRIX', 'miCOMPRESSED', 'miUTF8', 'miUTF16',
  'miUTF32',
]; // prettier-ignore
/** Bytes per value of each miTYPE that can hold array data; 0 for the others. */
const MI_SIZES = [0, 1, 1, 2, 2, 4, 4, 4, 0, 8, 0, 0, 8, 8, 0, 0, 1, 2, 4];
/** mxCLASS codes 1..17 of the array flags. */
const MX_CLASSES: readonly (MatClassName | 'object' | undefined)[] = [
  undefined, 'cell', 'struct', 'object', 'char', 'sparse', 'double', 'single', 'int8', 'uint8',
  'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'function', 'opaque',
]; // prettier-ignore
const NUMERIC_CLASSES = new Set<MatClassName>([
  'double', 'single', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64',
  'logical',
]); // prettier-ignore
const FLAG_COMPLEX = 0x800;
const FLAG_LOGICAL = 0x200;
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const SELECTOR = /^(.+)\(\s*(:|\d+)\s*,\s*(:|\d+)\s*\)$/;

/** Reads and parses a MAT-file; fs errors become `PDM_FILE_NOT_FOUND` / `PDM_IO`. */
export async function readMatFile(path: string): Promise<MatFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw toFileError(err, path, 'read');
  }
  return parseMat(bytes, path);
}

/** Parses the bytes of a MAT-file; `fileName` names it in error messages. */
export function parseMat(bytes: Uint8Array, fileName: string): MatFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = latin1(bytes.subarray(0, 116));
  const endian = latin1(bytes.subarray(126, 128));
  // Level 5 headers start with nonzero text; level 4 files start with a small int32 type code.
  const level5 = bytes.length >= 4 && bytes.subarray(0, 4).every((b) => b !== 0);
  const littleEndian = endian === 'IM';
  const version = endian === 'IM' || endian === 'MI' ? view.getUint16(124, littleEndian) : 0;
  const hdf5 = hasHdf5Signature(bytes, 0) || hasHdf5Signature(bytes, 512);
  if (text.startsWith('MATLAB 7.3') || version === 0x0200 || (hdf5 && version !== 0x0100))
    throw dataError(
      fileName,
      'is a MATLAB v7.3 MAT-file, which is an HDF5 file; pdm-twin reads MAT-files of level 4 ' +
        "and 5 (-v6, -v7) only. Convert it: in MATLAB, load it and save(file, '-v7'); in " +
        'Python, read it with h5py or mat73 and write it with scipy.io.savemat(file, data)',
    );
  if (level5 && version !== 0) {
    if (version !== 0x0100)
      throw dataError(
        fileName,
        `has MAT-file version 0x${version.toString(16).padStart(4, '0')} at byte 124; ` +
          'expected 0x0100 (level 5)',
      );
    const block = makeBlock(bytes, littleEndian, fileName, (o) => `byte ${o}`);
    return new ParsedMatFile(fileName, 5, readLevel5(block));
  }
  if (text.startsWith('MATLAB') && bytes.length < 128)
    throw dataError(
      fileName,
      `is truncated: the 128-byte MAT-file header ends at byte ${bytes.length}`,
    );
  if (readV4Header(view, 0) !== undefined)
    return new ParsedMatFile(fileName, 4, readLevel4(bytes, fileName));
  const preview = JSON.stringify(latin1(bytes.subarray(0, 24)));
  throw dataError(
    fileName,
    'is not a MAT-file: expected a 128-byte header with text such as "MATLAB 5.0 MAT-file" and ' +
      `'IM' or 'MI' at byte 126 (level 5), or a level-4 matrix header; it begins ${preview}`,
  );
}

function readLevel5(file: Block): Entry[] {
  const entries: Entry[] = [];
  for (let offset = 128; offset < file.bytes.length;) {
    const el = readTag(file, offset, file.bytes.length);
    if (el.type === MI_MATRIX) readMatrix(file, el, undefined, entries);
    else if (el.type === MI_COMPRESSED) {
      let inflated: Uint8Array;
      try {
        inflated = inflateSync(file.bytes.subarray(el.start, el.start + el.length));
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw dataError(
          file.file,
          `the compressed element at byte ${offset} does not inflate: ${reason}`,
        );
      }
      const elementAt = offset;
      const at = (o: number): string =>
        `byte ${o} of the compressed element at byte ${elementAt}, once inflated`;
      const inner = makeBlock(inflated, file.littleEndian, file.file, at);
      const innerEl = expect(inner, 0, inflated.length, [MI_MATRIX], 'a variable');
      readMatrix(inner, innerEl, undefined, entries);
    } else if (MI_NAMES[el.type] === undefined || MI_NAMES[el.type] === '')
      throw dataError(
        file.file,
        `unknown data type ${el.type} at byte ${offset}; expected miMATRIX (14) or miCOMPRESSED (15)`,
      );
    offset = el.end;
  }
  return entries;
}

/**
 * Reads one miMATRIX element and appends its leaves. `name` is the flattened name given by the
 * enclosing struct or cell; at top level (undefined) the stored name is used, and a nameless
 * top-level array (the subsystem data of MCOS objects) is skipped.
 */
function readMatrix(block: Block, el: Element, name: string | undefined, out: Entry[]): void {
  const limit = el.start + el.length;
  const push = (info: MatVariable, real?: Stored, detail = ''): void => {
    out.push({ info, real, detail });
  };
  if (el.length === 0) {
    // MATLAB writes empty cells and fields as miMATRIX elements with no content.
    if (name !== undefined) push({ name, className: 'double', dims: [0, 0], complex: false });
    return;
  }
  const flagsEl = expect(block, el.start, limit, [MI_UINT32], 'the array flags', name, 8);
  const flags = block.view.getUint32(flagsEl.start, block.littleEndian);
  const mxClass = MX_CLASSES[flags & 0xff];
  const complex = (flags & FLAG_COMPLEX) !== 0;
  if (mxClass === undefined)
    throw dataError(
      block.file,
      `${label(name)}has unknown array class ${flags & 0xff} at ${block.at(flagsEl.start)}; expected 1 to 17`,
    );
  if (mxClass === 'opaque') {
    // MCOS objects (string, table, ...) have no dimensions: name, type system, class name.
    const nameEl = expect(block, flagsEl.end, limit, [MI_INT8, MI_UINT8], 'the array name', name);
    const own = name ?? latin1(slice(block, nameEl));
    const systemEl = expect(block, nameEl.end, limit, [MI_INT8, MI_UINT8], 'the type system', own);
    const classEl = expect(block, systemEl.end, limit, [MI_INT8, MI_UINT8], 'the class name', own);
    const objectClass = latin1(slice(block, classEl));
    if (own !== '')
      push({ name: own, className: 'opaque', dims: [], complex }, undefined, objectClass);
    return;
  }
  const dimsEl = expect(block, flagsEl.end, limit, [MI_INT32], 'the dimensions', name);
  const dims: number[] = [];
  for (let p = dimsEl.start; p < dimsEl.start + dimsEl.length; p += 4)
    dims.push(block.view.getInt32(p, block.littleEndian));
  const nameEl = expect(block, dimsEl.end, limit, [MI_INT8, MI_UINT8], 'the array name', name);
  const own = name ?? latin1(slice(block, nameEl));
  if (own === '') return;
  if (dims.length < 2 || dims.some((d) => d < 0))
    throw dataError(
      block.file,
      `variable '${own}' has dimensions [${dims.join(', ')}] at ${block.at(dimsEl.start)}; expected two or more counts >= 0`,
    );
  const count = dims.reduce((a, b) => a * b, 1);
  let next = nameEl.end;
  const child = (childName: string): void => {
    const childEl = expect(block, next, limit, [MI_MATRIX], 'a nested array', childName);
    readMatrix(block, childEl, childName, out);
    next = childEl.end;
  };
  if (mxClass === 'cell') {
    for (let i = 0; i < count; i++) child(`${own}{${i + 1}}`);
    if (count === 0) push({ name: own, className: 'cell', dims, complex });
  } else if (mxClass === 'struct' || mxClass === 'object') {
    if (mxClass === 'object')
      next = expect(block, next, limit, [MI_INT8, MI_UINT8], 'the class name', own).end;
    const lengthEl = expect(block, next, limit, [MI_INT32], 'the field name length', own, 4);
    const fieldLength = block.view.getInt32(lengthEl.start, block.littleEndian);
    const namesEl = expect(block, lengthEl.end, limit, [MI_INT8, MI_UINT8], 'the field names', own);
    if (fieldLength <= 0 || namesEl.length % fieldLength !== 0)
      throw dataError(
        block.file,
        `variable '${own}': field names of ${namesEl.length} bytes at ${block.at(namesEl.start)} are not a whole number of ${fieldLength}-byte names`,
      );
    const fields: string[] = [];
    for (let p = namesEl.start; p < namesEl.start + namesEl.length; p += fieldLength)
      fields.push(latin1(block.bytes.subarray(p, p + fieldLength)));
    next = namesEl.end;
    for (let i = 0; i < count && fields.length > 0; i++)
      for (const field of fields)
        child(count === 1 ? `${own}.${field}` : `${own}(${i + 1}).${field}`);
    if (count === 0 || fields.length === 0) push({ name: own, className: 'struct', dims, complex });
  } else if (mxClass === 'sparse' || mxClass === 'function') {
    push({ name: own, className: mxClass, dims, complex });
  } else {
    const className = (flags & FLAG_LOGICAL) !== 0 ? 'logical' : mxClass;
    const real = readData(block, next, limit, own, className, count, 'real part');
    if (complex) readData(block, real.end, limit, own, className, count, 'imaginary part');
    push({ name: own, className, dims, complex }, real.stored);
  }
}

/** Reads a data element holding `count` values, checking its type and size. */
function readData(
  block: Block,
  offset: number,
  limit: number,
  name: string,
  className: MatClassName,
  count: number,
  part: string,
): { stored: Stored; end: number } {
  const el = readTag(block, offset, limit);
  const size = MI_SIZES[el.type] ?? 0;
  const isText = el.type === MI_UTF8 || el.type === MI_UTF16 || el.type === MI_UTF32;
  if (size === 0 || (isText && className !== 'char'))
    throw dataError(
      block.file,
      `variable '${name}': the ${part} at ${block.at(offset)} has data type ${typeName(el.type)}; expected a numeric type such as miDOUBLE`,
    );
  // UTF-8 text takes one to four bytes a character; every other type has a fixed size.
  const fits = el.type === MI_UTF8 ? el.length >= count : el.length === count * size;
  if (!fits)
    throw dataError(
      block.file,
      `variable '${name}': the ${part} at ${block.at(offset)} holds ${el.length} bytes of ${typeName(el.type)}; its ${count} values need ${count * size}`,
    );
  return { stored: { block, type: el.type, start: el.start, byteLength: el.length }, end: el.end };
}

/** Reads a tag at `offset`; checks that the element ends by `limit`. */
function readTag(block: Block, offset: number, limit: number): Element {
  const { view, littleEndian } = block;
  if (offset + 8 > limit)
    throw dataError(
      block.file,
      `is truncated or corrupt: expected an 8-byte data element tag at ${block.at(offset)}, but only ${limit - offset} bytes remain`,
    );
  const word = view.getUint32(offset, littleEndian);
  if (word >>> 16 !== 0) {
    // Small data element: the byte count in the upper half, up to 4 bytes of data in the tag.
    const length = word >>> 16;
    if (length > 4)
      throw dataError(
        block.file,
        `the small data element at ${block.at(offset)} declares ${length} bytes; expected at most 4`,
      );
    return { type: word & 0xffff, start: offset + 4, length, end: offset + 8 };
  }
  const length = view.getUint32(offset + 4, littleEndian);
  const start = offset + 8;
  if (start + length > limit)
    throw dataError(
      block.file,
      `is truncated or corrupt: the ${typeName(word)} element at ${block.at(offset)} declares ${length} bytes, but only ${limit - start} remain`,
    );
  const padded = word === MI_COMPRESSED ? length : Math.ceil(length / 8) * 8;
  return { type: word, start, length, end: Math.min(start + padded, limit) };
}

/** Reads a tag and checks its type (and its byte count when `length` is given). */
function expect(
  block: Block,
  offset: number,
  limit: number,
  types: readonly number[],
  what: string,
  name?: string,
  length?: number,
): Element {
  const el = readTag(block, offset, limit);
  if (!types.includes(el.type) || (length !== undefined && el.length !== length)) {
    const wanted =
      types.map(typeName).join(' or ') + (length === undefined ? '' : ` of ${length} bytes`);
    throw dataError(
      block.file,
      `${label(name)}expected ${what} (${wanted}) at ${block.at(offset)}, found ${typeName(el.type)} of ${el.length} bytes`,
    );
  }
  return el;
}

interface V4Header {
  readonly littleEndian: boolean;
  readonly type: number;
  readonly kind: 'double' | 'char' | 'sparse';
  readonly rows: number;
  readonly cols: number;
  readonly complex: boolean;
  readonly nameLength: number;
}

/** Level-4 precision digit P of MOPT → miTYPE: double, single, int32, int16, uint16, uint8. */
const V4_TYPES = [MI_DOUBLE, MI_SINGLE, MI_INT32, MI_INT16, MI_UINT16, MI_UINT8];

/** The level-4 matrix header at `offset`, or undefined when the bytes are not one. */
function readV4Header(view: DataView, offset: number): V4Header | undefined {
  if (offset + 20 > view.byteLength) return undefined;
  for (const littleEndian of [true, false]) {
    const int32 = (at: number): number => view.getInt32(offset + at, littleEndian);
    const mopt = int32(0);
    const [rows, cols, imag, nameLength] = [int32(4), int32(8), int32(12), int32(16)];
    // MOPT's decimal digits: M byte order (0 little-endian, 1 big-endian IEEE), O always 0,
    // P precision, T 0 numeric, 1 text, 2 sparse.
    const m = Math.floor(mopt / 1000);
    const o = Math.floor(mopt / 100) % 10;
    const p = Math.floor(mopt / 10) % 10;
    const t = mopt % 10;
    if (mopt < 0 || m !== (littleEndian ? 0 : 1) || o !== 0 || p > 5 || t > 2) continue;
    if (rows < 0 || cols < 0 || (imag !== 0 && imag !== 1) || nameLength < 1) continue;
    // The name is NUL-terminated; this also keeps other binary files from passing as level 4.
    const nameEnd = offset + 20 + nameLength;
    if (nameEnd > view.byteLength || view.getUint8(nameEnd - 1) !== 0) continue;
    const kind = t === 0 ? 'double' : t === 1 ? 'char' : 'sparse';
    const type = V4_TYPES[p] ?? MI_DOUBLE;
    return { littleEndian, type, kind, rows, cols, complex: imag === 1, nameLength };
  }
  return undefined;
}

function readLevel4(bytes: Uint8Array, fileName: string): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: Entry[] = [];
  for (let offset = 0; offset < bytes.length;) {
    if (offset + 20 > bytes.length)
      throw dataError(
        fileName,
        `is truncated: expected a 20-byte level-4 matrix header at byte ${offset}, but only ${bytes.length - offset} bytes remain`,
      );
    const h = readV4Header(view, offset);
    if (h === undefined)
      throw dataError(
        fileName,
        `expected a level-4 matrix header (type code, rows, columns, imaginary flag, name length) at byte ${offset}`,
      );
    const start = offset + 20 + h.nameLength;
    const byteLength = h.rows * h.cols * (MI_SIZES[h.type] ?? 0);
    const end = start + byteLength * (h.complex ? 2 : 1);
    if (end > bytes.length)
      throw dataError(
        fileName,
        `is truncated: the level-4 matrix at byte ${offset} needs ${end - offset} bytes, but only ${bytes.length - offset} remain`,
      );
    const name = latin1(bytes.subarray(offset + 20, start - 1));
    const block = makeBlock(bytes, h.littleEndian, fileName, (o) => `byte ${o}`);
    const info = { name, className: h.kind, dims: [h.rows, h.cols], complex: h.complex };
    entries.push({ info, real: { block, type: h.type, start, byteLength }, detail: '' });
    offset = end;
  }
  return entries;
}

class ParsedMatFile implements MatFile {
  readonly variables: readonly MatVariable[];
  private readonly byName = new Map<string, Entry>();

  constructor(
    readonly fileName: string,
    readonly level: 4 | 5,
    entries: readonly Entry[],
  ) {
    for (const entry of entries) this.byName.set(entry.info.name, entry);
    this.variables = entries.map((e) => e.info);
  }

  findVariables(pattern: string | RegExp): string[] {
    if (typeof pattern === 'string' && (this.byName.has(pattern) || this.selector(pattern)))
      return [pattern];
    let regex: RegExp;
    try {
      // Without the g and y flags test() keeps no state between names.
      regex =
        typeof pattern === 'string'
          ? new RegExp(pattern)
          : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    } catch (err) {
      throw new PdmError(
        'PDM_INPUT_INVALID',
        `variable pattern '${String(pattern)}' is neither a variable of ${this.fileName} nor a valid regular expression`,
        { cause: err },
      );
    }
    return this.variables.map((v) => v.name).filter((n) => regex.test(n));
  }

  selectVariable(pattern: string | RegExp): string {
    const found = this.findVariables(pattern);
    if (found.length === 1) return found[0]!;
    if (found.length === 0)
      throw dataError(
        this.fileName,
        `has no variable named or matching the regular expression '${String(pattern)}'${escapeHint(pattern)}; ${this.available()}`,
      );
    const p = typeof pattern === 'string' ? pattern : pattern.source;
    const anchored = p.startsWith('^') && p.endsWith('$');
    throw dataError(
      this.fileName,
      `has ${found.length} variables matching '${String(pattern)}' (${listNames(found)}); make the pattern match one: name it exactly (${found[0]!})${anchored ? '' : ', or anchor it with ^ and $'}`,
    );
  }

  numericVector(name: string): Float64Array {
    const slice = this.selector(name);
    if (slice !== undefined) {
      const { entry, axis, index } = slice;
      const [rows = 0, cols = 0] = entry.info.dims;
      const values = decode(this.realData(entry));
      // Column-major: a column is contiguous, a row strides by the row count.
      if (axis === 'column') return values.slice(rows * (index - 1), rows * index);
      const out = new Float64Array(cols);
      for (let c = 0; c < cols; c++) out[c] = values[index - 1 + rows * c]!;
      return out;
    }
    const entry = this.entry(name);
    const real = this.realData(entry);
    const { dims, className } = entry.info;
    if (dims.filter((d) => d !== 1).length > 1 && !dims.includes(0)) {
      const hint =
        dims.length === 2
          ? `read one column as ${name}(:,k) with k from 1 to ${dims[1]}, or one row as ${name}(k,:)`
          : 'pdm-twin reads vectors and the columns or rows of 2-D matrices';
      throw dataError(
        this.fileName,
        `variable '${name}' is a ${dims.join('x')} ${className} array, not a vector; ${hint}`,
      );
    }
    return decode(real);
  }

  scalar(name: string): number {
    const entry = this.entry(name);
    const values = decode(this.realData(entry));
    if (values.length !== 1)
      throw dataError(
        this.fileName,
        `variable '${name}' holds ${values.length} values (${entry.info.dims.join('x')}); expected a scalar`,
      );
    return values[0]!;
  }

  text(name: string): string {
    const entry = this.entry(name);
    const { real, info } = entry;
    if (info.className !== 'char' || real === undefined)
      throw dataError(
        this.fileName,
        `variable '${name}' is ${describe(entry)}; expected a char array (text)`,
      );
    let chars: string;
    if (real.type === MI_UTF8) {
      chars = new TextDecoder().decode(
        real.block.bytes.subarray(real.start, real.start + real.byteLength),
      );
    } else {
      const codes = decode(real);
      chars = '';
      for (const code of codes) chars += String.fromCodePoint(isCodePoint(code) ? code : 0xfffd);
    }
    const rows = info.dims[0] ?? 1;
    const cols = info.dims.slice(1).reduce((a, b) => a * b, 1);
    // UTF-8 text outside the BMP decodes to more UTF-16 units than MATLAB counted characters.
    if (rows <= 1 || chars.length !== rows * cols) return chars;
    const lines: string[] = [];
    for (let r = 0; r < rows; r++) {
      let line = '';
      for (let c = 0; c < cols; c++) line += chars[r + rows * c] ?? '';
      lines.push(line);
    }
    return lines.join('\n');
  }

  /** Parses `name(:,k)` / `name(k,:)`, a column or row of a 2-D variable; checks the index. */
  private selector(
    name: string,
  ): { entry: Entry; axis: 'row' | 'column'; index: number } | undefined {
    const match = SELECTOR.exec(name);
    if (match === null || this.byName.has(name)) return undefined;
    const [, base = '', rowText, colText] = match;
    const entry = this.byName.get(base);
    if (entry === undefined || (rowText === ':') === (colText === ':')) return undefined;
    const axis = rowText === ':' ? 'column' : 'row';
    const index = Number(axis === 'column' ? colText : rowText);
    const { dims } = entry.info;
    const max = (axis === 'column' ? dims[1] : dims[0]) ?? 0;
    if (dims.length !== 2 || index < 1 || index > max)
      throw dataError(
        this.fileName,
        `'${name}' is outside variable '${base}', which is ${dims.join('x')}; ` +
          (dims.length === 2 ? `pick a ${axis} from 1 to ${max}` : 'only 2-D arrays have columns'),
      );
    return { entry, axis, index };
  }

  private entry(name: string): Entry {
    const entry = this.byName.get(name);
    if (entry === undefined)
      throw dataError(this.fileName, `has no variable '${name}'; ${this.available()}`);
    return entry;
  }

  /** The variables, the longest numeric ones (the signals) first. */
  private available(): string {
    const size = (v: MatVariable) =>
      NUMERIC_CLASSES.has(v.className) ? v.dims.reduce((a, b) => a * b, 1) : -1;
    const names = this.variables
      .map((v, i) => ({ name: v.name, size: size(v), i }))
      .sort((a, b) => b.size - a.size || a.i - b.i)
      .map((v) => v.name);
    return names.length === 0
      ? 'the file holds no variables'
      : `available, the longest numeric first: ${listNames(names)}`;
  }

  /** The stored values of a real numeric or logical variable. */
  private realData(entry: Entry): Stored {
    const { info, real } = entry;
    if (!NUMERIC_CLASSES.has(info.className) || real === undefined || info.complex)
      throw dataError(
        this.fileName,
        `variable '${info.name}' is ${describe(entry)}; ${advice(entry)}`,
      );
    return real;
  }
}

function describe(entry: Entry): string {
  const { className, dims, complex } = entry.info;
  if (className === 'opaque') return `a MATLAB object of class ${entry.detail}`;
  const shape = dims.length > 0 ? `${dims.join('x')} ` : '';
  return `a ${shape}${complex ? 'complex ' : ''}${className} array`;
}

function advice(entry: Entry): string {
  const { className, complex } = entry.info;
  if (complex) return 'pdm-twin reads real signals: save real(x) or abs(x) instead';
  if (className === 'sparse') return 'sparse matrices are not supported: save full(x) instead';
  if (className === 'char') return 'expected numbers, not text';
  if (className === 'struct' || className === 'cell') return `the ${className} is empty`;
  return 'this kind of variable is not supported: save its numbers as a double array instead';
}

/** Decodes stored values to float64, whatever miTYPE they are stored as. */
function decode(stored: Stored): Float64Array {
  const { block, type, start, byteLength } = stored;
  const { view, littleEndian: le } = block;
  const size = MI_SIZES[type] ?? 1;
  const out = new Float64Array(byteLength / size);
  const n = out.length;
  const absolute = block.bytes.byteOffset + start;
  if (type === MI_DOUBLE && le === HOST_LITTLE_ENDIAN && absolute % 8 === 0) {
    out.set(new Float64Array(block.bytes.buffer, absolute, n));
    return out;
  }
  switch (type) {
    case MI_INT8:
      for (let i = 0; i < n; i++) out[i] = view.getInt8(start + i);
      break;
    case MI_UINT8:
    case MI_UTF8:
      for (let i = 0; i < n; i++) out[i] = view.getUint8(start + i);
      break;
    case MI_INT16:
      for (let i = 0; i < n; i++) out[i] = view.getInt16(start + 2 * i, le);
      break;
    case MI_UINT16:
    case MI_UTF16:
      for (let i = 0; i < n; i++) out[i] = view.getUint16(start + 2 * i, le);
      break;
    case MI_INT32:
      for (let i = 0; i < n; i++) out[i] = view.getInt32(start + 4 * i, le);
      break;
    case MI_UINT32:
    case MI_UTF32:
      for (let i = 0; i < n; i++) out[i] = view.getUint32(start + 4 * i, le);
      break;
    case MI_SINGLE:
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(start + 4 * i, le);
      break;
    case MI_DOUBLE:
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(start + 8 * i, le);
      break;
    case MI_INT64:
      for (let i = 0; i < n; i++) out[i] = Number(view.getBigInt64(start + 8 * i, le));
      break;
    case MI_UINT64:
      for (let i = 0; i < n; i++) out[i] = Number(view.getBigUint64(start + 8 * i, le));
      break;
  }
  return out;
}

function makeBlock(
  bytes: Uint8Array,
  littleEndian: boolean,
  file: string,
  at: (offset: number) => string,
): Block {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { bytes, view, littleEndian, file, at };
}

function slice(block: Block, el: Element): Uint8Array {
  return block.bytes.subarray(el.start, el.start + el.length);
}

/** Bytes as Latin-1 text up to the first NUL (names are NUL-padded). */
function latin1(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return Buffer.from(nul < 0 ? bytes : bytes.subarray(0, nul)).toString('latin1');
}

function isCodePoint(code: number): boolean {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff;
}

function hasHdf5Signature(bytes: Uint8Array, offset: number): boolean {
  return HDF5_SIGNATURE.every((b, i) => bytes[offset + i] === b);
}

function typeName(type: number): string {
  const name = MI_NAMES[type];
  return name === undefined || name === '' ? `data type ${type}` : name;
}

function label(name: string | undefined): string {
  return name === undefined || name === '' ? '' : `variable '${name}': `;
}

/** For a pattern that holds a regular expression's special characters as plain text. */
function escapeHint(pattern: string | RegExp): string {
  // special characters not escaped already (`\.Y\(6\)` is escaped: no hint)
  const plain = /(?<!\\)[().[\]{}]/g;
  if (typeof pattern !== 'string' || !plain.test(pattern)) return '';
  const escaped = pattern.replace(plain, (c) => `\\${c}`);
  return ` (as a regular expression ( ) [ ] { } and . are special: to match them as written, escape them, ${escaped}${escaped.endsWith('$') ? '' : '$'})`;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 20).join(', ');
  return names.length > 20 ? `${shown}, ... (${names.length - 20} more)` : shown;
}

function dataError(file: string, message: string): PdmError {
  return new PdmError('PDM_DATA_INVALID', `${file}: ${message}`);
}
