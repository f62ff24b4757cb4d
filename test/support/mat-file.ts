/**
 * MATLAB level-5 files built byte by byte from the format description, for tests of the reader
 * and of imports that read .mat files (big-endian files, doubles stored as miUINT8, broken
 * files, CWRU-like variable layouts).
 */
import { concatArrays } from '../../src/core/typed-arrays.js';

export const MI_INT8 = 1;
export const MI_UINT8 = 2;
export const MI_INT16 = 3;
export const MI_UINT16 = 4;
export const MI_INT32 = 5;
export const MI_UINT32 = 6;
export const MI_SINGLE = 7;
export const MI_DOUBLE = 9;
export const MI_MATRIX = 14;
export const MI_COMPRESSED = 15;

/** Encodes numbers as one miTYPE in the given byte order. */
export function encode(le: boolean, type: number, numbers: readonly number[]): Uint8Array {
  const size = type === MI_DOUBLE ? 8 : type <= MI_UINT8 ? 1 : type <= MI_UINT16 ? 2 : 4;
  const out = new Uint8Array(numbers.length * size);
  const view = new DataView(out.buffer);
  numbers.forEach((x, i) => {
    const at = i * size;
    if (type === MI_INT8) view.setInt8(at, x);
    else if (type === MI_UINT8) view.setUint8(at, x);
    else if (type === MI_INT16) view.setInt16(at, x, le);
    else if (type === MI_UINT16) view.setUint16(at, x, le);
    else if (type === MI_INT32) view.setInt32(at, x, le);
    else if (type === MI_UINT32) view.setUint32(at, x, le);
    else if (type === MI_SINGLE) view.setFloat32(at, x, le);
    else view.setFloat64(at, x, le);
  });
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return concatArrays(Uint8Array, parts);
}

/** A data element: the small format (4-byte tag) for up to 4 bytes, else 8-byte tag + padding. */
export function element(le: boolean, type: number, data: Uint8Array, padded = true): Uint8Array {
  if (data.length <= 4 && type !== MI_MATRIX && type !== MI_COMPRESSED) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setUint32(0, (data.length << 16) | type, le);
    out.set(data, 4);
    return out;
  }
  const out = new Uint8Array(8 + (padded ? Math.ceil(data.length / 8) * 8 : data.length));
  const view = new DataView(out.buffer);
  view.setUint32(0, type, le);
  view.setUint32(4, data.length, le);
  out.set(data, 8);
  return out;
}

export interface MatrixSpec {
  readonly classCode: number;
  readonly flags?: number;
  readonly dims: readonly number[];
  readonly name: string;
  /** The parts after the name: data elements or nested matrices. */
  readonly parts: readonly Uint8Array[];
}

export function matrix(le: boolean, spec: MatrixSpec): Uint8Array {
  return element(
    le,
    MI_MATRIX,
    concat([
      element(le, MI_UINT32, encode(le, MI_UINT32, [spec.classCode | (spec.flags ?? 0), 0])),
      element(le, MI_INT32, encode(le, MI_INT32, spec.dims)),
      element(le, MI_INT8, new TextEncoder().encode(spec.name)),
      ...spec.parts,
    ]),
  );
}

/** A level-5 file: 128-byte header ('IM' little-endian, 'MI' big-endian) and the elements. */
export function matFile(
  le: boolean,
  elements: readonly Uint8Array[],
  version = 0x0100,
): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode('MATLAB 5.0 MAT-file, hand-made by mat5.test.ts'));
  header.fill(0, 116, 124);
  new DataView(header.buffer).setUint16(124, version, le);
  header.set(new TextEncoder().encode(le ? 'IM' : 'MI'), 126);
  return concat([header, ...elements]);
}

/** A real double matrix (class 6) of the given dimensions, values in column-major order. */
export function doubleMatrix(
  le: boolean,
  name: string,
  dims: readonly number[],
  values: readonly number[],
): Uint8Array {
  return matrix(le, {
    classCode: 6,
    dims,
    name,
    parts: [element(le, MI_DOUBLE, encode(le, MI_DOUBLE, values))],
  });
}
